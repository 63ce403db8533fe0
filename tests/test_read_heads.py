"""Titles and authors in the heads real reports have: banners over the title, issue lines between the title and
the authors, credits and sign-offs. Each text is written for its test (none is in a fixture, none quotes one)."""
from __future__ import annotations

import pytest

from watchfloor.read import document as documents


def head(text: str) -> tuple[str | None, list[str], list[str]]:
    doc = documents.build("t.txt", text)
    return doc.title, doc.authors, doc.editors


BODY = "\n\nGunmen attacked a police post near the border on Sunday, officials said.\n"


@pytest.mark.parametrize("banner", [
    "HUMAN RIGHTS LEAGUE OF THE GREAT LAKES",
    "Observatoire des libertés publiques du Tchad (OLPT)",
    "Office for the Coordination of Humanitarian Affairs (OCHA) — Chad",
    "African Union — Statement by the Chairperson",
    "Lakeside Radio — Security",
    "JOINT STATEMENT",
])
def test_a_banner_over_the_title_is_not_the_title(banner):
    title, _, _ = head(f"{banner}\n\nChad: Ten killed as gunmen storm a police post in Lac province{BODY}")
    assert title == "Chad: Ten killed as gunmen storm a police post in Lac province"


@pytest.mark.parametrize("label", ["Area: Lac province, Chad", "Distribution date: 3 May 2024",
                                   "Issued 3 May 2024 by the Chad Desk, Example Risk"])
def test_a_label_or_issue_line_is_not_the_title(label):
    title, _, _ = head(f"{label}\n\nCHAD FLASH NOTE — POLICE POST OVERRUN IN LAC{BODY}")
    assert title == "CHAD FLASH NOTE — POLICE POST OVERRUN IN LAC"


def test_a_title_in_title_case_that_opens_with_an_institution_is_still_the_title():
    title, _, _ = head(f"Commission Opens Inquiry Into Lac Killings{BODY}")
    assert title == "Commission Opens Inquiry Into Lac Killings"


def test_the_month_entry_under_a_trackers_name_and_its_issue_line():
    title, _, _ = head("Regional Conflict Monitor — Lake Chad\nPublished 2 June 2024\n\n"
                       f"Chad — May 2024 — Unchanged situation{BODY}")
    assert title == "Chad — May 2024 — Unchanged situation"


def test_authors_with_their_affiliations_after_an_issue_line():
    title, authors, _ = head("Policing the Lake: Chad's New Strategy\n\nLake Chad Papers No. 7 — 12 June 2024\n\n"
                             "Amina Haroun Abakar, Research Associate, Centre for Lake Studies, N'Djamena\n"
                             f"Tomas Reinholt, Senior Fellow, Baltic Institute of Security, Riga{BODY}")
    assert title == "Policing the Lake: Chad's New Strategy"
    assert authors == ["Amina Haroun Abakar", "Tomas Reinholt"]


def test_names_with_superscript_marks_lose_the_marks():
    _, authors, _ = head("Policing the Lake: Chad's New Strategy\n\nAmina Haroun Abakar¹ and Tomas Reinholt²\n\n"
                         f"¹ Centre for Lake Studies, N'Djamena\n² Baltic Institute of Security, Riga{BODY}")
    assert authors == ["Amina Haroun Abakar", "Tomas Reinholt"]


def test_a_team_after_the_analysts_is_not_an_author():
    _, authors, _ = head("LAKE CHAD WEEKLY — 4–10 MAY 2024\nPrepared by: Amina Abakar and Tomas Reinholt, Sahel & "
                         f"Lake Team, Example Risk{BODY}")
    assert authors == ["Amina Abakar", "Tomas Reinholt"]


def test_wire_credits_in_any_order_and_in_french():
    _, authors, editors = head("Chad police post attacked" + BODY + "\n(Reporting by Amina Abakar in N'Djamena; "
                               "Additional reporting by Tomas Reinholt in Bol; Writing by Paul Mendes; Editing by "
                               "Sara Lind and Omar Diop)\n")
    assert authors == ["Amina Abakar", "Paul Mendes"] and editors == ["Sara Lind", "Omar Diop"]
    _, authors, editors = head("Tchad : un poste de police attaqué" + BODY +
                               "\n(Rédaction : Mahamat Saleh ; édition : Claire Morin)\n")
    assert authors == ["Mahamat Saleh"] and editors == ["Claire Morin"]


def test_a_signature_under_signed_and_a_contact_that_is_no_author():
    _, authors, _ = head("Chad: end the killings at Lac" + BODY + "\nWe call for an inquiry.\n\nSigned,\n"
                         "Dr. Mahamat Saleh Ali\nChair, Lac Rights Forum\n")
    assert authors == ["Mahamat Saleh Ali"]
    _, authors, _ = head("Chad: end the killings at Lac" + BODY + "\nFor more information, please contact:\n"
                         "Fatime Ousmane, Press Officer, Lac Rights Forum, press@example.org\n")
    assert authors == []


def test_a_dateline_under_the_title_is_no_author():
    _, authors, _ = head("Chad: Coordinator alarmed by killings in Lac\n\nN'Djamena, 3 May 2024 — The Humanitarian "
                         "Coordinator, Jane Example, is alarmed by reports of killings.\n")
    assert authors == []
