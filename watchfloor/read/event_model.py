"""Event sub-types by a trained classifier: ACLED's 25 sub-event types and "No event".

Features (all computed from one sentence, the same way when training and when reading):
- TF-IDF over word 1–2-grams and character 2–5-grams (within words), numbers folded to 0;
- the rules' cues (watchfloor/data/event_types.yaml): one binary feature per sub-type whose cue fires,
  and the sub-type the rules would choose on the sentence alone;
- with a parser (spaCy), the parse: the root verb's lemma, the entity label or noun of its subject and
  object, passive voice, negation.
The classifier is a multinomial logistic regression. It is trained from the shipped sentences
(watchfloor/data/event_sentences.jsonl and every watchfloor/data/event_training/*.jsonl) at first use in
a process, in a few seconds, and cached on disk ($XDG_CACHE_HOME/watchfloor, else ~/.cache/watchfloor)
under a key made of the training files, the taxonomy, this module's feature version and the library
versions; when the cache cannot be written it stays in memory. Nothing is downloaded.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from watchfloor.config import DATA_DIR

NO_EVENT = "No event"
SENTENCES_PATH = DATA_DIR / "event_sentences.jsonl"
TRAINING_DIR = DATA_DIR / "event_training"
FEATURE_VERSION = "1"          # bump when the features change: the cache key changes with it


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
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def normalise(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


def rule_tokens(sentence: str, possible: set[tuple[int, int]] | None = None) -> list[str]:
    """The rules' view of a sentence: cue:<sub-type> for every sub-type whose cue fires, rule:<sub-type>
    for the one the rules choose on the sentence alone (or rule:none). `possible`: the (sub-type, cue)
    pairs the cue prefilter lets through (the same answers, faster)."""
    from watchfloor.read.events import classify, load_event_types
    out = []
    for i, st in enumerate(load_event_types()):
        if any((possible is None or (i, j) in possible) and cue.search(sentence) for j, cue in enumerate(st.cues)):
            out.append(f"cue:{st.name}")
    found = classify(sentence, [], possible) if out else None
    out.append(f"rule:{found[0].name if found else 'none'}")
    return out


_NEGATIONS = {"not", "no", "never", "n't", "ne", "pas", "jamais", "aucun", "aucune", "without", "denied", "deny"}


def parse_tokens(doc) -> list[str]:
    """The parse's view of a sentence (a spaCy Doc or Span): root lemma, subject/object kind, voice,
    negation."""
    out = []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return out
    out.append(f"root:{root.lemma_.lower()}")
    for child in root.children:
        dep = child.dep_
        if dep in ("nsubj", "nsubjpass", "dobj", "obj", "agent", "attr", "pobj", "obl"):
            head = child
            if dep == "agent":
                head = next((c for c in child.children if c.dep_ == "pobj"), child)
            kind = head.ent_type_ or head.lemma_.lower()
            out.append(f"{dep}:{kind}")
            if dep in ("nsubj", "nsubjpass", "dobj", "obj"):
                out.append(f"{root.lemma_.lower()}|{dep}:{kind}")
        elif dep == "neg" or child.lower_ in _NEGATIONS:
            out.append("neg")
        elif dep == "auxpass":
            out.append("passive")
        elif dep in ("xcomp", "ccomp", "conj") and child.pos_ == "VERB":
            out.append(f"verb:{child.lemma_.lower()}")
    return out


def _tokens_of(text: str) -> list[str]:
    return text.split()


@dataclass
class Sentence:
    """One sentence to classify: its text, its rule tokens (computed when not given), and its parse tokens
    when a parser ran."""
    text: str
    parse: list[str] | None = None
    rules: list[str] | None = None


class EventClassifier:
    """fit(sentences, sub_types) → self; predict_proba(sentences) → (n, classes)."""

    def __init__(self, parse: bool = False, C: float = 0.5, cue_weight: float = 1.0, rules: str = "all",
                 model: str = "svc"):
        self.parse = parse
        self.C = C
        self.cue_weight = cue_weight
        self.rules = rules          # "all" (cues and the rules' choice), "cues", "none"
        self.model = model          # "svc" (linear SVM, calibrated) or "lr" (logistic regression)

    def _vectorisers(self):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        vs = {
            "word": TfidfVectorizer(preprocessor=normalise, ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            "char": TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5),
                                    sublinear_tf=True, min_df=2),
            "rules": CountVectorizer(analyzer=_tokens_of, binary=True),
        }
        if self.parse:
            vs["parse"] = CountVectorizer(analyzer=_tokens_of, binary=True)
        return vs

    def _columns(self, sentences: list[Sentence]) -> dict[str, list[str]]:
        texts = [s.text for s in sentences]
        cols = {"word": texts, "char": texts, "rules": [" ".join(self._rule_tokens(s)) for s in sentences]}
        if self.parse:
            cols["parse"] = [" ".join(s.parse or []) for s in sentences]
        return cols

    def _rule_tokens(self, sentence: Sentence) -> list[str]:
        if self.rules == "none":
            return ["_"]
        toks = sentence.rules if sentence.rules is not None else rule_tokens(sentence.text)
        return toks if self.rules == "all" else [t for t in toks if t.startswith("cue:")] or ["_"]

    def _matrix(self, cols, fit: bool):
        from scipy.sparse import hstack
        blocks = []
        for name, vec in self.vectorisers_.items():
            m = vec.fit_transform(cols[name]) if fit else vec.transform(cols[name])
            if name in ("rules", "parse"):
                m = m * self.cue_weight
            blocks.append(m)
        return hstack(blocks, format="csr")

    def fit(self, sentences: list[Sentence], sub_types: list[str]) -> "EventClassifier":
        self.vectorisers_ = self._vectorisers()
        X = self._matrix(self._columns(sentences), fit=True)
        if self.model == "lr":
            from sklearn.linear_model import LogisticRegression
            self.model_ = LogisticRegression(C=self.C, max_iter=3000)
        else:
            from sklearn.calibration import CalibratedClassifierCV
            from sklearn.svm import LinearSVC
            self.model_ = CalibratedClassifierCV(LinearSVC(C=self.C), method="sigmoid", cv=3)
        self.model_.fit(X, sub_types)
        self.classes_ = list(self.model_.classes_)
        return self

    def predict_proba(self, sentences: list[Sentence]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.classes_)))
        return self.model_.predict_proba(self._matrix(self._columns(sentences), fit=False))

    def predict(self, sentences: list[Sentence]) -> list[str]:
        proba = self.predict_proba(sentences)
        return [self.classes_[i] for i in proba.argmax(axis=1)]


# -- training, cached --------------------------------------------------------------------------
def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "watchfloor"


def _parser_version() -> str:
    try:
        import spacy
        from watchfloor.read.nlp import MODEL_PACKAGE
        import importlib.metadata as md
        return f"spacy {spacy.__version__} {MODEL_PACKAGE} {md.version(MODEL_PACKAGE.replace('_', '-'))}"
    except Exception:
        return "no parser"


def cache_key(parse: bool, paths: list[Path] | None = None) -> str:
    import sklearn
    h = hashlib.sha256()
    for path in list(paths or training_files()) + [DATA_DIR / "event_types.yaml"]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(f"features {FEATURE_VERSION} sklearn {sklearn.__version__} numpy {np.__version__}".encode())
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


@lru_cache(maxsize=1)
def parser():
    """spaCy's English pipeline with its parser (and the entity recogniser, for subject/object kinds)."""
    import importlib
    from watchfloor.read.nlp import MODEL_PACKAGE, ModelUnavailable
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise ModelUnavailable(f"the spaCy model {MODEL_PACKAGE} is not installed") from None
    return package.load(exclude=["senter"])
