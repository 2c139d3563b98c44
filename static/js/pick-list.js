// The search box of a pick list (exchange's "new message" form): Enter searches at once instead
// of sending the whole form half-filled. The search itself is htmx (hx-get on the box).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    const box = event.target;
    if (event.key !== "Enter" || !box.matches || !box.matches("[data-pick-search]")) return;
    event.preventDefault();
    if (window.htmx) window.htmx.trigger(box, "search");
  });
})();
