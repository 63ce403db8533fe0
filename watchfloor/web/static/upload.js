// Upload with a progress bar. Event CSVs are ingested in the request; reports become reading jobs whose
// progress (queued, reading, storing, done) is followed here. Every message is shown as text, exactly as
// the ingest or the reader wrote it.
"use strict";
(function () {
  const form = document.getElementById("upload-form"), out = document.getElementById("upload-result");
  const bar = document.getElementById("progress"), status = document.getElementById("job-status");
  const jobsBody = document.querySelector("#jobs tbody");

  function show(ok, text) {
    out.hidden = false;
    out.className = "result " + (ok ? "ok" : "bad");
    out.textContent = text;
  }

  function reportLink(reportId) {
    return WF.el("a", { href: `/reports/${encodeURIComponent(reportId)}`, id: "open-report" }, " — open it");
  }

  function jobRow(job) {
    const tr = WF.el("tr", { "data-job": job.id, "data-state": job.state });
    const cells = [job.submitted ? job.submitted.slice(0, 19).replace("T", " ") : "", job.file,
      `${(job.size / 1024).toFixed(0)} KB`, job.state, `${job.seconds.toFixed(1)} s`, job.message || ""];
    for (const text of cells) tr.appendChild(WF.el("td", {}, text));
    const last = WF.el("td");
    for (const r of job.reports || []) {
      last.appendChild(WF.el("a", { href: `/reports/${encodeURIComponent(r.report_id)}` }, r.title || r.report_id.slice(0, 12)));
      last.appendChild(document.createTextNode(r.created ? ` (${r.facts} facts) ` : " (already stored) "));
    }
    tr.appendChild(last);
    return tr;
  }

  async function refreshJobs() {
    const jobs = await WF.get("/api/jobs?limit=20");
    while (jobsBody.firstChild) jobsBody.removeChild(jobsBody.firstChild);
    for (const job of jobs) jobsBody.appendChild(jobRow(job));
    document.getElementById("jobs").hidden = jobs.length === 0;
  }

  async function follow(jobId) {
    for (;;) {
      const job = await WF.get(`/api/jobs/${encodeURIComponent(jobId)}`);
      status.hidden = false;
      status.textContent = `${job.file}: ${job.state}` + (job.state === "queued" ? "" : ` (${job.seconds.toFixed(1)} s)`);
      status.dataset.state = job.state;
      if (job.state === "done" || job.state === "failed") {
        await refreshJobs();
        return job;
      }
      await new Promise(resolve => setTimeout(resolve, 400));
    }
  }

  async function readReport(xhr) {
    const queued = JSON.parse(xhr.responseText);
    show(true, `Uploaded ${queued.job.file}; reading it in the background — you can leave this page.`);
    await refreshJobs();
    const job = await follow(queued.job.id);
    if (job.state === "done") {
      const first = job.reports[0];
      show(true, `Read ${job.file}: report ${first.report_id}` + (first.created ? "" : " (already stored)"));
      out.appendChild(reportLink(first.report_id));
      document.body.dataset.uploaded = "201";
    } else {
      show(false, `Reading refused:\n${job.message}`);
      document.body.dataset.uploaded = "failed";
    }
  }

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
    out.hidden = true; status.hidden = true;
    delete document.body.dataset.uploaded;
    xhr.upload.onprogress = e => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
    xhr.onload = () => {
      bar.value = 100;
      if (kind === "report" && xhr.status === 202) {
        readReport(xhr).catch(e => { show(false, `Lost track of the reading: ${e}`); document.body.dataset.uploaded = "error"; });
        return;
      }
      let msg;
      try { const j = JSON.parse(xhr.responseText); msg = xhr.status < 300 ? j : j.detail; } catch (e) { msg = xhr.responseText; }
      if (xhr.status < 300) {
        show(true, `Ingested ${msg.file}: inserted ${msg.inserted}, updated ${msg.updated}, unchanged ${msg.unchanged}, rejected ${msg.rejected}`);
      } else {
        if (xhr.status === 413) msg = `the file is larger than the ${form.dataset.limitMb} MB limit`;
        show(false, `Upload refused (${xhr.status}):\n` + (Array.isArray(msg) ? msg.join("\n") : String(msg)));
      }
      document.body.dataset.uploaded = String(xhr.status);
    };
    xhr.onerror = () => { show(false, "Upload failed: the connection was closed (is the file over the size limit?)"); document.body.dataset.uploaded = "error"; };
    xhr.send(body);
  });
  refreshJobs().catch(e => { status.hidden = false; status.textContent = `Cannot list the reading jobs: ${e}`; });
})();
