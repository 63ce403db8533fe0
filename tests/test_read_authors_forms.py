"""Authors in the forms real reports write them, on headers written for these tests (in no fixture): the
names are the authors, their roles and affiliations are neither authors nor actors."""
from __future__ import annotations

import pytest

from watchfloor.read.document import html_to_text
from watchfloor.read.pipeline import read_document, reader_for

BODY = "\n\nArmed men attacked a checkpoint near Kaya on 3 March, the army said.\n"


def _read(text: str) -> dict:
    return read_document("t", text=text, model=False).as_json()


@pytest.mark.parametrize("head, authors", [
    ("Rivers of sand: the Lake Chad crisis revisited\n\n"
     "**Fatima Bello**, Research Fellow, Centre for Lake Basin Studies, Abuja\n"
     "**Pieter van Dijk**, Lecturer in Security Studies, Leiden University\n",
     ["Fatima Bello", "Pieter van Dijk"]),
    ("Herders and the state in Tahoua\n\n"
     "Ousmane Garba (Senior Fellow, Niamey Policy Lab) and Claire Dubois (Professor, Institute of Rural Affairs)\n",
     ["Ousmane Garba", "Claire Dubois"]),
    ("Gold and guns in western Mali\n\n"
     "Salif Keita\u00b9* and Nora Lindgren\u00b2\n\n"
     "\u00b9 Department of Geography, University of Bamako\n"
     "\u00b2 Nordic Centre for Conflict Research, Uppsala\n",
     ["Salif Keita", "Nora Lindgren"]),
    ("SAHEL SECURITY DIGEST\nIssued 4 March 2024\nAnalysts: Mariam Sow, Tom Becker\n", ["Mariam Sow", "Tom Becker"]),
    ("Weekly outlook\nIssued 4 March 2024 | Research team, Harmattan Advisory\n", ["Harmattan Advisory"]),
    ("Weekly outlook\nAuthor: Idriss Mahamat, Chad Analysis Cell\n", ["Idriss Mahamat"]),
    # a series line, then the names with the date after a separator (Markdown emphasis)
    ("# Dosso after the floods\n\n**Working paper No. 7/2023** · Sahel Water Forum\n"
     "*Hadiza Mamane and Jonas Eriksen* · 12 October 2023\n", ["Hadiza Mamane", "Jonas Eriksen"]),
    # a dateline, then the byline after a dash (French)
    ("Kasaï : les écoles rouvrent\n\nKananga, le 3 mars 2024 — Par Odette Mbuyi\n", ["Odette Mbuyi"]),
    # the institute's line between the title and the names, the date under them
    ("Bridges over the Ruzizi: trade after the fighting\n\nGreat Lakes Policy Centre – Commentary\n"
     "Esther Mukamana and Jean-Paul Habimana\n4 June 2024\n", ["Esther Mukamana", "Jean-Paul Habimana"]),
    # a French role after the name
    ("Tillabéri : les marchés ferment\n\nLettre d'analyse n° 3/2023 – Observatoire du fleuve\n"
     "Aïssata Harouna Maïga, chargée de recherche\nNiamey, le 2 mai 2023\n", ["Aïssata Harouna Maïga"]),
    ("Flood season in Jonglei\n\nAyen Deng Kuol, Programme Officer, Nile Field Network\n", ["Ayen Deng Kuol"]),
])
def test_authors_under_the_title(head, authors):
    got = _read(head + BODY)
    assert got["authors"] == authors
    names = {a["name"] for a in got["actors"]}
    assert not names & {"Centre for Lake Basin Studies", "Leiden University", "Niamey Policy Lab",
                        "Institute of Rural Affairs", "University of Bamako", "Nordic Centre for Conflict Research"}


def test_wire_credits_at_the_end():
    text = ("Gunmen kill eight in raid on Niger village\n\nNIAMEY, May 2 (Agency) - Gunmen killed eight people in "
            "Tillaberi on Tuesday, officials said.\n\n(Reporting by Abdou Saley in Niamey; Writing by Grace Mensah; "
            "Editing by Tom Hale)\n")
    got = _read(text)
    assert got["authors"] == ["Abdou Saley", "Grace Mensah"]
    assert not {"Abdou Saley", "Grace Mensah", "Tom Hale"} & {a["name"] for a in got["actors"]}


@pytest.mark.parametrize("tail, author", [
    ("\n\nFait à Bamako, le 3 avril 2025\n\nLe Secrétaire général, Dr Issa Konaté\n", "Issa Konaté"),
    ("\n\nFait à Ouagadougou, le 3 avril 2025\n\nLe Ministre de la Communication\nColonel Paul Ouédraogo\n",
     "Paul Ouédraogo"),
    # the name, then its offices on the lines under it
    ("\n\nFait à Niamey, le 9 mars 2024\n\nHama Ali Garba\nMinistre de l'Intérieur,\nPorte-parole du Gouvernement\n",
     "Hama Ali Garba"),
])
def test_the_signatory_of_a_communique(tail, author):
    text = "Communiqué\n\nLe gouvernement condamne l'attaque de Djibo contre des civils." + tail
    assert _read(text)["authors"] == [author]


def test_a_feminine_byline():
    text = "Note d'analyse : le front du Mouhoun\nRédigée par Salimata Ouattara — 4 juin 2023\n\nLes attaques ont doublé."
    assert _read(text)["authors"] == ["Salimata Ouattara"]


@pytest.mark.parametrize("head, authors", [
    # where the writer files from is no part of the name, nor is the town after a comma
    ("Floods of fighters: Kidal after the truce\nBy Mariama Touré in Gao | 3 June 2021\n", ["Mariama Touré"]),
    ("Road ambush kills nine near Mopti\nBy Ousmane Cissé, Sévaré — Tuesday 8 June 2021\n", ["Ousmane Cissé"]),
    # a header line of parts: the name, where, when
    ("Cross-border shelling empties villages\nNadia Haddad · Tyre · Monday, May 8, 2023\n", ["Nadia Haddad"]),
    # an emphasised line naming the kind of paper, two writers and their centre, and the date
    ("# The Tillabéri front\n\n*Policy paper — Aïcha Diallo and Mark Evans, Niger River Institute — 2 May 2023*\n",
     ["Aïcha Diallo", "Mark Evans"]),
])
def test_bylines_with_a_place_or_in_a_line_of_parts(head, authors):
    assert _read(head + BODY)["authors"] == authors


def test_a_staff_reporter_is_the_outlet():
    html = ("<html><head><title>Twelve killed in Tahoua ambush | Niger River Post</title></head><body>"
            "<h1>Twelve killed in Tahoua ambush</h1><div class='meta'>Tahoua, 3 May 2023 · Staff reporter</div>"
            "<p>Armed men attacked a patrol near Tahoua on Tuesday, killing twelve soldiers, the army said.</p>"
            "</body></html>")
    text, meta = html_to_text(html, "t.html")
    result = reader_for().read("t.html", text, meta, None).as_json()
    assert result["authors"] == ["Niger River Post"]


@pytest.mark.parametrize("tail, author", [
    ("Fait à Niamey, le 4 mai 2023\n\nLe porte-parole des Forces armées\nGénéral-major Amadou Issa Garba Moussa\n",
     "Amadou Issa Garba Moussa"),
    ("Le Ministre de l'Intérieur\nSidi Mohamed Ould Cheikh Lemine\n", "Sidi Mohamed Ould Cheikh Lemine"),
])
def test_a_signatory_with_a_long_name_or_a_compound_rank(tail, author):
    text = "COMMUNIQUÉ\n\nObjet : situation sécuritaire à Tahoua\n\nLe calme est revenu à Tahoua.\n\n" + tail
    assert _read(text)["authors"] == [author]


def test_a_un_statement_page_the_headline_and_the_spokespersons_signature():
    text = ("UNITED NATIONS\nSecretary-General\n\nStatements and Messages\nSG/SM/23001\n4 May 2023\n\n"
            "Secretary-General Condemns Attack on Peacekeepers in Tessalit, Mali\n\n"
            "The Secretary-General condemns the attack on a convoy near Tessalit on 3 May.\n\n"
            "Amina Yusuf, Spokesperson for the Secretary-General\n\n* *** *\n"
            "For information media. Not an official record.\n")
    got = _read(text)
    assert got["title"] == "Secretary-General Condemns Attack on Peacekeepers in Tessalit, Mali"
    assert got["authors"] == ["Amina Yusuf"]


def test_a_weeks_number_under_a_series_name_is_no_title():
    text = ("SECURITY UPDATE — NIGER\nWeek 18: 1–7 May 2023\nNiger desk, Harmattan Advisory | Issued 8 May 2023\n"
            + BODY)
    assert _read(text)["title"] == "SECURITY UPDATE — NIGER"


@pytest.mark.parametrize("byline, author, published", [
    ("Par Honorine Kasongo, à Kindu – publié le samedi 8 juin 2024 à 9 h 15", "Honorine Kasongo", "2024-06-08"),
    ("By Tomas Ferreira in Pemba — updated 12 July 2023, 14:05 GMT", "Tomas Ferreira", "2023-07-12"),
])
def test_a_bylines_publication_stamp_is_the_date_not_the_outlet(byline, author, published):
    got = _read("Ferry traffic resumes on the lake\n\n" + byline + BODY)
    assert got["authors"] == [author]
    assert str(got["date"]) == published and got.get("outlet") in (None, "")


@pytest.mark.parametrize("head, author", [
    # the issuer, then its unit or the kind of paper, under the title
    ("NIGER DELTA ALERT: PIPELINE ATTACKS RESUME\nGulf of Guinea Maritime Watch — Rapid Response Unit\n"
     "Issued: 4 March 2024\n", "Gulf of Guinea Maritime Watch"),
    ("# Fire on the border: the Ruma clashes\n\n*Kivu Lakes Research Institute — conflict analysis · 5 March 2024*\n",
     "Kivu Lakes Research Institute"),
    # a release whose headline ends by naming who speaks
    ("PRESS RELEASE\n\nMali: Free the detained journalists, says Sahel Press Freedom Network\n\n"
     "Dakar, 5 March 2024 –", "Sahel Press Freedom Network"),
])
def test_an_issuer_named_before_its_unit_or_after_says(head, author):
    assert _read(head + BODY)["authors"] == [author]


def test_says_in_a_headline_without_a_release_banner_names_no_author():
    got = _read("Kenya: violence will grow, says Rift Valley Peace Forum\n\nBy Grace Otieno\n" + BODY)
    assert got["authors"] == ["Grace Otieno"]


def test_a_un_bodys_release_headline_names_no_author():
    got = _read("PRESS RELEASE\n\nSouth Sudan: Stop attacks on aid convoys, says UN Human Rights Commission"
                "\n\nJuba, 5 March 2024 –" + BODY)
    assert got["authors"] == []
