"""Countries and capitals that act, read from the dependency parse (the model path).

The rules (actor_roles.py) decide from the words around a name whether "Benin" is a place or a state that acts;
they see a verb after it, or a word of relations before it. Where they leave a state's name or a capital as a
place, this step parses its sentence and takes it as the state where the parse gives it an actor's role:

- the subject of a verb in the active voice, unless the verb is one a thing undergoes ("Russia abstained",
  "Mali, Burkina Faso and Niger signed", "Bamako should share its figures");
- the agent of a passive ("was brokered by Algeria");
- the object of "with"/"between"/"to" after a word of relations ("ties with Conakry", "a basing arrangement
  with Benin", "closer to Bamako", "patrouilles conjointes avec le Bénin");
- an apposition to a noun for parties ("the guarantors, Russia, Türkiye and Iran");
- a conjunct of a name that has one of these roles, or of an actor already found ("Bamako and Conakry").

The word lists are in actor_context.yaml (`parse_roles`); the parse is spaCy's (English or French labels).
"""
from __future__ import annotations

import bisect
from functools import lru_cache

from watchfloor.read.knowledge import context
from watchfloor.read.matching import fold_key
from watchfloor.read.nlp import without_marks


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    spec = context()["parse_roles"]
    return {k: frozenset(fold_key(w) for w in v) for k, v in spec.items()}


def _span_head(doc, a: int, b: int):
    """The token of `doc` that heads the characters [a, b) (its head lies outside them), or None."""
    tokens = [t for t in doc if t.idx < b and a < t.idx + len(t.text)]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])


def _forms(token) -> set[str]:
    """The token's lemma where the pipeline gives one, else its word and the word without a regular ending (the
    small models run here without their lemmatiser: "faces" → face, "abstained" → abstain, "talks" → talk)."""
    word = fold_key(token.lemma_ or token.text)
    forms = {word}
    for suffix, add in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                        ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[:-len(suffix)] + add)
    return forms


def _own_role(token, words) -> bool:
    """The token itself stands where an actor stands."""
    dep, head = token.dep_, token.head
    if dep == "nsubj":
        if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            return not _forms(head) & (words["undergo"] | {"be", "is", "was", "were", "are", "être", "est"})
        return False
    if dep == "pobj" and head.dep_ == "agent":
        return True                                           # "brokered by Algeria"
    if dep in ("pobj", "obl", "obl:arg", "nmod", "obl:mod"):
        case = head if dep == "pobj" else next((c for c in token.children if c.dep_ == "case"), None)
        if case is None or fold_key(case.text) not in words["relation_preps"]:
            return False
        governor = case.head if dep == "pobj" else head
        # the small models often hang "avec le Ghana" on the verb: the words just before the preposition count too
        # (the nearest noun before it, within four words: "des patrouilles conjointes avec le Ghana")
        near = [t for t in token.doc[max(0, case.i - 4):case.i] if t.pos_ == "NOUN"][-1:]
        return any(_forms(t) & words["relations"] for t in [governor] + near)
    if dep == "appos":
        return bool(_forms(head) & words["parties"])
    return False


def acting(doc, a: int, b: int, actor_heads: set[int]) -> bool:
    """Whether the name at characters [a, b) of the parsed sentence `doc` has an actor's role; `actor_heads`
    are the token indices of actors already found in the sentence."""
    words = _words()
    token = _span_head(doc, a, b)
    seen = set()
    while token is not None and token.i not in seen:
        seen.add(token.i)
        if _own_role(token, words):
            return True
        if token.dep_ in ("conj", "appos") and token.head.i != token.i:
            token = token.head
            if token.i in actor_heads or _forms(token) & words["parties"]:
                return True                                   # "Mali, Burkina Faso and Niger": Mali acts
            continue
        return False
    return False


def states_by_parse(text: str, sentences: list[tuple[int, int]], declined: list[tuple[str, int, int]],
                    actor_spans: list[tuple[int, int]], parser) -> list[tuple[str, int, int]]:
    """The `declined` (state id, start, end) names that act in their sentence's parse. `parser.pipe(texts)`
    gives spaCy Docs with dependencies."""
    starts = [s for s, _ in sentences]
    by_sentence: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
    for actor_id, a, b in declined:
        k = bisect.bisect_right(starts, a) - 1
        if k >= 0 and sentences[k][0] <= a and b <= sentences[k][1]:
            by_sentence.setdefault(sentences[k], []).append((actor_id, a, b))
    if not by_sentence:
        return []
    spans = list(by_sentence)
    out = []
    for (s, e), doc in zip(spans, parser.pipe(without_marks(text[s:e]) for s, e in spans)):
        heads = set()
        for a, b in actor_spans:
            if s <= a and b <= e:
                h = _span_head(doc, a - s, b - s)
                if h is not None:
                    heads.add(h.i)
        for actor_id, a, b in by_sentence[(s, e)]:
            if acting(doc, a - s, b - s, heads):
                out.append((actor_id, a, b))
                h = _span_head(doc, a - s, b - s)
                if h is not None:
                    heads.add(h.i)
    return out
