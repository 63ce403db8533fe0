"""Cheap necessary conditions for expensive regexes: most cue patterns (events) can only match where a
word starts with one of a few literal prefixes ("clash", "ambush", "IED"). One trie-shaped regex, tried at
the words of the folded text that a prefix opens (matching.word_index), finds those words; only the patterns
they point to are then run, on the sentences that hold them. Patterns without such a prefix are always run. The answers are the same as running every pattern.
"""
from __future__ import annotations

import bisect
import re
import re._parser as sre_parse
from re._constants import AT, AT_BOUNDARY, ASSERT, ASSERT_NOT, BRANCH, LITERAL, SUBPATTERN

from watchfloor.read.matching import PhraseMatcher, first_word, fold, word_index

MIN_PREFIX = 2


def word_prefixes(pattern: str, flags: int = re.I) -> set[str] | None:
    """Folded literal prefixes, one of which starts the word where any match of `pattern` starts; None when
    the pattern does not begin with such a word."""
    items = list(sre_parse.parse(pattern, flags))
    i = 0
    while i < len(items) and (items[i] == (AT, AT_BOUNDARY) or items[i][0] is ASSERT_NOT):
        i += 1
    found = _prefixes(items[i:])
    if not found or any(len(p) < MIN_PREFIX for p in found):
        return None
    return {fold(p) for p in found}


def _prefixes(seq) -> set[str] | None:
    out = ""
    for op, av in seq:
        if not out and op is AT and av is AT_BOUNDARY:
            continue
        if op is LITERAL:
            out += chr(av)
            continue
        if not out and op is BRANCH:
            alts = [_prefixes(list(branch)) for branch in av[1]]
            if any(a is None for a in alts):
                return None
            return set().union(*alts)
        if not out and op is SUBPATTERN:
            return _prefixes(list(av[-1]))
        break
    return {out} if out else None


class Prefilter:
    """Which of many patterns can match in which sentence."""

    def __init__(self, patterns: list[str]):
        self.always: list[int] = []
        phrases = []
        for i, p in enumerate(patterns):
            found = word_prefixes(p)
            if found is None:
                self.always.append(i)
            else:
                phrases += [(prefix, i) for prefix in found]
        self.matcher = PhraseMatcher(phrases)
        self._closure: dict[str, set[int]] = {}
        self.regex = re.compile(self.matcher.regex.pattern.removesuffix(r"(?![\w])"))
        # A prefix of one word opens every word it starts ("clash": "clashes"); a longer one only its first
        # word as a whole ("shot" of "shot dead"). A prefix opening with a sign: every position is tried.
        keys = list(self.matcher.payloads)
        firsts = [first_word(key) for key in keys]
        self._scan_all = "" in firsts
        self._one_word = tuple(key for key, first in zip(keys, firsts) if first == key)
        self._first_words = {first for key, first in zip(keys, firsts) if first != key}
        self._opens: dict[str, bool] = {}             # word → whether a prefix opens it, kept

    def _starts(self, folded: str) -> list[int] | None:
        """Where a prefix may start in `folded` (ascending): the words that a prefix opens, from the text's
        shared word index; None for a short text (scanned by the regex)."""
        index = None if self._scan_all else word_index(folded)
        if index is None:
            return None
        opens, starts = self._opens, []
        for word, at in index.items():
            found = opens.get(word)
            if found is None:
                if len(opens) > 100_000:
                    opens.clear()
                found = opens[word] = word.startswith(self._one_word) or word in self._first_words
            if found:
                starts += at
        starts.sort()
        return starts

    def by_sentence(self, folded: str, sentences: list[tuple[int, int]]) -> list[set[int]]:
        """For each sentence, the indexes of the patterns worth running on it."""
        starts = [s for s, _ in sentences]
        out = [set(self.always) for _ in sentences]
        raw_found = self.__dict__.setdefault("_raw", {})       # matched text → its closure (below), kept
        prefix_starts = self._starts(folded)
        if prefix_starts is None:
            prefix_starts = [m.start() for m in _OPENINGS.finditer(folded)]
        # each start tried on its own, inside an earlier match too: "drone strike" holds the prefix "strike" of
        # another pattern, which a scan that skips over matched text would never see
        matched = (self.regex.match(folded, c) for c in prefix_starts)
        for m in filter(None, matched):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < sentences[k][1]:
                found = raw_found.get(m.group(0))
                if found is None:
                    key = " ".join(m.group(0).split())
                    found = self._closure.get(key)
                    if found is None:                             # "shot dead" also holds the prefix "shot"
                        found = self._closure[key] = {i for end in range(MIN_PREFIX, len(key) + 1)
                                                      for i in self.matcher.payloads.get(key[:end], ())}
                    if len(raw_found) > 100_000:
                        raw_found.clear()
                    raw_found[m.group(0)] = found
                out[k].update(found)
        return out


_OPENINGS = re.compile(r"(?<!\w)\w|[^\w\s]")     # where a prefix may start: a word's first letter, or a sign


def required_text(pattern: str, flags: int = re.I, shortest: int = 3) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of `pattern` holds (each top-level alternative's
    longest run of plain letters), or None when some alternative has no such run of `shortest` characters.
    A cue whose strings are all absent from a sentence cannot match it: its regex is not run there."""
    import re._parser as sre_parse
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN

    def of_sequence(items) -> set[str] | None:
        options: list[set[str]] = []
        run = ""
        for op, av in list(items) + [(None, None)]:
            if op is LITERAL and chr(av).isascii() and (chr(av).isalnum() or chr(av) in " '"):
                run += chr(av).lower()
                continue
            if len(run) >= shortest:
                options.append({run})
            run = ""
            inner = None
            if op is SUBPATTERN:
                inner = of_sequence(av[-1])
            elif op is BRANCH:
                alts = [of_sequence(b) for b in av[1]]
                inner = None if any(a is None for a in alts) else set().union(*alts)
            elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
                inner = of_sequence(av[2])
            if inner:
                options.append(inner)
        # the most selective requirement: the one whose shortest string is longest
        return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)

    found = of_sequence(sre_parse.parse(pattern, flags))
    return tuple(sorted(found)) if found else None


def shortest_needed(strings: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`strings` less those that hold another of them ("advised" holds "advise"): a text holds one of the rest
    exactly when it holds one of them, and there are fewer to look for."""
    return strings and tuple(s for s in strings if not any(o != s and o in s for o in strings))


# Characters that re.IGNORECASE equates with an ASCII letter but str.lower() does not (ſ → s, K → k, İ/ı → i).
_CASE_ODD = re.compile("[\u017f\u212a\u0130\u0131]")


class Needs:
    """The strings one of which every match of `pattern` holds (`required_text`), to skip the regex where a text
    holds none of them. `absent(low)`: `low` is the text lowered (None when it holds characters re.IGNORECASE
    folds unlike str.lower: never absent then)."""

    def __init__(self, pattern: re.Pattern):
        self.strings = shortest_needed(required_text(pattern.pattern, pattern.flags))

    def absent(self, low: str | None) -> bool:
        return self.strings is not None and low is not None and not any(map(low.__contains__, self.strings))


def lowered(text: str) -> str | None:
    """`text.lower()` for `Needs.absent`, or None when lower-casing cannot stand for re.IGNORECASE's folding."""
    if text.isascii():            # (a constant-time test in CPython: an ASCII text holds none of _CASE_ODD)
        return text.lower()
    return None if _CASE_ODD.search(text) else text.lower()


class _Unknown(Exception):
    pass


def first_runs(pattern: str, flags: int = 0) -> tuple[frozenset[str], frozenset[str]] | None:
    """What the run of `\\w` that a match of `pattern` starts with can be, for a run of ASCII letters: (exact,
    prefixes): the run is one of `exact` or starts with one of `prefixes` (where the pattern may go on inside it);
    lower-cased under re.IGNORECASE. None when that is not worked out here (any run). Zero-width assertions are
    passed over, and what follows the run is not checked: a run outside both sets cannot open a match."""
    from re._constants import (CATEGORY, CATEGORY_DIGIT, CATEGORY_SPACE, IN, MAX_REPEAT, MIN_REPEAT, RANGE)
    fold_case = bool(flags & re.I)

    def chars(op, av) -> list[str]:
        if op is LITERAL:
            return [chr(av)]
        if op is IN:
            out = []
            for o, a in av:
                if o is LITERAL:
                    out.append(chr(a))
                elif o is RANGE and a[1] - a[0] < 64:
                    out += [chr(k) for k in range(a[0], a[1] + 1)]
                elif o is CATEGORY and a is CATEGORY_DIGIT:
                    out.append("0")
                elif o is CATEGORY and a is CATEGORY_SPACE:
                    out.append(" ")
                else:
                    raise _Unknown                       # NEGATE, wide ranges, other categories
            return out
        if op is CATEGORY and av is CATEGORY_DIGIT:
            return ["0"]
        if op is CATEGORY and av is CATEGORY_SPACE:
            return [" "]
        raise _Unknown

    def step(op, av, runs: set[str]) -> tuple[set[str], set[str]]:
        """(runs still open after the item, runs it ends) from the open `runs`."""
        if op is AT or op is ASSERT or op is ASSERT_NOT:
            return runs, set()
        if op is SUBPATTERN:
            return sequence(av[-1], runs)
        if op is BRANCH:
            opened, ended = set(), set()
            for branch in av[1]:
                o, e = sequence(branch, runs)
                opened |= o
                ended |= e
            return opened, ended
        if op in (MAX_REPEAT, MIN_REPEAT):
            low, high, sub = av
            if high == 0:
                return runs, set()
            opened, ended = sequence(sub, runs)
            if high > 1 and not opened <= runs:
                raise _Unknown                           # a run that grows with each repetition
            return (opened | runs if low == 0 else opened), ended
        opened, ended = set(), set()
        for ch in chars(op, av):
            ch = ch.lower() if fold_case else ch
            if not (ch.isalnum() or ch == "_"):
                ended |= runs                            # a sign or a space ends the run
            elif ch.isascii() and ch.isalpha():
                opened |= {r + ch for r in runs}
            # (a digit, '_' or a non-ASCII letter: no run of ASCII letters)
        return opened, ended

    def sequence(items, runs: set[str]) -> tuple[set[str], set[str]]:
        ended: set[str] = set()
        for op, av in items:
            if not runs:
                break
            runs, e = step(op, av, runs)
            ended |= e
        return runs, ended

    try:
        opened, ended = sequence(sre_parse.parse(pattern, flags), {""})
    except _Unknown:
        return None
    return frozenset(ended), frozenset(opened)


_ASCII = [chr(i) for i in range(128)]


def first_ascii(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a match of `pattern` can start with (zero-width assertions passed over), or None
    when that is not worked out here (any). A text character outside the set cannot start a match: the pattern
    need not be tried there. Non-ASCII characters are not described (try the pattern there)."""
    from re._constants import (ANY, ASSERT, CATEGORY, CATEGORY_DIGIT, CATEGORY_SPACE, CATEGORY_WORD, IN,
                               MAX_REPEAT, MIN_REPEAT, RANGE)

    def literal(code: int) -> set[str]:
        c = re.escape(chr(code))
        return {x for x in _ASCII if re.fullmatch(c, x, flags)}

    def item(op, av) -> tuple[set[str] | None, bool]:          # (first characters, can match empty)
        if op is LITERAL:
            return literal(av), False
        if op is IN:
            out: set[str] = set()
            for o, a in av:
                if o is LITERAL:
                    out |= literal(a)
                elif o is RANGE and a[1] < 0x80:
                    out |= {x for x in _ASCII if any(a[0] <= ord(y) <= a[1] for y in {x, x.lower(), x.upper()}
                                                     if flags & re.I or y == x)}
                elif o is CATEGORY and a is CATEGORY_DIGIT:
                    out |= set("0123456789")
                elif o is CATEGORY and a is CATEGORY_WORD:
                    out |= {x for x in _ASCII if x.isalnum() or x == "_"}
                elif o is CATEGORY and a is CATEGORY_SPACE:
                    out |= {x for x in _ASCII if re.fullmatch(r"\s", x)}
                else:
                    return None, False                           # NEGATE, wide ranges, other categories
            return out, False
        if op is SUBPATTERN:
            return sequence(av[-1])
        if op is BRANCH:
            out, empty = set(), False
            for branch in av[1]:
                f, e = sequence(branch)
                if f is None:
                    return None, False
                out |= f
                empty = empty or e
            return out, empty
        if op in (MAX_REPEAT, MIN_REPEAT):
            f, e = sequence(av[2])
            return f, e or av[0] == 0
        if op is ANY:
            return None, False
        return None, False

    def sequence(items) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            if op is AT or op is ASSERT or op is ASSERT_NOT:
                continue                                         # zero width
            f, empty = item(op, av)
            if f is None:
                return None, False
            out |= f
            if not empty:
                return out, False
        return out, True

    found, empty = sequence(sre_parse.parse(pattern, flags))
    return None if found is None or empty else frozenset(found)
