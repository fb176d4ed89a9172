/* Kiosk: navigation that leaves no back history, and the idle reset.
   After KIOSK_IDLE_SECONDS without a touch or key press (with a warning shortly before) the kiosk
   forgets everything of the resident: form contents, the server-side session (the slip), display
   switches, and returns to the start screen with location.replace(), adding no history entry. */
(function () {
  "use strict";
  // Loaded in <head> without defer: the listeners below are on `document` before any link exists,
  // so not even a very quick first touch can add a history entry.
  var start = "/kiosk";
  var idleMs = 120000;
  var warnMs = 20000;
  var dialog = null;
  var warnTimer = null;
  var resetTimer = null;
  var resetting = false;
  var FOCUS_KEY = "infotocka.kiosk.focus";

  /* After "Dodaj na listek" or "Odstrani z listka" reloads the page, focus that service's button again. */
  function refocus() {
    var id = null;
    try { id = window.sessionStorage.getItem(FOCUS_KEY); window.sessionStorage.removeItem(FOCUS_KEY); } catch (e) { return; }
    var form = id && document.getElementById(id);
    var button = form && form.querySelector("button");
    if (button) { button.focus(); }
  }

  function go(url) { window.location.replace(url); }

  function sameOrigin(url) { return url.origin === window.location.origin; }

  /* Links and forms replace the current entry instead of adding one. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || link.target) { return; }
    var url = new URL(link.href, window.location.href);
    if (!sameOrigin(url) || url.protocol === "mailto:" || url.protocol === "tel:") { return; }
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) { return; }
    event.preventDefault();
    go(url.href);
  });

  function post(form) {
    return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    if ((form.method || "get").toLowerCase() === "post") {
      // the page comes back reloaded: keep the keyboard user's place (the button they pressed)
      var id = form.getAttribute("id");  // not form.id: a field named "id" would answer
      if (id) { try { window.sessionStorage.setItem(FOCUS_KEY, id); } catch (e) { /* no storage */ } }
      post(form).then(function (response) { go(response.url); }, function () {
        if (!resetting) { go(window.location.href); }  // reload in place rather than add history
      });
      return;
    }
    var url = new URL(form.action, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    go(url.href);
  });

  function pristine() {
    var typed = Array.prototype.some.call(document.querySelectorAll("input[type=search], input[type=text]"),
      function (input) { return input.value !== ""; });
    var count = document.querySelector("[data-kiosk-count]");
    return window.location.pathname === start && !window.location.search && !typed &&
      (!count || count.textContent.trim() === "0") &&
      document.documentElement.className.indexOf("text-large") < 0 &&
      document.documentElement.className.indexOf("contrast-high") < 0;
  }

  function reset() {
    if (resetting) { return; }
    if (pristine()) { arm(); return; }
    resetting = true;
    document.querySelectorAll("form").forEach(function (form) { form.reset(); });
    document.querySelectorAll("input[type=search], input[type=text]").forEach(function (input) { input.value = ""; });
    try { window.sessionStorage.clear(); } catch (e) { /* nothing stored */ }
    if (window.infotockaA11y) { window.infotockaA11y.reset(); }
    var forget = document.getElementById("kiosk-forget");
    var done = function () { go(start); };
    if (forget) { post(forget).then(done, done); } else { done(); }
  }

  var countdown = null;

  /* While the warning is up, the page behind it is inert and the seconds left are counted down. */
  function behind(inert) {
    document.querySelectorAll("body > :not(#kiosk-idle)").forEach(function (el) { el.inert = inert; });
  }

  function count(deadline) {
    var out = dialog.querySelector("[data-kiosk-seconds]");
    var tick = function () {
      if (out) { out.textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))); }
    };
    tick();
    window.clearInterval(countdown);
    countdown = window.setInterval(tick, 1000);
  }

  function warn() {
    if (!dialog || pristine()) { return; }
    behind(true);
    count(Date.now() + warnMs);
    dialog.hidden = false;
    var stay = dialog.querySelector("[data-kiosk-stay]");
    if (stay) { stay.focus(); }
  }

  function arm() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(resetTimer);
    if (dialog && !dialog.hidden) { dialog.hidden = true; behind(false); window.clearInterval(countdown); }
    warnTimer = window.setTimeout(warn, idleMs - warnMs);
    resetTimer = window.setTimeout(reset, idleMs);
  }

  ["pointerdown", "keydown", "input", "wheel", "touchstart", "scroll"].forEach(function (type) {
    document.addEventListener(type, function () { if (!resetting) { arm(); } }, { passive: true, capture: true });
  });
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    start = body.getAttribute("data-kiosk-start") || start;
    idleMs = Math.max(1, parseFloat(body.getAttribute("data-kiosk-idle")) || 120) * 1000;
    warnMs = Math.min(20000, idleMs / 3);
    dialog = document.getElementById("kiosk-idle");
    arm();
    refocus();
  });
}());
