// Hands the page's ecommerce events to the tenant's tag manager through
// window.dataLayer. The server renders the events only for a tenant with
// analytics on and a guest who accepted, and this file is loaded only then:
// a JSON data block on a full page, and, when htmx moves the booking panel on,
// a hidden element with the new events appended out of band. Nothing is sent
// from here.
(function () {
  "use strict";
  function push(data) {
    var layer = window.dataLayer = window.dataLayer || [];
    (data && data.events || []).forEach(function (event) {
      layer.push({ ecommerce: null }); // GA4: clear the previous ecommerce object first
      layer.push(event);
    });
  }
  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("analytics-events");
    if (block) { push(parse(block.textContent)); }
  });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".analytics-events-update:not([data-pushed])").forEach(function (update) {
      update.setAttribute("data-pushed", "");
      push(parse(update.getAttribute("data-events")));
    });
  });
})();
