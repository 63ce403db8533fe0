"""A report from a source graded A or B that names a watched place raises one note for the rules that want it."""
from __future__ import annotations

from test_alerts_delivery import teams
from watchfloor.alerts.rules import AlertRule
from watchfloor.alerts.service import add_rule, unread
from watchfloor.sources import ledger
from watchfloor.sources.watch import Watch
from watchfloor.store import Store

GRADED = """<!DOCTYPE html><html lang="en"><head><title>Mali: the road to Bandiagara</title>
<meta property="og:site_name" content="International Crisis Group">
<meta property="article:published_time" content="2024-06-10T09:00:00Z"></head>
<body><article><h1>Mali: the road to Bandiagara</h1>
<p>Traders travelling between Sévaré and Bandiagara in the Mopti region report new checkpoints every few kilometres.</p>
</article></body></html>"""
UNGRADED = GRADED.replace("International Crisis Group", "A Blog").replace("road to", "way to")


def test_graded_report_raises_one_note(any_reference_db, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "graded.html").write_text(GRADED, encoding="utf-8")
    (inbox / "ungraded.html").write_text(UNGRADED, encoding="utf-8")
    with Store.open(any_reference_db) as store:
        ledger.add_source(store, ledger.SourceConfig("inbox", "folder", 300, {"folder": str(inbox), "model": False}))
        teams(store, "desk")
        add_rule(store, AlertRule("graded", "desk", "in-app", countries=["MLI"], kinds=["graded_report"],
                                  min_severity=1))
        watch = Watch(store, countries=["MLI"], model=False, forecast=False)
        cycle = watch.run_all()[0]
        assert cycle["runs"][0]["reports"] == 2
        titles = [a["title"] for a in cycle["alerts"]]
        assert len(titles) == 1 and titles[0].startswith("NOTE: report from a source graded B — Mopti")
        assert "International Crisis Group (graded B) reports on" in cycle["alerts"][0]["body"]
        assert watch.run_all()[0]["alerts"] == [] and len(unread(store, "desk")) == 1
