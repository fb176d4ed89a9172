/* "Uporabi mojo lokacijo": asks the browser for the position only when the button is clicked,
 * puts it in the form's sirina/dolzina fields and submits. Typing a place clears a previous position. */
(function () {
  "use strict";

  function setup(button) {
    var form = button.form || button.closest("form");
    if (!form || !("geolocation" in navigator)) { return; }
    var status = form.querySelector("[data-nearme-status]");
    var place = form.elements.kraj;
    button.hidden = false;

    function say(text) { if (status) { status.textContent = text || ""; } }

    if (place) {
      place.addEventListener("input", function () {
        if (form.elements.sirina) { form.elements.sirina.value = ""; }
        if (form.elements.dolzina) { form.elements.dolzina.value = ""; }
      });
    }
    button.addEventListener("click", function () {
      say(button.getAttribute("data-waiting"));
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.sirina.value = position.coords.latitude.toFixed(5);
        form.elements.dolzina.value = position.coords.longitude.toFixed(5);
        if (place) { place.value = ""; }
        form.submit();
      }, function () {
        button.disabled = false;
        say(button.getAttribute("data-failed"));
      }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 300000});
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nearme]"), setup);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
