// Editing pages: ask before leaving a form with unsaved changes (no inline JS: strict CSP).
(function () {
  "use strict";
  var form = document.querySelector("form.listing-form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
}());
