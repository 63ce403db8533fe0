"""The pipeline after ingest, as `watchfloor demo` runs it: read the bundled reports, forecast, detect
triggers, and write the brief (Markdown, HTML, PDF)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from watchfloor.config import DATA_DIR
from watchfloor.store.connection import Store

REPORTS_DIR = DATA_DIR / "reports"
REPORT_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}


def read_bundled_reports(store: Store, say: Callable[[str], None]) -> int:
    """Read and store the sample reports shipped in data/reports (when this build has the reader)."""
    paths = sorted(p for p in REPORTS_DIR.glob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                   and not p.name.lower().startswith("readme")) if REPORTS_DIR.is_dir() else []
    if not paths:
        return 0
    try:
        from watchfloor.read.pipeline import read_document
        from watchfloor.store.reports import store_report
    except ImportError as exc:
        say(f"reports: the reader is not available in this build ({exc}); briefs use the event data only")
        return 0
    stored = 0
    for path in paths:
        try:
            store_report(store, read_document(path))
            stored += 1
        except Exception as exc:  # one bad report must not stop the demo; say which and why
            say(f"reports: could not read {path.name}: {exc}")
    if stored:  # the reports' events join the incidents the datasets recorded (one transaction after the reads)
        from watchfloor.incidents.service import link_new
        linked = link_new(store, reason="read the bundled reports")
        say(f"reports: {linked['records']} records re-linked into {linked['incidents']} incidents")
    return stored


def demo_step(store: Store, iso3: str, out_dir: Path, say: Callable[[str], None] = print) -> dict:
    """Read the bundled reports, forecast, detect triggers, and write out/brief-<country>-<YYYY-MM>.{md,html,pdf}."""
    from watchfloor.forecast.api import run_forecast
    from watchfloor.warn.brief import compose_and_store
    from watchfloor.warn.render import write_brief
    from watchfloor.warn.brief import _source_option
    from watchfloor.warn.triggers import add_months, trigger_sources
    started = time.perf_counter()
    n = read_bundled_reports(store, say)
    say(f"\nread {n} sample reports from {REPORTS_DIR}" if n else "\nno sample reports to read")
    chosen = trigger_sources(store, iso3)
    now = chosen.now
    forecast = run_forecast(store, iso3, unit="admin1", horizon=6, as_of=now.isoformat()[:7],
                            source=_source_option(chosen.counts))
    frame = forecast.frame()
    nxt = frame[frame["horizon"] == 1].sort_values("p_fatal", ascending=False).head(5)
    say(f"\nforecast {forecast.run_id} (data to {now:%B %Y}); P(at least one fatal event) in "
        f"{add_months(now, 1):%B %Y}:")
    for row in nxt.itertuples(index=False):
        say(f"  {row.unit_name}: {row.p_fatal:.2f}")
    brief_id, triggers = compose_and_store(store, iso3, as_of=now, authors=["watchfloor demo"])
    say(f"\n{len(triggers)} triggers for {iso3}:")
    for t in triggers[:8]:
        say(f"  severity {t.severity}: {t.label} · {t.region or '-'} · {t.month:%Y-%m}")
    paths = write_brief(store, brief_id, out_dir)
    say(f"\nbrief {brief_id} (draft), reports to brief in {time.perf_counter() - started:.1f} s:")
    for p in paths:
        say(f"wrote {p}")
    return {"brief_id": brief_id, **{f"brief_{p.suffix[1:]}": p for p in paths}}
