"""The speed-ups that skip work must find exactly what the work finds: `finditer_name` what the regex it
replaces finds, and a `Needs` gate never skips a text its regex matches."""
import random
import re

import pytest

from watchfloor.read import document, recommendations
from watchfloor.read.components import _PUBLISHER_STANCE, _takes_a_position
from watchfloor.read.matching import finditer_name
from watchfloor.read.prefilter import Needs, lowered


def _random_texts(alphabet, n, longest, seed):
    rng = random.Random(seed)
    return [("".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))), rng) for _ in range(n)]


def test_finditer_name_finds_what_the_word_regex_finds():
    for text, rng in _random_texts(["ab", "a", "-", " ", "_", "é", "1", ".", "\n", "AB"], 20000, 12, 1):
        phrase = rng.choice(["ab", "a b", "a", "AB", "é", "b-a", "_a"])
        expected = [(m.start(), m.end(), m.group(0))
                    for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]
        assert [(m.start(), m.end(), m.group(0)) for m in finditer_name(phrase, text)] == expected, (text, phrase)


def test_outlet_position_is_what_the_regex_says():
    words = ["Wire", "The Wire", "-", " ", "\n", "recommends", "urges", "warns", "x", "_", "é", "(", "calls on"]
    for text, rng in _random_texts(words, 20000, 10, 2):
        outlet = rng.choice(["Wire", "The Wire", "(Wire", "Wire)", "_W", "é"])
        assert _takes_a_position(outlet, text) == \
            bool(re.search(rf"\b{re.escape(outlet)}\s+{_PUBLISHER_STANCE}", text)), (text, outlet)


@pytest.mark.parametrize("pattern", [recommendations._RECOMMENDS, recommendations._SHOULD, document._PROMO_LINE,
                                     document._EDITED])
def test_a_gate_never_skips_a_match(pattern):
    needs = Needs(pattern)
    assert needs.strings, "the gate tests something"
    pieces = ["The partners ", "should ", "must ", "urge ", "recommends that ", "Edited by ", "Éditeur ",
              "subscribers ", "sign up ", "Related ", "KALLED", "ſhould ", "İnvite ", "x", ", ", "\n", "Ab "]
    for text, _ in _random_texts(pieces, 5000, 8, 3):
        if pattern.search(text) or pattern.match(text):
            assert not needs.absent(lowered(text)), (pattern.pattern[:40], text)


def test_case_odd_letters_never_skip():
    assert lowered("ſhould") is None and not Needs(recommendations._SHOULD).absent(lowered("ſhould"))
    assert Needs(recommendations._SHOULD).absent(lowered("nothing here"))


def test_a_scouted_pattern_finds_what_the_pattern_finds():
    from watchfloor.read import organisations
    from watchfloor.read.matching import Scouted
    outlets = organisations._outlet_regex()
    cases = [(organisations._FRENCH_HEAD_SCOUTED, ["Conseil", "Haut Conseil", "Haute Autorité", "x", "-", " ", "é",
                                                  "Union", "Cour", "des", "\n"]),
             (outlets, ["BBC", "Reuters", "RFI", "Voice of America", "x", "-", " ", "a", "France 24", "\n"]),
             (Scouted(re.compile(r"(?<![\w-])(?:ab|b a|a)(?![\w-])"), r"(?<![\w-])"), ["ab", "a", "b", " ", "-", "x"])]
    for scouted, words in cases:
        for text, _ in _random_texts(words, 5000, 10, 4):
            assert [m.span() + m.groups() for m in scouted.finditer(text)] == \
                [m.span() + m.groups() for m in scouted.pattern.finditer(text)], text
    with pytest.raises(ValueError):
        Scouted(re.compile(r"abc"), r"\b")


def test_an_anchored_pattern_finds_what_the_pattern_finds():
    """The classified-name scan (a kind of organisation after up to four words, then a name) tried only around
    its kinds: the same matches as the pattern tried at every position, whatever the spacing, case and the
    letters lower-casing cannot stand for (ſ, K, İ)."""
    from watchfloor.read import organisations
    finder = organisations._classified_name_finder()
    words = ["the", "The", "a", "l'", "L’", "la", "French", "nuclear", "group", "GROUP", "Group", "ONG", "l’ONG",
             "company", "think tank", "trade union", "Orano", "Jeunesse", "Unie", "de", "d'", "and", "x-y", "9",
             "ſociété", "Kompany", "société", "rights group"]
    seps = [" ", " ", "  ", "\n", "\t", ", ", ". ", ""]
    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 14)))
        expected = [m.span() + (m.group("name"),) for m in finder.pattern.finditer(text)]
        assert [m.span() + (m.group("name"),) for m in finder.finditer(text, lowered(text))] == expected, text
        found += len(expected)
    assert found > 1000, "the texts hold matches to compare"


def test_the_outlet_trie_finds_what_the_longest_first_alternation_finds():
    from watchfloor.read import organisations
    names = [n for n in organisations.context()["junk"]["outlets"] if len(n) > 2]
    alternation = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) +
                             r")(?![\w-])")
    trie = organisations._outlet_regex()
    assert trie.pattern.pattern != alternation.pattern
    pieces = sorted(names)[::3] + ["France", "France 24", "24", "x", "-", " ", "\n", "Radio", "é", "BBC"]
    found = 0
    for text, _ in _random_texts(pieces, 5000, 6, 6):
        expected = [m.span() for m in alternation.finditer(text)]
        assert [m.span() for m in trie.finditer(text)] == expected, text
        found += len(expected)
    assert found > 500
