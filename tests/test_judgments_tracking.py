"""Tracking: what is a judgment (and what never is), its probability, its claim read by rules, and
importing the judgments the reader stored from reports."""
from __future__ import annotations

from datetime import date

import pytest
from judgments_helpers import add_report

from watchfloor.judgments.claims import Vocabulary, find_deadline, find_threshold, read_claim
from watchfloor.judgments.likelihood import NotAJudgment, read_likelihood
from watchfloor.judgments.tracking import (horizons, import_report_judgments, list_judgments, record_judgment,
                                           set_horizon)
from watchfloor.store import Store
from watchfloor.store.judgments import claim_vocabulary, set_fact_status

MADE = date(2020, 6, 10)


@pytest.mark.parametrize("claim", ["Fighting spread to Gao in December.", "JNIM may attack Kidal.",
                                   "Clashes could resume in the coming weeks.", "A 30% rise in attacks was seen.",
                                   "   "])
def test_a_claim_without_a_likelihood_word_or_number_is_never_a_judgment(any_fresh_db, claim):
    with Store.open(any_fresh_db) as store:
        with pytest.raises(NotAJudgment):
            record_judgment(store, claim=claim, made_by="Desk", made_at=MADE, source_kind="manual",
                            source_id="x")
        # not even when the caller passes a term or a number: the claim itself must state the likelihood
        if claim.strip():
            with pytest.raises(NotAJudgment):
                record_judgment(store, claim=claim, term="likely", probability=0.7, made_by="Desk",
                                made_at=MADE, source_kind="brief", source_id="b")
        assert store.scalar("SELECT count(*) FROM judgments") == 0


@pytest.mark.parametrize("claim, p, band, explicit", [
    ("There is a 70 % chance of clashes in Gao.", 0.70, None, True),
    ("Attacks on the road are 35 percent likely.", 0.35, None, True),
    ("Fighting will very likely spread to Gao by December.", 0.875, "very likely", False),
    ("Fighting is not likely to reach Bamako.", 0.325, "unlikely", False),
    ("The junta will almost certainly not hold elections.", 0.03, "almost no chance", False),
    ("A deal is a realistic possibility.", 0.45, "realistic possibility", False),
    ("A 30 % rise in attacks is likely.", 0.675, "likely", False),
    ("The probability of a coup is 15 percent, analysts say.", 0.15, None, True),
])
def test_probability_is_the_band_midpoint_or_the_stated_number(claim, p, band, explicit):
    found = read_likelihood(claim)
    assert found.probability == pytest.approx(p)
    assert (found.band.name if found.band else None) == band
    assert found.explicit is explicit


def test_record_keeps_the_signature_and_is_idempotent(any_fresh_db):
    with Store.open(any_fresh_db) as store:
        kw = dict(claim="Violence in Mopti will likely rise next month.", term="likely", band=[0.55, 0.80],
                  probability=0.71, made_by="A. Analyst", made_at="2020-11-02", source_kind="brief",
                  source_id="brief-7", fact_id=None, deadline="2020-12-31", criteria=None)
        first = record_judgment(store, **kw)
        assert record_judgment(store, **kw) == first
        [row] = list_judgments(store, source="brief")
        assert row["probability"] == pytest.approx(0.71) and row["explicit"] is True
        assert row["band"] == [0.55, 0.80] and row["deadline"] == "2020-12-31" and row["deadline_rule"] == "given"
        assert store.scalar("SELECT count(*) FROM audit WHERE action = 'judgment.record'") == 1


def test_a_french_claim(any_reference_store):
    claim = read_claim("Les combats vont très probablement s'étendre à Gao d'ici décembre.", MADE,
                       Vocabulary(**claim_vocabulary(any_reference_store)), horizons(any_reference_store), 183)
    assert claim.structured and claim.event == "fighting" and claim.deadline == date(2020, 12, 31)
    assert [r["name"] for r in claim.regions] == ["Gao"]
    assert read_likelihood("Les combats vont très probablement s'étendre.").band.name == "very likely"


def test_structured_claim_from_the_brief_example(any_reference_store):
    vocabulary = Vocabulary(**claim_vocabulary(any_reference_store))
    claim = read_claim("Fighting will very likely spread to Gao by December.", MADE, vocabulary,
                       horizons(any_reference_store), 183)
    assert claim.structured and claim.event == "fighting"
    assert set(claim.violence_types) == {"state-based", "non-state"} and claim.event_types == ["Battles"]
    assert [r["name"] for r in claim.regions] == ["Gao"]
    assert (claim.threshold.measure, claim.threshold.op, claim.threshold.value) == ("events", ">=", 1)
    assert claim.deadline == date(2020, 12, 31)


def test_actors_places_and_what_only_a_person_can_resolve(any_reference_store):
    vocabulary = Vocabulary(**claim_vocabulary(any_reference_store))
    limits = horizons(any_reference_store)
    jnim = read_claim("JNIM will likely carry out at least one attack near Gao within six months.", MADE,
                      vocabulary, limits, 183)
    assert jnim.structured and len(jnim.actors) == 1 and "JNIM" in jnim.actors[0]["names"]
    assert jnim.deadline == date(2020, 12, 10)
    displaced = read_claim("Thousands will very likely be displaced from Gao.", MADE, vocabulary, limits, 183)
    assert not displaced.structured and "displacement" in displaced.reason
    talks = read_claim("The government will likely open talks.", MADE, vocabulary, limits, 183)
    assert not talks.structured and talks.deadline == date(2020, 12, 10)  # unstated: the default horizon


@pytest.mark.parametrize("text, deadline", [
    ("by the end of 2020", date(2020, 12, 31)), ("by December", date(2020, 12, 31)),
    ("by March", date(2021, 3, 31)), ("before March 2021", date(2021, 2, 28)),
    ("within six months", date(2020, 12, 10)), ("in the next 3 weeks", date(2020, 7, 1)),
    ("by the end of the year", date(2020, 12, 31)), ("next month", date(2020, 7, 31)),
    ("by mid-2021", date(2021, 6, 30)), ("in the coming weeks", date(2020, 7, 22)),
    ("(raids by JNIM) by the end of March 2021", date(2021, 3, 31)), ("by 2021", date(2021, 12, 31)),
])
def test_deadlines_relative_to_when_the_judgment_was_made(text, deadline):
    assert find_deadline(f"Clashes will likely occur {text}.", MADE, {"coming weeks": 42})[0] == deadline


def test_vague_deadlines_follow_the_users_setting(any_fresh_db):
    with Store.open(any_fresh_db) as store:
        set_horizon(store, "coming weeks", 21)
        judgment_id = record_judgment(store, claim="Attacks will likely rise in the coming weeks.", made_by="D",
                                      made_at=MADE, source_kind="manual", source_id=None)
        [row] = list_judgments(store)
        assert row["id"] == judgment_id and row["deadline"] == "2020-07-01"
        assert row["deadline_rule"] == "default: coming weeks (21 days)"
        with pytest.raises(ValueError, match="unknown deadline context"):
            set_horizon(store, "fortnight", 14)


@pytest.mark.parametrize("text, found", [
    ("more than 100 deaths", ("fatalities", ">", 100)), ("at least one attack", ("events", ">=", 1)),
    ("at least 1,200 people killed", ("fatalities", ">=", 1200)), ("five or more clashes", ("events", ">=", 5)),
    ("fewer than ten incidents", ("events", "<", 10)), ("no attacks", ("events", "<", 1)),
    ("attacks in 2021 will rise", ("events", ">=", 1)),
    ("more than 100 civilians will very likely be killed", ("fatalities", ">", 100)),
])
def test_thresholds(text, found):
    t = find_threshold(f"It is likely there will be {text} in Gao.")
    assert (t.measure, t.op, t.value) == found


def test_import_tracks_standing_judgments_once(any_reference_store):
    store = any_reference_store
    very_likely = {"term": "very likely", "band": [0.80, 0.95], "yardstick": "icd203", "negated": False}
    ids = add_report(store, "r1" * 8, "2020-05-04", ["Ana Diallo", "Ben Keita"], "Sahel Watch", [
        ("Fighting will very likely spread to Gao by December.", very_likely),
        ("The truce will likely collapse within three months.", {"term": "likely", "band": [0.55, 0.80]}),
    ])
    add_report(store, "r2" * 8, "2020-05-04", [], "Sahel Watch", [("Attacks may spread to Kidal.", {"term": "may"})],
               kind="possibility")
    add_report(store, "r3" * 8, "2020-05-05", [], "Wire", [
        ("Clashes in Mopti are very likely.", very_likely)], status="rejected")
    add_report(store, "r4" * 8, "2020-05-06", [], "Wire", [("Attacks in Gao are likely to rise.", {"term": "likely",
                                                                                               "band": [0.55, 0.8]})])
    first = import_report_judgments(store)
    assert len(first["imported"]) == 3 and first["skipped"] == []
    assert import_report_judgments(store)["imported"] == []  # idempotent
    rows = {r["claim"]: r for r in list_judgments(store)}
    fight = rows["Fighting will very likely spread to Gao by December."]
    assert fight["authors"] == ["Ana Diallo", "Ben Keita"] and fight["made_at"] == "2020-05-04"
    assert fight["source"] == "Sahel Watch" and fight["fact_id"] == ids[0] and fight["probability"] == 0.875
    assert rows["Attacks in Gao are likely to rise."]["made_by"] == "Wire"  # no authors: the outlet
    assert "Clashes in Mopti are very likely." not in rows and "Attacks may spread to Kidal." not in rows
    set_fact_status(store, ids[1], "rejected", "editor")
    again = import_report_judgments(store)
    assert again["imported"] == [] and len(again["voided"]) == 1
    assert {r["outcome"] for r in list_judgments(store, "resolved")} == {"void"}


def test_two_judgments_in_one_sentence_are_two_tracked_judgments(any_reference_store):
    sentence = "Talks are unlikely to start, and fighting will very likely spread to Gao by December."
    add_report(any_reference_store, "r5" * 8, "2020-06-01", ["C. Sow"], None, [
        (sentence, {"term": "unlikely", "band": [0.20, 0.45], "yardstick": "icd203", "negated": False}),
        (sentence, {"term": "very likely", "band": [0.80, 0.95], "yardstick": "icd203", "negated": False})])
    assert len(import_report_judgments(any_reference_store)["imported"]) == 2
    assert import_report_judgments(any_reference_store)["imported"] == []
    assert sorted(r["band_name"] for r in list_judgments(any_reference_store)) == ["unlikely", "very likely"]


def test_bulk_record_refuses_claims_without_their_likelihood_word(any_fresh_db):
    import pandas as pd

    from watchfloor.judgments.tracking import record_judgments
    with Store.open(any_fresh_db) as store:
        frame = pd.DataFrame({"claim": ["Attacks are very likely to rise.", "Attacks rose.", "A 60 % chance of rain."],
                              "term": ["very likely", "likely", None], "probability": [None, None, 0.6],
                              "made_by": "D", "made_at": MADE, "deadline": date(2020, 9, 1),
                              "source_kind": "synthetic", "source_id": ["a", "b", "c"],
                              "outcome": ["true", "false", None]})
        assert record_judgments(store, frame, user="loader") == {"recorded": 2, "refused": 1}
        found = {r["source_id"]: r for r in list_judgments(store)}
        assert set(found) == {"a", "c"} and found["a"]["probability"] == 0.875 and found["c"]["explicit"]
        assert (found["a"]["status"], found["a"]["outcome"], found["c"]["status"]) == ("resolved", "true", "open")
        history = store.rows("SELECT judgment_id, action, outcome, done_by FROM judgment_resolutions")
        assert history == [(found["a"]["id"], "resolve", "true", "loader")]
        with pytest.raises(ValueError, match="outcome"):
            record_judgments(store, frame.assign(outcome="maybe"))
