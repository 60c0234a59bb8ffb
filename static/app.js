// Progressive enhancement only: every page works without this file.
// - "Reconnect to continue" when an htmx request cannot reach the server;
//   nothing is queued on the client, the guest retries explicitly.
// - After htmx swaps a panel, focus goes where a page load would have taken the
//   guest's attention: the first field in error, else the panel's new heading.
//   Background swaps (the hold countdown's poll) never move the focus.
(function () {
  "use strict";
  var banner = function () { return document.getElementById("connection"); };
  var lastFailed = null;
  document.addEventListener("htmx:sendError", function (e) {
    lastFailed = e.detail.elt;
    var b = banner();
    if (b) { b.hidden = false; }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful !== undefined && !e.detail.failed && e.detail.xhr && e.detail.xhr.status) {
      var b = banner();
      if (b) { b.hidden = true; }
    }
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute("data-retry")) {
      if (lastFailed && lastFailed.isConnected && window.htmx) {
        window.htmx.trigger(lastFailed, lastFailed.tagName === "FORM" ? "submit" : "click");
      } else { window.location.reload(); }
    }
  });

  // The panels a guest's own action swaps, and the heading that announces each.
  var headings = {
    "search-panel": ".results-title",
    "property-rooms": ".rooms h2, .rooms .notice",
    "draft-panel": "#draft-title"
  };
  var pending = null;
  document.addEventListener("htmx:afterSwap", function (e) {
    var id = e.detail.target && e.detail.target.id;
    if (Object.prototype.hasOwnProperty.call(headings, id)) { pending = id; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var id = pending;
    pending = null;
    var panel = id && document.getElementById(id);
    if (!panel) { return; }
    var target = panel.querySelector("[aria-invalid=true]") ||
      panel.querySelector("[data-focus-after-swap]") ||
      panel.querySelector(headings[id]);
    if (!target) { return; }
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  });
})();
