"""The reader's steps on short texts written for these tests: every answer is checked against the text."""
from __future__ import annotations

from datetime import date

import pytest

from read_helpers import WARNING_BRIEF
from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def read(reader, text, published=date(2023, 9, 20)):
    return reader.read("test", text, published=published).as_json()


def spans_point_into_text(result: dict) -> None:
    text = result["text"]
    for group in ("actors", "places"):
        for item in result[group]:
            for m in item["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
    for group in ("dates", "quantities"):
        for item in result[group]:
            assert text[item["start"]:item["end"]] == item["text"]
    for group in ("judgments", "possibilities"):
        for item in result[group]:
            assert text[item["start"]:item["end"]] == item["text"]
            assert item["term"].lower() in item["text"].lower()


def test_warning_brief_end_to_end(reader):
    r = read(reader, WARNING_BRIEF, published=None)
    spans_point_into_text(r)
    assert r["title"] == "Warning Brief: Pressure on the Boulkessi camp"
    assert r["date"] == "2023-09-20"
    assert r["authors"] == ["A. Analyst"] and r["editors"] == ["B. Editor"]
    assert [s["name"] for s in r["sections"]] == ["body", "Event", "Significance", "Recommendations"]
    recs = next(s for s in r["sections"] if s["name"] == "Recommendations")
    assert "top of page" not in r["text"][recs["start"]:recs["end"]]
    assert "Subscribe" not in r["text"][recs["start"]:recs["end"]]
    names = {a["name"] for a in r["actors"]}
    assert {"Jama'at Nusrat al-Islam wal-Muslimin", "Malian Armed Forces", "Wagner Group",
            "Permanent Strategic Framework", "Government of Mali", "MINUSMA", "ECOWAS", "African Union",
            "Algeria"} <= names
    places = {p["name"]: p["admin1"] for p in r["places"]}
    assert places["Boulkessi"] == "Mopti" and places["Ber"] == "Timbuktu"
    assert "Example Wire" not in {p["name"] for p in r["places"]}
    assert [(c["n"], c["outlet"], c["date"]) for c in r["citations"]] == [(1, "Example Wire", "2023-09"),
                                                                         (2, "Example Wire", "2023-09")]
    assert r["citations"][1]["url"] == "https://news.example.org/mali/1"
    assert [j["term"] for j in r["judgments"]] == ["will very likely", "likely", "very unlikely"]
    assert r["judgments"][1]["band"] == [0.2, 0.45]         # "not likely" → unlikely
    assert [p["term"] for p in r["possibilities"]] == ["may"]
    assert {(x["to"], x["action"]) for x in r["recommendations"]} == {
        ("The Malian government", "open talks with the CSP"), ("the AU", "send observers")}
    first = r["events"][0]
    assert (first["sub_type"], first["actor1"], first["actor2"], first["place"], first["date"], first["fatalities"]) == \
        ("Armed clash", "Jama'at Nusrat al-Islam wal-Muslimin", "Malian Armed Forces", "Boulkessi", "2023-09-12", 12)
    assert any(e["sub_type"] == "Non-state actor overtakes territory" and e["place"] == "Ber" for e in r["events"])
    troops = next(q for q in r["quantities"] if q["value"] == 1035)
    assert (troops["unit"], troops["subject"]) == ("troops", "Egypt")


@pytest.mark.parametrize("sentence, term, band", [
    ("The CSP will very likely hold Ber.", "will very likely", [0.8, 0.95]),
    ("A deal is very unlikely this year.", "very unlikely", [0.05, 0.2]),
    ("A deal is unlikely this year.", "unlikely", [0.2, 0.45]),
    ("Talks are highly likely to resume.", "highly likely", [0.8, 0.95]),
    ("The junta will almost certainly stay.", "will almost certainly", [0.95, 0.99]),
    ("A return of MINUSMA is remote.", "remote", [0.01, 0.05]),
    ("It is not likely that Wagner leaves.", "likely", [0.2, 0.45]),
    ("Le CSP tiendra très probablement Ber.", "très probablement", [0.8, 0.95]),
    ("Un accord est peu probable.", "peu probable", [0.2, 0.45]),
    ("There is a realistic possibility of talks.", "realistic possibility", [0.4, 0.5]),
])
def test_one_judgment_per_term_with_its_band(reader, sentence, term, band):
    r = read(reader, sentence)
    assert [(j["term"], j["band"]) for j in r["judgments"]] == [(term, band)]
    assert r["judgments"][0]["text"] == sentence


def test_remote_places_are_not_judgments(reader):
    r = read(reader, "Attacks hit remote villages in the north. A negotiated exit is remote. There is a remote chance of talks.")
    assert [(j["term"], j["band"]) for j in r["judgments"]] == [("remote", [0.01, 0.05]), ("remote chance", [0.0, 0.05])]


def test_hedges_are_possibilities_never_judgments(reader):
    r = read(reader, "JNIM may attack Gao. The CSP could retreat. Rains might delay operations. "
                     "In May 2023 the army moved. Il pourrait pleuvoir.")
    assert r["judgments"] == []
    assert [p["term"] for p in r["possibilities"]] == ["may", "could", "might", "pourrait"]


def test_two_terms_in_one_sentence_give_two_judgments(reader):
    r = read(reader, "An attack is likely, but a siege is unlikely.")
    assert [j["term"] for j in r["judgments"]] == ["likely", "unlikely"]
    assert r["judgments"][0]["start"] == r["judgments"][1]["start"]


def test_dates_resolve_against_publication(reader):
    r = read(reader, "On September 12 the camp fell. In August 2022 talks began. Between 2021 and 2022 "
                     "fighting grew. Last week convoys stopped. On December 20 a strike hit. On Monday talks resumed.")
    got = {d["text"]: (d["value"], d["precision"]) for d in r["dates"]}
    assert got["September 12"] == ("2023-09-12", "day")
    assert got["August 2022"] == ("2022-08", "month")
    assert got["Between 2021 and 2022"] == ("2021/2022", "range")
    assert got["Last week"] == ("2023-09-11/2023-09-17", "range")
    assert got["December 20"] == ("2022-12-20", "day")        # not in the future of publication
    assert got["Monday"] == ("2023-09-18", "day")


def test_actor_spellings_and_case(reader):
    r = read(reader, "FAMA units and FAMa patrols met. Jama\u2019a Nusrat ul-Islam wa al-Muslimin struck. "
                     "The Economic Community of West African States met au Mali. The Malian army\u2019s convoy moved.")
    got = {a["name"]: [m["text"] for m in a["mentions"]] for a in r["actors"]}
    assert got["Malian Armed Forces"] == ["FAMA", "FAMa", "Malian army"]
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in got
    assert "African Union" not in got                  # French "au" is not the AU
    assert got["ECOWAS"] == ["Economic Community of West African States"]


def test_descriptions_and_definitions_on_the_fly(reader):
    r = read(reader, "Al Qaeda\u2019s Sahelian affiliate claimed the attack. The Front for the Salvation of Gourma "
                     "(FSG) denied it; the FSG said its fighters were elsewhere.")
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in {a["name"] for a in r["actors"]}
    unknown = {c["name"]: [m["text"] for m in c["mentions"]] for c in r["actors"] if not c["known"]}
    assert unknown["Front for the Salvation of Gourma"] == ["Front for the Salvation of Gourma", "FSG", "FSG"]
    assert r["candidates"] == []


def test_states_are_actors_only_when_they_act(reader):
    r = read(reader, "France withdrew its troops. Refugees fled to Niger. Guinea, itself ruled by a junta, said "
                     "it would keep its border open.")
    actors = {a["name"] for a in r["actors"]}
    places = {p["name"] for p in r["places"]}
    assert {"France", "Guinea"} <= actors and "Niger" not in actors
    assert "Niger" in places and "France" not in places


def test_places_use_document_context(reader):
    mali = read(reader, "Fighting in Mali spread from Gao to Kidal and the Kidal region.")
    got = {(p["name"], p["admin1"], p["country"]) for p in mali["places"]}
    assert ("Gao", "Gao", "MLI") in got
    assert {p["admin1"] for p in mali["places"] if p["name"] == "Kidal"} == {"Kidal"}
    burkina = read(reader, "In Burkina Faso, near Sapouy, gunmen attacked the village of Gao in Ziro province.")
    assert {p["country"] for p in burkina["places"] if p["name"] == "Gao"} == {"BFA"}


def test_common_words_are_not_places(reader):
    r = read(reader, "Say what you will. San antonio is far. Officials say the attack in Say killed 3 people.")
    mentions = [m["text"] for p in r["places"] for m in p["mentions"]]
    assert mentions == ["Say"] and r["text"].index("in Say") + 3 == r["places"][0]["mentions"][0]["start"]


def test_citations_markers_and_ibid(reader):
    text = ("Claims rose.[1] The army denied it.[2] Others agreed.[3]\n\nNotes\n"
            "[1] \u201cJNIM claims attack,\u201d Sahel Monitor, 12 March 2023, https://example.org/a\n"
            "[2] Ibid., p. 4.\n[3] Army statement, Defence Ministry, March 2023\n")
    r = read(reader, text)
    assert [(c["n"], c["title"], c["outlet"], c["date"]) for c in r["citations"]] == [
        (1, "JNIM claims attack", "Sahel Monitor", "2023-03-12"),
        (2, "JNIM claims attack", "Sahel Monitor", "2023-03-12"),
        (3, "Army statement", "Defence Ministry", "2023-03")]
    assert r["citations"][1]["url"] == "https://example.org/a"


@pytest.mark.parametrize("sentence, sub_type", [
    ("JNIM militants ambushed a FAMa patrol near Boni, killing 8 soldiers.", "Armed clash"),
    ("Gunmen killed 14 villagers in Ogossagou.", "Attack"),
    ("A FAMa drone strike hit a wedding near Douentza.", "Air/drone strike"),
    ("An IED struck a MINUSMA convoy near Aguelhok.", "Remote explosive/landmine/IED"),
    ("ISSP fighters abducted 5 traders near Ménaka.", "Abduction/forced disappearance"),
    ("The Malian army retook the town of Kidal from CSP rebels.", "Government regains territory"),
    ("Protesters marched in Bamako against ECOWAS sanctions.", "Peaceful protest"),
    ("Soldiers defused an IED on the road to Gao.", "Disrupted weapons use"),
])
def test_event_sub_types(reader, sentence, sub_type):
    r = read(reader, sentence)
    assert [e["sub_type"] for e in r["events"]] == [sub_type]


def test_no_events_from_judgments_recommendations_or_hypotheticals(reader):
    r = read(reader, "JNIM will likely attack Boulkessi. If the CSP attacks Gao, FAMa would retaliate. "
                     "The army should protect convoys. Could JNIM strike Mopti?")
    assert r["events"] == []


def test_quantities_with_units_and_subjects(reader):
    r = read(reader, "Chad contributed 1,400 troops. The attack killed 47 people. About 16,000 people were displaced.")
    got = {(q["value"], q["unit"]) for q in r["quantities"]}
    assert {(1400, "troops"), (47, "fatalities"), (16000, "displaced")} <= got
    assert next(q["subject"] for q in r["quantities"] if q["value"] == 1400) == "Chad"


def test_model_adds_unknown_organisations_beside_the_rules(reader):
    text = ("JNIM fighters attacked the camp at Boulkessi on Monday, killing 12 soldiers, according to a statement "
            "by Tabital Pulaaku.")
    rules = reader.read("t", text, published=date(2023, 9, 20)).as_json()
    with_model = reader.read("t", text, published=date(2023, 9, 20), model=True).as_json()
    assert [a for a in with_model["actors"] if a["known"]] == [a for a in rules["actors"] if a["known"]]
    assert with_model["places"] == rules["places"]
    unknown = [a for a in with_model["actors"] if not a["known"]]
    assert [a["name"] for a in unknown] == ["Tabital Pulaaku"]
    assert unknown[0]["type"] == "organisation"
    for a in with_model["actors"]:
        for m in a["mentions"]:
            assert with_model["text"][m["start"]:m["end"]] == m["text"]


def test_relative_days_count_from_the_last_date(reader):
    r = read(reader, "On 12 March 2023 JNIM attacked Hombori. Two days later the army retook the town. La veille, rien.")
    assert [(d["text"], d["value"]) for d in r["dates"]] == [("12 March 2023", "2023-03-12"),
                                                           ("Two days later", "2023-03-14"),
                                                           ("La veille", "2023-03-13")]


def test_aliases_after_an_actor_ends_go_to_its_successor(reader):
    before = read(reader, "Russian mercenaries deployed to Timbuktu.", published=date(2022, 1, 10))
    after = read(reader, "Russian mercenaries deployed to Timbuktu.", published=date(2024, 3, 10))
    named = read(reader, "Wagner Group fighters deployed to Timbuktu.", published=date(2024, 3, 10))
    assert [a["name"] for a in before["actors"]] == ["Wagner Group"]
    assert [a["name"] for a in after["actors"]] == ["Africa Corps"]
    assert [a["name"] for a in named["actors"]] == ["Wagner Group"]


def test_people_named_like_towns_are_not_places(reader):
    r = read(reader, "President Ibrahim Boubacar Keïta resigned. Fighting in central Mali reached Niger's Tillabéri "
                     "region.")
    # (the country of "central Mali" is no place of its own: the area is where it happened)
    assert [p["name"] for p in r["places"]] == ["central Mali", "Niger", "Tillabéri"]
    assert [p["kind"] for p in r["places"]] == ["area", "country", "admin"]


def test_regions_and_rivers_that_hold_a_place_name_are_not_that_place(reader):
    r = read(reader, "Piracy in the Gulf of Guinea rose. Attacks in the Liptako-Gourma area spread along the "
                     "Niger River near Gao.")
    # named areas are listed as areas (December 2026 rules), never as Guinea or Niger
    assert [(p["name"], p["kind"]) for p in r["places"]] == [("Gulf of Guinea", "area"), ("Liptako-Gourma", "area"),
                                                            ("Gao", "town")]


def test_month_may_does_not_make_a_fact_hypothetical(reader):
    r = read(reader, "In May JNIM fighters ambushed a FAMa convoy near Hombori")
    assert [e["sub_type"] for e in r["events"]] == ["Armed clash"]
