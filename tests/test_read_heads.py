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


@pytest.mark.parametrize("head_lines, issuer", [
    ("FOR IMMEDIATE RELEASE\nCoastal Fisherfolk Rights Forum\nBeira, 4 March 2021", "Coastal Fisherfolk Rights Forum"),
    ("PRESS RELEASE\nHighlands Civic Watchers\nEmbargoed until 06:00 GMT, 4 March 2021", "Highlands Civic Watchers"),
    ("For immediate release\n\nZambezi Valley Legal Aid Collective (ZVLAC)\nTete, 4 March 2021",
     "Zambezi Valley Legal Aid Collective"),
])
def test_a_releases_issuer_under_its_banner_is_the_author_and_not_the_title(head_lines, issuer):
    title, authors, _ = head(f"{head_lines}\n\nMozambique: Families of missing fishermen demand answers{BODY}")
    assert title == "Mozambique: Families of missing fishermen demand answers"
    assert authors == [issuer]


def test_a_briefing_papers_issuer_after_its_kind():
    title, authors, _ = head("Night raids on the coast road\n\nBriefing note – Lowveld Protection Monitor (LPM)\n"
                             f"Beira, 4 March 2021{BODY}")
    assert title == "Night raids on the coast road"
    assert authors == ["Lowveld Protection Monitor"]


def test_a_desk_and_its_firm_under_the_title_writes_as_the_firm():
    title, authors, _ = head("FLASH REPORT — Mozambique: insurgents enter Mocímboa port\n"
                             f"East Africa Maritime Desk, Harbourline Risk Consulting\n4 March 2021 · Level: HIGH{BODY}")
    assert title.startswith("FLASH REPORT")
    assert authors == ["Harbourline Risk Consulting"]


def test_a_title_case_headline_is_not_an_issuer():
    title, authors, _ = head(f"Rebels Overrun Border Post\nBeira, 4 March 2021{BODY}")
    assert title == "Rebels Overrun Border Post"
    assert authors == []


def read_both(text: str) -> list[dict]:
    """The whole reading of `text` by the rules alone and with the statistical models."""
    from watchfloor.read.pipeline import read_document
    return [read_document("t", text=text, model=model).as_json() for model in (False, True)]


def test_a_consultancy_that_writes_a_brief_is_no_actor_of_it_under_its_abbreviation_either():
    text = ("FLASH REPORT\nIndian Ocean Desk, Harbourline Risk Consulting\n4 March 2021\n\n"
            "Mozambique: fishermen detained near Palma\n\n"
            "Soldiers detained eleven fishermen near Palma on Sunday, according to sources of Harbourline Risk "
            "Consulting (HRC). HRC sources said the men were taken to a navy base.\n")
    for got in read_both(text):
        assert got["authors"] == ["Harbourline Risk Consulting"]
        assert not any("HRC" in a["name"] or "Harbourline" in a["name"] for a in got["actors"]), got["actors"]


def test_an_association_that_issues_a_release_and_acts_in_it_is_also_an_actor():
    text = ("FOR IMMEDIATE RELEASE\nCoastal Fisherfolk Rights Collective\nBeira, 4 March 2021\n\n"
            "Mozambique: Families of missing fishermen demand answers\n\n"
            "The Coastal Fisherfolk Rights Collective today urged the navy to publish its patrol logs. Relatives "
            "told its researchers that soldiers detained eleven fishermen near Palma on Sunday.\n")
    for got in read_both(text):
        assert got["authors"] == ["Coastal Fisherfolk Rights Collective"]
        assert "Coastal Fisherfolk Rights Collective" in {a["name"] for a in got["actors"]}, got["actors"]


def test_a_closing_paragraph_that_names_the_writer_is_no_byline():
    # the writer's name in a paragraph near the end (not a signature line): the bodies it names stay actors
    from watchfloor.read.pipeline import read_document
    text = ("FOR IMMEDIATE RELEASE\nCoastal Fisherfolk Rights Forum\nBeira, 4 March 2021\n\n"
            "Mozambique: Families of missing fishermen demand answers\n\n"
            "Soldiers detained eleven fishermen near Palma on Sunday, relatives said.\n\n"
            + "The boats had left the harbour before dawn, as they do every day in the dry season, and were stopped "
              "by a patrol some miles offshore. Families waited at the landing beach until nightfall. " * 12 +
            "\n\nRelatives told the Coastal Fisherfolk Rights Forum that the men had been taken to a navy base, and that "
            "members of the Palma Boat Owners Association (PBOA) were also questioned by the police on Monday.\n")
    got = read_document("t", text=text, model=False).as_json()
    assert "Palma Boat Owners Association" in {a["name"] for a in got["actors"]}, got["actors"]
