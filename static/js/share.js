/* "Natisni" (window.print) and "Kopiraj povezavo" (clipboard, with a fallback) buttons.
   The buttons are rendered hidden and shown here, so without JavaScript nothing is broken. */
(function () {
  "use strict";

  function announce(button, text) {
    var scope = button.closest(".share, .slip-actions") || document;
    var status = scope.querySelector("[data-share-status]");
    if (status) { status.textContent = text; }
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand && document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print], [data-copy-link]").forEach(function (button) {
      button.hidden = false;
    });
  });

  document.addEventListener("click", function (event) {
    var print = event.target.closest("[data-print]");
    if (print) { window.print(); return; }
    var button = event.target.closest("[data-copy-link]");
    if (!button) { return; }
    var link = button.getAttribute("data-copy-link");
    copy(link).then(function () {
      announce(button, button.getAttribute("data-copied"));
    }, function () {
      announce(button, link);
    });
  });
}());
