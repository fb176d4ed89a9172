/* "Večja pisava" and "Visok kontrast": classes on <html>, remembered per browser in localStorage.
   Loaded in <head> without defer so the remembered classes apply before the first paint. */
(function () {
  "use strict";
  var KEYS = ["text-large", "contrast-high"];
  var root = document.documentElement;

  function stored(name) {
    try { return window.localStorage.getItem("infotocka:" + name) === "1"; } catch (e) { return false; }
  }
  function store(name, on) {
    try {
      if (on) { window.localStorage.setItem("infotocka:" + name, "1"); }
      else { window.localStorage.removeItem("infotocka:" + name); }
    } catch (e) { /* private mode: the switch still works for this page */ }
  }
  function apply(name, on) {
    root.classList.toggle(name, on);
    document.querySelectorAll('[data-a11y="' + name + '"]').forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  KEYS.forEach(function (name) { root.classList.toggle(name, stored(name)); });

  window.infotockaA11y = {
    reset: function () { KEYS.forEach(function (name) { store(name, false); apply(name, false); }); }
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-a11y-switches]").forEach(function (group) { group.hidden = false; });
    KEYS.forEach(function (name) { apply(name, stored(name)); });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-a11y]");
      if (!button) { return; }
      var name = button.getAttribute("data-a11y");
      var on = !root.classList.contains(name);
      store(name, on);
      apply(name, on);
    });
  });
}());
