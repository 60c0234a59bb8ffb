// Progressive enhancement only: every page works without this file.
// - "Reconnect to continue" when an htmx request cannot reach the server;
//   nothing is queued on the client, the guest retries explicitly.
// - Focus moves to the first error or the results after an htmx swap.
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
      if (lastFailed && window.htmx) { window.htmx.trigger(lastFailed, lastFailed.tagName === "FORM" ? "submit" : "click"); }
      else { window.location.reload(); }
    }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var root = e.detail.target && e.detail.target.isConnected ? e.detail.target : document;
    var focusTarget = document.querySelector("[aria-invalid=true]") || root.querySelector("[data-focus-after-swap], .results-title");
    if (focusTarget && focusTarget.focus) { focusTarget.focus({ preventScroll: false }); }
  });
})();
