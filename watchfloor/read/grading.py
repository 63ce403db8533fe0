"""Source grading (Admiralty): a reliability letter A–F per report, a credibility 1–6 per fact.

Reliability comes from watchfloor/data/source_grades.yaml (outlet name or URL domain; F when unknown).
Credibility, per fact: 2 (probably true) when a second stored report from another source states the
same event, else by the source's reliability — A/B 3 (possibly true), C 4… — and 6 (cannot be judged)
for F. Judgments and possibilities are assessments, not reported facts: they keep 6.
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from watchfloor.config import DATA_DIR

GRADES_PATH = DATA_DIR / "source_grades.yaml"
GRADES = "ABCDEF"
BASE_CREDIBILITY = {"A": 2, "B": 3, "C": 3, "D": 4, "E": 5, "F": 6}
CORROBORATED = 2


@lru_cache(maxsize=2)
def load_grades(path: str | None = None) -> tuple[str, dict[str, str]]:
    with open(path or GRADES_PATH, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    table = {}
    for key, grade in (data.get("outlets") or {}).items():
        grade = str(grade).strip().upper()
        if grade not in GRADES:
            raise ValueError(f"{path or GRADES_PATH}: grade {grade!r} for {key!r} is not one of A–F")
        table[str(key).strip().lower()] = grade
    return str(data.get("default", "F")).upper(), table


def reliability(outlet: str | None, url: str | None) -> str:
    default, table = load_grades()
    if outlet and outlet.strip().lower() in table:
        return table[outlet.strip().lower()]
    if url:
        m = re.match(r"https?://(?:www\.)?([^/:]+)", url.strip())
        host = m.group(1).lower() if m else ""
        while host:
            if host in table:
                return table[host]
            host = host.partition(".")[2] if "." in host.partition(".")[2] else ""
    if outlet:
        low = outlet.lower()
        for key, grade in table.items():
            if len(key) > 4 and key in low:
                return grade
    return default


def credibility(kind: str, grade: str, corroborated: bool = False) -> int:
    if kind in ("judgment", "possibility", "recommendation"):
        return 6
    if corroborated:
        return CORROBORATED if BASE_CREDIBILITY.get(grade, 6) > CORROBORATED else 1
    return BASE_CREDIBILITY.get(grade, 6)
