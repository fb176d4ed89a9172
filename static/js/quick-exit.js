/* "Hiter izhod": leave at once for a neutral site. location.replace() swaps the current history
   entry, so Back does not return here. Esc pressed twice within two seconds does the same.
   In the kiosk the neutral page is its start screen, and the session is forgotten first. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit-url]");
  if (!link) { return; }
  var target = link.getAttribute("data-quick-exit-url");
  var lastEsc = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("quick-exit-leaving");  // hide the page while it goes
    try { window.sessionStorage.clear(); } catch (e) { /* nothing to clear */ }
    var go = function () { window.location.replace(target); };
    var forget = document.getElementById("kiosk-forget");
    if (forget && window.fetch) {
      fetch(forget.action, { method: "POST", body: new FormData(forget), credentials: "same-origin" }).then(go, go);
    } else {
      go();
    }
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - lastEsc < 2000) { leave(event); }
    lastEsc = now;
  });
}());
