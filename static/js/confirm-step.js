/* Confirmation of a destructive step: a form[data-confirm] opens a modal naming the object
   and the consequence, with the step's own fields (its reason) moved into it; "Confirm" posts
   the form with confirmed=1. Without JavaScript (or Bootstrap) the post goes out without the
   flag and the server answers with the same confirmation as a page. No inline script: the
   texts come from the form's data-confirm-* attributes. */
(function () {
  "use strict";
  // Pages may include the script from several panels: bind once.
  if (window.confirmStepBound) { return; }
  window.confirmStepBound = true;
  var FLAG = "confirmed";
  var modalEl = null, parts = {}, current = null, placeholder = null, confirmed = false;

  function el(tag, cls, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function build() {
    modalEl = el("div", "modal fade", document.body);
    modalEl.tabIndex = -1;
    modalEl.setAttribute("aria-hidden", "true");
    modalEl.setAttribute("aria-labelledby", "confirm-step-title");
    modalEl.dataset.testid = "confirm-modal";
    var content = el("div", "modal-content border-danger", el("div", "modal-dialog modal-dialog-scrollable", modalEl));
    var header = el("div", "modal-header", content);
    parts.title = el("h2", "modal-title h5", header);
    parts.title.id = "confirm-step-title";
    var close = el("button", "btn-close", header);
    close.type = "button";
    close.setAttribute("data-bs-dismiss", "modal");
    var body = el("div", "modal-body", content);
    parts.object = el("p", "fw-bold mb-1", body);
    parts.object.dataset.testid = "confirm-object";
    parts.consequence = el("p", "text-danger", body);
    parts.consequence.dataset.testid = "confirm-consequence";
    parts.slot = el("div", "", body);
    var footer = el("div", "modal-footer", content);
    parts.no = el("button", "btn btn-outline-secondary", footer);
    parts.no.type = "button";
    parts.no.setAttribute("data-bs-dismiss", "modal");
    parts.yes = el("button", "btn btn-danger", footer);
    parts.yes.type = "button";
    parts.yes.dataset.testid = "confirm-submit";
    parts.yes.addEventListener("click", function () {
      if (!current) { return; }
      confirmed = true;
      var flag = el("input", "", current);
      flag.type = "hidden";
      flag.name = FLAG;
      flag.value = "1";
      current.submit();
    });
    modalEl.addEventListener("hidden.bs.modal", function () {
      if (confirmed || !current) { return; }
      // Cancelled: the form goes back to its place on the page, its own buttons shown again.
      placeholder.parentNode.insertBefore(current, placeholder);
      placeholder.remove();
      current.querySelectorAll("[type=submit], [data-testid=confirm]").forEach(function (b) { b.hidden = false; });
      current = null;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || !window.bootstrap) { return; }
    if (form.querySelector("input[name=" + FLAG + "]")) { return; }
    event.preventDefault();
    if (!modalEl) { build(); }
    current = form;
    confirmed = false;
    parts.title.textContent = form.dataset.confirmTitle || "";
    parts.object.textContent = form.dataset.confirmObject || "";
    parts.consequence.textContent = form.dataset.confirm;
    parts.yes.textContent = form.dataset.confirmYes || "OK";
    parts.no.textContent = form.dataset.confirmNo || "";
    // The form itself (its fields: the reason where the step takes one) goes into the modal.
    placeholder = document.createComment("confirm");
    form.parentNode.insertBefore(placeholder, form);
    // Its own buttons and consequence line: the modal's header and footer say them.
    form.querySelectorAll("[type=submit], [data-testid=confirm]").forEach(function (b) { b.hidden = true; });
    parts.slot.appendChild(form);
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  });
})();
