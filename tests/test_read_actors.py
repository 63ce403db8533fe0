"""Actors from the world knowledge base, people and unknown organisations, on sentences written for these tests
(none of them is in a fixture)."""
from __future__ import annotations

import warnings
from datetime import date

import pytest

from read_helpers import actor_names as names, read_actors
from watchfloor.read.pipeline import read_document, reader_for

PUBLISHED = date(2024, 5, 1)


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def actors(reader, text, model=False, published=PUBLISHED):
    return read_actors(reader, text, published, model)


def by_name(result) -> dict:
    return {a["name"]: a for a in result["actors"]}


@pytest.mark.parametrize("text, expected", [
    ("Nigerien troops pushed the raiders back toward the border.", "Nigerien Armed Forces"),
    ("Chadian soldiers reinforced the garrison at dawn.", "Military Forces of Chad"),
    ("Kenyan police dispersed the crowd with tear gas.", "Police Forces of Kenya"),
    ("The Ghanaian government summoned the envoy.", "Ghana"),
    ("The armed forces of Benin lost two posts in the north.", "Military Forces of Benin"),
    ("Senegal's army sealed the crossing after the raid.", "Military Forces of Senegal"),
    ("Ethiopian aircraft bombed a market town on Thursday, residents said.", "Military Forces of Ethiopia"),
    ("Kenyan helicopter gunships fired on the camp at dusk.", "Military Forces of Kenya"),
])
def test_states_and_forces_by_demonym_and_possessive(reader, text, expected):
    assert expected in names(actors(reader, text))


@pytest.mark.parametrize("text, expected", [
    ("Tehran denied any involvement in the strike.", "Iran"),
    ("The Kremlin said the instructors would stay.", "Russia"),
    ("Washington has announced new sanctions against the junta's leaders.", "United States"),
    ("Abuja rejected the accusation on Tuesday.", "Nigeria"),
])
def test_capitals_and_seats_of_power_as_their_state(reader, text, expected):
    result = actors(reader, text)
    assert names(result)[0] == expected
    assert expected not in [p["name"] for p in result["places"]]


@pytest.mark.parametrize("text, expected", [
    ("The shelling is meant to pressure Kyiv into talks, the analyst said.", "Ukraine"),
    ("Mediators tried to persuade Addis Ababa to open the corridor.", "Ethiopia"),
    ("The visit was meant to reassure Nairobi after the raid.", "Kenya"),
    ("Donors should press Kinshasa to pay the soldiers' wages.", "DR Congo"),
])
def test_a_capital_as_the_object_of_pressure_or_persuasion_is_its_state(reader, text, expected):
    assert expected in names(actors(reader, text))


def test_a_capital_as_a_location_is_a_place_not_an_actor(reader):
    result = actors(reader, "Heavy fighting continued in Khartoum, and residents fled from Omdurman.")
    assert not any(a["type"] == "foreign state" for a in result["actors"])
    assert "Khartoum" in [p["name"] for p in result["places"]]


def test_a_countrys_name_as_a_place_is_no_actor(reader):
    result = actors(reader, "Thousands of refugees crossed into Chad last month.")
    assert "Chad" not in names(result)


def test_international_organisations_and_the_security_council(reader):
    result = actors(reader, "The UN Security Council renewed the sanctions regime; the UNSC vote followed a "
                            "briefing by OCHA. NATO and the Arab League issued statements, and IGAD called a summit.")
    got = names(result)
    assert {"UN Security Council", "OCHA", "NATO", "Arab League", "IGAD"} <= set(got)
    assert [m["text"] for m in by_name(result)["UN Security Council"]["mentions"]] == ["UN Security Council", "UNSC"]


def test_peace_operations_and_their_successors(reader):
    text = "AU peacekeepers in Somalia withdrew from two bases near Baidoa."
    before = actors(reader, text, published=date(2021, 6, 1))
    after = actors(reader, text, published=date(2023, 6, 1))
    named = actors(reader, "AMISOM withdrew from two bases near Baidoa.", published=date(2023, 6, 1))
    assert names(before) == ["AMISOM"] and names(after) == ["ATMIS"] and names(named) == ["AMISOM"]


@pytest.mark.parametrize("text, expected", [
    ("Daesh claimed the bombing of the checkpoint.", "Islamic State"),
    ("ISIL fighters regrouped in the desert.", "Islamic State"),
    ("The Huthis launched drones at a tanker off Hodeidah.", "Ansar Allah"),
    ("Shabaab gunmen stormed a hotel in the capital.", "Al-Shabaab"),
    ("Hizbollah fired rockets across the frontier.", "Hezbollah"),
    ("ISKP suicide bombers struck a mosque in Kunduz.", "Islamic State Khorasan Province"),
    ("Fighters of the Allied Democratic Forces raided villages in Beni territory.", "Allied Democratic Forces"),
    ("The Rapid Support Forces shelled a market in El Fasher.", "Rapid Support Forces"),
    ("Hay'at Tahrir al-Sham took control of the highway.", "Hayat Tahrir al-Sham"),
])
def test_armed_groups_worldwide_with_their_aliases(reader, text, expected):
    assert expected in names(actors(reader, text))


def test_aliases_merge_into_one_actor(reader):
    result = actors(reader, "ISIS claimed the ambush. A video released by the Islamic State showed the convoy; IS "
                            "media later named the attackers.")
    got = by_name(result)["Islamic State"]
    assert [m["text"] for m in got["mentions"]] == ["ISIS", "Islamic State", "IS"]
    assert names(result).count("Islamic State") == 1


def test_a_shouted_heading_is_not_the_islamic_state(reader):
    assert "Islamic State" not in names(actors(reader, "WHAT IS AT STAKE FOR THE REGION\nTalks resumed."))


@pytest.mark.parametrize("text, expected", [
    ("Al Qaeda's affiliate in Burkina Faso blockaded the town of Djibo.", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("IS-affiliated militants killed herders near Ménaka in north-eastern Mali.", "Islamic State Sahel Province"),
    ("Al Qaeda-linked fighters raided a base near Mogadishu, Somalia.", "Al-Shabaab"),
    ("Islamic State-linked insurgents attacked Mocímboa da Praia in Mozambique.", "Islamic State Mozambique Province"),
    ("Militants loyal to Islamic State ambushed soldiers in Borno, Nigeria.", "Islamic State West Africa Province"),
])
def test_franchise_descriptions_resolve_by_the_country_the_sentence_names(reader, text, expected):
    assert names(actors(reader, text))[0] == expected


def test_franchise_description_without_a_country_uses_the_documents_country(reader):
    text = ("Attacks multiplied around Kidal and Gao this month. Al Qaeda-linked militants ambushed a convoy on the "
            "road, and the army responded with drone strikes near Tessalit.")
    got = names(actors(reader, text))
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in got and "Malian Armed Forces" in got


def test_generic_mentions_take_the_documents_country_only_when_it_is_clear(reader):
    clear = "Gunmen struck Maiduguri and Bama in Borno. Security forces later arrested nine suspects in Konduga."
    mixed = "Gunmen struck Maiduguri; in Niamey, officials met. Security forces later arrested nine suspects."
    assert "Military Forces of Nigeria" in names(actors(reader, clear))
    assert not any(n.startswith("Military Forces of") for n in names(actors(reader, mixed)))


def test_a_local_name_means_the_local_group(reader):
    text = "In Mozambique's Cabo Delgado, al-Shabaab insurgents burned houses near Macomia and Pemba."
    assert "Islamic State Mozambique Province" in names(actors(reader, text))
    somalia = "In Somalia, al-Shabaab insurgents burned houses near Mogadishu and Kismayo."
    assert "Al-Shabaab" in names(actors(reader, somalia))


def test_people_with_role_and_org_by_rules(reader):
    text = ("Junta leader Colonel Assimi Goïta received EU foreign policy chief Josep Borrell near Bamako. "
            "Goïta later said the talks were frank. Separately, Somali President Hassan Sheikh Mohamud met troops.")
    result = by_name(actors(reader, text))
    goita = result["Assimi Goïta"]
    assert goita["type"] == "person" and goita["known"] is False
    assert (goita["role"], goita["org"]) == ("Junta leader", "Mali")
    # the mention holds the title from its first capital ("junta leader" is the role, not part of the mention)
    assert [m["text"] for m in goita["mentions"]] == ["Colonel Assimi Goïta", "Goïta"]
    assert (result["Josep Borrell"]["role"], result["Josep Borrell"]["org"]) == ("foreign policy chief",
                                                                                "European Union")
    assert (result["Hassan Sheikh Mohamud"]["role"], result["Hassan Sheikh Mohamud"]["org"]) == ("President",
                                                                                                "Somalia")


def test_a_title_before_an_organisation_word_is_no_person(reader):
    result = actors(reader, "The General Assembly adopted the resolution after the Secretary-General spoke.")
    assert not any(a["type"] == "person" for a in result["actors"])


def test_people_from_the_model_with_an_apposition(reader):
    text = ("The rebels freed Olumide Adebayo, a senior commander of the Multinational Joint Task Force, on Friday. "
            "Adebayo was held for a month.")
    result = by_name(actors(reader, text, model=True))
    person = result["Olumide Adebayo"]
    assert person["org"] == "Multinational Joint Task Force" and person["role"] == "senior commander"
    assert len(person["mentions"]) == 2


def test_unknown_organisations_are_actors_with_known_false(reader):
    text = ("The Coordination of Kel Tamasheq Herders (CKTH) accused the militia of theft; CKTH fighters "
            "later retook the wells. The Union of Sahel Traders said prices had doubled.")
    result = by_name(actors(reader, text))
    herders = result["Coordination of Kel Tamasheq Herders"]
    assert herders["known"] is False and herders["type"] == "armed group"
    assert [m["text"] for m in herders["mentions"]] == ["Coordination of Kel Tamasheq Herders", "CKTH", "CKTH"]
    assert result["Union of Sahel Traders"]["known"] is False


def test_known_actors_say_so(reader):
    result = actors(reader, "JNIM attacked the camp.")
    assert result["actors"][0]["known"] is True and "role" not in result["actors"][0]


def test_report_furniture_is_not_an_actor(reader):
    text = ("WARNING\nSahel Weekly Security Update\nBy Amara Sow | Regional Desk\n\nKey Takeaways: Event\n"
            "Significance: On Monday in March, gunmen burned a school near Dori, Reuters reported.")
    result = actors(reader, text, model=True)
    got = {n.lower() for n in names(result)}
    for junk in ("warning", "event", "significance", "monday", "march", "reuters", "amara sow",
                 "sahel weekly security update", "key takeaways"):
        assert junk not in got


def test_read_document_uses_the_model_by_default_and_no_model_reads_rules_only():
    text = "The rebels freed Olumide Adebayo on Friday, according to a statement by Tabital Pulaaku."
    default = read_document("t", text=text, published=PUBLISHED).as_json()
    rules = read_document("t", text=text, published=PUBLISHED, model=False).as_json()
    assert "Tabital Pulaaku" in names(default) and "Tabital Pulaaku" not in names(rules)
    assert default["candidates"] == [] and rules["candidates"] == []


def test_a_missing_model_package_falls_back_to_the_rules_with_one_warning(monkeypatch):
    from watchfloor.read import nlp
    monkeypatch.setitem(nlp.MODEL_PACKAGES, "en", "watchfloor_no_such_model")
    monkeypatch.setattr(nlp, "MODEL_PACKAGE", "watchfloor_no_such_model")
    nlp.load_model.cache_clear()
    nlp._WARNED.clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = read_document("t", text="JNIM attacked the camp near Djibo.", published=PUBLISHED)
            read_document("t", text="JNIM attacked the camp near Dori.", published=PUBLISHED)
        assert "Jama'at Nusrat al-Islam wal-Muslimin" in [a["name"] for a in first.actors]
        assert len([w for w in caught if "reading with the rules only" in str(w.message)]) == 1
    finally:
        nlp.load_model.cache_clear()


def test_stored_facts_keep_known_role_and_org(tmp_path, reference_store):
    from watchfloor.store.reports import facts_for_report
    text = "President Mohamed Bazoum of Niger met the CNSP delegation. The Niger Patriotic Front (NPF) objected."
    result = read_document("t", text=text, published=PUBLISHED, store=reference_store)
    rows = facts_for_report(reference_store, result.report_id, "actor")
    values = {r["value"]["name"] if isinstance(r["value"], dict) else None: r for r in rows}
    assert values["Mohamed Bazoum"]["value"]["role"] == "President"
    assert values["Mohamed Bazoum"]["actor_id"] is None
    assert values["Niger Patriotic Front"]["value"]["known"] is False


@pytest.mark.parametrize("text, name, role, model", [
    # a role in lower case with its subject after "on", then the name between commas
    ("The UN special rapporteur on the situation in Eritrea, Mohamed Abdelsalam Babiker, said arrests had risen.",
     "Mohamed Abdelsalam Babiker", "special rapporteur", False),
    # French titles of several words before the name
    ("Le président de transition Mamadi Doumbouya a reçu les délégués à Conakry.", "Mamadi Doumbouya",
     "président de transition", False),
    ("Selon la politologue Kadiatou Sall Bah, la junte cherche à gagner du temps.", "Kadiatou Sall Bah",
     "politologue", False),
    # a former holder of the role, between commas after it
    ("The pact was drafted under the former governor of Kassala, Osman Adam Idris, who later fled to Cairo.",
     "Osman Adam Idris", "governor", False),
])
def test_people_with_titles_the_model_or_the_rules_find(reader, text, name, role, model):
    person = by_name(actors(reader, text, model=model)).get(name)
    assert person is not None and person["type"] == "person" and person["role"] == role


def test_a_given_name_before_the_models_name_is_taken_but_not_a_title():
    # the model found "Bihi Abdi" alone: the word before it is a given name, the one before that a title
    from watchfloor.read.people import _given_names_before, _titles
    text = "Somaliland President Muse Bihi Abdi met the envoy."
    start = _given_names_before(text, text.index("Bihi"), _titles()[1])
    assert text[start:text.index(" met")] == "Muse Bihi Abdi"


@pytest.mark.parametrize("text, expected", [
    ("Galmudug troops traded fire with Puntland forces across the dividing line overnight.",
     {"Galmudug Security Forces", "Puntland Security Forces"}),
    ("Men of the UAE-backed Security Belt took over the port gates on Sunday.", {"Security Belt Forces"}),
    ("Heego youths and the Liyu Police looted shops in the regional capital.", {"Heego", "Liyu Police"}),
])
def test_regional_forces_and_militias_of_the_knowledge_base(reader, text, expected):
    got = {a["name"]: a for a in actors(reader, text)["actors"]}
    assert expected <= set(got) and all(got[n]["known"] for n in expected)


def test_federal_forces_and_police_are_the_documents_countrys(reader):
    text = ("Nigeria: curfew in Jos\n\nFederal police and federal troops were deployed to Jos on Sunday after two "
            "nights of clashes between rival youths, Nigerian officials said.")
    got = names(actors(reader, text))
    assert {"Police Forces of Nigeria", "Military Forces of Nigeria"} <= set(got)


@pytest.mark.parametrize("text, name", [
    ("Au Gabon, la Cour constitutionnelle a validé mardi les résultats du scrutin.", "Cour constitutionnelle"),
    ("Le Conseil constitutionnel a rejeté les recours de trois candidats le 12 mars.", "Conseil constitutionnel"),
    ("Un recours a été déposé devant la Cour suprême le 4 avril par les avocats de l'opposant.", "Cour suprême"),
    ("RDC : exil\n\nSelon un chercheur de l'université de Kisangani, les déplacés manquent de tout.",
     "université de Kisangani"),
])
def test_french_institutions_named_by_a_head_and_an_adjective(reader, text, name):
    assert name in names(actors(reader, text))


def test_a_states_air_defences_are_its_forces(reader):
    got = names(actors(reader, "Qatari air defences shot down two drones over the Gulf on Tuesday night."))
    assert "Military Forces of Qatar" in got


@pytest.mark.parametrize("text", [
    "Analysts said a Kenyan military response was unlikely before the rains.",
    "The Ugandan military presence in the area would stay small, diplomats said.",
    "Kenyan military planners expect the rains to slow the offensive.",
])
def test_military_as_an_adjective_of_an_abstract_noun_is_no_force(reader, text):
    assert not any(n.startswith("Military Forces") for n in names(actors(reader, text)))


@pytest.mark.parametrize("text, states", [
    ("The ceasefire monitors were sent at the request of both Khartoum and Juba after the border clashes.",
     ["Sudan", "South Sudan"]),
    ("The talks began at the invitation of Rabat and Nouakchott.", ["Morocco", "Mauritania"]),
])
def test_capitals_at_whose_request_or_invitation_are_their_states(reader, text, states):
    result = actors(reader, text)
    assert set(states) <= set(names(result)), names(result)
    assert not {"Khartoum", "Juba", "Rabat", "Nouakchott"} & {p["name"] for p in result["places"]}


def test_a_state_a_deal_was_brokered_through_is_an_actor(reader):
    result = actors(reader, "The grain corridor deal, brokered through Qatar last spring, collapsed on Monday.")
    assert "Qatar" in names(result), names(result)


@pytest.mark.parametrize("text, expected", [
    ("Niger's emergency agency said 4,000 people had been displaced by the floods.",
     "Emergency Management Agency of Niger"),
    ("Kenya's supreme court annulled the result on Friday.", "Supreme Court of Kenya"),
    ("The Ghanaian electoral commission denied any fraud.", "Electoral Commission of Ghana"),
])
def test_more_state_institutions_after_a_demonym_or_possessive(reader, text, expected):
    assert expected in names(actors(reader, text))


@pytest.mark.parametrize("model", [False, True])
def test_an_organisations_abbreviation_qualifying_a_role_or_body_is_not_it_acting(reader, model):
    got = read_document("t", text="Yemen: on Monday the UN special envoy, Jan Kowalski, met Houthi leaders, and UN "
                                  "agencies warned of famine.", model=model, published=PUBLISHED).as_json()
    assert "United Nations" not in names(got), names(got)
    got = read_document("t", text="The UN peacekeeping mission, MINUSCA, said its convoy was hit. The UN condemned "
                                  "the attack.", model=model, published=PUBLISHED).as_json()
    un = [a for a in got["actors"] if a["name"] == "United Nations"]
    assert un and [m["text"] for m in un[0]["mentions"]] == ["UN"], got["actors"]    # the second, acting


@pytest.mark.parametrize("text, expected", [
    ("Le 3 mars, Niamey a dépêché des renforts vers la frontière.", "Niger"),
    ("Après l'attaque, Ouagadougou a rompu les relations avec le voisin.", "Burkina Faso"),
])
def test_a_capital_as_the_subject_of_a_french_past_tense_is_its_state(reader, text, expected):
    assert expected in names(actors(reader, text))


@pytest.mark.parametrize("text, name", [
    # an abbreviation from another language, after an owner's name and 's
    ("Niger's Rapid Intervention Company (CIR) pursued the raiders toward Banibangou.", "Rapid Intervention Company"),
    ("Burkina Faso's Special Intervention Unit (USI) freed the hostages.", "Special Intervention Unit"),
    ("Chad's Mobile Guard (GM) patrols the eastern border.", "Mobile Guard"),
])
def test_a_bodys_translated_name_after_its_owner_is_the_whole_name(reader, text, name):
    got = names(actors(reader, text))
    assert name in got and not {"Company", "Unit", "Guard"} & set(got), got


@pytest.mark.parametrize("text, name", [
    ("Self-defence groups known as Nkoula clashed with herders near Yambio.", "Nkoula"),
    ("Armed youths, a faction known locally as Bantou, ambushed a patrol near Beni.", "Bantou"),
    ("Des groupes d'autodéfense connus sous le nom de Dan Kadi ont tué deux bergers.", "Dan Kadi"),
    # a letter whose lower case is no simple fold (Turkish dotted İ): no quick word test, the scan still runs
    ("Near İdlib, fighters known as Liwa Sultan shelled a checkpoint.", "Liwa Sultan"),
])
def test_an_armed_group_by_the_name_it_is_known_as(reader, text, name):
    found = by_name(actors(reader, text))
    assert name in found and found[name]["type"] == "armed group", found
