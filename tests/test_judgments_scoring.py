"""Scores against hand-worked numbers: Brier, Murphy decomposition, Wilson intervals, band-edge spread,
and the breakdowns `score()` builds from judgments resolved in a real store."""
from __future__ import annotations

import math

import pytest

from watchfloor.judgments.resolution import resolve
from watchfloor.judgments.scoring import (band_edge_spread, brier_score, horizon_bucket, murphy_decomposition,
                                          score, wilson_interval)
from watchfloor.judgments.tracking import record_judgment
from watchfloor.store import Store


def test_brier_score_by_hand():
    # (0.9-1)^2 + (0.6-0)^2 + (0.3-0)^2 + (0.3-1)^2 = 0.01 + 0.36 + 0.09 + 0.49 = 0.95; / 4
    assert brier_score([0.9, 0.6, 0.3, 0.3], [1, 0, 0, 1]) == pytest.approx(0.2375)


def test_murphy_decomposition_by_hand():
    # bins: 0.9 -> 1 of 1 true; 0.6 -> 0 of 1; 0.3 -> 1 of 2. base rate 0.5.
    # reliability = (1*(0.9-1)^2 + 1*(0.6-0)^2 + 2*(0.3-0.5)^2) / 4 = 0.45 / 4
    # resolution  = (1*(1-0.5)^2 + 1*(0-0.5)^2 + 2*(0.5-0.5)^2) / 4 = 0.5 / 4
    found = murphy_decomposition([0.9, 0.6, 0.3, 0.3], [1, 0, 0, 1])
    assert found["reliability"] == pytest.approx(0.1125)
    assert found["resolution"] == pytest.approx(0.125)
    assert found["uncertainty"] == pytest.approx(0.25)
    assert found["base_rate"] == pytest.approx(0.5)
    assert found["reliability"] - found["resolution"] + found["uncertainty"] == pytest.approx(found["brier"])
    assert found["brier"] == pytest.approx(0.2375)


def test_wilson_interval_by_hand():
    # 8 of 10: centre (0.8 + 1.96^2/20) / (1 + 1.96^2/10) = 0.716738; half-width 0.226580
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.490158, abs=1e-5)
    assert high == pytest.approx(0.943318, abs=1e-5)
    # 0 of 5: the interval starts at 0 and is not empty
    low, high = wilson_interval(0, 5)
    assert low == 0.0 and high == pytest.approx(0.434482, abs=1e-5)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_band_edge_spread_by_hand():
    # both true; very likely [0.8, 0.95] and unlikely [0.2, 0.45]
    found = band_edge_spread([0.8, 0.2], [0.95, 0.45], [1, 1])
    assert found["lower_edges"] == pytest.approx((0.04 + 0.64) / 2)
    assert found["upper_edges"] == pytest.approx((0.0025 + 0.3025) / 2)
    assert found["best"] == pytest.approx(0.1525)
    assert found["worst"] == pytest.approx(0.34)


def test_horizon_buckets():
    assert horizon_bucket(20) == "up to 1 month"
    assert horizon_bucket(60) == "1-3 months"
    assert horizon_bucket(200) == "6-12 months"
    assert horizon_bucket(400) == "over 1 year"
    assert horizon_bucket(None) == "no deadline"


def _judge(store, claim, outcome, by="Desk A", at="2020-03-01", **kw):
    judgment_id = record_judgment(store, claim=claim, made_by=by, made_at=at, source_kind="manual",
                                  source_id="hand", **kw)
    resolve(store, judgment_id, outcome, "checked by hand", "tester")
    return judgment_id


def test_score_from_the_store_matches_hand_numbers(any_fresh_db):
    with Store.open(any_fresh_db) as store:
        _judge(store, "The ceasefire will very likely hold.", "true", by=["Ana", "Ben"])          # 0.875
        _judge(store, "Talks will very likely resume.", "false", at="2020-07-15")                 # 0.875
        _judge(store, "The junta is unlikely to step down.", "true", deadline="2020-12-31")      # 0.325
        _judge(store, "There is a 70 % chance that the convoy gets through.", "true")            # 0.70
        _judge(store, "The mission will likely leave.", "void")                                  # not scored
        record_judgment(store, claim="Elections will probably be delayed.", made_by="Ana", made_at="2020-03-01",
                        source_kind="brief", source_id="b1")                                     # open
        result = score(store)
    p, o = [0.875, 0.875, 0.325, 0.70], [1, 0, 1, 1]
    assert result["n"] == 4 and result["n_void"] == 1 and result["n_open"] == 1 and result["n_true"] == 3
    assert result["brier"] == pytest.approx(brier_score(p, o))
    # hand: (0.015625 + 0.765625 + 0.455625 + 0.09) / 4
    assert result["brier"] == pytest.approx(0.3317187, abs=1e-6)
    assert result["reliability"] - result["resolution"] + result["uncertainty"] == pytest.approx(result["brier"])
    terms = {row["group"]: row for row in result["by"]["term"]}
    assert terms["very likely"]["n"] == 2 and terms["very likely"]["true"] == 1
    assert terms["very likely"]["band"] == [0.8, 0.95] and terms["very likely"]["in_band"] is False
    assert terms["very likely"]["small"] is True
    assert terms["likely (stated number)"]["n"] == 1
    authors = {row["group"]: row["n"] for row in result["by"]["author"]}
    assert authors == {"Ana": 1, "Ben": 1, "Desk A": 3}
    quarters = {row["group"]: row["n"] for row in result["by"]["quarter"]}
    assert quarters == {"2020Q1": 3, "2020Q3": 1}
    horizons = {row["group"]: row["n"] for row in result["by"]["horizon"]}
    assert horizons == {"3-6 months": 3, "6-12 months": 1}  # default 183 days; 2020-03-01 -> 2020-12-31
    # the void judgment's band never enters the edge spread; the bare number has no spread
    edges = result["brier_band_edges"]
    assert edges["best"] <= result["brier"] <= edges["worst"]
    assert edges["best"] == pytest.approx(((0.95 - 1) ** 2 + 0.8 ** 2 + (0.45 - 1) ** 2 + 0.09) / 4)


def test_score_of_an_empty_store_and_a_bad_breakdown(any_fresh_db):
    with Store.open(any_fresh_db) as store:
        result = score(store, "term")
        assert result["n"] == 0 and result["by"]["term"] == []
        assert result["brier"] is None and result["brier_band_edges"]["best"] is None  # valid JSON, no NaN
        with pytest.raises(ValueError, match="expected one of"):
            score(store, "colour")
