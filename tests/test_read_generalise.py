"""General rules of the reader, on sentences written for these tests (not taken from the fixtures)."""
from __future__ import annotations

import pytest

from watchfloor.read.quantities import find_quantities


def _q(sentence: str) -> list[tuple]:
    return [(q["value"], q["unit"]) for q in find_quantities(sentence, [(0, len(sentence))], [])]


@pytest.mark.parametrize("sentence, expected", [
    ("The battalion lost 23 soldiers in the ambush near the river.", [(23, "fatalities")]),
    ("Officials confirmed the loss of 8 gendarmes at the checkpoint.", [(8, "fatalities")]),
    ("A rights group put the number of villagers killed at around 140.", [(140, "fatalities")]),
    ("The death toll rose to 37 on Sunday.", [(37, "fatalities")]),
    ("Dozens of herders were killed in the raid.", []),
    ("Several hundred civilians have died this year.", []),
    ("Hundreds of families have fled since the spring.", []),
    ("More than 250,000 people have fled their homes.", [(250000, "displaced")]),
    ("The town now hosts more than 120,000 displaced people.", [(120000, "displaced")]),
    ("Twelve soldiers were killed and three hundred people fled.", [(12, "fatalities"), (300, "displaced")]),
    ("Une dizaine de civils ont été tués dans le village.", [(10, "fatalities")]),
    ("Plus de 40 personnes ont été tuées au marché.", [(40, "fatalities")]),
    ("Five teachers remain missing after the attack.", [(5, "abducted")]),
    ("About 20 drivers, most of them from the south, were reported missing.", [(20, "abducted")]),
    ("The unit lost six soldiers and killed 24 militants.", [(6, "fatalities"), (24, "fatalities")]),
    ("Chad deployed 1,200 troops to the tri-border area.", [(1200, "troops")]),
    ("The convoy lost 3 trucks to mines.", []),
])
def test_quantities(sentence, expected):
    assert _q(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # French number words of two parts, adverbs and pluperfect auxiliaries before the state
    ("Trente-quatre gendarmes ont été tués et onze légèrement blessés mardi.", [(34, "fatalities"), (11, "injured")]),
    ("Selon le parquet, 14 suspects avaient été interpellés.", [(14, "arrested")]),
    ("Près de 60 orpailleurs avaient péri dans l'éboulement provoqué par l'explosion.", [(60, "fatalities")]),
    # a count after the verb, a quoted noun, a long aside between the count and the state
    ("Le raid a coûté la vie à 18 éleveurs.", [(18, "fatalities")]),
    ("Il a indiqué que six « bandits » avaient été tués.", [(6, "fatalities")]),
    ("Au moins 70 personnes, dont plusieurs agents de la protection civile en renfort, ont été tuées.",
     [(70, "fatalities")]),
    ("Une centaine de morts ont été recensés à Kalemie.", [(100, "fatalities")]),
    # fleeing, in French
    ("Environ 900 habitants ont quitté leurs villages pour se réfugier à Djibo.", [(900, "displaced")]),
    ("Plus de 1 500 familles avaient fui vers la ville.", [(1500, "displaced")]),
])
def test_quantities_in_french(sentence, expected):
    assert _q(sentence) == expected


from datetime import date  # noqa: E402

from watchfloor.read.dates import find_dates  # noqa: E402

_PUB = date(2024, 6, 20)


@pytest.mark.parametrize("sentence, expected", [
    ("Fighting raged between 27 and 31 March around the camp.", [("2024-03-27/2024-03-31", "range")]),
    ("The operation ran from 9 to 15 December 2019.", [("2019-12-09/2019-12-15", "range")]),
    ("Clashes between 2021 and 2022 displaced thousands.", [("2021/2022", "range")]),
    ("The curfew lasted from 28 February to 3 March 2023.", [("2023-02-28/2023-03-03", "range")]),
    ("Between May 30 and June 2, convoys were attacked.", [("2024-05-30/2024-06-02", "range")]),
    ("The strikes on 8 and 9 March hit two villages.", [("2024-03-08/2024-03-09", "range")]),
    ("Nobody respects the 2015 accord any more.", [("2015", "year")]),
    ("The junta will hold elections before the end of the year.", [("2024", "year")]),
    ("Growth should recover by mid-2025.", [("2025-06", "month")]),
    ("The mission will withdraw its troops from 1 July.", [("2024-07-01", "day")]),
    ("Troops were asked to leave by 15 August.", [("2024-08-15", "day")]),
    ("A patrol was ambushed on 3 August.", [("2023-08-03", "day")]),
    ("He was killed on 3 February.", [("2024-02-03", "day")]),
    ("See https://example.org/2023/05/01/story-2023-05-01.html", []),
    ("The blast killed 2015 people.", []),
])
def test_dates(sentence, expected):
    assert [(d["value"], d["precision"]) for d in find_dates(sentence, _PUB)] == expected


@pytest.mark.parametrize("sentence, expected", [      # published Thursday 20 June 2024
    # a bare weekday, French or English, is the last such day
    ("Des assaillants ont incendié le marché samedi. Mardi soir, les renforts sont arrivés.",
     [("2024-06-15", "day"), ("2024-06-18", "day")]),
    ("Residents said the shelling had gone on since Tuesday.", [("2024-06-18", "day")]),
    # two days as one span
    ("Dans la nuit de dimanche à lundi, deux postes ont été attaqués.", [("2024-06-16/2024-06-17", "range")]),
    ("The night of Monday to Tuesday was calm.", [("2024-06-17/2024-06-18", "range")]),
    ("Traders stayed home over the weekend.", [("2024-06-15/2024-06-16", "range")]),
    # the day after or the same day as the date just given, with or without 'the'
    ("Gunmen raided Kiri on 4 June. Next day, the army sent a column.", [("2024-06-04", "day"), ("2024-06-05", "day")]),
    ("L'attaque a eu lieu le 2 juin. Le même jour, le préfet a fui.", [("2024-06-02", "day"), ("2024-06-02", "day")]),
    # a feast, a prayer or a name with a weekday in it is no date
    ("Good Friday services and Friday prayers went ahead.", []),
])
def test_weekdays_and_days_counted_from_another(sentence, expected):
    assert [(d["value"], d["precision"]) for d in find_dates(sentence, _PUB)] == expected


@pytest.mark.parametrize("sentence, expected", [      # published Thursday 20 June 2024
    # a month named alone after a word that makes it a date; "May" capitalised, French months in lower case
    ("Clashes flared again in May, and by early June the road was shut.", [("2024-05", "month"), ("2024-06", "month")]),
    ("Les familles sont arrivées fin mai, puis à la mi-juin.", [("2024-05", "month"), ("2024-06", "month")]),
    ("Depuis le mois de mars, les écoles de la commune sont fermées.", [("2024-03", "month")]),
    ("The governor resigned at the end of February.", [("2024-02", "month")]),
    ("The mayor may resign, and aid may arrive late.", []),
    ("Displaced families walked to Mai Tsebri over three nights.", []),
    # the next and the last month or year; a window ("within the next month") is a judgment's horizon, no date
    ("The mandate expires next month, and elections are due next year.", [("2024-07", "month"), ("2025", "year")]),
    ("L'an dernier, les enlèvements avaient doublé ; l'an prochain, ils pourraient reculer.", [("2023", "year"),
                                                                                          ("2025", "year")]),
    ("Attacks on convoys will likely rise within the next month.", []),
    # two months without a year: the span up to the later one's last occurrence
    ("Entre avril et juin, trois convois ont été pillés.", [("2024-04/2024-06", "range")]),
    ("Rains cut the road from November to February.", [("2023-11/2024-02", "range")]),
    # the start or the end of the year or month of publication
    ("Depuis le début de l'année, une quarantaine d'écoles ont fermé.", [("2024", "year")]),
    ("Aid convoys have been blocked since the start of the year.", [("2024", "year")]),
    ("La fin du mois a été marquée par des pluies torrentielles.", [("2024-06", "month")]),
    # French abbreviated months, as in a chronology
    ("Chronologie. Mar. 4 fév. : un poste incendié. Sam. 18 janv. : deux enlèvements.",
     [("2024-02-04", "day"), ("2024-01-18", "day")]),
])
def test_months_alone_and_next_ones(sentence, expected):
    assert [(d["value"], d["precision"]) for d in find_dates(sentence, _PUB) if not d.get("window")] == expected


def test_days_and_weeks_counted_from_the_last_day():
    text = ("Soldiers left the outpost on 2 April. Two weeks later the village was raided; the next morning its "
            "elders fled. Cinq jours plus tard, la route a été rouverte. Three weeks after the coup, nothing changed.")
    assert [(d["value"], d["precision"]) for d in find_dates(text, _PUB)] == [
        ("2024-04-02", "day"), ("2024-04-16", "day"), ("2024-04-17", "day"), ("2024-04-22", "day")]


def test_no_dates_from_footnote_lines():
    text = "The base fell on 4 May.\n\n[^1]: \"Base falls\", Example Wire, April 2022, https://example.org/a\n"
    assert [d["value"] for d in find_dates(text, _PUB)] == ["2024-05-04"]


from watchfloor.read.pipeline import reader_for  # noqa: E402


@pytest.fixture(scope="module")
def reader():
    return reader_for()


@pytest.mark.parametrize("sentence, country, is_actor", [
    ("Mali and Burkina Faso formed a defence pact with their neighbour.", "Mali", True),
    ("Niger revoked the military cooperation agreements last year.", "Niger", True),
    ("The convoy drove toward the border with Niger.", "Niger", False),
    ("Displaced families arrived in Mali from the south.", "Mali", False),
])
def test_country_as_actor(reader, sentence, country, is_actor):
    names = {a["name"] for a in reader.read("t", sentence).actors}
    assert any(country in n for n in names) is is_actor


def _events(reader, text):
    return [(e["sub_type"], e["place"]) for e in reader.read("t", text).events]


def test_development_as_noun_phrase_is_context(reader):
    text = "Aid convoys slowed after the withdrawal of the peacekeepers from Gao.\n"
    assert [t for t, _ in _events(reader, text)] == []


def test_development_announced_is_an_event(reader):
    text = "The two rebel movements announced their merger into a single coalition in Kidal."
    assert [t for t, _ in _events(reader, text)] == ["Change to group/activity"]


def test_institutional_deliberation_is_no_event(reader):
    text = "The regional body decided to suspend the transition's membership and requested a report on the deployment."
    assert _events(reader, text) == []


def test_analysis_sections_give_no_events(reader):
    text = ("Event: Gunmen attacked the market in Djibo on 3 May, killing 9 traders.\n\n"
            "Assessment: Gunmen attacked Arbinda twice last year and will likely return.\n")
    assert [p for _, p in _events(reader, text)] == ["Djibo"]


def test_dateline_city_is_not_the_event_place(reader):
    text = "NIAMEY, May 4 (Example Wire) - Gunmen killed 12 villagers in Banibangou on Sunday, officials said."
    assert [p for _, p in _events(reader, text)] == ["Banibangou"]


def test_event_without_a_place_takes_the_paragraphs_town(reader):
    text = ("Soldiers entered Boulkessi on 2 June after the militants left. "
            "Homes and shops were looted during the night.")
    places = [p for _, p in _events(reader, text)]
    assert places and all(p == "Boulkessi" for p in places)


def test_passive_killing_of_people_by_troops_is_an_attack(reader):
    text = "About forty people were killed by soldiers of the national army in the village of Boni."
    assert _events(reader, text) == [("Attack", "Boni")]


def test_a_persons_name_stays_a_person(reader):
    text = ("President Ibrahim Boubacar Keïta resigned on Tuesday. Crowds who had marched against Keïta "
            "celebrated in Bamako.")
    assert [p["name"] for p in reader.read("t", text).places] == ["Bamako"]


def _actors(reader, text):
    return [a["name"] for a in reader.read("t", text, published=date(2023, 3, 1)).actors]


@pytest.mark.parametrize("text, expected", [
    ("The country returned to civilian rule after the vote in Bamako.", []),
    ("Soldiers shot two civilians near Gao.", ["Civilians"]),
    ("The Nigerien junta expelled the envoy.", ["Niger"]),
    ("La junte burkinabè a suspendu deux radios.", ["Burkina Faso"]),
    ("Russian instructors arrived at the airport in Bamako.", ["Wagner Group"]),
    ("Dozo hunters burned a hamlet near Bankass.", ["Dan Na Ambassagou"]),
    ("Chad's parliament approved the deployment.", ["Parliament of Chad"]),
    ("The rulers sought weapons from Russia.", ["Russia"]),
    ("ECOWAS sanctioned Mali and Guinea after the coups.", ["ECOWAS", "Government of Mali", "Guinea"]),
])
def test_descriptive_and_state_actors(reader, text, expected):
    assert _actors(reader, text) == expected


def test_the_junta_is_the_main_countrys_state_when_it_has_no_government_entry(reader):
    text = "Gunmen attacked Djibo and Arbinda in northern Burkina Faso. The junta blamed the jihadists for the raids."
    assert "Burkina Faso" in _actors(reader, text)


@pytest.mark.parametrize("text, country, admin1, admin2", [
    ("Jihadists ambushed a unit near Koutougou in Niger's Tillabéri region.", "NER", "Tillabéri", None),
    ("JNIM attacked the post at Koutougou in Burkina Faso's Soum province.", "BFA", "Sahel", "Soum"),
])
def test_same_name_places_follow_the_documents_country(reader, text, country, admin1, admin2):
    place = next(p for p in reader.read("t", text).places if p["name"] == "Koutougou")
    assert (place["country"], place["admin1"], place["admin2"]) == (country, admin1, admin2)


def test_supplement_admin1_override(reader):
    place = next(p for p in reader.read("t", "The army retook Anefis in Mali.").places if p["name"] == "Anefis")
    assert place["admin1"] == "Kidal"


from watchfloor.read import document as documents  # noqa: E402


def _meta(text):
    doc = documents.build("t.txt", text)
    return doc.title, doc.published, doc.authors


def test_metadata_published_by_an_organisation():
    text = "Niger River Weekly\n\nPublished 4 March 2024 by the Field Desk, Example Monitoring Group\n\nBody text here."
    assert _meta(text) == ("Niger River Weekly", date(2024, 3, 4), ["Example Monitoring Group"])


def test_metadata_press_release_banner_and_sign_off():
    text = ("United Nations\nMeetings Coverage and Press Releases\n\nXY/1234 — 2 February 2022\n\n"
            "Council Extends Panel of Experts on the Sahel\n\nThe Council today extended the mandate.\n\n"
            "Jane Example, Spokesperson for the Council President\n")
    title, published, authors = _meta(text)
    assert (title, published, authors) == ("Council Extends Panel of Experts on the Sahel", date(2022, 2, 2),
                                           ["Jane Example"])


def test_metadata_city_dateline_in_brackets():
    text = "Rights experts alarmed\n\nDAKAR (7 June 2021) — Experts said on Monday that the arrests must stop.\n"
    assert _meta(text)[1] == date(2021, 6, 7)


def test_byline_with_a_first_name_like_an_article():
    assert _meta("Title line\nBy Lara Example\n\nText.")[2] == ["Lara Example"]


@pytest.mark.parametrize("sentence, expected", [
    ("Gunmen killed 12 soldiers and 1,035 troops moved north.", []),
    ("The strike on 12/05/2023 hit a depot.", [("2023-05-12", "day")]),
    ("Troops left on 3 May; 3 days later the town fell.", [("2024-05-03", "day"), ("2024-05-06", "day")]),
])
def test_numbers_that_are_not_dates(sentence, expected):
    assert [(d["value"], d["precision"]) for d in find_dates(sentence, _PUB)] == expected


def test_a_sentence_taking_up_the_event_adds_no_event(reader):
    text = ("Militants stormed the army post at Inates on 9 May, killing 20 soldiers. "
            "The assault, which lasted four hours, involved rocket fire and a car bomb.")
    assert [t for t, _ in _events(reader, text)] == ["Armed clash"]


def test_a_definite_reference_with_a_new_place_is_another_event(reader):
    text = ("Gunmen killed 30 villagers in Tillia on 21 May. "
            "The raid came days after gunmen ambushed a bus near Ayorou, killing 12 passengers.")
    assert [p for _, p in _events(reader, text)] == ["Tillia", "Ayorou"]


def test_reaction_to_arrests_is_no_arrest(reader):
    text = "Soldiers detained the prime minister in Bamako on 4 May. Paris has called the arrests unacceptable."
    assert [t for t, _ in _events(reader, text)] == ["Arrests"]


def test_an_admin_area_is_not_the_events_town(reader):
    text = ("Troops searched the village of Moura, in the Djenné circle, on 2 May. "
            "Residents said that twelve men were executed by soldiers.")
    assert [p for _, p in _events(reader, text)] == ["Moura"]


@pytest.mark.parametrize("text, sub_type", [
    ("The army said it had driven the jihadists out of the area around Tillia.", "Government regains territory"),
    # the army had left: control changed hands without fighting (ACLED's non-violent transfer, not a takeover)
    ("The rebels announced they had taken control of the camp at Léré after the army left.",
     "Non-violent transfer of territory"),
    ("Rebels captured the army camp at Léré after heavy fighting.", "Non-state actor overtakes territory"),
    ("A local official went missing after armed men stopped his car near Ménaka.", "Abduction/forced disappearance"),
    ("Riot police used batons against youths demonstrating in Kayes.", "Protest with intervention"),
    ("Militants burned down the health centre in Tonka.", "Looting/property destruction"),
])
def test_event_cues_from_acled_definitions(reader, text, sub_type):
    assert [t for t, _ in _events(reader, text)] == [sub_type]


@pytest.mark.parametrize("sentence, expected", [
    ("The ministry said 31 civilians and 9 gendarmes were killed in the raid.", [(31, "fatalities"), (9, "fatalities")]),
    ("More than 120 residents of the town were killed.", [(120, "fatalities")]),
    ('The army said it had "neutralised" 40 militants.', [(40, "fatalities")]),
    ("Officials gave a toll of about 75.", [(75, "fatalities")]),
    ("Fighting forced 2,000 people to flee.", [(2000, "displaced")]),
    ("The convoy drove 3 vehicles into the ditch.", []),
    ("Eleven soldiers died and 7 others were wounded.", [(11, "fatalities"), (7, "injured")]),
    ("Rebels denied the killing of 9 herders.", [(9, "fatalities")]),
])
def test_quantities_lists_and_verbs(sentence, expected):
    assert _q(sentence) == expected


@pytest.mark.parametrize("sentence, published, expected", [
    ("The summit with the regional heads of state was postponed to January.", date(2019, 12, 16),
     [("2020-01", "month")]),
    ("Prices rose from October to January.", date(2019, 12, 16), [("2018-10/2019-01", "range")]),
    ("Leaders are meeting in Accra on Sunday.", date(2019, 12, 16), [("2019-12-22", "day")]),
    ("Gunmen attacked the village on Sunday.", date(2019, 12, 16), [("2019-12-15", "day")]),
    ("A withdrawal is likely in the next three months.", date(2019, 12, 16), [("2019-12-16/2020-03-16", "range")]),
    ("Troops will leave over the next four to six months.", date(2019, 12, 16), [("2019-12-16/2020-06-16", "range")]),
])
def test_forward_looking_dates(sentence, published, expected):
    assert [(d["value"], d["precision"]) for d in find_dates(sentence, published)] == expected


def test_where_people_fled_to_is_not_a_new_event(reader):
    text = ("Gunmen attacked the village of Solhan on 4 June, killing 40 residents. "
            "The attack, the worst in the province since 2015, forced 2,000 people to flee to Sebba.")
    assert _events(reader, text) == [("Attack", "Solhan")]


def test_destination_is_not_the_event_place(reader):
    text = "Militants killed 9 herders near Djibo and the survivors fled to Kaya."
    assert _events(reader, text) == [("Attack", "Djibo")]


@pytest.mark.parametrize("sentence, expected", [
    # a force's name (and its abbreviation) between the count and what happened to them
    ("Au moins 14 soldats des Forces armées nigériennes (FAN) ont été tués près de Tassia.", [(14, "fatalities")]),
    ("Nine soldiers of the Chadian National Army were killed in the raid.", [(9, "fatalities")]),
    # "neutralised", in quotation marks or not, is how armies count the enemy dead
    ("The army said 40 terrorists were neutralised near the border.", [(40, "fatalities")]),
    ("L'état-major indique que 25 assaillants ont été « neutralisés ».", [(25, "fatalities")]),
    # a toll word is no plural noun before another state: "12 morts et 5 disparus"
    ("Le dernier bilan fait état de 12 morts et de nombreux disparus.", [(12, "fatalities")]),
    # officials and other people by their office; a French plural adjective after the noun
    ("Trois conseillers municipaux ont été enlevés mardi.", [(3, "abducted")]),
    ("Four aid workers were kidnapped on the road to Bouar.", [(4, "abducted")]),
])
def test_quantities_with_a_forces_name_or_an_office(sentence, expected):
    assert _q(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # an army communiqué's "fallen on the field of honour", and an arrest told as a noun with "d'"
    ("Le bilan fait état de huit (8) soldats tombés au champ d'honneur et de cinq (5) blessés.",
     [(8, "fatalities"), (5, "injured")]),
    ("Trois gendarmes sont tombés sur le champ d'honneur lors de l'attaque du poste.", [(3, "fatalities")]),
    ("La police a procédé à l'interpellation d'une trentaine de manifestants à Conakry.", [(30, "arrested")]),
])
def test_french_communique_quantities(sentence, expected):
    assert _q(sentence) == expected
