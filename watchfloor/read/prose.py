"""Is this prose? Text that reports an event is made of sentences; random tokens, tables of numbers and
lists of names are not, and give no event however many cue words they hold.

Each token gets a coarse class (determiner, preposition, conjunction, other function word — lists in
watchfloor/data/prose_words.yaml, English and French —, number, capitalised word, and lower-case words by
ending: -ing, -ed, -ly, -s, other). How these classes follow one another in sentences is learnt (a class
bigram model) from the shipped event sentences; a text is prose when its class sequence is more likely
under that model than under the same classes drawn independently (the log-likelihood ratio per token),
most of its tokens are words, some but not all are function words, and not nearly all are capitalised.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache

import yaml

from watchfloor.config import DATA_DIR

PROSE_WORDS_PATH = DATA_DIR / "prose_words.yaml"
LONGEST_SENTENCE = 150          # tokens: a longer run with no sentence end is not a sentence
OWN_CLASS_WORDS = 200           # the most frequent words are classes of their own
MIN_LOG_RATIO = -0.45           # per token, one sentence: prose ~0.6 on average, shuffled words ~-0.8
MIN_PARAGRAPH_LOG_RATIO = -0.1  # per token, over a paragraph of 40 tokens or more: prose > 0.05, shuffled < -0.3
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,:/]\d+)*%?", re.UNICODE)


FUNCTION_CLASSES = ("determiners", "prepositions", "conjunctions", "pronouns", "auxiliaries", "relatives", "others")


@lru_cache(maxsize=1)
def word_classes() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """word → class for the function words; (ending, class) for the other lower-case words, longest first."""
    with open(PROSE_WORDS_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    words = {}
    for name in FUNCTION_CLASSES:
        for w in str(data[name]).lower().split():
            words.setdefault(w, name)
    endings = [(e, name) for name, spec in data["endings"].items() for e in str(spec).split()]
    return words, sorted(endings, key=lambda x: -len(x[0]))


@lru_cache(maxsize=100_000)
def token_class(token: str) -> str:
    if token[0].isdigit():
        return "NUM"
    words, endings = word_classes()
    low = token.lower()
    if low in words:
        return words[low]
    if token[0].isupper():
        return "CAP" if len(token) < 2 or not token.isupper() else "ACRONYM"
    return next((name for ending, name in endings if low.endswith(ending) and len(low) > len(ending) + 1), "W")


class ClassBigrams:
    """P(class | previous class) in prose, against P(class) alone. The most frequent words of the
    training sentences are classes of their own ("the", "killed", "in"): their order is the strongest
    evidence of a sentence."""

    def __init__(self, texts, own_class: int = OWN_CLASS_WORDS):
        tokenised = [_TOKEN.findall(text) for text in texts]
        frequency = Counter(t.lower() for tokens in tokenised for t in tokens if not t[0].isdigit())
        self.own = {w for w, _ in frequency.most_common(own_class)}
        self.pairs, self.before, self.single = Counter(), Counter(), Counter()
        for tokens in tokenised:
            seq = ["<s>"] + self.classes(tokens) + ["</s>"]
            for a, b in zip(seq, seq[1:]):
                self.pairs[a, b] += 1
                self.before[a] += 1
                self.single[b] += 1
        self.size = len(self.single) + 1
        self.total = sum(self.single.values())
        self._table: dict[tuple[str, str], float] = {}

    def classes(self, tokens: list[str]) -> list[str]:
        known = self.__dict__.setdefault("_class_of", {})      # token → class, kept per process
        out = list(map(known.get, tokens))
        if None in out:           # (most tokens were met before)
            out = [c or self._class(t) for c, t in zip(out, tokens)]
        return out

    def _class(self, token: str) -> str:
        known = self._class_of
        if len(known) > 200_000:
            known.clear()
        low = token.lower()
        known[token] = c = low if low in self.own else token_class(token)
        return c

    def log_ratio(self, seq: list[str]) -> float:
        """Mean log P(b | a) / P(b) over the sequence's transitions (with its start and end)."""
        seq = ["<s>"] + seq + ["</s>"]
        table = self._table
        pairs = list(zip(seq, seq[1:]))
        try:
            total = sum(map(table.__getitem__, pairs), 0.0)
        except KeyError:                  # a pair not met before: its value, once
            for a, b in pairs:
                if (a, b) not in table:
                    p = (self.pairs[a, b] + 0.5) / (self.before[a] + 0.5 * self.size)
                    q = (self.single[b] + 0.5) / (self.total + 0.5 * self.size)
                    table[a, b] = math.log(p / q)
            total = sum(map(table.__getitem__, pairs), 0.0)
        return total / (len(seq) - 1)


@lru_cache(maxsize=1)
def prose_model() -> ClassBigrams:
    from watchfloor.read.event_model import training_files
    texts = []
    for path in training_files():
        with open(path, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return ClassBigrams(texts)


_VOWELS = set("aeiouyàâäéèêëîïôöùûüÿœæ")


@lru_cache(maxsize=100_000)
def _wordlike(token: str) -> bool:
    """A word as words are written: lower case, Capitalised or an acronym, with a vowel (acronyms aside) and
    no run of five consonants."""
    if "-" in token or "'" in token or "’" in token:
        return all(len(part) < 2 or _wordlike(part) for part in re.split(r"['’-]", token))
    if token.isupper():
        return len(token) <= 6 or any(c in _VOWELS for c in token.lower())
    if not (token.islower() or (token[0].isupper() and token[1:].islower())):
        return False
    run = 0
    for ch in token.lower():
        run = 0 if ch in _VOWELS or not ch.isalpha() else run + 1
        if run >= 5:
            return False
    return any(c in _VOWELS for c in token.lower())


@lru_cache(maxsize=100_000)
def _facts(token: str) -> tuple[int, int, int, int, int, int]:
    """What the checks below count, per token (kept: most tokens of a report were seen before):
    (a number, a word, a wordlike word, a function word, a capitalised word, in capitals)."""
    number = token[0].isdigit()
    word = not number
    return (int(number), int(word), int(word and _wordlike(token)), int(token_class(token) in FUNCTION_CLASSES),
            int(word and token[:1].isupper()), int(token.isupper() and len(token) > 1))


@lru_cache(maxsize=100_000)
def _packed_facts(token: str) -> int:
    """`_facts(token)` but its last count, 16 bits each, in one int (summed over a sentence at once)."""
    f = _facts(token)
    return f[0] | f[1] << 16 | f[2] << 32 | f[3] << 48 | f[4] << 64


def _tokens(sentence: str) -> list[str]:
    tokens = _TOKEN.findall(sentence)
    if sum(map(str.isupper, tokens)) > 0.6 * len(tokens) and \
            sum(_facts(t)[5] for t in tokens) > 0.6 * len(tokens):
        tokens = [t.lower() for t in tokens]     # a line in capitals: judged as written in lower case
    return tokens


def _plausible(tokens: list[str]) -> bool:
    """Nothing rules these tokens out as a sentence (word order aside)."""
    n = len(tokens)
    if n < 3 or n > LONGEST_SENTENCE:
        return False
    # the counts of _facts, summed at once: 16 bits per count in an int (n <= LONGEST_SENTENCE < 65536)
    total = sum(map(_packed_facts, tokens))
    numbers, words, wordlike = total & 0xFFFF, (total >> 16) & 0xFFFF, (total >> 32) & 0xFFFF
    function, capitalised = (total >> 48) & 0xFFFF, (total >> 64) & 0xFFFF
    if numbers > 0.4 * n:
        return False                       # a row of numbers
    if wordlike < 0.8 * words:
        return False                       # random strings
    if n >= 10 and not 0.06 <= function / n <= 0.7:
        return False                       # names or glue words only
    if n >= 8 and words:
        first = next(_facts(t) for t in tokens if _facts(t)[1])
        if capitalised - first[4] > 0.75 * max(1, words - 1):
            return False                   # a list of names (the first word aside)
    return True


def is_prose(sentence: str) -> bool:
    """One sentence on its own (a snippet, a headline)."""
    tokens = _tokens(sentence)
    return _plausible(tokens) and (len(tokens) < 6 or
                                   prose_model().log_ratio(prose_model().classes(tokens)) >= MIN_LOG_RATIO)


def prose_sentences(text: str, sentences: list[tuple[int, int]]) -> list[bool]:
    """Whether each sentence is prose, judged with its paragraph: over a paragraph the word-order evidence
    is strong (prose scores above 0.05 per token, shuffled words below -0.3), over one sentence weak."""
    model = prose_model()
    tokens = [_tokens(text[s:e]) for s, e in sentences]
    classes = [model.classes(ts) for ts in tokens]
    out = [False] * len(sentences)
    k = 0
    while k < len(sentences):
        para_end = text.find("\n\n", sentences[k][0])
        j = k + 1
        while j < len(sentences) and (para_end < 0 or sentences[j][0] < para_end):
            j += 1
        seq = [c for cs in classes[k:j] for c in cs + ["</s>", "<s>"]][:-2]
        para_ok = len(seq) < 40 or model.log_ratio(seq) >= MIN_PARAGRAPH_LOG_RATIO
        for i in range(k, j):
            out[i] = para_ok and _plausible(tokens[i]) and (len(tokens[i]) < 6 or
                                                          model.log_ratio(classes[i]) >= MIN_LOG_RATIO)
        k = j
    return out
