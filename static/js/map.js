/* Leaflet maps for Infotočka. Data comes from data-* attributes (the CSP forbids inline scripts):
 *   data-map-settings  {"tiles", "attribution", "maxZoom"}
 *   data-markers       [{"id", "title", "place", "lat", "lon", "approx", "url"}]
 *   data-boundary-url  a GeoJSON Feature to outline (municipality pages)
 *   data-center        [lat, lon, zoom] when there is nothing else to fit
 *   data-fit="boundary" frame the boundary, not the markers (a municipality's services may lie outside)
 * Markers and boundaries never depend on the tiles: with no network the map still shows them. */
(function () {
  "use strict";

  var SLOVENIA = [46.12, 14.82];

  function readJSON(el, name) {
    try { return JSON.parse(el.getAttribute(name) || "null"); } catch (e) { return null; }
  }

  function popupContent(m, el) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.title;
    link.lang = "sl";  // directory data, also on English pages
    box.appendChild(link);
    if (m.place) {
      var place = document.createElement("div");
      place.textContent = m.place;
      place.lang = "sl";
      box.appendChild(place);
    }
    if (m.approx && el.getAttribute("data-approx-label")) {
      var approx = document.createElement("div");
      approx.className = "map-approx";
      approx.textContent = el.getAttribute("data-approx-label");
      box.appendChild(approx);
    }
    return box;
  }

  function focusCard(id) {
    var selector = "[data-service-id=\"" + (window.CSS && CSS.escape ? CSS.escape(id) : id) + "\"]";
    var card = document.querySelector(selector);
    if (!card) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".is-map-selected"), function (c) {
      c.classList.remove("is-map-selected");
    });
    card.classList.add("is-map-selected");
    if (!card.hasAttribute("tabindex")) { card.setAttribute("tabindex", "-1"); }
    card.scrollIntoView({block: "center"});
    card.focus({preventScroll: true});
  }

  function watchTiles(layer, el) {
    var loaded = 0, failed = 0;
    layer.on("tileload", function () { loaded += 1; el.classList.remove("map-tiles-offline"); });
    layer.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 1) { el.classList.add("map-tiles-offline"); }
    });
  }

  function linkCards(el, group, byId) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map-show]"), function (link) {
      var markers = byId[link.getAttribute("data-map-show")];
      if (!markers) { link.hidden = true; return; }
      link.hidden = false;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var marker = markers[0];
        el.scrollIntoView({block: "nearest"});
        var open = function () {
          marker.openPopup();
          var icon = marker.getElement && marker.getElement();
          if (icon) { icon.focus({preventScroll: true}); }
        };
        if (group.zoomToShowLayer) { group.zoomToShowLayer(marker, open); }
        else { el._map.setView(marker.getLatLng(), 15); open(); }
      });
    });
  }

  function initMap(el) {
    var settings = readJSON(el, "data-map-settings") || {};
    var markers = readJSON(el, "data-markers") || [];
    var maxZoom = settings.maxZoom || 18;
    var map = L.map(el, {maxZoom: maxZoom, minZoom: 6, scrollWheelZoom: false, keyboard: true});
    el._map = map;
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (settings.tiles) {
      var tiles = L.tileLayer(settings.tiles, {maxZoom: maxZoom, attribution: settings.attribution || ""});
      watchTiles(tiles, el);
      tiles.addTo(map);
    }
    var extra = el.getAttribute("data-extra-attribution");
    if (extra) { map.attributionControl.addAttribution(extra); }

    var group = L.markerClusterGroup ? L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40})
                                     : L.featureGroup();
    var byId = {};
    markers.forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], {title: m.title, alt: m.title, keyboard: true});
      marker.bindPopup(popupContent(m, el));
      marker.on("click", function () { focusCard(m.id); });
      marker.on("keypress", function (e) {
        if (e.originalEvent && e.originalEvent.key === "Enter") { focusCard(m.id); }
      });
      group.addLayer(marker);
      (byId[m.id] = byId[m.id] || []).push(marker);
    });
    map.addLayer(group);
    el.setAttribute("data-marker-count", String(markers.length));

    var center = readJSON(el, "data-center");
    var fitBoundary = el.getAttribute("data-fit") === "boundary";
    if (fitBoundary && center) {
      map.setView([center[0], center[1]], center[2] || 11);
    } else if (markers.length) {
      map.fitBounds(group.getBounds(), {padding: [24, 24], maxZoom: 14});
    } else if (center) {
      map.setView([center[0], center[1]], center[2] || 12);
    } else {
      map.setView(SLOVENIA, 8);
    }
    linkCards(el, group, byId);

    var boundaryUrl = el.getAttribute("data-boundary-url");
    if (boundaryUrl && window.fetch) {
      fetch(boundaryUrl, {credentials: "same-origin"})
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (feature) {
          var outline = L.geoJSON(feature, {
            interactive: false,
            style: {color: "#1b5e8c", weight: 3, fillColor: "#1b5e8c", fillOpacity: 0.06}
          }).addTo(map);
          if (fitBoundary || !markers.length) { map.fitBounds(outline.getBounds(), {padding: [12, 12]}); }
          el.setAttribute("data-boundary", "shown");
        })
        .catch(function () { el.setAttribute("data-boundary", "failed"); });
    }
    el.setAttribute("data-map-ready", "true");
  }

  function start() {
    if (typeof L === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (el) {
      try { initMap(el); } catch (e) { el.setAttribute("data-map-error", String(e)); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
