"""The blind test set is frozen: its files must match tests/fixtures/test_blind/SHA256SUMS byte for byte
(written by writers who had not seen the reader; code is never changed for a test sentence)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

TEST_SET = Path(__file__).resolve().parent / "fixtures" / "test_blind"


def test_the_test_set_matches_its_frozen_hashes():
    listed = {}
    for line in (TEST_SET / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.strip()] = digest
    present = {str(p.relative_to(TEST_SET)) for p in TEST_SET.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert present == set(listed)
    changed = [n for n in sorted(listed) if hashlib.sha256((TEST_SET / n).read_bytes()).hexdigest() != listed[n]]
    assert changed == []


def test_the_test_set_is_big_enough_and_parses():
    reports = sorted((TEST_SET / "reports").glob("*.gold.json"))
    assert len([r for r in reports if r.name.startswith("en_")]) >= 20
    assert len([r for r in reports if r.name.startswith("fr_")]) >= 5
    for gold in reports:
        data = json.loads(gold.read_text(encoding="utf-8"))
        assert (gold.parent / data["path"]).exists(), gold.name
    snippets = [json.loads(l) for l in (TEST_SET / "snippets_test.jsonl").read_text(encoding="utf-8").splitlines() if l]
    assert len(snippets) >= 300 and len({s["sub_event_type"] for s in snippets}) == 25
