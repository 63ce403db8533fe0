"""Authors in the forms real reports write them, on headers written for these tests (in no fixture): the
names are the authors, their roles and affiliations are neither authors nor actors."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import read_document

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
])
def test_the_signatory_of_a_communique(tail, author):
    text = "Communiqué\n\nLe gouvernement condamne l'attaque de Djibo contre des civils." + tail
    assert _read(text)["authors"] == [author]
