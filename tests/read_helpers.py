"""Shared pieces for the reader tests: one store with the bundled reference data per test session
(copied per test that writes), and short reports written for these tests."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def prose(size: int, seed: int, folders: tuple[str, ...] = ("reports",)) -> str:
    """Paragraphs of sentences drawn from the fixture reports in `folders`, in a random order, to about `size`
    characters: text the reader works hard on (used by the upload tests and bench/upload_latency.py)."""
    sentences = [s for folder in folders for p in sorted((FIXTURES / folder).glob("*.txt"))
                 for s in re.split(r"(?<=[.!?])\s+", p.read_text(encoding="utf-8")) if len(s) > 40 and "\n" not in s]
    rng, out, total = random.Random(seed), [], 0
    while total < size:
        paragraph = " ".join(rng.choice(sentences) for _ in range(5))
        out.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(out)


WARNING_BRIEF = """Warning Brief: Pressure on the Boulkessi camp
Written By A. Analyst; Edited by B. Editor
Published: September 20, 2023
Region of concern: Mopti, Mali

Event: On September 12, Jama\u2019at Nusrat al-Islam wal-Muslimin (JNIM) fighters attacked the FAMa camp at \
Boulkessi, killing at least 12 soldiers.[1] Malian troops backed by Wagner Group mercenaries repelled the \
assault. Separately, the Permanent Strategic Framework (CSP) seized the town of Ber on August 13.[2]

Significance: JNIM will very likely attack other isolated posts in the Mopti region within the next month. \
It is not likely that the junta negotiates. The CSP may try to take Anefis. Mali\u2019s junta is very unlikely \
to accept mediation by Algeria. Egypt, which had 1,035 troops in MINUSMA, withdrew them last year.

Recommendations: The Malian government should open talks with the CSP. ECOWAS recommends that the AU send observers.

top of page
Subscribe to our newsletter for weekly updates.
[1] Militants strike army camp in central Mali, Example Wire, September 2023, https://news.example.org/mali/1
[2] Ibid.
"""


@pytest.fixture()
def store(reference_store):
    """A store with the bundled reference data (conftest's copy of the session template)."""
    return reference_store


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read_actors(reader, text: str, published, model: bool = False) -> dict:
    """`read --json` of a text, each actor mention checked against the text it claims to cover."""
    result = reader.read("t", text, published=published, model=model).as_json()
    for a in result["actors"]:
        for m in a["mentions"]:
            assert result["text"][m["start"]:m["end"]] == m["text"]
    return result


def actor_names(result: dict) -> list[str]:
    return [a["name"] for a in result["actors"]]


def read_json(text: str, model: bool) -> dict:
    """`read --json` of a text written for a test, on the rules-only path or the model path."""
    from watchfloor.read.pipeline import read_document
    return read_document("t", text=text, model=model).as_json()


def read_events(text: str, model: bool) -> list[dict]:
    """The events the reader finds in a text written for a test."""
    return read_json(text, model)["events"]
