"""A report's text as HTML with its facts highlighted — every piece of text escaped, built from offsets."""
from __future__ import annotations

from markupsafe import Markup, escape

# Kinds drawn as marks in the text; the rest (citations, quantities...) appear in the fact list only.
MARKED = ("actor", "place", "date", "judgment", "possibility", "quantity", "recommendation", "event")


def highlight(text: str, facts: list[dict]) -> Markup:
    """Split the text at every fact boundary; each piece carries the kinds of the facts covering it."""
    spans = [(int(f["start_char"]), int(f["end_char"]), f["kind"], str(f["id"]), f.get("status"))
             for f in facts if f.get("kind") in MARKED and f.get("status") != "rejected"
             and 0 <= int(f["start_char"]) < int(f["end_char"]) <= len(text)]
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        chunk = escape(text[a:b])
        if not covering:
            pieces.append(chunk)
            continue
        kinds = sorted({s[2] for s in covering})
        classes = " ".join(f"k-{k}" for k in kinds)
        ids = " ".join(s[3] for s in covering)
        pieces.append(Markup('<mark class="fact {}" data-facts="{}" title="{}">{}</mark>').format(
            classes, ids, ", ".join(kinds), chunk))
    return Markup("").join(pieces)
