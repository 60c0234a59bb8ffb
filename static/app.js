// Progressive enhancement only: every page works without this file.
// - "Reconnect to continue" when an htmx request cannot reach the server;
//   nothing is queued on the client, the guest retries explicitly.
// - After htmx swaps a panel, focus goes where a page load would have taken the
//   guest's attention: the first field in error, else the panel's new heading.
//   Background swaps (the hold countdown's poll) never move the focus.
// - The price calendar's grid (WAI-ARIA grid pattern): one Tab stop, arrow
//   keys by day and week, Home/End to the week's ends, PageUp/PageDown by
//   month (fetched by htmx, the focus kept on the same day), Enter follows a
//   day's link. Picking an arrival swaps in the departure step: the focus goes
//   to the first possible departure and #calendar-live announces the step (the
//   grid's caption, in the page's language); "choose another arrival" goes
//   back to the arrival day. Without this file every day is a plain link.
// - On the landing, htmx itself is fetched on the first interaction (below).
(function () {
  "use strict";
  // A page that names htmx in <meta name="htmx-on-interaction"> (the landing)
  // fetches it on the guest's first focus, touch, click or key: until then its
  // forms are plain forms, and a visit that never interacts never pays for it.
  var lazyHtmx = document.querySelector('meta[name="htmx-on-interaction"]');
  if (lazyHtmx && !window.htmx) {
    var firstTouches = ["focusin", "pointerdown", "keydown", "touchstart"];
    var loadHtmx = function () {
      firstTouches.forEach(function (type) { document.removeEventListener(type, loadHtmx, true); });
      var script = document.createElement("script");
      script.src = lazyHtmx.content;
      document.head.appendChild(script);
    };
    firstTouches.forEach(function (type) {
      document.addEventListener(type, loadHtmx, { capture: true, passive: true });
    });
  }
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

  // The price calendar. Each day is a `td[data-date]`; its focus target is its
  // link when bookable, else the cell itself (it announces why not).
  var target = function (td) { return td.querySelector("a") || td; };
  var shift = function (iso, days, months) {
    var p = iso.split("-").map(Number);
    if (months) {
      var last = new Date(Date.UTC(p[0], p[1] - 1 + months + 1, 0)).getUTCDate();
      return new Date(Date.UTC(p[0], p[1] - 1 + months, Math.min(p[2], last))).toISOString().slice(0, 10);
    }
    return new Date(Date.UTC(p[0], p[1] - 1, p[2] + days)).toISOString().slice(0, 10);
  };
  // Makes the grid one Tab stop, on `date` (the nearest day of the month to
  // it), else the first bookable day; returns that day's focus target.
  var roving = function (grid, date) {
    var days = grid.querySelectorAll("td[data-date]");
    if (!days.length) { return null; }
    var chosen = null;
    days.forEach(function (td) {
      target(td).setAttribute("tabindex", "-1");
      if (date && td.getAttribute("data-date") === date) { chosen = td; }
    });
    if (!chosen && date) {
      chosen = date > days[days.length - 1].getAttribute("data-date") ? days[days.length - 1] : days[0];
    }
    chosen = chosen || grid.querySelector("td.day-departure") || grid.querySelector("td.day-bookable") || days[0];
    var el = target(chosen);
    el.setAttribute("tabindex", "0");
    return el;
  };
  var grids = function () { return document.querySelectorAll("[data-calendar] table[role=grid]"); };
  grids().forEach(function (g) { roving(g, null); });
  var calendarDate = null;
  var calendarSwapped = false;
  var stepChanged = false;
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-calendar] [data-calendar-step]");
    if (!link) { return; }
    stepChanged = true;
    calendarDate = link.getAttribute("data-focus-date");
  });
  var moveTo = function (grid, date) {
    var td = grid.querySelector('td[data-date="' + date + '"]');
    if (td) {
      roving(grid, date).focus();
      return;
    }
    var first = grid.querySelector("td[data-date]").getAttribute("data-date");
    var link = document.querySelector(date < first ? "[data-calendar-previous]" : "[data-calendar-next]");
    if (link) {
      calendarDate = date;
      link.click();
    }
  };
  document.addEventListener("keydown", function (e) {
    var td = e.target.closest && e.target.closest("[data-calendar] td[data-date]");
    var grid = td && td.closest("table[role=grid]");
    if (!grid || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var date = td.getAttribute("data-date");
    var row = td.parentNode.querySelectorAll("td[data-date]");
    var next = {
      ArrowLeft: function () { return shift(date, -1); },
      ArrowRight: function () { return shift(date, 1); },
      ArrowUp: function () { return shift(date, -7); },
      ArrowDown: function () { return shift(date, 7); },
      Home: function () { return row[0].getAttribute("data-date"); },
      End: function () { return row[row.length - 1].getAttribute("data-date"); },
      PageUp: function () { return shift(date, 0, e.shiftKey ? -12 : -1); },
      PageDown: function () { return shift(date, 0, e.shiftKey ? 12 : 1); }
    }[e.key];
    if (!next) { return; }
    e.preventDefault();
    moveTo(grid, next());
  });
  document.addEventListener("focusin", function (e) {
    var td = e.target.closest && e.target.closest("[data-calendar] td[data-date]");
    var grid = td && td.closest("table[role=grid]");
    if (grid && target(td) === e.target) { roving(grid, td.getAttribute("data-date")); }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "calendar") { calendarSwapped = true; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!calendarSwapped) { return; }
    calendarSwapped = false;
    var date = calendarDate;
    calendarDate = null;
    var step = stepChanged;
    stepChanged = false;
    var grid = document.querySelector("#calendar table[role=grid]");
    if (!grid) { return; }
    var departure = step && !date && grid.querySelector("td.day-departure");
    var day = roving(grid, departure ? departure.getAttribute("data-date") : date);
    // A month link moves the guest to the new month's title; a key, to the
    // same day; a new step, to its first day to pick (or back to the arrival).
    var focus = date || departure ? day : document.getElementById("calendar-title");
    if (step) {
      var live = document.getElementById("calendar-live");
      var caption = document.getElementById("calendar-caption");
      if (live && caption) { live.textContent = caption.textContent; }
    }
    if (focus) { focus.focus(); }
  });
})();
