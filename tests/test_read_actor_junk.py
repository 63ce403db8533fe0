"""Names that are no actors although a model or a rule took them for one: a heading's label in capitals, a name
followed by a place word, a name after "at" with no organisation word; and footnote marks that must not cut a
person's name. Each test uses a sentence written for it (none is in a fixture, none quotes one)."""
from __future__ import annotations

from datetime import date

import pytest

from watchfloor.read.nlp import without_marks
from watchfloor.read.pipeline import read_document

PUBLISHED = date(2024, 5, 2)


def read(text: str, model: bool = True) -> dict:
    return read_document("note.txt", text=text, published=PUBLISHED, model=model).as_json()


def mentions(found: dict) -> set[str]:
    return {m["text"] for a in found["actors"] for m in a["mentions"]} | {a["name"] for a in found["actors"]}


@pytest.mark.parametrize("model", [False, True])
def test_a_label_in_capitals_before_a_colon_is_no_actor(model):
    found = read("MAIN FINDING: Al-Shabaab fighters overran a base near Bulo Burde on Tuesday.\n\n"
                 "WATCH POINT: whether the army returns before the rains.", model)
    assert not {"FINDING", "MAIN FINDING", "WATCH POINT", "POINT"} & mentions(found)
    assert any(a["name"] == "Al-Shabaab" for a in found["actors"])


@pytest.mark.parametrize("model", [False, True])
def test_a_name_followed_by_a_place_word_is_a_place_not_a_person(model):
    found = read("Rebels shelled the Sheikh Hamdan junction and the Abu Karim neighbourhood of Deir Hafer overnight.",
                 model)
    assert not {"Hamdan", "Karim", "Sheikh Hamdan", "Abu Karim"} & mentions(found)


@pytest.mark.parametrize("text, name", [
    ("A roadside bomb hit the escort at Ngouboua, near the lake, and the Red Cross treated the wounded at a clinic "
     "run by Doctors Without Borders.", "Ngouboua"),
    ("Two soldiers died when their patrol hit a mine at Tinzawaten, the army said.", "Tinzawaten"),
])
def test_a_name_after_at_without_an_organisation_word_is_no_actor(text, name):
    found = read(text)
    assert name not in mentions(found)


def test_footnote_marks_are_blanked_for_the_model_with_offsets_kept():
    text = "The strike killed the group's commander, Abdi Warsame.[3] Officials confirmed it.¹ More^2 later."
    masked = without_marks(text)
    assert len(masked) == len(text)
    assert "[3]" not in masked and "¹" not in masked and "^2" not in masked
    assert masked.index("Abdi Warsame") == text.index("Abdi Warsame")
    assert without_marks("Chad abstained.(2) Next") == "Chad abstained.    Next"
    assert without_marks("killed 12 (2) people") == "killed 12 (2) people"     # a number in brackets stays


def test_a_person_named_before_a_footnote_mark_keeps_the_whole_name():
    found = read("On 4 March a drone strike near Jilib killed the group's deputy commander, Abdi Warsame Gure.[3] "
                 "The army said the strike was precise.")
    people = {a["name"] for a in found["actors"] if a.get("type") == "person"}
    assert "Abdi Warsame Gure" in people


# -- names that are actors although no rule took them before -------------------------------------------------

def actor(found: dict, text: str) -> dict | None:
    return next((a for a in found["actors"] if a["name"] == text or any(m["text"] == text for m in a["mentions"])),
                None)


@pytest.mark.parametrize("model", [False, True])
def test_a_named_military_operation_is_an_actor(model):
    found = read("Troops of Operation Hamaaye clashed with gunmen near Kidira. L'armée a lancé l'opération Tonnerre "
                 "dans le nord. Kenya's \"Linda Boni\" operation entered its fifth year.", model)
    assert actor(found, "Operation Hamaaye") is not None
    assert actor(found, "opération Tonnerre") is not None
    assert actor(found, "Operation Linda Boni") is not None


@pytest.mark.parametrize("model", [False, True])
def test_a_state_unit_named_in_lower_case_is_an_actor(model):
    found = read("On Monday the republican guard sealed off the palace in N'Djamena, and officers of the national "
                 "guard arrested two ministers.", model)
    assert actor(found, "republican guard") is not None
    assert actor(found, "national guard") is not None


def test_a_given_name_the_model_left_out_joins_the_name():
    found = read("Police arrested the activists Ibrahima Cherif Diallo and Abdoulaye Sow Kamara at a checkpoint in "
                 "Conakry on Friday.")
    people = {a["name"] for a in found["actors"] if a.get("type") == "person"}
    assert not any(p in people for p in ("Sow Kamara", "Cherif Diallo")), people


def test_a_name_the_person_goes_by_is_a_mention_of_that_person():
    found = read("The militia's founder, Ousmane Traoré, better known as Bandit Chief Kobo, surrendered to the army "
                 "near Bankass on Sunday, the governor said.")
    person = actor(found, "Ousmane Traoré")
    assert person is not None and any(m["text"] == "Bandit Chief Kobo" for m in person["mentions"])
    assert sum(1 for a in found["actors"] if "Kobo" in a["name"]) == 0


def test_a_value_word_in_a_party_name_does_not_make_a_country_the_documents():
    found = read("Leaders of the Alliance for the Defence of the Constitution and Justice met in the capital. Police "
                 "dispersed them.")
    assert actor(found, "Police Forces of Uruguay") is None
    assert not any(p["country"] not in (None, "") for p in found["places"] if p["name"] == "Constitution")


def test_a_country_heading_does_not_join_the_next_lines_first_word():
    found = read("Regional round-up\n\nGHANA\nSoldiers of Operation Calm Life patrolled the border near Bawku on "
                 "Tuesday.")
    assert not any("\n" in m["text"] for a in found["actors"] for m in a["mentions"])


def test_a_state_noun_before_bases_or_advisers_is_an_adjective():
    found = read("The junta in Niamey cited American military bases in the region, and a senior Turkish military "
                 "adviser visited Agadez.")
    names = {a["name"] for a in found["actors"]}
    assert not any(n.startswith("Military Forces of") for n in names), names


# -- an organisation's whole name -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, whole", [
    ("\"Expect more raids,\" said Musa Bello, a director at the Kano-based firm Sentinel Risk and Advisory.",
     "Sentinel Risk and Advisory"),
    ("Gunmen overran the base of the 72nd Special Forces Battalion near Marte.", "72nd Special Forces Battalion"),
    ("Fighters of the 166 Brigade clashed with a rival militia in Zawiya.", "166 Brigade"),
    ("The Volunteer Brigades, backed by the governor, retook Bama.", "Volunteer Brigades"),
    ("Aid groups including the Kivu Mothers' Peace Network and the Goma Women's Solidarity Group condemned the "
     "shelling.", "Goma Women's Solidarity Group"),
])
def test_an_organisations_whole_name_is_its_mention(text, whole):
    found = read(text)
    assert actor(found, whole) is not None, [a["name"] for a in found["actors"]]


def test_two_bodies_joined_by_and_the_are_two_actors():
    found = read("The rules drafted by the Council of Elders and the High Commission of Reconciliation were "
                 "rejected.")
    assert actor(found, "Council of Elders and the High Commission of Reconciliation") is None


def test_a_year_before_a_heading_word_is_no_unit():
    found = read("Outlook 2025 Front Line Assessment\n\nJNIM fighters attacked Djibo.")
    assert not any(a["name"].startswith("2025") for a in found["actors"])


# -- people -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", [False, True])
def test_a_name_between_commas_after_a_role_is_a_person(model):
    found = read("The Minister of Territorial Administration, Paul Atanga Nji, said on Monday that the curfew "
                 "would stay. Police detained the Governor of Borno, Kashim Zulum, at the airport.", model)
    people = {a["name"] for a in found["actors"] if a.get("type") == "person"}
    assert {"Paul Atanga Nji", "Kashim Zulum"} <= people, people


def test_a_given_name_that_is_also_a_month_starts_a_name():
    found = read("\"The camps are full,\" said June Okafor, a coordinator with the Borno Relief Network.")
    people = {a["name"] for a in found["actors"] if a.get("type") == "person"}
    assert "June Okafor" in people, people


def test_a_capitalised_word_is_no_state_by_an_all_capitals_abbreviation():
    found = read("\"The street will decide,\" Sadr told his followers in Najaf on Tuesday.")
    assert actor(found, "Western Sahara") is None


def test_a_word_in_front_of_a_title_is_no_organisation():
    found = read("Interim Prime Minister Ali Lamine Zeine met donors. Influential Sufi cleric Sheikh Ahmed Ould "
                 "Sidi spoke in Nouakchott, and ECOWAS Commission President Omar Touray replied.")
    assert not {"Interim", "Influential", "Sufi"} & mentions(found)
    assert actor(found, "ECOWAS") is not None or any("ECOWAS" in m for m in mentions(found))


def test_an_armed_groups_media_arm_is_an_actor():
    found = read("Islamic State claimed the ambush near Ménaka through its Amaq news agency on Friday.")
    assert actor(found, "Amaq News Agency") is not None


def test_an_ethnic_groups_armed_men_in_the_plural_are_a_description_and_a_named_movement_is_an_actor():
    found = read("Villagers blamed Berom militias for the raid near Bokkos. Supporters of the Sadrist movement "
                 "marched in Baghdad, and the Kurdish bloc boycotted the session.")
    assert "Berom militias" not in mentions(found)
    assert actor(found, "Sadrist movement") is not None


def test_a_capitalised_word_before_protesters_or_a_named_building_is_no_organisation():
    found = read("Thousands of Gulenist protesters stormed the Presidential Palace in the capital, and Popular "
                 "Shi'ite cleric Ali Hashem urged calm.")
    assert not {"Gulenist", "Presidential Palace", "Popular Shi'ite"} & mentions(found)


@pytest.mark.parametrize("text, body", [
    ("Farmers joined the Kandi vigilance committee after the raids, the mayor said.", "Kandi vigilance committee"),
    ("Members of the Koro hunters' association of Dinangourou denied any role in the killings.",
     "Koro hunters' association of Dinangourou"),
])
def test_a_body_named_by_its_place_with_a_lower_case_head_is_an_actor(text, body):
    assert actor(read("Weekly note\n\n" + text), body) is not None


def test_an_ethnic_group_with_a_lower_case_head_is_no_named_body():
    found = read("Villagers blamed the Fulani self-defence group for the raid near Djibo.")
    assert "Fulani self-defence group" not in mentions(found)


def test_a_dateline_of_two_cities_is_no_organisation():
    found = read("Press release\n\nGENEVA / JUBA (3 May 2022) – Investigators found that 71 civilians were killed in "
                 "Leer county.")
    assert not any("GENEVA" in m or "JUBA" in m for m in mentions(found))


@pytest.mark.parametrize("text, junk", [
    # a generic plural noun capitalised only because it opens the sentence
    ("Relief workers reached the camp at dawn. Witnesses said the shelling lasted two hours.", "Witnesses"),
    ("Investigators visited the camps. Groups of Hema militiamen armed with machetes attacked the site at dawn.",
     "Groups"),
    # a community named before its noun is no organisation
    ("Gunmen attacked members of the Hema community near Djugu on Friday night.", "Hema"),
])
def test_generic_people_and_communities_are_no_organisations(text, junk):
    for model in (False, True):
        assert junk not in mentions(read(text, model))


PROSE = ("Armed men on motorcycles raided three villages east of the river on Tuesday night, burning granaries and "
         "driving off cattle, according to local officials and residents who fled to the district town.")


def test_the_publisher_in_the_head_lines_is_no_actor_unless_the_body_names_it():
    head = "Raids east of the river\n\nBulletin n° 12/2024 – Observatoire des frontières du Liptako (OFL)\n4 juin 2024\n\n"
    assert not any("Observatoire" in m or m == "OFL" for m in mentions(read(head + PROSE, False)))
    named = head + PROSE + " The Observatoire des frontières du Liptako counted 14 such raids since January."
    assert any("Observatoire" in m for m in mentions(read(named, False)))


def test_a_ministry_heading_its_communique_stays_an_actor():
    head = "MINISTÈRE DE LA SÉCURITÉ ET DE LA PROTECTION CIVILE\n\nCommuniqué\n\n"
    assert any("MINISTÈRE" in m.upper() for m in mentions(read(head + PROSE, False)))


@pytest.mark.parametrize("model", [False, True])
def test_weapons_named_by_model_or_maker_are_no_actors(model):
    found = read("The rebels downed a Mi-24 helicopter and fired an RPG launcher; the army answered with TB2 "
                 "drones and an MRLS battery.", model)
    assert not any(w in m for m in mentions(found) for w in ("TB2", "MRLS", "Mi-24")), found["actors"]


@pytest.mark.parametrize("model", [False, True])
def test_a_saints_name_before_a_church_is_a_building_not_a_person(model):
    found = read("An hour later a second attacker tried to enter St Luke's Cathedral in Cairo, where Pope Shenouda "
                 "III was leading the service.", model)
    assert not any("Luke" in m for m in mentions(found)), found["actors"]
