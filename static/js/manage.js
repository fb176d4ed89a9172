// Editing pages, progressive enhancement (the forms work without it; no inline JS: strict CSP):
// ask before leaving a changed form, "pon–pet" ticks Monday to Friday, the days of an interval are one Tab
// stop (arrow keys between them), rows added and removed in place,
// a search box for the municipality picker, focus on the error summary.
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

  var summary = document.getElementById("napake");
  if (summary) { summary.focus(); }

  var WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"];
  function dayBoxes(shortcut) {
    return Array.prototype.filter.call(
      document.getElementsByName(shortcut.name),
      function (box) { return WEEKDAYS.indexOf(box.value) !== -1; });
  }
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.classList.contains("weekdays")) {
      dayBoxes(box).forEach(function (day) { day.checked = box.checked; });
    } else if (box.type === "checkbox" && WEEKDAYS.indexOf(box.value) !== -1) {
      var shortcut = document.getElementById(box.name + "-pon-pet");
      if (shortcut) { shortcut.checked = dayBoxes(shortcut).every(function (d) { return d.checked; }); }
    } else if (box.classList.contains("remove-row")) {
      box.closest("[data-row]").classList.toggle("is-removed", box.checked);
    }
  });
  // The day checkboxes of an interval are one Tab stop: the arrow keys move between the days, Space ticks.
  function dayGroup(target) {
    var group = target.type === "checkbox" && target.closest("fieldset.days");
    return group ? Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]")) : null;
  }
  function rove(boxes, current) { boxes.forEach(function (b) { b.tabIndex = b === current ? 0 : -1; }); }
  form.querySelectorAll("fieldset.days").forEach(function (group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    rove(boxes, boxes[0]);
  });
  form.querySelectorAll("[data-days-hint]").forEach(function (hint) { hint.hidden = false; });
  form.addEventListener("focusin", function (event) {
    var boxes = dayGroup(event.target);
    if (boxes) { rove(boxes, event.target); }
  });
  var STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  form.addEventListener("keydown", function (event) {
    var boxes = dayGroup(event.target);
    if (!boxes || !(event.key in STEPS || event.key === "Home" || event.key === "End")) { return; }
    event.preventDefault();
    var i = boxes.indexOf(event.target);
    i = event.key === "Home" ? 0 : event.key === "End" ? boxes.length - 1 : i + STEPS[event.key];
    boxes[(i + boxes.length) % boxes.length].focus();
  });
  form.querySelectorAll(".remove-row:checked").forEach(function (box) {
    box.closest("[data-row]").classList.add("is-removed");
  });

  // "Dodaj …": copy the last row with the next index instead of reloading the page.
  form.querySelectorAll("button.add-row").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var group = button.parentElement.closest("[data-list]");
      var rows = group.querySelectorAll("[data-row]");
      if (!rows.length) { return; }
      event.preventDefault();
      var list = button.dataset.list, last = rows[rows.length - 1];
      var index = rows.length, pattern = new RegExp("^" + list + "-\\d+-");
      var row = last.cloneNode(true);
      row.classList.remove("is-removed");
      row.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      row.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(pattern, list + "-" + index + "-")); }
        });
        el.removeAttribute("aria-invalid");
        if (el.type === "checkbox") { el.checked = false; }
        else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
        else if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") { el.value = ""; }
      });
      last.after(row);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
    });
  });

  // Municipality picker: a search box that shows the matching municipalities across all regions.
  var picker = form.querySelector("[data-picker]");
  if (!picker) { return; }
  var search = picker.querySelector("[data-search]"), input = search.querySelector("input");
  var status = search.querySelector("[aria-live]"), regions = picker.querySelector("[data-regions]");
  search.hidden = false;
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  input.addEventListener("input", function () {
    var query = fold(input.value.trim()), found = 0;
    if (query && regions) { regions.open = true; }  // show the matches, folded away until now
    picker.querySelectorAll("details.region").forEach(function (region) {
      var inRegion = 0;
      region.querySelectorAll("li[data-name]").forEach(function (item) {
        var match = !query || fold(item.dataset.name).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { inRegion += 1; }
      });
      region.hidden = query && !inRegion;
      if (query) { region.open = inRegion > 0; }
      found += inRegion;
    });
    status.textContent = query ? status.dataset.template.replace("{n}", found) : "";
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }  // Enter in the search box must not submit the form
  });
}());
