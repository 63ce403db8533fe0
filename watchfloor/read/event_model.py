"""Event sub-types by a trained classifier: ACLED's 25 sub-event types and "No event".

Features (computed from one sentence, the same way when training and when reading):
- TF-IDF over word 1–2-grams and character 2–5-grams (within words), numbers folded to 0;
- the rules' cues (watchfloor/data/event_types.yaml): one binary feature per sub-type whose cue fires,
  weighted 0.2 (5-fold cross-validation on the written training sentences: 0.89 micro-F1 at 0.15–0.3,
  0.87 without the cues, 0.81 at full weight — the cues were fitted to other sentences);
- optionally (`parse=True`) the parse: the root verb, what its subject and object are, voice, negation
  (+0.002 in the same cross-validation: not used by the reader).
The classifier is a linear SVM per class calibrated by Platt scaling (scikit-learn's SVM; logistic regression
scored 0.75 against 0.81 on the dev snippets and trained five times slower). It is trained from the shipped sentences
(watchfloor/data/event_sentences.jsonl and every watchfloor/data/event_training/*.jsonl) at first use in
a process, in a few seconds, and cached on disk ($XDG_CACHE_HOME/watchfloor, else ~/.cache/watchfloor)
under a key made of the training files, the taxonomy, the classifier's settings and the library versions;
when the cache cannot be written it stays in memory. Nothing is downloaded.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import repeat
from operator import is_not
from pathlib import Path

import numpy as np

from watchfloor.config import DATA_DIR
from watchfloor.read.matching import SAYING_VERBS

NO_EVENT = "No event"
SENTENCES_PATH = DATA_DIR / "event_sentences.jsonl"
TRAINING_DIR = DATA_DIR / "event_training"
FEATURE_VERSION = "3"          # bump when the features change: the cache key changes with it


@dataclass(frozen=True)
class Example:
    text: str
    event_type: str
    sub_type: str


def training_files() -> list[Path]:
    return [SENTENCES_PATH] + sorted(TRAINING_DIR.glob("*.jsonl"))


def load_examples(paths: list[Path] | None = None) -> list[Example]:
    """Every labelled sentence of the training files; a sub-type of None/"" is "No event"."""
    out = []
    for path in paths or training_files():
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
                sub = row.get("sub_event_type") or NO_EVENT
                out.append(Example(row["text"], row.get("event_type") or NO_EVENT, sub))
    return out


# -- features ----------------------------------------------------------------------------------
try:        # scipy's sparse × dense kernel (what `csr_matrix @ array` runs); the public path when it moves
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover
    _csr_matvecs = None
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_KNOWN = partial(is_not, None)          # (a feature id, not None: filtered without a Python loop)
_UNSEEN = object()
_WORD_STRIP = ".,;:!?()[]\"'«»“”"        # taken off each word's ends (word features)


# Who told of the event, at the sentence's end: ", police said Wednesday", ", a local official told AFP", ",
# according to the army", ", a annoncé le ministère de la Défense dans un communiqué". Their words are no part of what
# happened ("police said" is no clash with the police), so the classifier does not see them.
_SAYING = rf"(?:{SAYING_VERBS})(?:(?<=told)\s+[\w'’-]+)?"        # "told AFP", "told reporters"
_WHO = r"(?:[\w'’-]+\s+){0,5}?[\w'’-]+"
_WHEN = (r"(?:\s+(?:(?:on|in|to|at|via|late|early|this|last|earlier|later|during|dans|à|au|lors|par)\b[^,;.!]{0,50}|"
         r"(?:yesterday|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|"
         r"samedi|dimanche)\b[^,;.!]{0,30}))?")
_ATTRIBUTION_TAIL = re.compile(rf"(?i)\s*,\s*(?:(?:according to|selon|citing)\s+[^,;]{{2,60}}?|{_WHO}\s+{_SAYING}{_WHEN}|"
                               rf"(?:said|a\s+(?:déclaré|annoncé|indiqué|affirmé|précisé|ajouté))\s+{_WHO}{_WHEN})"
                               r"(?=\s*[.!]?[\s\"”»]*$)")
_ATTRIBUTION_WORDS = ("said", "says", "told", "report", "added", "announced", "stated", "confirmed", "claimed",
                      "wrote", "tweeted", "according", "selon", "citing", "a ", "ont ")


def without_attribution(text: str) -> str:
    """The sentence without its closing attribution (_ATTRIBUTION_TAIL)."""
    if "," not in text or not any(map(text.__contains__, _ATTRIBUTION_WORDS)):
        return text
    return _ATTRIBUTION_TAIL.sub("", text)


def _lower_digits(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


def normalise(text: str) -> str:
    return _lower_digits(without_attribution(text))


def normalised_batch(texts: list[str]) -> list[str]:
    """`normalise` of each text, in one regex pass over the batch when no text holds a NUL."""
    if any("\0" in t for t in texts):
        return [normalise(t) for t in texts]
    return _lower_digits("\0".join(map(without_attribution, texts))).split("\0") if texts else []


def cue_tokens(sentence: str, possible: set[tuple[int, int]] | None = None,
               hits: dict[tuple[int, int], int] | None = None) -> list[str]:
    """cue:<sub-type> for every sub-type whose cue (watchfloor/data/event_types.yaml) fires. `possible`: the
    (sub-type, cue) pairs the cue prefilter lets through (the same answers, faster); `hits`: where the cues
    fire, when already known (events.cue_hits)."""
    from watchfloor.read.events import cue_hits, load_event_types
    if hits is None:
        hits = cue_hits(sentence, possible)
    types = load_event_types()
    return [f"cue:{types[i].name}" for i in sorted({i for i, _ in hits})]


def rule_tokens(sentence: str, possible: set[tuple[int, int]] | None = None,
                hits: dict[tuple[int, int], int] | None = None) -> list[str]:
    """The rules' view of a sentence: its cue tokens, and rule:<sub-type> for the sub-type the rules choose
    on the sentence alone (or rule:none)."""
    from watchfloor.read.events import classify, cue_hits
    if hits is None:
        hits = cue_hits(sentence, possible)
    out = cue_tokens(sentence, possible, hits)
    found = classify(sentence, [], possible, hits=hits) if out else None
    return out + [f"rule:{found[0].name if found else 'none'}"]


_NEGATIONS = {"not", "no", "never", "n't", "ne", "pas", "jamais", "aucun", "aucune", "without", "denied", "deny"}


def _kind(token) -> str:
    """What a subject or object is: state forces, a non-state armed group, civilians, else its head word."""
    from watchfloor.read.events import _CIVILIAN_WORDS, _NON_STATE_WORDS, _STATE_WORDS
    phrase = token.doc[token.left_edge.i:token.right_edge.i + 1].text
    for name, words in (("state", _STATE_WORDS), ("armed", _NON_STATE_WORDS), ("civilians", _CIVILIAN_WORDS)):
        if words.search(phrase):
            return name
    return token.ent_type_ or (token.lemma_ or token.lower_).lower()


def parse_tokens(doc) -> list[str]:
    """The parse's view of a sentence (a spaCy Doc): the root verb's lemma, what its subject and object
    are, passive voice, negation."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    lemma = (root.lemma_ or root.lower_).lower()
    out = [f"root:{lemma}"]
    for child in root.children:
        dep = child.dep_
        if dep in ("nsubj", "nsubjpass", "dobj", "obj", "agent"):
            head = next((c for c in child.children if c.dep_ == "pobj"), child) if dep == "agent" else child
            kind = _kind(head)
            out += [f"{dep}:{kind}", f"{lemma}|{dep}:{kind}"]
        elif dep == "neg" or child.lower_ in _NEGATIONS:
            out.append("neg")
        elif dep == "auxpass":
            out.append("passive")
        elif dep in ("xcomp", "ccomp", "conj", "advcl") and child.pos_ == "VERB":
            out.append(f"verb:{(child.lemma_ or child.lower_).lower()}")
    return out


@dataclass
class Sentence:
    """One sentence to classify: its text, its rule tokens (computed when not given), and its parse tokens
    when a parser ran."""
    text: str
    parse: list[str] | None = None
    rules: list[str] | None = None


class NgramFeatures:
    """TF-IDF (sublinear tf, smoothed idf, rows of unit length) over word 1–2-grams ("word") or character
    2–5-grams inside each word padded with spaces ("char"). A word's character n-grams are looked up once
    per process and kept: reading is dominated by words seen before."""

    def __init__(self, kind: str, min_df: int = 1):
        self.kind = kind
        self.min_df = min_df

    def _pieces(self, word: str) -> list[str]:
        if self.kind == "word":
            return [word]
        w = f" {word} "
        return [w[i:i + n] for n in range(2, 6) for i in range(max(1, len(w) - n + 1))]

    def _features(self, text: str, normalised: bool = False) -> list[str]:
        words = (text if normalised else normalise(text)).split()
        if self.kind == "word":
            words = [w.strip(_WORD_STRIP) for w in words]
            words = [w for w in words if w]
            return words + [f"{a} {b}" for a, b in zip(words, words[1:])]
        return [p for w in words for p in self._pieces(w)]

    def fit(self, texts: list[str]) -> "NgramFeatures":
        from collections import Counter
        df = Counter(f for t in texts for f in set(self._features(t)))
        kept = sorted(f for f, k in df.items() if k >= self.min_df)
        self.vocabulary_ = {f: i for i, f in enumerate(kept)}
        n = len(texts)
        self.idf_ = np.array([np.log((1 + n) / (1 + df[f])) + 1 for f in kept])
        self._cache: dict[str, np.ndarray] = {}
        for kept_for_reading in ("_word_ids_of", "_pairs"):       # (of the vocabulary before)
            self.__dict__.pop(kept_for_reading, None)
        return self

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in ("_cache", "_word_ids_of", "_pairs")}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._cache = {}

    def _ids(self, unit: str) -> np.ndarray:
        ids = self._cache.get(unit)
        if ids is None:
            vocab = self.vocabulary_
            pieces = [unit] if self.kind == "word" else self._pieces(unit)
            ids = self._cache[unit] = np.array([vocab[p] for p in pieces if p in vocab], dtype=np.int64)
            if len(self._cache) > 200_000:
                self._cache.clear()
        return ids

    def units(self, text: str) -> list[str]:
        """What a sentence is looked up by: its words and word pairs ("word"), or its words ("char")."""
        return self._features(text) if self.kind == "word" else normalise(text).split()

    def ids(self, texts: list[str], folded: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row, feature id) of every n-gram occurrence of the texts, repeats included. `folded`: the texts
        already normalised (`normalised_batch`)."""
        if folded is None:
            folded = normalised_batch(texts)
        if self.kind == "word":
            return self._word_ids(folded)
        get, make = self._cache.get, self._ids
        arrays, counts = [], []
        for t in folded:
            n = 0
            for u in t.split():
                a = get(u)
                if a is None:
                    a = make(u)
                arrays.append(a)
                n += len(a)
            counts.append(n)
        if not arrays:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ids = np.concatenate(arrays)
        return np.repeat(np.arange(len(texts)), counts), ids

    def _word_ids(self, folded: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """`ids` of word 1–2-grams: each word's id looked up once per process, the word pairs of the whole batch
        at once by their two ids (`_pair_table`) instead of by their text."""
        pair_keys, pair_ids = self._pair_table()
        if pair_keys is None:
            get, features = self.vocabulary_.get, self._features
            per_text = [list(filter(_KNOWN, map(get, features(t, normalised=True)))) for t in folded]
            return (np.repeat(np.arange(len(folded)), list(map(len, per_text))),
                    np.asarray([i for ids in per_text for i in ids], dtype=np.int64))
        known = self.__dict__.setdefault("_word_ids_of", {})    # word as split → id, -1 unknown, None no word
        ids: list = []
        counts = []
        for t in folded:
            split = t.split()
            found = list(map(known.get, split, repeat(_UNSEEN)))
            if _UNSEEN in found:
                found = [self._word_id(known, w) if f is _UNSEEN else f for f, w in zip(found, split)]
            n = len(ids)
            ids += filter(_KNOWN, found)
            counts.append(len(ids) - n)
        words = np.asarray(ids, dtype=np.int64)
        rows = np.repeat(np.arange(len(folded)), counts)
        first, second = words[:-1], words[1:]
        pair = (rows[:-1] == rows[1:]) & (first >= 0) & (second >= 0)
        keys = first[pair] * len(self.vocabulary_) + second[pair]
        at = np.searchsorted(pair_keys, keys)
        at[at == len(pair_keys)] = 0
        hit = pair_keys[at] == keys
        single = words >= 0
        return (np.concatenate([rows[single], rows[:-1][pair][hit]]),
                np.concatenate([words[single], pair_ids[at[hit]]]))

    def _word_id(self, known: dict, raw: str) -> int | None:
        if len(known) > 200_000:
            known.clear()
        word = raw.strip(_WORD_STRIP)
        known[raw] = found = self.vocabulary_.get(word, -1) if word else None
        return found

    def _pair_table(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The vocabulary's word pairs as (sorted keys id(a) × size + id(b), their ids); (None, None) when it has
        none, or when some pair holds a word that is not itself in the vocabulary (then pairs are looked up by
        their text)."""
        table = self.__dict__.get("_pairs")
        if table is None:
            vocab, size = self.vocabulary_, len(self.vocabulary_)
            keys, ids = [], []
            for feature, i in vocab.items():
                if " " in feature:
                    a, b = feature.split(" ")
                    if a not in vocab or b not in vocab:
                        keys = None
                        break
                    keys.append(vocab[a] * size + vocab[b])
                    ids.append(i)
            if not keys:
                table = (None, None)
            else:
                order = np.argsort(keys)
                table = (np.asarray(keys, dtype=np.int64)[order], np.asarray(ids, dtype=np.int64)[order])
            self._pairs = table
        return table

    def scores(self, texts: list[str], weights: np.ndarray, out: np.ndarray, folded: list[str] | None = None) -> None:
        """out += transform(texts) @ weights (weights: features × classes): the same sublinear tf, idf and
        unit-length rows as `transform`, the matrix built at once from sorted (row, feature) keys."""
        from scipy.sparse import csr_matrix
        rows, ids = self.ids(texts, folded)
        if not len(ids):
            return
        width = len(self.vocabulary_)
        keys, counts = np.unique(rows * width + ids, return_counts=True)    # sorted by row, then feature
        rows, ids = keys // width, keys % width
        value = (1 + np.log(counts)) * self.idf_[ids]
        norms = np.sqrt(np.bincount(rows, weights=value ** 2))
        value /= norms[rows]
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        if _csr_matvecs is not None and weights.dtype == np.float64 and weights.flags.c_contiguous:
            # the routine `csr_matrix @ weights` calls, without building and checking the matrix (same sums)
            product = np.zeros((len(texts), weights.shape[1]))
            _csr_matvecs(len(texts), width, weights.shape[1], indptr, ids, value, weights.ravel(), product.ravel())
            out += product
        else:
            out += csr_matrix((value, ids, indptr), shape=(len(texts), width)) @ weights

    def transform(self, texts: list[str]):
        from scipy.sparse import csr_matrix
        cols, owners = [], []
        for r, text in enumerate(texts):
            units = self._features(text) if self.kind == "word" else normalise(text).split()
            for u in units:
                ids = self._ids(u)
                if len(ids):
                    cols.append(ids)
                    owners.append(r)
        shape = (len(texts), len(self.vocabulary_))
        if not cols:
            return csr_matrix(shape)
        rows = np.repeat(np.array(owners), [len(c) for c in cols])
        x = csr_matrix((np.ones(len(rows)), (rows, np.concatenate(cols))), shape=shape)
        x.sum_duplicates()
        x.data = (1 + np.log(x.data)) * self.idf_[x.indices]
        norms = np.sqrt(np.bincount(np.repeat(np.arange(shape[0]), np.diff(x.indptr)), weights=x.data ** 2,
                                    minlength=shape[0]))
        norms[norms == 0] = 1
        x.data /= np.repeat(norms, np.diff(x.indptr))
        return x

    def fit_transform(self, texts: list[str]):
        return self.fit(texts).transform(texts)


class TokenFeatures:
    """Binary features for given tokens (the rules' cues, the parse)."""

    def fit(self, token_lists: list[list[str]]) -> "TokenFeatures":
        self.vocabulary_ = {t: i for i, t in enumerate(sorted({t for ts in token_lists for t in ts}))}
        return self

    def transform(self, token_lists: list[list[str]]):
        from scipy.sparse import csr_matrix
        rows, cols = [], []
        for r, ts in enumerate(token_lists):
            for t in set(ts):
                if t in self.vocabulary_:
                    rows.append(r)
                    cols.append(self.vocabulary_[t])
        return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(token_lists), len(self.vocabulary_)))

    def fit_transform(self, token_lists):
        return self.fit(token_lists).transform(token_lists)


class EventClassifier:
    """fit(sentences, sub_types) → self; predict_proba(sentences) → (n, classes).

    A linear SVM per class (one-vs-rest), its scores made probabilities by Platt scaling fitted on
    out-of-fold scores; the weights are kept as arrays, so that reading costs one matrix product."""

    def __init__(self, parse: bool = False, C: float = 0.5, cue_weight: float = 0.2, rules: str = "cues",
                 char: bool = True, parse_weight: float = 0.5):
        self.parse = parse
        self.C = C
        self.cue_weight = cue_weight
        self.rules = rules          # "all" (cues and the rules' choice), "cues", "none"
        self.char = char
        self.parse_weight = parse_weight

    def _blocks(self, sentences: list[Sentence]) -> dict[str, list]:
        texts = [s.text for s in sentences]
        cols = {"word": texts, "rules": [self._rule_tokens(s) for s in sentences]}
        if self.char:
            cols["char"] = texts
        if self.parse:
            cols["parse"] = [s.parse or [] for s in sentences]
        return cols

    def rule_tokens(self, text: str, possible: set[tuple[int, int]] | None = None,
                    hits: dict[tuple[int, int], int] | None = None) -> list[str]:
        """The rule features this classifier uses, for one sentence."""
        if self.rules == "none":
            return []
        return rule_tokens(text, possible, hits) if self.rules == "all" else cue_tokens(text, possible, hits)

    def _rule_tokens(self, sentence: Sentence) -> list[str]:
        if self.rules == "none":
            return []
        toks = sentence.rules if sentence.rules is not None else self.rule_tokens(sentence.text)
        return toks if self.rules == "all" else [t for t in toks if t.startswith("cue:")]

    def _matrix(self, sentences: list[Sentence], fit: bool):
        from scipy.sparse import hstack
        if fit:
            self.features_ = {"word": NgramFeatures("word"), "rules": TokenFeatures()}
            if self.char:
                self.features_["char"] = NgramFeatures("char", min_df=2)
            if self.parse:
                self.features_["parse"] = TokenFeatures()
        weight = {"rules": self.cue_weight, "parse": self.parse_weight}
        cols = self._blocks(sentences)
        blocks = []
        for name, features in self.features_.items():
            m = features.fit_transform(cols[name]) if fit else features.transform(cols[name])
            blocks.append(m * weight.get(name, 1.0))
        return hstack(blocks, format="csr")

    def fit(self, sentences: list[Sentence], sub_types: list[str]) -> "EventClassifier":
        from sklearn.model_selection import StratifiedKFold
        from sklearn.svm import LinearSVC
        X = self._matrix(sentences, fit=True)
        y = np.asarray(sub_types)
        self.classes_ = sorted(set(sub_types))
        # Platt scaling on out-of-fold scores (3 folds), then one SVM on everything
        scores = np.zeros((len(y), len(self.classes_)))
        for train, held in StratifiedKFold(3, shuffle=True, random_state=0).split(X, y):
            scores[held] = LinearSVC(C=self.C, random_state=0).fit(X[train], y[train]).decision_function(X[held])
        final = LinearSVC(C=self.C, random_state=0).fit(X, y)
        self.coef_, self.intercept_ = final.coef_, final.intercept_
        self.platt_ = platt(scores, np.asarray(self.classes_)[None, :] == y[:, None])
        return self

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_weights"}

    def _block_weights(self) -> dict[str, np.ndarray]:
        """Per feature block, its rows of the weights (features × classes, times the block's weight)."""
        blocks = self.__dict__.get("_weights")
        if blocks is None:
            weight = {"rules": self.cue_weight, "parse": self.parse_weight}
            blocks, at = {}, 0
            for name, features in self.features_.items():
                n = len(features.vocabulary_)
                blocks[name] = np.ascontiguousarray(self.coef_[:, at:at + n].T) * weight.get(name, 1.0)
                at += n
            self._weights = blocks
        return blocks

    def decision_function(self, sentences: list[Sentence]) -> np.ndarray:
        """The SVMs' scores, (n, classes): one pass over the batch's n-grams, no feature matrix built."""
        scores = np.zeros((len(sentences), len(self.classes_)))
        if not sentences:
            return scores
        weights = self._block_weights()
        cols = self._blocks(sentences)
        folded = normalised_batch([s.text for s in sentences])       # once for the word and character blocks
        for name, features in self.features_.items():
            if isinstance(features, NgramFeatures):
                features.scores(cols[name], weights[name], scores, folded)
                continue
            vocab = features.vocabulary_
            found = [(r, vocab[t]) for r, tokens in enumerate(cols[name]) for t in set(tokens) if t in vocab]
            if found:          # (added row by row in this order, as one at a time would)
                rows, ids = zip(*found)
                np.add.at(scores, list(rows), weights[name][list(ids)])
        return scores + self.intercept_

    def predict_proba(self, sentences: list[Sentence]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.classes_)))
        scores = self.decision_function(sentences)
        p = 1 / (1 + np.exp(np.clip(self.platt_[:, 0] * scores + self.platt_[:, 1], -500, 500)))
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, sentences: list[Sentence]) -> list[str]:
        proba = self.predict_proba(sentences)
        return [self.classes_[i] for i in proba.argmax(axis=1)]


def platt(scores: np.ndarray, truth: np.ndarray, steps: int = 100) -> np.ndarray:
    """Per column k, (A, B) of P(class k) = 1 / (1 + exp(A·score + B)), fitted by Newton's method with
    step halving on the log loss, with Platt's smoothed targets (1999); every class at once."""
    positives = truth.sum(axis=0)
    negatives = len(truth) - positives
    target = np.where(truth, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def loss(A, B):
        z = A * scores + B                              # log-odds of "not this class"
        return (np.logaddexp(0, z) - (1 - target) * z).sum(0)

    A = np.zeros(scores.shape[1])
    B = np.log((negatives + 1) / (positives + 1))
    current = loss(A, B)
    for _ in range(steps):
        p = 1 / (1 + np.exp(np.clip(A * scores + B, -500, 500)))
        g = target - p
        w = p * (1 - p) + 1e-12
        gA, gB = (g * scores).sum(0), g.sum(0)
        hAA, hAB, hBB = (w * scores ** 2).sum(0) + 1e-12, (w * scores).sum(0), w.sum(0) + 1e-12
        det = hAA * hBB - hAB ** 2
        dA, dB = (hBB * gA - hAB * gB) / det, (hAA * gB - hAB * gA) / det
        step = np.ones_like(A)
        for _ in range(30):                              # halve each class's step until its loss falls
            trial = loss(A - step * dA, B - step * dB)
            worse = trial > current + 1e-12
            if not worse.any():
                break
            step = np.where(worse, step / 2, step)
        trial = loss(A - step * dA, B - step * dB)
        better = trial <= current + 1e-12
        A, B = np.where(better, A - step * dA, A), np.where(better, B - step * dB, B)
        done = np.abs(current - np.where(better, trial, current)).max() < 1e-10
        current = np.where(better, trial, current)
        if done:
            break
    return np.stack([A, B], axis=1)


# -- training, cached --------------------------------------------------------------------------
def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "watchfloor"


def _parser_version() -> str:
    try:
        import importlib.metadata as md
        from watchfloor.read.nlp import MODEL_PACKAGES
        package = MODEL_PACKAGES["en"]
        return f"spacy {md.version('spacy')} {package} {md.version(package.replace('_', '-'))}"
    except Exception:          # no model installed: the parse option is not used
        return "no parser"


def cache_key(parse: bool, paths: list[Path] | None = None) -> str:
    import sklearn
    h = hashlib.sha256()
    for path in list(paths or training_files()) + [DATA_DIR / "event_types.yaml"]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(f"features {FEATURE_VERSION} sklearn {sklearn.__version__} numpy {np.__version__}".encode())
    h.update(repr(sorted(vars(EventClassifier(parse=parse)).items())).encode())     # its settings
    h.update(Path(__file__).read_bytes())                                           # and its code
    if parse:
        h.update(_parser_version().encode())
    return h.hexdigest()[:24]


def train(parse: bool = False, paths: list[Path] | None = None) -> EventClassifier:
    examples = load_examples(paths)
    sentences = [Sentence(e.text) for e in examples]
    if parse:
        for s, doc in zip(sentences, parser().pipe(e.text for e in examples)):
            s.parse = parse_tokens(doc)
    return EventClassifier(parse=parse).fit(sentences, [e.sub_type for e in examples])


@dataclass
class Loaded:
    classifier: EventClassifier
    source: str          # "cache" (read from disk), "trained" (and written), "memory" (cache not writable)
    path: Path | None


def load_classifier(parse: bool = False) -> Loaded:
    """The classifier for the shipped training data: from the disk cache, else trained (and cached)."""
    key = cache_key(parse)
    path = cache_dir() / f"event_model-{'parse' if parse else 'text'}-{key}.pkl"
    try:
        with open(path, "rb") as fh:
            return Loaded(pickle.load(fh), "cache", path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    classifier = train(parse)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(classifier, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        return Loaded(classifier, "trained", path)
    except OSError:
        return Loaded(classifier, "memory", None)


@lru_cache(maxsize=2)
def classifier(parse: bool = False) -> EventClassifier:
    """Once per process."""
    return load_classifier(parse).classifier


def parser():
    """The reader's shared dependency parser (tags and dependencies; watchfloor/read/nlp.py)."""
    from watchfloor.read.nlp import cached_parser
    return cached_parser("en")
