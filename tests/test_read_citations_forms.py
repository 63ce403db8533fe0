"""Footnote marks in every common form, read through the whole reader (document → sections → citations).

The texts are written for these tests and appear in no fixture."""
from __future__ import annotations

import pytest

from watchfloor.read.citations import find_citations
from watchfloor.read.pipeline import read_document

BODY = ("Port strikes\n\nBy R. Analyst\n\nShipping through the strait fell by half in January{m1} after the "
        "attacks on tankers. Insurers raised premiums again in February{m2}, and two carriers suspended "
        "their routes{m3}.\n\n")


def _read(text: str, name: str = "notes.txt") -> list[dict]:
    return read_document(name, text=text, model=False).as_json()["citations"]


@pytest.mark.parametrize("marks, notes", [
    (("¹", "²", "³"), "Notes\n¹ Strait traffic report, Gulf Shipping Monitor, 3 February 2024, "
                      "https://example.net/strait\n² Ibid.\n³ Carriers pause routes, Freight Daily, 2024\n"),
    (("^1", "^2", "^3"), "Endnotes\n^1 Strait traffic report, Gulf Shipping Monitor, 3 February 2024, "
                         "https://example.net/strait\n^2 Ibid.\n^3 Carriers pause routes, Freight Daily, 2024\n"),
    ((" (1)", " (2)", " (3)"), "References\n(1) Strait traffic report, Gulf Shipping Monitor, 3 February 2024, "
                                "https://example.net/strait\n(2) Ibid.\n(3) Carriers pause routes, Freight Daily, 2024\n"),
    (("[1]", "[2]", "[3]"), "Bibliography\n1 Strait traffic report, Gulf Shipping Monitor, 3 February 2024, "
                            "https://example.net/strait\n2 Ibid.\n3 Carriers pause routes, Freight Daily, 2024\n"),
])
def test_every_marker_form_finds_its_note(marks, notes):
    text = BODY.format(m1=marks[0], m2=marks[1], m3=marks[2]) + notes
    cites = _read(text)
    assert [c["n"] for c in cites] == [1, 2, 3]
    assert cites[0]["url"] == "https://example.net/strait"
    assert cites[1]["title"] == cites[0]["title"] == "Strait traffic report"   # Ibid repeats the note
    assert cites[2]["outlet"] == "Freight Daily"


def test_superscript_markers_are_attached_in_the_body():
    text = BODY.format(m1="¹", m2="²,³", m3="") + "Notes\n¹ A, B, 2024\n² C, D, 2023\n³ E, F, 2022\n"
    cites = find_citations(text, text.index("Notes"))
    assert [len(c["markers"]) for c in cites] == [1, 1, 1]
    assert text[cites[0]["markers"][0]["start"]] == "¹"


def test_numbers_in_running_text_are_not_markers():
    text = ("Three options\n\nThe council weighs (1) a truce and (2) sanctions. The area is 40 km² and "
            "rainfall fell 3.5 mm^2 short.\n")
    assert _read(text) == []


def test_a_list_of_urls_at_the_end_gives_one_citation_each():
    text = ("Floods and fighting\n\nAid convoys were stopped twice near the river crossing in March.\n\n"
            "Sources:\n- https://example.org/relief/convoys\n- Relief bulletin: https://example.com/bulletin-12\n")
    cites = _read(text)
    assert [(c["n"], c["url"]) for c in cites] == [(1, "https://example.org/relief/convoys"),
                                                   (2, "https://example.com/bulletin-12")]


def test_trailing_urls_without_a_heading():
    text = ("Floods and fighting\n\nAid convoys were stopped twice near the river crossing in March.\n\n"
            "https://example.org/relief/convoys\nhttps://example.com/bulletin-12\n")
    assert [c["url"] for c in find_citations(text, None)] == ["https://example.org/relief/convoys",
                                                             "https://example.com/bulletin-12"]


def test_a_bare_ibid_note_in_parentheses_keeps_the_notes_block_whole():
    # written for this test (in no fixture): "(n)" marks, and the second note only "Ibid"
    from watchfloor.read.document import build
    from watchfloor.read.citations import find_citations
    text = ("Floods closed the ferry at Mongo on 3 August, according to the district office.(1) Traders said "
            "prices doubled within a week.(2) The governor asked for army lorries.(3)\n\n"
            "(1) Chad: floods cut the Mongo ferry, Radio Guéra, August 2024, https://radio.example.td/mongo\n\n"
            "(2) Ibid\n\n"
            "(3) Governor's appeal for transport, Le Progrès, August 2024, https://progres.example.td/appel\n")
    doc = build("t", text)
    notes = find_citations(text, doc.references_start)
    assert [(c["n"], c["ibid"], len(c["markers"])) for c in notes] == [(1, False, 1), (2, True, 1), (3, False, 1)]
    assert notes[1]["title"] == notes[0]["title"]
