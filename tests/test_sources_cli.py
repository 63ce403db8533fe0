"""`watchfloor sources add|list|run|status` and `watchfloor watch --once` through the real CLI."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from fixtures.sources.recorded import Recorded
from test_sources_acled import EMAIL, PASSWORD, acled_server
from watchfloor.cli import app


def test_sources_cli(any_reference_db, monkeypatch, tmp_path):
    monkeypatch.setenv("ACLED_EMAIL", EMAIL)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)
    runner = CliRunner()
    db = ["--db", str(any_reference_db)]
    with Recorded() as server:
        acled_server(server)
        added = runner.invoke(app, db + ["sources", "add", "acled", "--kind", "acled", "--country", "mli",
                                         "--base-url", server.url, "--set", "limit=2", "--set", "backoff=0.01",
                                         "--editor", "ed"])
        assert added.exit_code == 0, added.output
        refused = runner.invoke(app, db + ["sources", "add", "x", "--kind", "acled", "--set", "password=hunter2"])
        assert refused.exit_code == 1 and "credential" in refused.output
        listed = json.loads(runner.invoke(app, db + ["sources", "list", "--json"]).stdout)
        assert listed[0]["settings"] == {"base_url": server.url, "backoff": 0.01, "countries": ["MLI"], "limit": 2}
        ran = runner.invoke(app, db + ["sources", "run", "acled", "--json"])
        assert ran.exit_code == 0, ran.output
        assert json.loads(ran.stdout)["inserted"] == 3
        status = json.loads(runner.invoke(app, db + ["sources", "status", "--json"]).stdout)
        assert status[0]["last"]["inserted"] == 3 and status[0]["cursor"]["timestamp"] == 1717400200
        once = runner.invoke(app, db + ["watch", "--once", "--no-forecast", "--json"])
        assert once.exit_code == 0, once.output
        run = json.loads(once.stdout.splitlines()[-1])[0]["runs"][0]
        assert (run["inserted"], run["updated"], run["withdrawn"]) == (1, 1, 1)      # the week's revisions
        missing = runner.invoke(app, db + ["sources", "run", "nope"])
        assert missing.exit_code == 1 and "no source named 'nope'" in missing.output
    for out in (added.output, ran.output, once.output):
        assert PASSWORD not in out and EMAIL not in out
