"""The reader's speed-ups give the same answers as the plain computations they replace, on sentences written
here (not taken from the fixtures): word starts found at once, the trie of date anchors, the toll words tested
as substrings, the classifier's product without a matrix, the world gazetteer's cached look-ups."""
from __future__ import annotations

import re

import numpy as np

from watchfloor.read import dates, event_model, events
from watchfloor.read.matching import PhraseMatcher, fold, trie_regex, word_starts, words

TEXTS = [
    "On 3 March 2023, gunmen attacked the market in Ménaka, killing 12 civilians.",
    "Marchers marched past the market; the junta's mayor said nothing on Monday.",
    "Between 5 and 7 June, the army retook Djibo — 40 fighters died (ce mois, la semaine dernière).",
    "l'année 2022 fut longue ; le 14 juillet, des hommes armés ont tué 9 villageois à Tessit.",
    "x_y  _z 😀abc déf\tghi\n\nJKL 12,000 IDPs; the day after, days later, yesterday.",
    "   leading spaces, then words",
    "",
    "a",
    "ſoldiers and İstanbul and K-9 units",
]


def test_word_starts_are_those_the_regex_finds():
    regex = re.compile(r"(?<!\w)\w")
    for text in TEXTS:
        for start in range(len(text) + 1):
            for end in (start, start + 1, start + 7, len(text), len(text) + 3):
                assert word_starts(text, start, end) == [m.start() for m in regex.finditer(text, start, end)], \
                    (text, start, end)


def test_words_are_the_runs_the_regex_finds():
    for text in TEXTS:
        assert words(text) == (re.findall(r"\w+", text), [m.start() for m in re.finditer(r"\w+", text)]), text


def test_phrases_found_from_the_word_index_are_those_the_regex_scan_finds():
    matcher = PhraseMatcher((p, p) for p in ["market", "the market", "the army", "army s patrol", "days later",
                                             "k 9", "djibo", "hommes armes", "12,000 idps", "l annee"])
    opening_with_a_sign = PhraseMatcher([("market", 1), ("'s patrol", 2)])
    long_text = fold(" ".join(TEXTS * 12))             # long enough to be indexed
    for text in [long_text, long_text[5:], fold(TEXTS[0])]:
        for m in (matcher, opening_with_a_sign):
            assert [(x.start, x.end, x.key) for x in m.finditer(text)] == \
                [(x.start(), x.end(), " ".join(x.group(0).split())) for x in m.regex.finditer(text)]
            for pos in (0, 1, 17, len(text) // 2, len(text)):
                found, scanned = m.search(text, pos), m.regex.search(text, pos)
                assert (found and found.span()) == (scanned and scanned.span()), (pos, text[:40])


def test_date_anchors_from_the_word_index_are_those_the_regex_scan_finds():
    long_text = fold(" ".join(TEXTS * 12) + " k9 covid19x2 mid2023 l'annee ce mois-ci lundi13 ٣٤ 1,035")
    for s, e in [(0, len(long_text)), (3, len(long_text) - 4), (len(long_text) // 3, len(long_text) // 2)]:
        for k in range(s, min(s + 40, e)):       # spans opening anywhere, inside words and runs of digits too
            assert [m.span() for m in dates._anchors(long_text, k, e)] == \
                [m.span() for m in dates._ANCHOR_RE.finditer(long_text, k, e)], (k, e)


def test_cue_prefixes_from_the_word_index_are_those_the_regex_scan_finds(monkeypatch):
    from watchfloor.read import matching
    prefilter, _ = events.cue_prefilter()
    long_text = fold(" ".join(TEXTS * 12) + " Clashes broke out; troops were shot dead; l'attaque; IEDs ambushed.")
    sentences = [(k, min(k + 120, len(long_text))) for k in range(0, len(long_text), 120)]
    indexed = prefilter.by_sentence(long_text, sentences)
    monkeypatch.setattr(matching, "INDEXED", len(long_text) + 1)        # no index: the regex scans the text
    assert prefilter.by_sentence(long_text, sentences) == indexed


def test_trie_regex_matches_what_the_longest_first_alternation_does():
    plain = re.compile(r"\d+|(?<!\w)(?:" + "|".join(sorted((re.escape(w) for w in dates._ANCHOR_WORDS), key=len,
                                                           reverse=True)) + ")")
    assert dates._ANCHOR_RE.pattern != plain.pattern
    for text in TEXTS:
        low = fold(text)
        assert [m.span() for m in dates._ANCHOR_RE.finditer(low)] == [m.span() for m in plain.finditer(low)], text
    words = ["ab", "abc", "a b", "abd", "b"]
    trie = re.compile(trie_regex(words))
    alternation = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    for text in ["abc", "ab", "a b", "a  b", "abd b", "xab"]:
        for pos in range(len(text)):
            a, b = trie.match(text, pos), alternation.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


def _plain_date_matches(text, s, e):
    """The date matcher as it was: every word start by regex, the anchors by a longest-first alternation,
    the big regex tried again wherever an anchor's look-back reaches."""
    anchors = re.compile(r"\d+|(?<!\w)(?:" + "|".join(sorted((re.escape(w) for w in dates._ANCHOR_WORDS), key=len,
                                                             reverse=True)) + ")")
    starts = [m.start() for m in re.finditer(r"(?<!\w)\w", text[:e]) if m.start() >= s]
    done, low = s, fold(text)
    for anchor in anchors.finditer(low, s, e):
        if anchor.start() < done:
            continue
        a, b = anchor.start(), anchor.end()
        if low[a].isdigit() and not dates._digits_can_date(low, a, b):
            continue
        k = dates.bisect.bisect_right(starts, a) - 1
        for c in starts[max(0, k - dates._LOOKBACK_WORDS):k + 1]:
            if c < done or (c != a and not text[c].isdigit() and
                            dates._FIRST_WORD.match(text, c).group(0).lower() not in dates._STARTERS):
                continue
            m = dates.DATE_RE.match(text, c, e)
            if m:
                done = m.end()
                yield m
                break


def test_date_matches_are_those_of_the_plain_matcher():
    texts = TEXTS + ["He said on Monday the 3 days in June were calm; in 2 days, on 4 May and 5 June 2024, "
                     "since March, the market marched on (12 soldiers, 1,035 people) until the end of 2023."]
    for text in texts:
        for s, e in [(0, len(text)), (3, len(text) - 2)]:
            fast = [(m.span(), m.lastgroup) for m in dates._date_matches(text, s, e, fold(text))]
            assert fast == [(m.span(), m.lastgroup) for m in _plain_date_matches(text, s, e)], text


def test_toll_words_tested_as_substrings_give_the_same_tolls():
    word = re.compile("|".join(map(re.escape, events._FATAL_WORDS)))

    def plain(sentence):
        if not word.search(sentence.lower()):
            return None
        total, seen = 0, False
        for m in events._FATAL.finditer(sentence):
            value = events.number_value(m.group("a") or m.group("b") or m.group("c"))
            if value is not None and value < 100000:
                total, seen = total + value, True
        return total if seen else None

    for sentence in TEXTS + ["Eight soldiers were killed.", "The death toll rose to 31.", "KILLING 4 PEOPLE"]:
        assert events.fatalities_in(sentence) == plain(sentence), sentence


def test_classifier_product_without_scipy_matrix_is_the_same_sum():
    model = event_model.classifier()
    batch = [event_model.Sentence(t) for t in TEXTS]
    fast = model.decision_function(batch)
    kernel = event_model._csr_matvecs
    try:
        event_model._csr_matvecs = None            # the csr_matrix @ weights path
        plain = model.decision_function(batch)
    finally:
        event_model._csr_matvecs = kernel
    assert np.array_equal(fast, plain)


def test_world_lookups_cached_give_the_gazetteer_answers():
    from watchfloor.read.pipeline import reader_for
    world = reader_for().gazetteer.world
    for name in ["Maiduguri", "Borno", "Lower Shabelle", "Kidal", "Nowhere Land", "N'Guigmi", "Tessit"]:
        from watchfloor.read.matching import fold_key
        key = fold_key(name)
        assert world._lookup(name) == (key, world.world.find_key(key))
        assert world._lookup(name) == (key, world.world.find_key(key))       # the cached answer
        assert world._admin_lookup(name) == world.world.admin_lookup(name)


def test_fold_of_a_long_text_is_the_table_translation():
    from watchfloor.read import matching
    texts = ["Ménaka’s “camp” — Tillabéri\n\tİstanbul ſ œ ß ﬁ " * 200, "\udc80abc É" * 500, "plain ascii " * 300,
             "".join(chr(c) for c in range(0x20, 0x3100) if not 0xD800 <= c < 0xE000) * 2]
    for text in texts:
        assert len(text) >= matching._LONG
        assert matching.fold(text) == text.translate(matching._TABLE)
        assert len(matching.fold(text)) == len(text)


def test_citation_patterns_tried_only_where_they_can_start():
    from watchfloor.read import citations as c
    texts = ["Attack near Gao killed¹² people (3) and more (4). See [^3], [3-5] and a^3; b.^4\n(5) A note\n 3. Another\n"
             "[7]: Third, Example Wire, May 2023, https://example.org/7\n", "(1)(2) ( 3) x (4)\n\n\n^9 note ²",
             "", "[", "text without any mark at all.\n"]
    for text in texts:
        for pos, end in [(0, len(text)), (1, len(text)), (0, len(text) // 2)]:
            spans = lambda it: [(m.span(), m.groupdict()) for m in it]
            assert spans(c._markers(text, pos, end)) == spans(c.MARKER_RE.finditer(text, pos, end))
            assert spans(c._paren_markers(text, pos, end)) == spans(c.PAREN_MARKER_RE.finditer(text, pos, end))
            assert spans(c._footnote_lines(text, pos)) == spans(c.FOOTNOTE_RE.finditer(text, pos))


def test_phrase_starts_are_finditer_s():
    sentence = fold("Gunmen killed three villagers and two soldiers near the market; the army's patrol fled.")
    assert events._TARGET_WORDS.starts(sentence) == [(m.start, m.payloads)
                                                     for m in events._TARGET_WORDS.finditer(sentence)]


def test_capitals_need_the_word():
    from watchfloor.read import world_places
    for text in ["Fighting reached the capital on Monday.", "La capitale nigérienne est calme.", "No such word here."]:
        assert ("capital" in text) == bool(world_places._CAPITAL.search(text) or world_places._CAPITALE.search(text))


def test_quantities_tried_only_where_a_match_can_start():
    from watchfloor.read import quantities as q
    # every word the patterns spell (a first word added to NUMBER or _APPROX and not to _QUANTITY_FIRST fails here)
    spelt = set(re.findall(r"[^\W\d_]+", re.sub(r"\\[a-zA-Z]", " ", q.NUMBER + q._APPROX)))
    words = sorted(q._QUANTITY_FIRST | spelt | {w.upper() for w in spelt} | {"Twenty", "x", "dozens", "ones", "près"})
    texts = TEXTS + [f"{w} 12 soldiers, {w}-one {w} thousand people and {w} hundred killed, about 3,000 IDPs"
                     for w in words] + [f"{w} dizaine de personnes, {w} million people, {w}-two soldiers" for w in words]
    for text in texts:
        for s, e in [(0, len(text)), (2, len(text) - 3)]:
            spans = lambda it: [(m.span(), m.groupdict()) for m in it]
            assert spans(q._quantity_matches(text, s, e)) == spans(q.QUANTITY_RE.finditer(text, s, e)), text


def test_tolls_tried_only_where_a_match_can_start():
    spelt = set(re.findall(r"[^\W\d_]+", re.sub(r"\\[a-zA-Z]", " ", events._FATAL.pattern)))
    words = sorted(events._FATAL_FIRST | spelt | {w.title() for w in spelt} | {"KILLED", "x"})
    for sentence in TEXTS + [f"{w} 12 were killed, {w} toll of 5, {w} at least 4 people were killed" for w in words] + \
            [f"The raid, {w} 7 people." for w in words]:
        plain = [m.group("a") or m.group("b") or m.group("c") for m in events._FATAL.finditer(sentence)]
        values = [v for v in map(events.number_value, plain) if v is not None and v < 100000]
        assert events.fatalities_in(sentence) == (sum(values) if values else None), sentence


def test_capitalised_sequences_as_before():
    from watchfloor.read import world_places as wp
    plain = re.compile(rf"(?<![\w'’-]){wp._WORD}(?:[ \t]+(?:{wp._CONNECT}[ \t-]+)?{wp._WORD}){{0,4}}")
    for text in TEXTS + ["Al-Qaeda in the Islamic Maghreb and Ansar al Din near Bir el Ghar; x-Ray, d'Arcy, ’Tis Chad's"]:
        assert [m.span() for m in wp._SEQUENCE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


CUE_SENTENCES = TEXTS + [
    "Militants ambushed an army convoy and clashed with soldiers; an IED exploded near the checkpoint.",
    "Gunmen abducted two teachers, looted the clinic and burned the market before fleeing.",
    "Des hommes armés ont attaqué le poste et enlevé trois enseignants ; l'armée a riposté.",
    "Rioters torched the governor's office while police fired tear gas at protesters.",
    "Œuvre cœur: les soldats ſont arrivés, İED, the Kelvin K, ıtems, Æsir and Straße were shelled.",
    "THE REBELS RETOOK THE TOWN, SHELLED THE CAMP AND KILLED 12 SOLDIERS.",
    "Residents, traders and youths marched; a drone strike hit a gathering; peacekeepers withdrew from the base.",
]


def test_cue_hits_find_what_a_search_finds():
    types = events.load_event_types()
    everything = {(i, j) for i, st in enumerate(types) for j in range(len(st.cues))}
    for sentence in CUE_SENTENCES:
        plain = {(i, j): m.start() for i, j in everything for m in [types[i].cues[j].search(sentence)] if m}
        assert events.cue_hits(sentence, everything) == plain, sentence


def test_facts_keep_each_kind_s_credibility_and_corroboration():
    from watchfloor.read.grading import credibility
    from watchfloor.read.pipeline import reader_for
    result = reader_for().read("speed", "Gunmen attacked a patrol near Gao on 3 March 2023, killing 12 soldiers.\n\n"
                                        "JNIM will likely expand operations toward Ménaka.\n")
    facts = result.facts()
    assert facts and all(f["credibility"] == credibility(f["kind"], result.reliability) for f in facts)
    event = next(f for f in facts if f["kind"] == "event")
    result.corroborated = {("event", event["start"])}
    again = result.facts()
    assert [f["credibility"] for f in again] == [credibility(f["kind"], result.reliability,
                                                             (f["kind"], f["start"]) in result.corroborated)
                                                 for f in again]
    assert [{k: v for k, v in f.items() if k != "credibility"} for f in again] == \
        [{k: v for k, v in f.items() if k != "credibility"} for f in facts]


def test_body_test_is_in_body():
    import random
    from watchfloor.read import components, document
    rng = random.Random(3)
    for _ in range(500):
        d = document.Document(path="x", text="x" * 120)
        d.boilerplate = [(a, a + rng.randint(0, 25)) for a in (rng.randint(0, 120) for _ in range(rng.randint(0, 5)))]
        d.references_start = rng.choice([None, rng.randint(0, 130)])
        keep = components._body_test(d)
        assert [keep(p) for p in range(-1, 140)] == [d.in_body(p) for p in range(-1, 140)]


def test_prefilter_by_sentence_same_on_a_second_call():
    text = "Gunmen shot dead two traders. Militants clashed with soldiers; an IED exploded."
    sentences = [(0, 29), (30, len(text))]
    prefilter, _ = events.cue_prefilter()
    first = prefilter.by_sentence(fold(text), sentences)
    assert prefilter.by_sentence(fold(text), sentences) == first and first[0] and first[1]


PREFILTER_SENTENCES = [
    # a cue's words inside a longer cue phrase: "drone strike" holds "strike", "air raids" holds "raids"
    "A drone strike by the navy hit a boat near the island, officials said.",
    "Air raids and a chemical attack were reported in the valley overnight.",
    "Gunmen opened fire on a bus and then shot dead two passengers.",
    "Les assaillants ont ouvert le feu sur le marché avant une frappe de drone.",
]


def test_the_cue_prefilter_lets_through_every_cue_that_matches():
    # the prefilter's promise: the same answers as running every cue on every sentence
    prefilter, index = events.cue_prefilter()
    types = events.load_event_types()
    for sentence in PREFILTER_SENTENCES:
        text = fold(sentence)
        allowed = {index[k] for k in prefilter.by_sentence(text, [(0, len(text))])[0]}
        matching = {(i, j) for i, j in index if types[i].cues[j].search(text)}
        assert matching <= allowed, (sentence, matching - allowed)
