"""General rules of the reader, on sentences written for these tests (not taken from the fixtures)."""
from __future__ import annotations

import pytest

from watchfloor.read.quantities import find_quantities


def _q(sentence: str) -> list[tuple]:
    return [(q["value"], q["unit"]) for q in find_quantities(sentence, [(0, len(sentence))], [])]


@pytest.mark.parametrize("sentence, expected", [
    ("The battalion lost 23 soldiers in the ambush near the river.", [(23, "fatalities")]),
    ("Officials confirmed the loss of 8 gendarmes at the checkpoint.", [(8, "fatalities")]),
    ("A rights group put the number of villagers killed at around 140.", [(140, "fatalities")]),
    ("The death toll rose to 37 on Sunday.", [(37, "fatalities")]),
    ("Dozens of herders were killed in the raid.", []),
    ("Several hundred civilians have died this year.", []),
    ("Hundreds of families have fled since the spring.", []),
    ("More than 250,000 people have fled their homes.", [(250000, "displaced")]),
    ("The town now hosts more than 120,000 displaced people.", [(120000, "displaced")]),
    ("Twelve soldiers were killed and three hundred people fled.", [(12, "fatalities"), (300, "displaced")]),
    ("Une dizaine de civils ont été tués dans le village.", [(10, "fatalities")]),
    ("Plus de 40 personnes ont été tuées au marché.", [(40, "fatalities")]),
    ("Five teachers remain missing after the attack.", [(5, "abducted")]),
    ("About 20 drivers, most of them from the south, were reported missing.", [(20, "abducted")]),
    ("The unit lost six soldiers and killed 24 militants.", [(6, "fatalities"), (24, "fatalities")]),
    ("Chad deployed 1,200 troops to the tri-border area.", [(1200, "troops")]),
    ("The convoy lost 3 trucks to mines.", []),
])
def test_quantities(sentence, expected):
    assert _q(sentence) == expected
