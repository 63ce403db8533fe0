"""draft → reviewed → published, audited; published is immutable; a correction is a new version; the
judgments go to the tracker; the CLI does the same."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from brief_helpers import freedonia_brief

from watchfloor.cli import app
from watchfloor.judgments.tracking import get_judgment
from watchfloor.store.briefs import brief_audit, brief_judgments, brief_version
from watchfloor.store.reports import edit_fact, reject_fact
from watchfloor.warn.brief import BriefError, list_briefs, publish, review, revise
from watchfloor.warn.render import render


def test_workflow_publish_is_final_and_corrections_are_versions(tmp_path, any_fresh_db):
    store, brief_id = freedonia_brief(tmp_path, db=any_fresh_db)
    with pytest.raises(BriefError, match="reviewed"):
        publish(store, brief_id, "Ben Stone")           # a draft cannot skip review
    review(store, brief_id, "Cleo Park")
    with pytest.raises(BriefError):
        review(store, brief_id, "Cleo Park")             # already reviewed
    ids = publish(store, brief_id, "Ben Stone")
    v1 = brief_version(store, brief_id, 1)
    assert v1["status"] == "published" and v1["published_by"] == "Ben Stone" and v1["reviewed_by"] == "Cleo Park"
    assert v1["editors"] == ["Ben Stone", "Cleo Park"]
    assert [a["action"] for a in brief_audit(store, brief_id)] == ["brief.create", "brief.review", "brief.publish"]
    # every judgment of the published version is tracked, with its word and number
    stored = brief_judgments(store, brief_id, 1)
    assert len(ids) == len(stored) >= 3
    for j in stored:
        tracked = get_judgment(store, int(j["judgment_id"]))
        assert tracked["claim"] == j["claim"]
        assert abs(tracked["probability"] - j["probability"]) < 1e-9
    # immutable: no further step on version 1
    before = render(store, brief_id, "md", version=1)
    for step in (review, publish):
        with pytest.raises(BriefError, match="published"):
            step(store, brief_id, "Ben Stone")
    # a correction: an analyst fixes a fact; the new version uses it, the published one does not change
    rec = store.records("SELECT id, value FROM facts WHERE kind = 'recommendation' AND status <> 'rejected'")[0]
    value = json.loads(rec["value"])
    value["action"] = "the government of Freedonia open talks with the Front within a month"
    edit_fact(store, rec["id"], value, note="wording", user="Cleo Park")
    assert revise(store, brief_id, authors=["Ada Field"]) == 2
    v2 = brief_version(store, brief_id)
    assert v2["version"] == 2 and v2["status"] == "draft"
    assert "within a month" in render(store, brief_id, "md")
    assert render(store, brief_id, "md", version=1) == before
    assert [b["version"] for b in list_briefs(store)] == [2]
    # a fact an analyst rejects never reaches a brief
    reject_fact(store, rec["id"], note="not in the source", user="Cleo Park")
    assert revise(store, brief_id) == 3
    v3 = render(store, brief_id, "md")
    assert "open talks" not in v3 and "within a month" not in v3
    assert all(f.get("fact_id") != rec["id"] for f in brief_version(store, brief_id)["content"]["footnotes"])
    store.close()


def test_cli_brief_create_review_publish_list(tmp_path, any_fresh_db):
    store, _ = freedonia_brief(tmp_path, db=any_fresh_db)  # a store with events, a report and a first brief
    db = store.path
    store.close()
    runner = CliRunner()
    out = tmp_path / "out"
    made = runner.invoke(app, ["--db", db, "brief", "--country", "XFD", "--format", "md,html", "--out", str(out),
                               "--author", "Ada Field", "--editor", "Ben Stone", "--as-of", "2020-06",
                               "--scenario-boot", "-1"])
    assert made.exit_code == 0, made.output
    lines = made.stdout.split("\n")
    brief_id = int(lines[0].split()[1])
    assert sorted(lines[1:3]) == sorted(str(out / f"brief-freedonia-2020-06.{x}") for x in ("md", "html"))
    assert runner.invoke(app, ["--db", db, "brief", "review", str(brief_id), "--editor", "Cleo"]).exit_code == 0
    pub = runner.invoke(app, ["--db", db, "brief", "publish", str(brief_id), "--editor", "Ben Stone"])
    assert pub.exit_code == 0 and "judgments recorded" in pub.stdout
    again = runner.invoke(app, ["--db", db, "brief", "publish", str(brief_id), "--editor", "Ben Stone"])
    assert again.exit_code == 1 and "published" in again.output
    listed = json.loads(runner.invoke(app, ["--db", db, "brief", "list", "--json"]).stdout)
    assert {(b["id"], b["status"]) for b in listed} == {(1, "draft"), (brief_id, "published")}
    bad = runner.invoke(app, ["--db", db, "brief", "--country", "XFD", "--format", "docx"])
    assert bad.exit_code == 2 and "docx" in bad.output
