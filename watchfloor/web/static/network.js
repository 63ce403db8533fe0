// Actor network: who fights whom (red, width by events) and memberships (blue, dashed); a small force layout.
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const svg = $("network");
  const KIND_COLOUR = { "government": "#1f4e8c", "state force": "#1f4e8c", "armed group": "#b22222", "jihadist group": "#7a1f1f",
    "rebel coalition": "#d2691e", "militia": "#8b6914", "communal group": "#6b8e23", "peacekeeping mission": "#2c8fbb" };

  function layout(nodes, links, W, H) {
    const n = nodes.length, idx = Object.fromEntries(nodes.map((d, i) => [d.id, i]));
    nodes.forEach((d, i) => { const a = 2 * Math.PI * i / n; d.x = W / 2 + W * 0.38 * Math.cos(a); d.y = H / 2 + H * 0.38 * Math.sin(a); d.vx = 0; d.vy = 0; });
    const k = Math.sqrt(W * H / Math.max(1, n)) * 0.6;
    for (let it = 0; it < 300; it++) {
      const t = 0.1 * (1 - it / 300);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j]; let dx = a.x - b.x, dy = a.y - b.y; const d2 = Math.max(dx * dx + dy * dy, 1);
        const f = k * k / d2; a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
      for (const l of links) {
        const a = nodes[idx[l.source]], b = nodes[idx[l.target]]; const dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1), f = d / k;
        a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
      }
      for (const d of nodes) {
        d.vx += (W / 2 - d.x) * 0.02; d.vy += (H / 2 - d.y) * 0.02;
        const s = Math.sqrt(d.vx * d.vx + d.vy * d.vy) || 1, step = Math.min(s, 40 * t * 10);
        d.x = Math.min(W - 60, Math.max(60, d.x + d.vx / s * step)); d.y = Math.min(H - 20, Math.max(20, d.y + d.vy / s * step));
        d.vx = 0; d.vy = 0;
      }
    }
    return idx;
  }

  async function draw() {
    $("network-status").textContent = "loading…";
    const data = await WF.get(`/api/actors/network?${WF.qs({ country: $("country").value, since: $("since").value, until: $("until").value, top: $("top").value })}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const W = svg.viewBox.baseVal.width, H = svg.viewBox.baseVal.height;
    const idx = layout(data.nodes, data.links, W, H);
    const maxE = Math.max(1, ...data.links.map(l => l.events));
    svg.appendChild(WF.svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#fff" }));
    for (const l of data.links) {
      const a = data.nodes[idx[l.source]], b = data.nodes[idx[l.target]];
      const line = WF.svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "link " + (l.kind === "fights" ? "fights" : "member"),
        stroke: l.kind === "fights" ? "#c0392b" : "#2c6fbb", "stroke-opacity": 0.7,
        "stroke-width": l.kind === "fights" ? 1 + 6 * l.events / maxE : 1.5, "stroke-dasharray": l.kind === "fights" ? "" : "5 3" });
      line.appendChild(WF.svg("title", {}, `${l.source} — ${l.kind} — ${l.target}` + (l.kind === "fights" ? `: ${l.events} events, ${l.fatalities} fatalities (${l.from})` : ` (${l.from})`)));
      svg.appendChild(line);
    }
    for (const d of data.nodes) {
      const g = WF.svg("g", { class: "node" });
      g.appendChild(WF.svg("circle", { cx: d.x, cy: d.y, r: 6, fill: KIND_COLOUR[d.kind] || "#555", stroke: "#fff" }));
      g.appendChild(WF.svg("text", { x: d.x + 8, y: d.y + 4 }, d.id.length > 40 ? d.id.slice(0, 38) + "…" : d.id));
      const also = (d.names || []).filter(n => n !== d.id);
      g.appendChild(WF.svg("title", {}, `${d.id}${d.kind ? " (" + d.kind + ")" : ""}` + (also.length ? ` — also: ${also.join(", ")}` : "")));
      svg.appendChild(g);
    }
    $("network-status").textContent = `${data.nodes.length} actors, ${data.links.length} links`;
    document.body.dataset.nodes = String(data.nodes.length);
  }
  $("apply").addEventListener("click", draw);
  draw().catch(e => { $("network-status").textContent = String(e); });
})();
