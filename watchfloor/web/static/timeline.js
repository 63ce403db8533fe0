// drawTimeline(svg, data): monthly events (bars) and fatalities (line), with the forecast band
// (q05-q95 of fatalities, median dashed) after the last observed month. Data from /api/.../timeline.
"use strict";
function drawTimeline(svg, data, opts = {}) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const vb = svg.viewBox.baseVal, W = vb.width, H = vb.height;
  const m = { l: 44, r: 44, t: 14, b: 34 };
  const months = (data.months || []).map(r => ({ month: r.month.slice(0, 7), events: +r.events, fatalities: +r.fatalities }));
  const fc = (data.forecast || []).map(r => ({ month: String(r.target_month).slice(0, 7), lo: +(r.q05 ?? 0),
    hi: +(r.q95 ?? 0), mid: +(r.q50 ?? r.mean ?? 0), p: +r.p_fatal }));
  const keys = [...new Set([...months.map(r => r.month), ...fc.map(r => r.month)])].sort();
  if (!keys.length) {
    svg.appendChild(WF.svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no events in this selection"));
    return;
  }
  const x = i => m.l + (keys.length === 1 ? (W - m.l - m.r) / 2 : i * (W - m.l - m.r) / (keys.length - 1));
  const idx = Object.fromEntries(keys.map((k, i) => [k, i]));
  const maxF = Math.max(1, ...months.map(r => r.fatalities), ...fc.map(r => r.hi));
  const maxE = Math.max(1, ...months.map(r => r.events));
  const yF = v => H - m.b - v / maxF * (H - m.t - m.b);
  const yE = v => H - m.b - v / maxE * (H - m.t - m.b);
  const bw = Math.max(1, (W - m.l - m.r) / keys.length * 0.7);
  svg.appendChild(WF.svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#ffffff" }));
  svg.appendChild(WF.svg("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, stroke: "#888" }));
  for (const r of months) svg.appendChild(WF.svg("rect", { x: x(idx[r.month]) - bw / 2, y: yE(r.events),
    width: bw, height: H - m.b - yE(r.events), fill: "#9db7d9", class: "bar-events" }));
  if (fc.length) {
    const up = fc.map(r => `${x(idx[r.month])},${yF(r.hi)}`), down = fc.slice().reverse().map(r => `${x(idx[r.month])},${yF(r.lo)}`);
    svg.appendChild(WF.svg("polygon", { points: [...up, ...down].join(" "), fill: "#f0a020", "fill-opacity": 0.3,
      stroke: "#d08000", class: "forecast-band" }));
    svg.appendChild(WF.svg("polyline", { points: fc.map(r => `${x(idx[r.month])},${yF(r.mid)}`).join(" "), fill: "none",
      stroke: "#d08000", "stroke-dasharray": "4 3", "stroke-width": 2 }));
  }
  if (months.length) svg.appendChild(WF.svg("polyline", { points: months.map(r => `${x(idx[r.month])},${yF(r.fatalities)}`).join(" "),
    fill: "none", stroke: "#b22222", "stroke-width": 1.8, class: "line-fatalities" }));
  const step = Math.max(1, Math.ceil(keys.length / (W > 600 ? 12 : 6)));
  keys.forEach((k, i) => { if (i % step === 0) svg.appendChild(WF.svg("text", { x: x(i), y: H - m.b + 14, "text-anchor": "middle" }, k)); });
  svg.appendChild(WF.svg("text", { x: 4, y: m.t + 4 }, `fatalities ≤ ${maxF}`));
  svg.appendChild(WF.svg("text", { x: W - 4, y: m.t + 4, "text-anchor": "end" }, `events ≤ ${maxE}`));
  svg.appendChild(WF.svg("text", { x: m.l, y: H - 4 }, "bars: events · red: fatalities" + (fc.length ? " · band: forecast 5–95 %" : "")));
  svg.dataset.months = String(months.length);
  svg.dataset.forecast = String(fc.length);
}
