"""The Arabic article joined by a hyphen, in any of its sun-letter forms ("ez-Zor", "as-Sultan", "ad-Din",
"ar-Rahman"), stays inside an organisation's or a person's name, as "al-" always did. Sentences written for
these tests (in no fixture)."""
from __future__ import annotations

import pytest

from watchfloor.read.pipeline import reader_for


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _names(reader, text):
    return {a["name"] for a in reader.read("t", text + "\n").actors}


@pytest.mark.parametrize("sentence, name", [
    ("Gunmen loyal to the Deir ez-Zor Civil Council clashed with tribal fighters in Busayrah, a local monitor said.",
     "Deir ez-Zor Civil Council"),
    ("Fighters of the Liwa as-Sultan Murad Brigade shelled positions near Azaz on Friday.",
     "Liwa as-Sultan Murad Brigade"),
    ("Residents said the Katibat ad-Difa al-Watani Battalion had pulled back after two days of fighting.",
     "Katibat ad-Difa al-Watani Battalion"),
    ("The cleric Nasr ad-Din Hamdan was arrested in Mosul on Sunday, police said.", "Nasr ad-Din Hamdan"),
    ("The commander Abd ar-Rahman Yusuf was arrested in Mosul on Sunday, police said.", "Abd ar-Rahman Yusuf"),
])
def test_the_article_in_its_assimilated_forms_is_part_of_the_name(reader, sentence, name):
    names = _names(reader, sentence)
    assert name in names, names
    assert not any(n != name and n in name for n in names), names      # no cut-off piece of it


def test_an_english_word_before_a_hyphen_is_no_article(reader):
    # "an" and "at" are articles only when a hyphen joins them to a capitalised word
    names = _names(reader, "Officials at the Kirkuk Provincial Council said an attack at Hawija had been repelled.")
    assert "Kirkuk Provincial Council" in names, names


def test_a_known_name_takes_the_article_joined_before_it(reader):
    found = reader.read("t", "For years the town was run by the al-Kaniyat militia, whose leaders allied with "
                             "Haftar.\n").actors
    assert "al-Kaniyat" in {m["text"] for a in found for m in a["mentions"]}


def test_one_member_of_parliament_is_not_the_parliament(reader):
    text = ("The second bomb exploded near a house used by a federal member of parliament in Beledweyne. Somalia's "
            "parliament met on Monday.\n")
    mentions = [m["text"] for a in reader.read("t", text).actors if a["type"] == "legislature" for m in a["mentions"]]
    assert mentions == ["Somalia's parliament"], mentions
