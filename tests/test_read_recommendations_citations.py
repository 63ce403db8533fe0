"""Recommendations with coordinated or qualified addressees, and footnotes whose titles hold commas."""
from __future__ import annotations

import pytest

from watchfloor.read.citations import find_citations, parse_footnote
from watchfloor.read.recommendations import _parse


@pytest.mark.parametrize("sentence, by, to, action", [
    ("The Sahel Desk recommends that the army and the militias immediately agree a local truce.",
     "The Sahel Desk", "the army and the militias", "immediately agree a local truce"),
    ("We recommend that donors, the AU and ECOWAS fund the joint force for two more years.",
     "Analyst", "donors, the AU and ECOWAS", "fund the joint force for two more years"),
    ("Neighbouring states, such as Niger and Algeria, should open their borders to refugees.",
     "Analyst", "Neighbouring states, such as Niger and Algeria", "open their borders to refugees"),
    ("In the north, the mission should resume its patrols on the main road.",
     "Analyst", "the mission", "resume its patrols on the main road"),
    # a long subject clause with a second verb: the subject of the first
    ("President Amadou Diallo has promised an end to the kidnappings and has urged state governments to "
     "stop rewarding bandits with money.", "President Amadou Diallo", "state governments",
     "stop rewarding bandits with money"),
])
def test_recommendation_addressees(sentence, by, to, action):
    assert _parse(sentence, "Analyst", True) == {"by": by, "to": to, "action": action}


@pytest.mark.parametrize("text, action", [
    ("Le président a appelé l'armée à rétablir l'ordre, et le Premier ministre désigné, Paul Martin, a appelé à la "
     "retenue.", "rétablir l'ordre"),
    ("The Council urged the government to open the roads, and the UN envoy said talks would resume.", "open the roads"),
    ("The government should protect the camps and the roads to Kaya.", "protect the camps and the roads to Kaya"),
    # a quoted recommendation before its speaker: the words inside the quotes
    ("« L'État devrait renforcer les patrouilles sur la route de Banamba et équiper les postes de contrôle », "
     "estime-t-il.", "renforcer les patrouilles sur la route de Banamba et équiper les postes de contrôle"),
    ("\"The government should reopen the schools in Zamfara before the rains,\" she said.",
     "reopen the schools in Zamfara before the rains"),
])
def test_a_new_clause_with_its_own_subject_ends_the_action(text, action):
    from watchfloor.read.pipeline import read_document
    got = read_document("t", text=text + "\n", model=False).as_json()["recommendations"]
    assert [r["action"] for r in got] == [action]


@pytest.mark.parametrize("text, recs", [
    # two subjects, two "should"s, no comma between the clauses
    ("The regional bloc should send observers to the count and the electoral commission should publish results "
     "by polling station.", [("The regional bloc", "send observers to the count"),
                             ("the electoral commission", "publish results by polling station")]),
    ("« La CEDEAO devrait lever les sanctions sur les vivres et la junte devrait publier un calendrier électoral », "
     "juge un diplomate.", [("La CEDEAO", "lever les sanctions sur les vivres"),
                            ("la junte", "publier un calendrier électoral")]),
    # two subjects of one "should": one recommendation
    ("Kenya and Tanzania should open the border post at Namanga to lorries again.",
     [("Kenya and Tanzania", "open the border post at Namanga to lorries again")]),
    # a clause told in its own tense ends the action
    ("Both militias should leave the port, and Omani mediators were flying in this morning.",
     [("Both militias", "leave the port")]),
])
def test_recommendations_cut_at_a_second_subject_and_its_verb(text, recs):
    from watchfloor.read.pipeline import read_document
    got = read_document("t", text=text + "\n", model=False).as_json()["recommendations"]
    assert [(r["to"], r["action"]) for r in got] == recs


def test_footnote_title_with_commas_keeps_the_outlet_last():
    note = parse_footnote("Rebels, army clash near a northern town, days after talks fail, Sahel Wire, "
                          "March 2021, https://example.org/news/2021/03/clash")
    assert note == {"title": "Rebels, army clash near a northern town, days after talks fail",
                    "outlet": "Sahel Wire", "date": "2021-03", "url": "https://example.org/news/2021/03/clash"}


def test_a_note_without_url_or_year_still_opens_the_footnote_block():
    text = ("Title\n\nFighting resumed near the town.[1] The mission is leaving.[2]\n\n"
            "[1] Map of the region by the author\n\n[2] Mission leaves the north, Desk News, June 2023, "
            "https://example.org/2\n\n[3] Ibid\n")
    cites = find_citations(text, None)
    assert [c["title"] for c in cites] == ["Map of the region by the author", "Mission leaves the north",
                                          "Mission leaves the north"]


def test_a_subscriber_promo_and_its_list_are_not_content():
    from watchfloor.read.pipeline import read_document
    text = ("Mali: the north after the mission\n\nFighting resumed near Kidal in March.\n\n"
            "Our desk now offers weekly analysis to paid subscribers. Recent exclusive articles include:\n"
            "• Militants Seize Control in Residential Quarter of Mogadishu\n"
            "• Pirates Return to the Gulf of Aden\n\n"
            "The army moved reinforcements to Gao in April, in West and North Africa's largest deployment.\n")
    result = read_document("promo.txt", text=text).as_json()
    names = {p["name"] for p in result["places"]}
    assert {"Kidal", "Gao"} <= names
    assert not names & {"Residential Quarter", "Mogadishu", "Gulf", "West"}


def test_a_title_label_is_not_part_of_the_title():
    from watchfloor.read.pipeline import read_document
    result = read_document("t.txt", text="Title: Clashes near the dam\nWritten By: A. Writer\n\n"
                                         "Event: Fighting was reported near the dam.").as_json()
    assert result["title"] == "Clashes near the dam"


@pytest.mark.parametrize("sentence, to, action", [
    # a second French verb without its auxiliary ("a condamné … et appelé …")
    ("Le représentant de l'UA, Bankole Adeoye, a salué la trêve et appelé les belligérants à libérer les otages.",
     "les belligérants", "libérer les otages"),
    # words between the auxiliary and the appeal
    ("La Cédéao a pour sa part exhorté la junte à fixer un calendrier électoral.", "la junte",
     "fixer un calendrier électoral"),
    # "demander au / aux … de …"
    ("Le syndicat a demandé aux transporteurs de suspendre la desserte de Djibo.", "transporteurs",
     "suspendre la desserte de Djibo"),
])
def test_french_appeals_are_recommendations(sentence, to, action):
    from watchfloor.read.recommendations import find_recommendations
    found = find_recommendations(sentence, [(0, len(sentence))], lambda start: False, "Desk")
    assert [(r["to"], r["action"]) for r in found] == [(to, action)]


def test_a_group_called_something_is_no_appeal():
    from watchfloor.read.recommendations import find_recommendations
    sentence = "Un groupe appelé Katiba Hanifa et dirigé par un ancien gendarme a revendiqué l'enlèvement."
    assert find_recommendations(sentence, [(0, len(sentence))], lambda start: False, "Desk") == []


@pytest.mark.parametrize("body, title", [
    # a note of the author's own source is all title, no outlet
    ("Interview with a customs officer, Agadez, 12 May 2019.", "Interview with a customs officer, Agadez"),
    ("Entretien téléphonique avec un responsable humanitaire, Kaya, 4 février 2022.",
     "Entretien téléphonique avec un responsable humanitaire, Kaya"),
    ("Author's correspondence with a UN official, Juba, June 2017.", "Author's correspondence with a UN official, Juba"),
])
def test_a_note_of_an_interview_has_no_outlet(body, title):
    note = parse_footnote(body)
    assert (note["title"], note["outlet"]) == (title, None)


@pytest.mark.parametrize("text, expected", [
    # an adverb between the French verb and its addressee
    ("Le Conseil demande également à la CEDEAO de rouvrir les frontières avec le Niger.",
     [("la CEDEAO", "rouvrir les frontières avec le Niger")]),
    # the first person's appeal, to an addressee with a complement of its own
    ("Title\n\n\"I call on every side in this conflict to spare the hospitals,\" the envoy said.",
     [("every side in this conflict", "spare the hospitals")]),
    # a second subject with its own "should": two recommendations, each without the speaker's words
    ("\"The authorities should release the detained journalists, and the armed groups should lift the blockade,\" "
     "a lawyer told reporters.",
     [("The authorities", "release the detained journalists"), ("the armed groups", "lift the blockade")]),
])
def test_more_forms_of_appeal(text, expected):
    from watchfloor.read.pipeline import read_document
    got = read_document("t", text=text, model=False).as_json()["recommendations"]
    assert [(r["to"], r["action"]) for r in got] == expected


@pytest.mark.parametrize("body, title, outlet", [
    # a person or body, then what they published, in lower case (longer than a one-word kind of document)
    ("Ousmane Diallo, post on the village association's page, 12 June 2023.", "post on the village association's page",
     "Ousmane Diallo"),
    ("Aïcha Traoré, message vocal adressé à la rédaction, 2 avril 2024.", "message vocal adressé à la rédaction",
     "Aïcha Traoré"),
    # the issuer before a quoted title, a series and its number after it
    ("Sahel Water Forum, « Les puits du Gourma », note n° 4/2022, mai 2022.", "Les puits du Gourma", "Sahel Water Forum"),
    ("Horn Research Unit, \"Grazing after the drought\", Working Paper No. 9, March 2023.", "Grazing after the drought",
     "Horn Research Unit"),
    # a document named by its date keeps it in its title
    ("Gouvernorat de Tillabéri, communiqué du 14 mars 2024.", "communiqué du 14 mars 2024", "Gouvernorat de Tillabéri"),
])
def test_a_footnotes_issuer_and_title_whatever_their_order(body, title, outlet):
    got = parse_footnote(body)
    assert (got["title"], got["outlet"]) == (title, outlet)


@pytest.mark.parametrize("body, title, outlet", [
    ("World Food Programme (WFP), Situation Report 12, 3 June 2021.", "Situation Report 12", "World Food Programme (WFP)"),
    ("Nigerian Red Cross Society, Flash Update, 4 May 2022.", "Flash Update", "Nigerian Red Cross Society"),
    ("Counting the dead in Ituri, Congo Research Group (CRG), 2021.", "Counting the dead in Ituri",
     "Congo Research Group (CRG)"),
])
def test_a_bodys_name_before_a_titled_document_is_the_issuer(body, title, outlet):
    from watchfloor.read.citations import parse_footnote
    got = parse_footnote(body)
    assert (got["title"], got["outlet"]) == (title, outlet), got
