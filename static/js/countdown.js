/* The countdowns of a page: each .countdown[data-due] shows the time left, every second.
   Loaded on every page (base.html); it looks the countdowns up on each tick, so those that
   htmx swaps in start counting too. */
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      // Django's "c" format may carry microseconds; JavaScript reads milliseconds.
      var due = Date.parse(el.dataset.due.replace(/(\.\d{3})\d+/, "$1"));
      if (isNaN(due)) { return; }
      var left = Math.round((due - now) / 1000);
      var sign = left < 0 ? "\u2212" : "";
      left = Math.abs(left);
      var days = Math.floor(left / 86400), rest = left % 86400;
      el.textContent = sign + days + " " + (el.dataset.days || "") + " " +
        pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) + ":" + pad(rest % 60);
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
