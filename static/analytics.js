// Hands the page's ecommerce events to the tenant's tag manager through
// window.dataLayer. The server renders the events (a JSON data block, never
// executed) only for a tenant with analytics on and a guest who accepted; this
// file is loaded only then. Nothing is sent from here.
(function () {
  "use strict";
  var pushed = null;
  function push() {
    var block = document.getElementById("analytics-events");
    if (!block || block.textContent === pushed) { return; }
    pushed = block.textContent;
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var layer = window.dataLayer = window.dataLayer || [];
    (data.events || []).forEach(function (event) {
      layer.push({ ecommerce: null }); // GA4: clear the previous ecommerce object first
      layer.push(event);
    });
  }
  document.addEventListener("DOMContentLoaded", push);
  // htmx swaps in a new block out of band when the booking panel moves on.
  document.addEventListener("htmx:afterSettle", push);
})();
