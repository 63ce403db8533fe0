// The in-app bell on every page: the signed-in user's unread alerts (their rules' and their teams'), read with
// GET /api/alerts every data-poll seconds (and when the page comes back into view), listed newest first when
// opened, each acknowledged with POST /api/alerts/{id}/ack. Alert and report text is only ever set as text
// (textContent), never parsed as markup; links are the server's same-site paths only.
"use strict";
(() => {
  const bell = document.getElementById("bell");
  if (!bell) return;
  const button = document.getElementById("bell-button");
  const count = document.getElementById("bell-count");
  const panel = document.getElementById("bell-panel");
  const list = document.getElementById("bell-list");
  const status = document.getElementById("bell-status");
  const csrf = document.body.dataset.csrf || "";
  const seconds = Math.max(1, Number(bell.dataset.poll) || 30);
  const SEVERITY = { 1: "note", 2: "warning", 3: "imminent" };
  let latest = null;
  let stopped = false;

  function el(tag, attrs = {}, text = null) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== null) node.textContent = text;      // text, never markup
    return node;
  }

  function link(href, text, cls) {
    // only the server's own paths ("/reports/…", "/briefs/…"): never javascript:, never another host
    if (typeof href !== "string" || !href.startsWith("/") || href.startsWith("//")) return null;
    const a = el("a", { href, class: cls }, text);
    return a;
  }

  function when(iso) {
    return iso ? iso.replace("T", " ").slice(0, 16) + " UTC" : "";
  }

  function item(alert, me) {
    const li = el("li", { class: `bell-alert sev-${alert.severity}`, "data-id": String(alert.id),
                          "data-read": alert.read ? "1" : "0", "data-severity": String(alert.severity) });
    const head = el("div", { class: "bell-head" });
    head.append(el("span", { class: "bell-severity" }, `${alert.severity} · ${SEVERITY[alert.severity] || ""}`));
    head.append(el("span", { class: "bell-rule" },
                   alert.owner && alert.owner !== me ? `${alert.rule_name} (team ${alert.owner})` : alert.rule_name));
    head.append(el("time", { class: "bell-time", datetime: alert.created_at || "" }, when(alert.created_at)));
    li.append(head);
    const text = el("div", { class: "bell-text" });
    for (const line of alert.lines || []) text.append(el("p", {}, line));
    li.append(text);
    const links = el("div", { class: "bell-links" });
    for (const l of alert.links || []) {
      const a = link(l.href, l.label, "bell-evidence");
      if (a) links.append(a);
    }
    if (alert.draft_brief) {
      const a = link(alert.draft_brief.href, `draft brief ${alert.draft_brief.id}`, "bell-brief");
      if (a) links.append(a);
    }
    li.append(links);
    if (alert.read) {
      li.append(el("p", { class: "bell-acked muted" },
                   `acknowledged by ${alert.acknowledged_by || "?"} ${when(alert.acknowledged_at)}`));
    } else {
      const ack = el("button", { type: "button", class: "bell-ack" }, "Acknowledge");
      ack.addEventListener("click", () => acknowledge(alert.id, ack));
      li.append(ack);
    }
    return li;
  }

  function show(data) {
    latest = data;
    count.textContent = String(data.unread);
    bell.dataset.unread = String(data.unread);
    bell.classList.toggle("has-unread", data.unread > 0);
    if (panel.hidden) return;
    const me = (document.getElementById("whoami")?.textContent || "").split(" · ")[0];
    list.replaceChildren(...data.alerts.map((a) => item(a, me)));
    status.textContent = data.total ? `${data.unread} unread of ${data.total}` +
      (data.total > data.alerts.length ? ` (newest ${data.alerts.length} shown)` : "") : "No alerts.";
    panel.dataset.shown = String(data.alerts.length);
  }

  async function refresh() {
    if (stopped) return;
    try {
      const r = await fetch("/api/alerts?limit=50", { credentials: "same-origin" });
      if (r.status === 401) { stopped = true; status.textContent = "Signed out: reload the page."; return; }
      if (!r.ok) throw new Error(`${r.status}`);
      show(await r.json());
    } catch (err) {
      status.textContent = `Alerts could not be read (${err.message}); trying again.`;
    }
  }

  async function acknowledge(id, ack) {
    ack.disabled = true;
    try {
      const r = await fetch(`/api/alerts/${encodeURIComponent(id)}/ack`, {
        method: "POST", credentials: "same-origin", headers: { "x-csrf-token": csrf } });
      if (!r.ok) throw new Error(`${r.status}: ${await r.text()}`);
    } catch (err) {
      status.textContent = `Not acknowledged (${err.message}).`;
      ack.disabled = false;
      return;
    }
    await refresh();
  }

  button.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) {
      if (latest) show(latest);
      refresh();
    }
  });
  function close() { panel.hidden = true; button.setAttribute("aria-expanded", "false"); }
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !panel.hidden) close(); });
  document.addEventListener("click", (e) => { if (!panel.hidden && !bell.contains(e.target)) close(); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
  setInterval(() => { if (!document.hidden) refresh(); }, seconds * 1000);
  refresh();
})();
