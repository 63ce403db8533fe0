"""Every metric against hand-worked values; CRPS against scoringrules, average precision against scikit-learn."""
from __future__ import annotations

import math

import numpy as np
import pytest
import scoringrules as sr
from sklearn.metrics import average_precision_score, brier_score_loss
from sklearn.metrics import log_loss as sk_log_loss

from watchfloor.forecast import metrics


def test_brier_score_by_hand():
    assert metrics.brier_score([0.9, 0.2, 0.5], [1, 0, 1]) == pytest.approx((0.01 + 0.04 + 0.25) / 3)


def test_log_loss_by_hand_and_clipping():
    assert metrics.log_loss([0.8, 0.25], [1, 0]) == pytest.approx(-(math.log(0.8) + math.log(0.75)) / 2)
    # a certain "no" that turns out "yes" costs −log(eps), not infinity
    assert metrics.log_loss([0.0], [1]) == pytest.approx(-math.log(metrics.LOG_LOSS_EPS))


def test_average_precision_by_hand():
    # thresholds 0.9, 0.8, 0.7, 0.6 → (recall, precision) (.5, 1), (.5, .5), (1, 2/3), (1, .5)
    assert metrics.average_precision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]) == pytest.approx(0.5 + 0.5 * 2 / 3)
    # a tie is one threshold: precision 1/2 at recall 1
    assert metrics.average_precision([0.5, 0.5], [1, 0]) == pytest.approx(0.5)
    assert math.isnan(metrics.average_precision([0.2, 0.3], [0, 0]))


def test_average_precision_and_brier_match_scikit_learn():
    rng = np.random.default_rng(3)
    y = (rng.random(400) < 0.3).astype(int)
    p = np.round(np.clip(0.3 * y + rng.random(400) * 0.7, 0, 1), 2)  # rounded: many ties
    assert metrics.average_precision(p, y) == pytest.approx(average_precision_score(y, p))
    assert metrics.brier_score(p, y) == pytest.approx(brier_score_loss(y, p))
    assert metrics.log_loss(np.clip(p, 0.01, 0.99), y) == pytest.approx(sk_log_loss(y, np.clip(p, 0.01, 0.99)))


def test_crps_by_hand():
    # draws {0, 2}, outcome 1: E|X − y| = 1, E|X − X′| = 1 (energy) or 2 (fair)
    assert metrics.crps_samples(np.array([1.0]), np.array([[0.0, 2.0]]))[0] == pytest.approx(0.5)
    assert metrics.crps_samples(np.array([1.0]), np.array([[0.0, 2.0]]), fair=True)[0] == pytest.approx(0.0)
    # a point mass at 0 scores the absolute error
    assert metrics.crps_samples(np.array([3.0]), np.zeros((1, 10)))[0] == pytest.approx(3.0)


@pytest.mark.parametrize("fair,estimator", [(False, "nrg"), (True, "fair")])
def test_crps_matches_scoringrules(fair, estimator):
    rng = np.random.default_rng(11)
    samples = rng.negative_binomial(1, 0.1, size=(50, 200)).astype(float)
    y = rng.poisson(5, size=50).astype(float)
    ours = metrics.crps_samples(y, samples, fair=fair)
    theirs = np.asarray(sr.crps_ensemble(y, samples, estimator=estimator))
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)
    # the default estimator of scoringrules ("qd") is the empirical CDF's CRPS, i.e. the energy form
    if not fair:
        np.testing.assert_allclose(ours, np.asarray(sr.crps_ensemble(y, samples)), rtol=1e-9, atol=1e-9)


def test_msle_and_its_optimal_point():
    e1 = math.e - 1
    assert metrics.mean_squared_log_error([0, e1], [e1, e1]) == pytest.approx(0.5)
    draws = np.array([[0.0, 0.0, e1, e1]])
    assert metrics.msle_point(draws)[0] == pytest.approx(math.exp(0.5) - 1)


def test_interval_score_and_coverage_by_hand():
    y = np.array([5.0, 2.0, 0.0])
    lo, hi = np.full(3, 1.0), np.full(3, 3.0)
    np.testing.assert_allclose(metrics.interval_score(y, lo, hi, alpha=0.1), [2 + 20 * 2, 2, 2 + 20 * 1])
    assert metrics.coverage(y, lo, hi) == pytest.approx(1 / 3)


def test_reliability_table_and_error_by_hand():
    p, y = [0.05, 0.05, 0.95, 0.95], [0, 1, 1, 1]
    table = metrics.reliability_table(p, y)
    assert list(table["n"]) == [2, 2]
    assert list(table["observed_frequency"]) == pytest.approx([0.5, 1.0])
    assert metrics.reliability_error(p, y) == pytest.approx(0.5 * 0.45 + 0.5 * 0.05)
    # p = 1.0 belongs to the top bin, not an eleventh one
    assert metrics.reliability_table([1.0], [1])["bin_lower"].tolist() == [0.9]


def test_skill_and_bootstrap_interval():
    assert metrics.skill(8.0, 10.0) == pytest.approx(0.2)
    assert metrics.skill(12.0, 10.0) == pytest.approx(-0.2)
    groups = np.repeat(np.arange(20), 5)
    values = np.r_[np.zeros(50), np.ones(50)]
    lo, hi = metrics.bootstrap_interval(np.mean, groups, values, n_boot=300)
    assert lo < 0.5 < hi and 0.2 < lo and hi < 0.8


def test_zero_share_of_draws_follows_the_recalibrated_probability():
    from watchfloor.forecast.models import hurdle_draws, with_zero_share
    rng = np.random.default_rng(3)
    draws = np.where(rng.random((4, 1000)) < 0.5, rng.integers(1, 50, (4, 1000)), 0).astype(np.int32)
    draws[3] = 0  # no positive draw to reuse: the fallback's are taken
    p = np.array([0.0, 0.123, 0.9, 0.3])
    fallback, _ = hurdle_draws(p, np.full(4, np.log1p(9.0)), np.array([-0.1, 0.0, 0.1]))
    out = with_zero_share(draws, p, fallback)
    assert list((out > 0).sum(axis=1)) == [0, 123, 900, 300]
    for row in range(3):  # positive values come from the row's own positive draws, spread over their range
        assert set(out[row][out[row] > 0]) <= set(draws[row][draws[row] > 0])
    assert out[2][out[2] > 0].min() <= np.quantile(draws[2][draws[2] > 0], 0.05)
    assert set(out[3][out[3] > 0]) <= set(fallback[3][fallback[3] > 0])
    assert list((hurdle_draws(p, np.zeros(4), np.zeros(3))[0] > 0).sum(axis=1)) == [0, 123, 900, 300]


def test_backtest_scoring_shortcuts_match_the_plain_computations():
    from watchfloor.forecast.backtest import _sorted_quantile
    rng = np.random.default_rng(5)
    x = np.sort(rng.poisson(3, (20, 1000)), axis=1)
    y = rng.poisson(3, 20).astype(float)
    for q in (0.05, 0.95):
        np.testing.assert_allclose(_sorted_quantile(x, q), np.quantile(x, q, axis=1))
    shuffled = rng.permuted(x, axis=1)
    np.testing.assert_allclose(metrics.crps_samples(y, x, presorted=True), metrics.crps_samples(y, shuffled))
