/* Coverage choropleth on a Leaflet map: a progressive enhancement of the server-drawn SVG map.
 * Reads data-* attributes of svg.cov-map (the CSP forbids inline scripts):
 *   data-geojson       URL of a FeatureCollection with properties name, nearby, level, gap, url
 *   data-map-settings  {"tiles", "attribution", "maxZoom"} as for map.js
 * The SVG stays in the page for printing; shades match coverage.css, gaps get a dashed outline
 * and the word from data-gap-label, so the map reads in greyscale too. */
(function () {
  "use strict";

  var SHADES = ["#ffffff", "#e3eef8", "#b3cfe8", "#6b9fcf", "#1f5a8f"];

  function readJSON(el, name) {
    try { return JSON.parse(el.getAttribute(name) || "null"); } catch (e) { return null; }
  }

  function style(feature) {
    var p = feature.properties;
    return {color: "#000", weight: p.gap ? 2 : 1, dashArray: p.gap ? "6 4" : null,
            fillColor: SHADES[p.level] || SHADES[0], fillOpacity: 0.8};
  }

  function draw(svg, data) {
    var settings = readJSON(svg, "data-map-settings") || {};
    var gapLabel = svg.getAttribute("data-gap-label") || "";
    var box = document.createElement("div");
    box.className = "cov-leaflet";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", svg.getAttribute("data-leaflet-label") || "");
    svg.parentNode.insertBefore(box, svg);
    var map = L.map(box, {scrollWheelZoom: false});
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {attribution: settings.attribution, maxZoom: settings.maxZoom || 18}).addTo(map);
    }
    var few = data.features.length <= 40;
    var layer = L.geoJSON(data, {
      style: style,
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        var text = p.name + ": " + p.nearby + (p.gap ? " (" + gapLabel + ")" : "");
        shape.bindTooltip(text, {permanent: few, direction: "center", className: "cov-leaflet-label"});
        shape.on("click", function () { window.location.href = p.url; });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    svg.classList.add("cov-map-replaced");
  }

  function init() {
    var svg = document.querySelector("svg.cov-map[data-geojson]");
    if (!svg || !window.L || !window.fetch) { return; }
    fetch(svg.getAttribute("data-geojson"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { draw(svg, data); })
      .catch(function () { /* the SVG map stays */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
