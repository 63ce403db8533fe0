"""What the brief says: provenance on every sentence, the right ICD 203 word for every number,
confidence apart from likelihood, a title by severity — for a country nobody ships data for."""
from __future__ import annotations

import re

import pytest

from brief_helpers import freedonia_brief, sentences
from pg_helpers import BACKENDS

from watchfloor.store.briefs import brief_judgments, brief_version
from watchfloor.warn.brief import create_brief
from watchfloor.warn.language import has_confidence_statement, has_likelihood_word, word_for
from watchfloor.warn.render import _md_escape, render


@pytest.fixture(scope="module", params=BACKENDS)
def brief(request, tmp_path_factory):
    """The brief on each backend (DuckDB, PostgreSQL)."""
    db = request.getfixturevalue("pg_cluster").database() if request.param == "postgres" else None
    store, brief_id = freedonia_brief(tmp_path_factory.mktemp("brief"), scenario_boot=3, db=db)
    yield store, brief_id, brief_version(store, brief_id)
    store.close()


def test_every_generated_sentence_has_provenance(brief):
    store, _, rec = brief
    content = rec["content"]
    numbers = {f["n"] for f in content["footnotes"]}
    assert [f["n"] for f in content["footnotes"]] == list(range(1, len(numbers) + 1))
    found = sentences(content)
    assert len(content["sections"]["event"]) >= 2 and content["sections"]["significance"]
    assert content["sections"]["recommendations"]
    runs = {r[0] for r in store.rows("SELECT run_id FROM forecast_runs")}
    for s in found:
        assert s["refs"], s["text"]
        assert set(s["refs"]) <= numbers, s
        if s["judgment"]:
            assert s["judgment"]["run_id"] in runs
            cited = [f for f in content["footnotes"] if f["n"] in s["refs"]]
            assert any(f.get("run_id") == s["judgment"]["run_id"] for f in cited)
    for f in content["footnotes"]:
        assert f["text"].strip()
        if f["kind"] == "dataset" and f.get("event_ids"):
            marks = ", ".join("?" for _ in f["event_ids"])
            assert store.scalar(f"SELECT count(*) FROM events WHERE id IN ({marks})", f["event_ids"]) == \
                len(f["event_ids"])
        if f["kind"] == "report":
            assert store.scalar("SELECT count(*) FROM facts WHERE id = ? AND status <> 'rejected'",
                                [f["fact_id"]]) == 1


def test_rendered_markdown_holds_only_footnoted_sentences(brief):
    store, brief_id, rec = brief
    md = render(store, brief_id, "md")
    for name, label in (("event", "Event"), ("significance", "Significance"), ("recommendations",
                                                                               "Recommendations")):
        para = next(line for line in md.splitlines() if line.startswith(f"**{label}:** "))
        body = para[len(f"**{label}:** "):]
        expected = "".join(_md_escape(s["text"]) + "".join(f"[^{n}]" for n in s["refs"]) + " "
                           for s in rec["content"]["sections"][name])
        assert body == expected
    for f in rec["content"]["footnotes"]:
        assert f"[^{f['n']}]: " in md


def test_every_judgment_word_matches_its_number(brief):
    store, brief_id, rec = brief
    judged = [s for s in sentences(rec["content"]) if s["judgment"]]
    assert len(judged) >= 3
    stored = {j["n"]: j for j in brief_judgments(store, brief_id, rec["version"])}
    for s in judged:
        j = s["judgment"]
        assert j["term"] == word_for(j["probability"])
        assert j["band_lo"] <= j["probability"] < j["band_hi"] or j["probability"] >= 0.99 or \
            j["probability"] < 0.05
        assert j["term"] in s["text"]
        assert stored[j["n"]]["claim"] == s["text"] and stored[j["n"]]["run_id"] == j["run_id"]


def test_no_sentence_mixes_likelihood_and_confidence(brief):
    store, brief_id, rec = brief
    confidence = [s for s in sentences(rec["content"]) if has_confidence_statement(s["text"])]
    assert confidence, "the brief states its confidence"
    for s in sentences(rec["content"]):
        assert not (has_likelihood_word(s["text"]) and has_confidence_statement(s["text"])), s["text"]
    # the same holds for the text as rendered, split into sentences
    md = render(store, brief_id, "md")
    for para in (ln for ln in md.splitlines() if ln.startswith("**Significance:**")):
        for sentence in re.split(r"(?<=\.)(?:\[\^\d+\])+\s", para):
            assert not (has_likelihood_word(sentence) and has_confidence_statement(sentence)), sentence


def test_title_region_authors_and_date(brief):
    _, _, rec = brief
    content = rec["content"]
    assert re.match(r"(IMMINENT WARNING|WARNING|ASSESSMENT): FREEDONIA", content["title"])
    assert rec["severity"] >= 2 and content["title"].startswith(("IMMINENT WARNING", "WARNING"))
    assert "NORTH MARCH" in content["title"]
    assert content["region"] == "Freedonia" and content["date"] == "June 2020"
    assert rec["authors"] == ["Ada Field"] and rec["editors"] == ["Ben Stone"]
    kinds = {t["kind"] for t in content["triggers"]}
    assert {"escalation.forecast_band", "mass_casualty", "declaration_of_war"} <= kinds


def test_recommendations_from_templates_and_from_the_report(brief):
    _, _, rec = brief
    texts = [s["text"] for s in rec["content"]["sections"]["recommendations"]]
    assert any("North March" in t for t in texts)            # a template, filled for the trigger's region
    assert any("recommends" in t and "Northern Liberation Front" in t for t in texts)  # the report's, attributed


def test_what_if_withdrawal_is_judged_with_its_own_run(brief):
    store, _, rec = brief
    judged = [s for s in sentences(rec["content"]) if s["judgment"]]
    what_if = [s for s in judged if s["text"].startswith("If FSM withdrew from North March from July 2020")]
    assert len(what_if) == 1
    run_id = what_if[0]["judgment"]["run_id"]
    assert store.scalar("SELECT scenario FROM forecast_runs WHERE run_id = ?", [run_id]) == \
        "withdraw:FSM@North March:2020-07"
    assert run_id != rec["forecast_run_id"]
    change = [s for s in sentences(rec["content"]) if s["text"].startswith("Against the forecast without")]
    assert len(change) == 1 and "90% interval" in change[0]["text"]
    assert not has_likelihood_word(change[0]["text"])
    footnoted_runs = {f.get("run_id") for f in rec["content"]["footnotes"] if f["n"] in change[0]["refs"]}
    assert footnoted_runs == {run_id, rec["forecast_run_id"]}


def test_region_of_concern_leads_the_judgments(brief):
    store, _, _ = brief
    other = create_brief(store, "XFD", region="South March", authors=["Ada Field"], scenario_boot=-1)
    rec = brief_version(store, other)
    assert rec["content"]["region"] == "South March" and rec["region"] == "South March"
    first = next(s for s in sentences(rec["content"]) if s["judgment"])
    assert "South March" in first["text"]


def test_title_by_severity_and_horizon():
    from datetime import date

    from watchfloor.warn.brief import title_severity
    from watchfloor.warn.triggers import Trigger

    def trig(severity, region_id):
        return Trigger("coup", "coup", severity, date(2020, 6, 1), region_id, region_id, "x")

    p_next = {"A": 0.9, "B": 0.3}
    assert title_severity([trig(3, "A")], p_next) == 3        # severe, and fatal violence near certain next month
    assert title_severity([trig(3, "B")], p_next) == 2        # severe, but not imminent there
    assert title_severity([trig(3, None)], p_next) == 3       # country-wide: the country's highest probability
    assert title_severity([trig(3, None)], {"B": 0.3}) == 2
    assert title_severity([trig(2, "A")], p_next) == 2
    assert title_severity([trig(1, "A")], p_next) == 1
    assert title_severity([], p_next) == 1


def test_a_template_chosen_by_several_actors_is_said_once(bundled_db):
    # a trigger naming two armed groups of one type: the plural form names both, instead of two near-identical lines
    from datetime import date as _date

    from watchfloor.store import Store
    from watchfloor.store import briefs as db
    from watchfloor.warn.brief import Footnotes, _recommendations
    from watchfloor.warn.triggers import Trigger
    with Store.open(bundled_db) as store:
        kinds = db.actor_kinds(store)
        groups = ["JNIM", "IS Sahel"]
        assert {kinds[g.lower()] for g in groups} == {"jihadist group"}
        ucdp_row = store.scalar("SELECT id FROM events WHERE country_iso3 = 'MLI' ORDER BY id LIMIT 1")
        t = Trigger("escalation.baseline_change", "escalation", 2, _date(2020, 6, 1), None, "Gao", "x",
                    [{"type": "event", "id": ucdp_row}], {}, groups)
        notes = Footnotes()
        texts = [s.text for s in _recommendations(store, "MLI", "Mali", _date(2020, 6, 1), [t], notes, [], {}, 0)]
    protect = [x for x in texts if "protection of civilians" in x]
    assert protect == ["Security partners in Mali should prioritise the protection of civilians in Gao, "
                       "where JNIM and IS Sahel are active."], texts


def test_a_quote_that_names_its_recommender_is_not_attributed_twice():
    from watchfloor.warn.brief import _names_in
    assert _names_in("Coast Desk (Harbour Analytics)", "The Coast Desk urges donors to fund shelters")
    assert not _names_in("Coast Desk (Harbour Analytics)", "Donors should fund shelters on the coast")


def test_one_recommenders_quotes_of_one_day_are_one_sentence(tmp_path):
    # a second report (written for this test) recommends two things on one day: the brief attributes them once,
    # each quote still footnoted
    from warn_helpers import freedonia_store, read_freedonia_report

    from watchfloor.read.pipeline import read_document
    from watchfloor.store.reports import store_report
    store = freedonia_store(tmp_path)
    read_freedonia_report(store, tmp_path)
    note = tmp_path / "desk.txt"
    note.write_text("Freedonia desk note\n\nRegion of Concern: Freedonia\n\nWritten By Cara North\n\nDate: June 28, 2020\n\n"
                    "Event: Fighting closed the Ashford road in North March on June 25, 2020.\n\n"
                    "Recommendations: Donors should fund field clinics in North March. The army of Freedonia should "
                    "reopen the Ashford road under escort.\n", encoding="utf-8")
    store_report(store, read_document(note))
    brief_id = create_brief(store, "XFD", authors=["Ada Field"], scenario_boot=-1)
    recs = brief_version(store, brief_id)["content"]["sections"]["recommendations"]
    store.close()
    both = [s for s in recs if "field clinics" in s["text"] and "Ashford road" in s["text"]]
    assert len(both) == 1 and both[0]["text"].count("recommended") == 1, [s["text"] for s in recs]
    assert len(both[0]["refs"]) == 2
