// Upload with a progress bar; the server's error text is shown as text, exactly as the ingest/reader wrote it.
"use strict";
(function () {
  const form = document.getElementById("upload-form"), out = document.getElementById("upload-result");
  const bar = document.getElementById("progress");
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const kind = document.getElementById("kind").value, file = document.getElementById("file").files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    let url = "/api/reports";
    if (kind !== "report") {
      url = "/api/ingest";
      body.append("layout", kind);
      body.append("skip_bad_rows", document.getElementById("skip").checked ? "true" : "false");
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRF-Token", WF.csrf);
    bar.hidden = false; bar.value = 0;
    out.hidden = true;
    xhr.upload.onprogress = e => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
    xhr.onload = () => {
      bar.value = 100;
      let msg;
      try { const j = JSON.parse(xhr.responseText); msg = xhr.status < 300 ? j : j.detail; } catch (e) { msg = xhr.responseText; }
      out.hidden = false;
      out.className = "result " + (xhr.status < 300 ? "ok" : "bad");
      if (xhr.status === 202 && kind === "report" && msg.job) {
        followJob(msg.job, out);
      } else if (xhr.status < 300) {
        out.textContent = kind === "report" ? `Read ${msg.file}: report ${msg.report_id}` :
          `Ingested ${msg.file}: inserted ${msg.inserted}, updated ${msg.updated}, unchanged ${msg.unchanged}, rejected ${msg.rejected}`;
        if (kind === "report") { const a = WF.el("a", { href: `/reports/${encodeURIComponent(msg.report_id)}`, id: "open-report" }, " — open it"); out.appendChild(a); }
      } else {
        if (xhr.status === 413) msg = `the file is larger than the ${form.dataset.limitMb} MB limit`;
        out.textContent = `Upload refused (${xhr.status}):\n` + (Array.isArray(msg) ? msg.join("\n") : String(msg));
      }
      document.body.dataset.uploaded = String(xhr.status);
    };
    xhr.onerror = () => { out.hidden = false; out.className = "result bad"; out.textContent = "Upload failed: the connection was closed (is the file over the size limit?)"; document.body.dataset.uploaded = "error"; };
    xhr.send(body);
  });
})();

// A report is read in the background: follow its job until it is stored (or refused), showing its state.
function followJob(job, out) {
  out.className = "result";
  out.textContent = `Reading ${job.file}: ${job.state}…`;
  const poll = () => fetch(`/api/jobs/${encodeURIComponent(job.id)}`, { credentials: "same-origin" })
    .then(r => r.ok ? r.json() : Promise.reject(new Error(`job status ${r.status}`)))
    .then(j => {
      if (j.state === "done") {
        const first = (j.reports || [])[0] || {};
        out.className = "result ok";
        out.textContent = `Read ${j.file}: report ${first.report_id}`;
        out.appendChild(WF.el("a", { href: `/reports/${encodeURIComponent(first.report_id)}`, id: "open-report" }, " — open it"));
        document.body.dataset.uploaded = "201";
      } else if (j.state === "failed") {
        out.className = "result bad";
        out.textContent = `Upload refused:\n${j.message || "the reader failed"}`;
        document.body.dataset.uploaded = "400";
      } else {
        out.textContent = `Reading ${j.file}: ${j.state} (${j.seconds} s)…`;
        setTimeout(poll, 400);
      }
    })
    .catch(e => { out.className = "result bad"; out.textContent = `Lost track of the reading: ${e.message}`; });
  poll();
}

