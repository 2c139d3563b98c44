// The team board: a card dragged onto another column takes the workflow step to that column.
// A step that needs no text is sent at once (the card's own button form, through htmx); one
// that asks for a result or a reason opens the card's form for it. Every move stays possible
// without JavaScript through those same forms. Event delegation: the board is redrawn by htmx.
(function () {
  "use strict";
  let dragged = null;

  function card(node) {
    return node && node.closest ? node.closest("[data-task][data-moves]") : null;
  }

  function column(node) {
    return node && node.closest ? node.closest("[data-drop]") : null;
  }

  function allowed(item, target) {
    return (item.dataset.moves || "").split(" ").includes(target);
  }

  document.addEventListener("dragstart", function (event) {
    dragged = card(event.target);
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.task);
    dragged.classList.add("opacity-50");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("opacity-50");
    document.querySelectorAll(".bg-primary-subtle").forEach(function (node) {
      node.classList.remove("bg-primary-subtle");
    });
    dragged = null;
  });

  document.addEventListener("dragover", function (event) {
    const target = column(event.target);
    if (!dragged || !target || !allowed(dragged, target.dataset.drop)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.classList.add("bg-primary-subtle");
  });

  document.addEventListener("dragleave", function (event) {
    const target = column(event.target);
    if (target && !target.contains(event.relatedTarget)) {
      target.classList.remove("bg-primary-subtle");
    }
  });

  document.addEventListener("drop", function (event) {
    const target = column(event.target);
    if (!dragged || !target) return;
    event.preventDefault();
    const status = target.dataset.drop;
    if (!allowed(dragged, status)) return;
    const details = dragged.querySelector('[data-move-details="' + status + '"]');
    if (details) {
      details.open = true;
      const field = details.querySelector("textarea");
      if (field) field.focus();
      return;
    }
    const form = dragged.querySelector('form[data-move="' + status + '"]');
    if (form) form.requestSubmit();
  });
})();
