"use strict";
// A new country starts from the whole country: its old region belongs to another country.
document.getElementById("country").addEventListener("change", () => {
  const form = document.getElementById("timeline-form");
  form.elements.region.value = "";
  form.submit();
});
(async function () {
  const svg = document.getElementById("timeline-chart");
  const { country, region } = svg.dataset;
  const url = region ? `/api/regions/${encodeURIComponent(region)}/timeline` : `/api/timeline?${WF.qs({ country })}`;
  const data = await WF.get(url);
  document.getElementById("timeline-title").textContent =
    `Events and fatalities per month — ${data.region ? data.region.name : country}`;
  drawTimeline(svg, data);
  const note = document.getElementById("timeline-note");
  note.textContent = data.run ? `forecast: run ${data.run.run_id} (${data.run.model}, data to ${data.run.as_of})`
                              : "no forecast stored for this country yet";
  const body = document.querySelector("#timeline-table tbody");
  for (const r of data.months.filter(r => r.events > 0).slice(-36).reverse()) {
    const tr = WF.el("tr");
    for (const v of [r.month.slice(0, 7), r.events, r.fatalities]) tr.appendChild(WF.el("td", {}, String(v)));
    body.appendChild(tr);
  }
  document.body.dataset.ready = "1";
})();
