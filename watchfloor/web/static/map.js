// Map: admin-1 regions shaded by next month's P(fatal event) from the latest forecast (or, without one,
// by fatalities in the window), events as points coloured by type, a month slider, click a region for
// its timeline and forecast. No tiles: the boundaries are the base map.
"use strict";
(function () {
  const PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
  const SHADES = ["#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"];
  const $ = id => document.getElementById(id);
  const map = L.map("map", { attributionControl: false, zoomSnap: 0.25 });
  let regionLayer = null, pointLayer = null, countryInfo = {}, months = [], typeColour = {};
  let latest = 0;   // the newest refresh; answers to older ones (a slider dragged fast) are dropped

  // Leaflet writes a string tooltip as HTML; an element built with textContent stays text (event notes, actor names).
  function tip(text) { return WF.el("span", {}, text); }

  function shade(v, max) {
    if (v === null || v === undefined) return "#eeeeee";
    const i = Math.min(SHADES.length - 1, Math.floor(v / (max || 1) * (SHADES.length - 1e-9)));
    return SHADES[Math.max(0, i)];
  }
  function monthEnd(ym) { const [y, m] = ym.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); }
  function addMonths(ym, n) { const [y, m] = ym.split("-").map(Number); return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7); }

  async function loadCountries() {
    for (const c of await WF.get("/api/countries")) countryInfo[c.iso3] = c;
  }

  function setupSlider() {
    const c = countryInfo[$("country").value];
    months = [];
    if (c && c.first) for (let ym = c.first.slice(0, 7); ym <= c.last.slice(0, 7); ym = addMonths(ym, 1)) months.push(ym);
    $("slider").max = Math.max(0, months.length - 1);
    $("slider").value = Math.max(0, months.length - 1);
    typeColour = {};
    (c ? c.types : []).forEach((t, i) => typeColour[t] = PALETTE[i % PALETTE.length]);
    sliderToDates();
  }
  function sliderToDates() {
    const w = +$("window").value, end = months[+$("slider").value];
    if (!end) return;
    $("until").value = monthEnd(end);
    $("since").value = w ? addMonths(end, 1 - w) + "-01" : months[0] + "-01";
    $("slider-label").textContent = w ? `${addMonths(end, 1 - w)} – ${end}` : `all to ${end}`;
  }

  async function refresh() {
    const country = $("country").value, since = $("since").value, until = $("until").value;
    const mine = ++latest;
    $("status").textContent = "loading…";
    document.body.dataset.ready = "0";
    const [regions, events] = await Promise.all([
      WF.get(`/api/regions?${WF.qs({ country, since, until })}`),
      WF.get(`/api/events?${WF.qs({ country, since, until, format: "geojson", limit: 5000 })}`),
    ]);
    if (mine !== latest) return;
    const byRisk = !!regions.run;
    const maxF = Math.max(1, ...regions.features.map(f => f.properties.fatalities || 0));
    if (regionLayer) regionLayer.remove();
    regionLayer = L.geoJSON(regions, {
      style: f => ({ color: "#4a4a4a", weight: 1, fillOpacity: 0.75,
        fillColor: byRisk ? shade(f.properties.p_fatal, 1) : shade(f.properties.fatalities || 0, maxF) }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        const risk = p.p_fatal !== undefined && p.p_fatal !== null ? `P(fatal event) ${(100 * p.p_fatal).toFixed(0)} % in ${p.target_month}` : "no forecast";
        layer.bindTooltip(tip(`${p.name}: ${p.events || 0} events, ${p.fatalities || 0} fatalities; ${risk}`), { sticky: true });
        layer.on("add", () => { const el = layer.getElement(); if (el) { el.classList.add("region"); el.setAttribute("data-region", p.id); } });
        layer.on("click", () => openRegion(p));
      },
    }).addTo(map);
    if (pointLayer) pointLayer.remove();
    pointLayer = L.geoJSON(events, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 3 + Math.min(8, Math.sqrt(f.properties.fatalities || 0)),
        color: "#fff", weight: 0.6, fillOpacity: 0.85, className: "event",
        fillColor: typeColour[f.properties.event_type || f.properties.violence_type] || "#333" }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        layer.bindTooltip(tip(`${p.date_start} · ${p.event_type || p.violence_type || ""} · ${p.actor1 || "?"} vs ${p.actor2 || "?"} · ${p.fatalities} killed`));
        layer.on("add", () => { const el = layer.getElement(); if (el && f.id !== undefined) el.setAttribute("data-event", String(f.id)); });
      },
    }).addTo(map);
    if (!map._loaded || $("country").dataset.fitted !== country) {
      map.fitBounds(regionLayer.getBounds(), { padding: [10, 10] });
      $("country").dataset.fitted = country;
    }
    legend(byRisk, maxF, regions.run);
    const shown = events.features.length;
    $("status").textContent = `${regions.features.length} regions · ${shown} events shown` +
      (events.total > shown ? ` (of ${events.total}; narrow the window to see all)` : "") + ` · ${since} to ${until}`;
    document.body.dataset.regions = String(regions.features.length);
    document.body.dataset.points = String(shown);
    document.body.dataset.ready = "1";
  }

  function monthAfter(asOf) {  // "2020-12-01" -> "2021-01": the month a run's first forecast is for
    const [y, m] = String(asOf).split("-").map(Number);
    return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
  }

  function legend(byRisk, maxF, run) {
    const box = $("legend");
    box.replaceChildren();
    box.className = "legend";
    box.appendChild(WF.el("strong", {}, byRisk ? `Regions: P(fatal event) in ${monthAfter(run.as_of)} — run ${run.run_id} `
                                                   + `(${run.model}, data to ${String(run.as_of).slice(0, 7)})`
                                                 : "Regions: fatalities in the window (no forecast stored)"));
    SHADES.forEach((c, i) => {
      if (i % 2) return;
      const row = WF.el("div", { class: "row" });
      const sw = WF.el("span", { class: "box" }); sw.style.background = c; row.appendChild(sw);
      const lo = byRisk ? `${Math.round(100 * i / SHADES.length)} %` : `${Math.round(maxF * i / SHADES.length)}`;
      row.appendChild(WF.el("span", {}, `≥ ${lo}`)); box.appendChild(row);
    });
    box.appendChild(WF.el("strong", {}, "Events by type"));
    for (const [t, c] of Object.entries(typeColour)) {
      const row = WF.el("div", { class: "row" });
      const dot = WF.el("span", { class: "dot" }); dot.style.background = c; row.appendChild(dot);
      row.appendChild(WF.el("span", {}, t)); box.appendChild(row);
    }
  }

  async function openRegion(p) {
    $("region-panel").hidden = false;
    $("region-name").textContent = p.name;
    $("region-risk").textContent = (p.p_fatal !== undefined && p.p_fatal !== null)
      ? `Next month (${p.target_month}): P(fatal event) ${(100 * p.p_fatal).toFixed(0)} %, P(≥ 25 fatalities) ${(100 * p.p_25).toFixed(0)} %`
      : "No forecast stored for this region.";
    $("region-link").href = `/timeline?${WF.qs({ country: $("country").value, region: p.id })}`;
    const since = months.length > 60 ? months[months.length - 60] + "-01" : "";   // the last five years
    const data = await WF.get(`/api/regions/${encodeURIComponent(p.id)}/timeline?${WF.qs({ since })}`);
    drawTimeline($("region-chart"), data);
    document.body.dataset.region = p.id;
  }

  $("country").addEventListener("change", () => { setupSlider(); refresh(); });
  $("slider").addEventListener("input", sliderToDates);
  $("slider").addEventListener("change", refresh);
  $("window").addEventListener("change", () => { sliderToDates(); refresh(); });
  $("apply").addEventListener("click", () => { $("slider-label").textContent = "custom dates"; refresh(); });
  loadCountries().then(() => { setupSlider(); return refresh(); }).catch(e => { $("status").textContent = String(e); });
})();
