"""Judgments kept: reading a report tracks its judgments; an unsigned report's are tracked under its outlet, else
its title; a deadline the claim states is its deadline, the default only where none is stated."""
from __future__ import annotations

import json
from datetime import date

import pytest

from watchfloor.judgments import import_report_judgments, list_judgments, record_judgment
from watchfloor.judgments.claims import find_deadline
from watchfloor.read.pipeline import read_document
from watchfloor.store import judgments as jstore
from watchfloor.store.reports import store_report

MADE = date(2020, 2, 10)


@pytest.mark.parametrize("claim, deadline", [
    ("Raids on herders around Ménaka will very likely continue through April 2020.", date(2020, 4, 30)),
    ("The insurgents will probably keep the road closed throughout June.", date(2020, 6, 30)),
    ("Government forces are likely to retake the town by the end of the year.", date(2020, 12, 31)),
    ("Militia violence will almost certainly intensify before the elections in July.", date(2020, 7, 31)),
    ("Bombings will likely increase ahead of the rainy season in June 2021.", date(2021, 6, 30)),
    ("It is unlikely that the truce holds until March 2021.", date(2021, 2, 28)),
    ("A new offensive will probably begin in the coming weeks.", date(2020, 3, 23)),
])
def test_a_stated_deadline_is_the_deadline(claim, deadline):
    found = find_deadline(claim, MADE, {"coming weeks": 42})
    assert found is not None and found[0] == deadline, found


def test_the_default_deadline_only_where_none_is_stated(any_reference_store):
    stated = record_judgment(any_reference_store, claim="Kidnappings in Kayes will very likely continue through "
                             "April 2020.", made_by="Desk", made_at=MADE, source_kind="manual", source_id="a")
    bare = record_judgment(any_reference_store, claim="Kidnappings in Kayes will very likely continue.",
                           made_by="Desk", made_at=MADE, source_kind="manual", source_id="b")
    rows = {j["id"]: j for j in list_judgments(any_reference_store)}
    assert rows[stated]["deadline"] == "2020-04-30" and rows[stated]["deadline_rule"].startswith("stated")
    assert rows[bare]["deadline_rule"].startswith("default") and rows[bare]["deadline"] == "2020-08-11"


def _unsigned(store, report_id: str, outlet: str | None, title: str | None) -> None:
    text = "Convoys on the Gao road will likely be attacked again by June 2020."
    jstore.insert_report(store, report_id=report_id, text=text, published=MADE, authors=[], outlet=outlet,
                         title=title)
    jstore.insert_fact(store, fact_id=f"{report_id}:j", report_id=report_id, kind="judgment", start=0,
                       end=len(text), text=text, value={"text": text, "term": "likely"})


def test_an_unsigned_report_is_tracked_under_its_outlet_else_its_title(any_reference_store):
    _unsigned(any_reference_store, "r-outlet", "Niger Valley Courier", "Gao road")
    _unsigned(any_reference_store, "r-title", None, "Weekly security note 7")
    _unsigned(any_reference_store, "r-nothing", None, None)
    result = import_report_judgments(any_reference_store)
    assert len(result["imported"]) == 2
    assert [s["reason"] for s in result["skipped"]] == ["no author, outlet or title"]
    by = {j["source_id"]: j for j in list_judgments(any_reference_store)}
    assert by["r-outlet"]["made_by"] == "Niger Valley Courier"
    assert by["r-title"]["made_by"] == "Weekly security note 7"
    assert by["r-outlet"]["deadline"] == "2020-06-30"


def test_reading_a_report_tracks_its_judgments(any_reference_store, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Title: Northern Mali: pressure on Ménaka\n10 March 2020\n\n"
                    "Fighters attacked a market near Ménaka on 3 March 2020, killing four traders.\n"
                    "Attacks around Ménaka will very likely continue through April 2020.\n", encoding="utf-8")
    report_id, created = store_report(any_reference_store, read_document(path))
    assert created
    tracked = [j for j in list_judgments(any_reference_store) if j["source_id"] == report_id]
    assert len(tracked) == 1
    j = tracked[0]
    assert j["made_by"] == "Northern Mali: pressure on Ménaka"  # no byline, no outlet: its title
    assert j["deadline"] == "2020-04-30" and j["source_kind"] == "report" and j["made_at"] == "2020-03-10"
    assert j["probability"] > 0.8  # "very likely"
    # the import that old stores still need finds nothing left to do, and reading again changes nothing
    assert import_report_judgments(any_reference_store)["imported"] == []
    assert store_report(any_reference_store, read_document(path)) == (report_id, False)
    assert len([j for j in list_judgments(any_reference_store) if j["source_id"] == report_id]) == 1
    audit = any_reference_store.rows("SELECT action FROM audit WHERE target = ? ORDER BY id", [report_id])
    assert [a for (a,) in audit][:2] == ["report.read", "judgments.import"]
    assert json.loads(any_reference_store.scalar("SELECT authors FROM judgments WHERE id = ?", [j["id"]])) == \
        ["Northern Mali: pressure on Ménaka"]
