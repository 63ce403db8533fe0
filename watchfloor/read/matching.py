"""Fast dictionary matching over a document: one folded copy of the text, one trie-shaped regex per dictionary.

`fold` maps each character to exactly one character (lower case, accents off, curly quotes straight,
dashes and line breaks to spaces), so a match in the folded text has the same offsets in the original.
`PhraseMatcher` compiles thousands of phrases into a single regex shaped like a trie — Python's `re`
does not optimise plain alternations, a trie keeps matching linear in the text. A long text's words are
indexed once (`word_index`) and every matcher tries its regex only at the words that open one of its phrases.
"""
from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable, Iterator

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ", "\u2212": " ", "-": " ",
    "\n": " ", "\r": " ", "\t": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\f": " ", "\v": " ",
    "\u0153": "o", "\u00e6": "a", "\u00df": "s",
}


def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFKD", low)[:1] or low
    return base if base.isalnum() or not low.isalnum() else low


_TABLE = {i: _fold_char(chr(i)) for i in range(0x3000) if _fold_char(chr(i)) != chr(i)}
_TABLE.update({ord(k): v for k, v in _SPECIAL.items()})


# What fold changes in an ASCII text besides its capitals: spaces of other kinds, the hyphen, the backtick.
_ASCII_TABLE = {k: v for k, v in _TABLE.items() if k < 128}
_ASCII_SIGN = re.compile("[" + re.escape("".join(chr(k) for k, v in _ASCII_TABLE.items() if v != chr(k).lower())) + "]")


def fold(text: str) -> str:
    """Same-length, offset-preserving normalisation for matching."""
    if text.isascii():
        low = text.lower()
        return low.translate(_ASCII_TABLE) if _ASCII_SIGN.search(low) else low
    if len(text) < _LONG:
        return text.translate(_TABLE)
    return _fold_long(text)


_LONG = 2000        # characters: a longer text with non-ASCII characters is folded with one table look-up


@lru_cache(maxsize=1)
def _code_table():
    """_TABLE as an array over the code points it covers (every one of them maps to exactly one character)."""
    import numpy as np
    size = max(_TABLE) + 1
    table = np.arange(size, dtype=np.uint32)
    for code, to in _TABLE.items():
        table[code] = ord(to)
    return table


def _fold_long(text: str) -> str:
    """`text.translate(_TABLE)`, done on the code points at once (str.translate looks each non-ASCII text's
    characters up one by one)."""
    import numpy as np
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _code_table()
    inside = codes < len(table)
    folded = np.where(inside, table[np.where(inside, codes, 0)], codes)
    return folded.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=100_000)
def fold_key(phrase: str) -> str:
    """The lookup key of a phrase: folded, whitespace collapsed. (Kept: a pure function of the phrase, called
    hundreds of times per report, mostly on names met before.)"""
    return " ".join(fold(phrase).split())


def straight_quotes(text: str) -> str:
    return text.translate({0x2019: "'", 0x2018: "'", 0x02bc: "'", 0x201c: '"', 0x201d: '"'})


def _trie_regex(words: Iterable[str], space: str = " +") -> str:
    """A regex matching exactly the longest of `words` that starts where it is tried (a space in a word matches
    `space`: one or more spaces by default)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = space if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


def trie_regex(words: Iterable[str]) -> str:
    """The words as one trie-shaped alternation: at a position it matches what `a|b|c` (longest first) would,
    without trying every word there."""
    return _trie_regex(words, space=re.escape(" "))


@lru_cache(maxsize=1)
def _word_table():
    """For each code point below 0x10000: is it a regex word character (`\\w`: alphanumeric or '_')?"""
    import numpy as np
    table = np.fromiter((chr(i).isalnum() for i in range(0x10000)), dtype=bool, count=0x10000)
    table[ord("_")] = True
    return table


def word_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where a word starts in text[start:end]: the positions `(?<!\\w)\\w` matches (the character before
    `start` counts), found for the whole span at once."""
    import numpy as np
    end = len(text) if end is None else min(end, len(text))
    if end <= start:
        return []
    lo = max(start - 1, 0)
    codes = np.frombuffer(text[lo:end].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _word_table()
    wide = codes >= 0x10000
    word = table[np.where(wide, 0, codes)]
    if wide.any():
        for k in np.flatnonzero(wide).tolist():
            ch = chr(int(codes[k]))
            word[k] = ch.isalnum() or ch == "_"
    begins = word.copy()
    begins[1:] &= ~word[:-1]
    if lo < start:                  # the character before the span only tells whether its first one starts a word
        begins = begins[1:]
    return (np.flatnonzero(begins) + start).tolist()


_WORD = re.compile(r"\w+")
# ASCII characters `\w` does not match, made spaces: an ASCII text's words are then its whitespace-split pieces.
_ASCII_NON_WORD = {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")}


def words(text: str) -> tuple[list[str], list[int]]:
    """The runs of `\\w` in `text` (what `re.findall(r"\\w+", text)` gives) and where each starts."""
    found = text.translate(_ASCII_NON_WORD).split() if text.isascii() else _WORD.findall(text)
    return found, word_starts(text)


def finditer_at(pattern: re.Pattern, text: str, starts: Iterable[int], pos: int = 0, endpos: int | None = None):
    """What `pattern.finditer(text, pos, endpos)` yields, for a pattern whose matches are never empty and can
    only start at `starts` (ascending): the pattern is tried there only, not at every position of the text."""
    endpos = len(text) if endpos is None else endpos
    done = pos
    for c in starts:
        if c < done:
            continue
        if c > endpos:
            break
        m = pattern.match(text, c, endpos)
        if m:
            yield m
            done = m.end()


class Literal:
    """One occurrence of a literal phrase, read like a regex match (`start()`, `end()`, `group(0)`)."""
    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, n: int = 0) -> str:
        if n:
            raise IndexError("no such group")
        return self._text


def _word_or_hyphen(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"          # what `[\w-]` matches in a str pattern


def finditer_name(phrase: str, text: str) -> Iterator:
    r"""What `re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)` yields (the phrase standing as a
    whole word or words), found with str.find: a report's own names would otherwise compile a regex each
    and push the fixed patterns out of `re`'s cache."""
    if not phrase:
        yield from re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
        return
    n = len(phrase)
    k = text.find(phrase)
    while k >= 0:
        e = k + n
        if (k == 0 or not _word_or_hyphen(text[k - 1])) and (e == len(text) or not _word_or_hyphen(text[e])):
            yield Literal(k, e, phrase)
            k = text.find(phrase, e)
        else:
            k = text.find(phrase, k + 1)


class Scouted:
    """`pattern.finditer(text)` for a pattern whose matches are never empty, found faster: a leading zero-width
    assertion (`lead`, e.g. a lookbehind) stops `re` from skipping to the characters a match can start with, so
    the pattern less it (the scout) finds where a match may start, and the whole pattern is tried there only."""

    def __init__(self, pattern: re.Pattern, lead: str):
        if not pattern.pattern.startswith(lead):
            raise ValueError(f"pattern does not start with {lead!r}: {pattern.pattern[:60]!r}")
        self.pattern = pattern
        self.scout = re.compile(pattern.pattern[len(lead):], pattern.flags)

    def finditer(self, text: str) -> Iterator[re.Match]:
        search, match = self.scout.search, self.pattern.match
        pos = done = 0
        while True:
            candidate = search(text, pos)
            if candidate is None:
                return
            k = candidate.start()
            if k >= done:
                m = match(text, k)
                if m:
                    yield m
                    done = m.end()
            pos = k + 1


def words_before(text: str, k: int, lo: int, words: int) -> int:
    """Where the `words`-th whitespace-separated word before position k starts (a word glued to k counts for
    none), not before lo."""
    i = k
    while i > lo and not text[i - 1].isspace():
        i -= 1
    for _ in range(words):
        j = i
        while j > lo and text[j - 1].isspace():
            j -= 1
        if j == i:
            break                      # no space before i: the text's start, or lo
        while j > lo and not text[j - 1].isspace():
            j -= 1
        i = j
    return i


class Anchored:
    """`pattern.finditer(text)` for a pattern whose every match holds a piece that starts at most `words`
    whitespace-separated words after the match's start: the piece is found in the lower-cased text by `anchor`
    (a pattern without IGNORECASE, whose hits must include every such piece), `after` must match the text
    where the hit ends, and the whole pattern is tried only at the positions from `words` words before each
    hit up to its end. For a pattern that may start almost anywhere ("after a lower-case word, up to three
    words, then a kind of organisation …"), which `re` would try at every character, and whose piece re can
    only find slowly under IGNORECASE. Same matches, in the same order, as `pattern.finditer(text)`."""

    def __init__(self, pattern: re.Pattern, anchor: str, after: str, words: int):
        self.pattern, self.anchor, self.after, self.words = pattern, re.compile(anchor), re.compile(after), words

    def _window(self, text: str, k: int, lo: int) -> int:
        return words_before(text, k, lo, self.words)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match]:
        """`low`: `prefilter.lowered(text)` (None where lower-casing cannot stand for IGNORECASE: the whole
        pattern is then run over the text)."""
        if low is None:
            yield from self.pattern.finditer(text)
            return
        after, match = self.after.match, self.pattern.match
        done = 0
        for hit in self.anchor.finditer(low):
            if not after(text, hit.end()) or hit.end() <= done:
                continue
            s = max(done, self._window(text, hit.start(), done))
            while s < hit.end():
                m = match(text, s)
                if m and m.end() > s:
                    yield m
                    done = m.end()
                    break
                s += 1


def line_starts(text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Where `^` matches under re.MULTILINE in text[pos:endpos] (the string's start, after each newline)."""
    endpos = len(text) if endpos is None else endpos
    out = [0] if pos == 0 else []
    k = text.find("\n", max(pos - 1, 0), endpos)
    while k >= 0:
        if k + 1 >= pos:
            out.append(k + 1)
        k = text.find("\n", k + 1, endpos)
    return out


# The months and the days of the week, spelled out as running text writes them: alternatives for the regexes that
# name one (dates._MONTH and _WEEKDAY, organisations._ARTICLE, document._ON_WEEKDAY, _DATELINE_TAIL below).
ENGLISH_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
ENGLISH_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
FRENCH_WEEKDAYS = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"

# After a dateline's place: ", 17 June 2025 —", ", March 3 (Reuters) -", ", le 20 mai", " (AFP) -", " —".
# English month and day names, lower case: no name, place or organisation is made of one.
CALENDAR_WORDS = frozenset((ENGLISH_MONTHS + "|" + ENGLISH_WEEKDAYS).lower().split("|"))
_MONTH_WORD = (r"(?i:jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|"
               r"july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember)?)?|sept(?:embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|"
               r"dec(?:ember)?|d[ée]c(?:embre)?)\.?")
# The dash that closes a wire story's dateline: "NIAMEY, May 4 (Reuters) - ", "GENEVA (12 May 2023) —",
# "Ouagadougou, 14 mars 2024 (AFP) – ". The reader's dateline patterns are built with it:
#   _DATELINE_TAIL here (is_dateline): what follows a place found in the text, to tell it was filed from there;
#   document._DATELINE: a whole head line, its date and outlet captured for the document's date and outlet;
#   events._DATELINE_HEAD: a loose line start (any case, any date text), so a date inside it is no event's date;
#   organisations._DATELINE and events._AFTER_CAPS_PLACE: an upper-case place and the comma, parenthesis or
#   dash after it, no date asked for;
#   _DATELINE_OUTLET here (in_dateline_outlet): where the outlet's parenthesis lies, so its name is no actor.
# They differ in how strict the place and the date are because each answers a different question (made one,
# the reader's output changes); the dash is the part they share.
DATELINE_DASH = r"[-—–]"
# A verb of saying in the past or present, English or French ("said", "told", "a annoncé", "ont indiqué"): who tells
# of an event (events._SAYS_AFTER, event_model._ATTRIBUTION_TAIL).
SAYING_VERBS = (r"said|says|told|reported|reports|added|announced|stated|confirmed|claimed|wrote|tweeted|"
                r"a\s+(?:déclaré|annoncé|indiqué|affirmé|précisé|ajouté|rapporté)|"
                r"ont\s+(?:déclaré|annoncé|indiqué|affirmé|précisé|rapporté)")
_DATELINE_TAIL = re.compile(
    r"(?:\s*,\s*(?:[A-Z][\w.]*\s*,\s*)?(?:le\s+|on\s+)?(?:\d{1,2}(?:er)?\s+" + _MONTH_WORD + r"|" + _MONTH_WORD +
    r"\s+\d{1,2}\b|\d{4}-\d\d-\d\d|(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day|" + FRENCH_WEEKDAYS + r")\b)|(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*\([A-Z0-9][^)\n]{1,40}\)\s*" + DATELINE_DASH +
    # a place and a dash alone ("GOMA — …"): an en or em dash only, not a hyphen
    r"|\s*[—–]\s)")


def is_dateline(text: str, start: int, end: int) -> bool:
    """The place at text[start:end] opens a line as a dateline ("Abuja, 17 June 2025 — …", "BAMAKO, March 3
    (Reuters) -", "ADEN, Yemen (AP) —", "Niamey, le 20 mai 2025 –"): where the story was filed from, not a place it is about or an actor."""
    line = text.rfind("\n", 0, start) + 1
    return start - line <= 2 and bool(_DATELINE_TAIL.match(text, end))


# A dateline's outlet in parentheses, "NAIROBI, 14 March 2025 (UN News) —", "JOS, Nigeria (AP) —"
# (the place in capitals, or followed by a comma: "Ouagadougou, 14 mars 2024 (AFP) –")
_DATELINE_OUTLET = re.compile(r"(?:[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{1,40}|[A-ZÀ-Ý][\w .'’-]{1,40},[^\n()]{1,40}?)\s*"
                              r"\(([A-Z][^)\n]{1,40})\)\s*" + DATELINE_DASH)


def in_dateline_outlet(text: str, at: int) -> bool:
    """Whether `at` lies in the outlet a wire dateline names ("(UN News)", "(AFP)"): who filed the story, not an
    actor of it."""
    line = text.rfind("\n", 0, at) + 1
    if at - line > 90:
        return False
    m = _DATELINE_OUTLET.match(text, line)
    return m is not None and m.start(1) <= at < m.end(1)


_FIRST_WORD = re.compile(r"\w*")


def first_word(phrase: str) -> str:
    """The run of `\\w` a folded phrase opens with ("" when it opens with a space or sign): a match of the
    phrase can only start at a word of the text that is (or, for a prefix, starts with) it."""
    return _FIRST_WORD.match(phrase).group(0)


INDEXED = 1000      # characters: a shorter text is scanned by each matcher's regex (an index would cost more)
_INDEXES: list[tuple[str, dict[str, list[int]]]] = []        # the last texts indexed, newest last


def word_index(folded: str) -> dict[str, list[int]] | None:
    """Each word of a folded text → where it occurs (ascending), or None for a short text. Built once per
    text and shared by every dictionary matcher that reads it: each then tries its regex at the words that
    can open one of its phrases instead of scanning the whole text."""
    if len(folded) < INDEXED:
        return None
    for text, index in reversed(_INDEXES):
        if text is folded:
            return index
    index: dict[str, list[int]] = {}
    for word, start in zip(*words(folded)):
        at = index.get(word)
        if at is None:
            index[word] = [start]
        else:
            at.append(start)
    _INDEXES.append((folded, index))
    if len(_INDEXES) > 4:
        del _INDEXES[0]
    return index


class WordAnchored:
    """`pattern.finditer(text)` for a pattern whose every match holds, at most `words` whitespace-separated words
    after its start, a piece whose first run of `\\w` folds (`fold`) to one of `firsts` and starts a word of the
    text. The folded text's shared word index (`word_index`) gives where those words are; the whole pattern is
    tried there only, at the positions from `words` words before each such word up to it where `opener` (which
    matches wherever a match can start) does. For a pattern that opens with a common word ("the", "a") and is
    found by its rarer words ("the governor of Maradi, X Y"). `capitalised`: the piece's first letter is always
    a capital (only such words are tried). Same matches, in the same order."""

    def __init__(self, pattern: re.Pattern, firsts: Iterable[str], opener: str, words: int, capitalised: bool = False):
        self.pattern, self.opener, self.words, self.capitalised = pattern, re.compile(opener), words, capitalised
        self.firsts = tuple(sorted(set(firsts)))
        if "" in self.firsts:
            raise ValueError("every piece must open with a word character")

    def finditer(self, text: str, folded: str) -> Iterator[re.Match]:
        """`folded`: `fold(text)`."""
        index = word_index(folded)
        if index is None:
            yield from self.pattern.finditer(text)
            return
        get = index.get
        at = sorted(k for w in self.firsts for k in get(w, ()))
        if self.capitalised:
            at = [k for k in at if text[k].isupper()]
        opener, match, words = self.opener.finditer, self.pattern.match, self.words
        done = 0
        for k in at:
            if k < done:
                continue
            for o in opener(text, words_before(text, k, done, words), k + 1):
                m = match(text, o.start())
                if m:
                    yield m
                    done = m.end()
                    break


class Match:
    """One phrase found: offsets in the text, folded key, payloads (a plain slotted class: made per match)."""
    __slots__ = ("start", "end", "key", "payloads")

    def __init__(self, start: int, end: int, key: str, payloads: tuple):
        self.start, self.end, self.key, self.payloads = start, end, key, payloads

    def __repr__(self) -> str:
        return f"Match({self.start}, {self.end}, {self.key!r})"


class PhraseMatcher:
    """Many phrases, one pass. Payloads are kept per folded phrase; the longest phrase at a position wins."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]):
        self.payloads: dict[str, list] = {}
        for phrase, payload in phrases:
            key = fold_key(phrase)
            if key:
                self.payloads.setdefault(key, []).append(payload)
        if self.payloads:
            self.regex = re.compile(r"(?<![\w])(?:" + _trie_regex(self.payloads) + r")(?![\w])")
        else:
            self.regex = re.compile(r"(?!x)x")
        # Every match starts at a whole word of the text that is some phrase's first word (a phrase's first
        # word ends where the phrase does or at a space or sign, neither of which \w matches). A phrase
        # that opens with a sign has no first word: the matcher then scans every position.
        leads = {first_word(key) for key in self.payloads}
        self.leads = None if "" in leads else frozenset(leads)

    def _starts(self, folded: str) -> list[int] | None:
        """Where a match may start in `folded` (ascending), from the text's shared word index; None where
        the regex's own scan is cheaper (short texts) or every position can start one."""
        if self.leads is None:
            return None
        last = self.__dict__.get("_last")         # (text, its starts): a document is searched many times
        if last is not None and last[0] is folded:
            return last[1]
        index = word_index(folded)
        if index is None:
            return None
        present = self.leads.intersection(index)
        starts = sorted(itertools.chain.from_iterable(map(index.__getitem__, present)))
        self._last = (folded, starts)
        return starts

    def _matches(self, folded: str) -> Iterator[re.Match]:
        """What `self.regex.finditer(folded)` yields, the regex tried only where a match may start."""
        starts = self._starts(folded)
        if starts is None:
            return self.regex.finditer(folded)
        return finditer_at(self.regex, folded, starts)

    def search(self, folded: str, pos: int = 0) -> re.Match | None:
        """What `self.regex.search(folded, pos)` finds, the regex tried only where a match may start."""
        starts = self._starts(folded)
        if starts is None:
            return self.regex.search(folded, pos)
        match = self.regex.match
        for c in starts[bisect.bisect_left(starts, pos):]:
            m = match(folded, c)
            if m:
                return m
        return None

    def starts(self, folded: str) -> list[tuple[int, tuple]]:
        """(start, payloads) of each phrase `finditer` finds, as one list (no Match objects made)."""
        found = self.__dict__.setdefault("_found", {})
        out = []
        for m in self._matches(folded):
            raw = m.group(0)
            known = found.get(raw)
            if known is None:
                known = self._known(found, raw)
            out.append((m.start(), known[1]))
        return out

    def _known(self, found: dict, raw: str) -> tuple[str, tuple]:
        if len(found) > 100_000:
            found.clear()
        key = " ".join(raw.split())
        known = found[raw] = (key, tuple(self.payloads.get(key, ())))
        return known

    def finditer(self, folded: str) -> Iterator[Match]:
        found = self.__dict__.setdefault("_found", {})     # matched text → (key, payloads), kept per matcher
        for m in self._matches(folded):
            raw = m.group(0)
            known = found.get(raw)
            if known is None:
                known = self._known(found, raw)
            yield Match(m.start(), m.end(), known[0], known[1])


def spells(short: str, long: str) -> bool:
    """Whether the abbreviation `short` takes its letters in order from `long`, its first letter opening a word
    (Schwartz and Hearst, "A simple algorithm for identifying abbreviation definitions in biomedical text", 2003):
    "CONHAT" from "Coordination des ONG humanitaires de la région de Tahoua"."""
    s = [c for c in fold_key(short).lower() if c.isalnum()]
    t = fold(long).lower()
    i = len(t) - 1
    for k in range(len(s) - 1, -1, -1):
        while i >= 0 and (t[i] != s[k] or (k == 0 and i > 0 and t[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return bool(s)


# An abbreviation in brackets right after a name: "the Forces armées togolaises (FAT)" (group 1: the abbreviation)
# The Arabic article joined by a hyphen inside a name, with its sun-letter forms: "al-Ain", "ez-Zor", "ad-Din",
# "as-Sultan", "ash-Sham", "an-Nusra", "ul-Islam" (lower case, so no sentence word: "an", "as" and "at" need the hyphen)
ARABIC_ARTICLE = r"(?:[ae](?:l|n|r|s|t|d|z|sh|th|dh)|u[lrd])-"
BRACKETED_ABBREVIATION = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Z0-9-]{1,9})[ \t]*\)")
