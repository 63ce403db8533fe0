"""The ensemble: weights and calibration learnt from validation months before the test period only."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast_helpers import COUNTRY, build_made_up_store
from watchfloor.forecast import metrics
from watchfloor.forecast.backtest import run_backtest
from watchfloor.forecast.contract import N_SAMPLES
from watchfloor.forecast.baselines import ConflictologyForecaster, LastForecaster
from watchfloor.forecast.ensemble import (EnsembleForecaster, choose_weights, issued, mix_draws, recalibrate_positive,
                                         simplex)
from watchfloor.forecast.models import HurdleForecaster
from watchfloor.forecast.panel import build_panel, history
from watchfloor.store import Store

TEST_START, END = pd.Timestamp("2016-01-01"), pd.Timestamp("2016-12-01")
MEMBERS = {"main": lambda: HurdleForecaster(horizons=2, n_estimators=15, calibration_months=12),
           "conflictology": ConflictologyForecaster, "last": LastForecaster}


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ensemble")
    with Store.open(build_made_up_store(folder / "x.duckdb", folder)) as store:
        return build_panel(store, COUNTRY)


def poisoned(panel: pd.DataFrame, since: pd.Timestamp) -> pd.DataFrame:
    """The same panel with every outcome from `since` on changed beyond recognition."""
    out = panel.copy()
    out.attrs.update(panel.attrs)
    late = out["month"] >= since
    for col in ("fatalities", "nb_fatalities", "events"):
        out.loc[late, col] = np.where(out.loc[late, col] > 0, 0.0, 40.0)
    return out


def learnt(model: EnsembleForecaster) -> tuple:
    return ({h: tuple(w) for h, w in model.weights_.items()}, {h: tuple(w) for h, w in model.p_weights_.items()},
            model.calibration_, None if model.levels_ is None else tuple(model.levels_))


def test_weights_and_calibration_use_no_test_period_month(panel):
    fit_at = END  # a refit late in the test period, handed the test months before it (as a backtest does)
    frozen = lambda: EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START, validation_months=24)  # noqa: E731
    honest = frozen().fit(history(panel, fit_at), fit_at)
    cheat_panel = history(poisoned(panel, TEST_START), fit_at)
    cheat = frozen().fit(cheat_panel, fit_at)
    assert pd.Timestamp(honest.validation_["last_target"]) < TEST_START and "prior_because" not in honest.validation_
    assert learnt(honest) == learnt(cheat)
    # the members are refitted on the test months before the origin, so the poison does reach them …
    seen = history(panel, fit_at)
    assert not np.array_equal(honest.fitted_["main"].predict(seen, 2).p_fatal,
                              cheat.fitted_["main"].predict(seen, 2).p_fatal)
    # … and an ensemble allowed to validate on those months learns something else from the poisoned panel
    free = EnsembleForecaster(MEMBERS, horizons=2, validation_months=24).fit(history(panel, fit_at), fit_at)
    free_cheat = EnsembleForecaster(MEMBERS, horizons=2, validation_months=24).fit(cheat_panel, fit_at)
    assert learnt(free) != learnt(free_cheat)


def test_in_a_backtest_the_ensemble_is_scored_like_any_model(panel):
    members = {**MEMBERS, "ensemble": lambda: EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START)}
    result = run_backtest(panel, members, [1, 2], TEST_START, END)
    summary = result.summary()
    assert set(summary["skill"]["ensemble"]) == {"conflictology", "last"}
    table = result.table().set_index("model")
    assert np.isfinite(table.loc["ensemble", "crps"]) and 0 <= table.loc["ensemble", "reliability_error"] <= 1


def quieted(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel without deaths in the three years before the test period (deaths before, none to rank mixtures by)."""
    quiet = panel.copy()
    quiet.attrs.update(panel.attrs)
    calm = (quiet["month"] >= "2013-01-01") & (quiet["month"] < TEST_START)
    quiet.loc[calm, ["fatalities", "nb_fatalities"]] = 0.0
    return quiet


def as_neighbour(panel: pd.DataFrame, country: str = "NBR") -> pd.DataFrame:
    other = panel.copy()
    other.attrs.update(panel.attrs, country=country)
    return other


def test_a_quiet_validation_window_falls_back_on_the_prior(panel):
    quiet = quieted(panel)
    model = EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START).fit(history(quiet, TEST_START), TEST_START)
    assert "prior_because" in model.validation_ and model.calibration_["p_map"] == "none"
    assert dict(zip(MEMBERS, model.weights_[1])) == {"main": 0.5, "conflictology": 0.5, "last": 0.0}


def test_mixture_draws_follow_the_weights():
    a = np.zeros((3, 100))
    b = np.full((3, 100), 7.0)
    mixed = mix_draws([a, b], np.array([0.3, 0.7]))
    assert mixed.shape == (3, 100) and (mixed == 7).sum(axis=1).tolist() == [70, 70, 70]
    assert len(simplex(3)) == 66 and np.allclose(simplex(3).sum(axis=1), 1)


def test_conformal_levels_move_the_positive_part():
    draws = np.sort(np.concatenate([np.zeros((2, 50)), np.tile(np.arange(1, 51), (2, 1))], axis=1), axis=1)
    assert np.array_equal(recalibrate_positive(draws, (np.arange(1000) + 0.5) / 1000), draws)  # uniform PITs
    high = recalibrate_positive(draws, np.full(100, 0.95))  # outcomes always fell high: the part moves up
    assert (high == 0).sum() == (draws == 0).sum() and high[high > 0].min() > 40


def test_the_main_model_without_fatal_history_is_the_units_own_record(panel):
    until = TEST_START
    quiet = panel.copy()
    quiet.attrs.update(panel.attrs)
    quiet.loc[quiet["month"] < until, ["fatalities", "nb_fatalities"]] = 0.0
    quiet.loc[(quiet["unit_id"] == f"{COUNTRY}.XF-1") & (quiet["month"] == "2015-06-01"), "fatalities"] = 5.0
    seen = history(quiet, until)
    model = HurdleForecaster(horizons=2, n_estimators=15, calibration_months=12).fit(seen, until)
    own = ConflictologyForecaster().predict(seen, 2)
    assert "too little history" in model.fallback_
    forecast = model.predict(seen, 2)
    np.testing.assert_allclose(forecast.p_fatal, own.p_fatal)
    assert forecast.p_fatal.max() == pytest.approx(1 / 12)
    with pytest.raises(ValueError, match="too little history"):  # unpooled, it still refuses
        HurdleForecaster(horizons=2, n_estimators=15, pool=False).fit(seen, until)


GRID = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])   # member a, member b, a half-and-half mixture
MEMBERS_AT = np.array([0, 1])


def month_scores(mixture: np.ndarray, months: int = 24, seed: int = 1) -> np.ndarray:
    """Scores per month of the three candidates: member a ~10, member b ~11, the mixture as given."""
    noise = np.random.default_rng(seed).normal(0, 0.3, months)
    return np.vstack([10 + noise, 11 + noise, mixture])


def test_a_clear_held_out_gain_mixes():
    pick, evidence = choose_weights(month_scores(np.full(24, 9.5)), MEMBERS_AT, GRID)   # 5 % better every month
    assert pick == 2 and evidence["mixed"] and evidence["held_out_gain"] > 0.04 and evidence["p_gain"] > 0.99


def test_a_gain_within_the_margin_keeps_the_best_member():
    pick, evidence = choose_weights(month_scores(np.full(24, 9.97)), MEMBERS_AT, GRID)  # 0.3 % better
    assert pick == 0 and not evidence["mixed"] and 0 < evidence["held_out_gain"] < 0.01


def test_a_gain_from_one_month_is_not_clear():
    scores = month_scores(np.full(24, 10.0))
    scores[2] = scores[0] + 0.2      # the mixture a little worse in every month …
    scores[2, 20] = scores[0, 20] - 30   # … but for one lucky month that makes its total the best
    pick, evidence = choose_weights(scores, MEMBERS_AT, GRID)
    assert scores[2].sum() < scores[0].sum() and pick == 0 and evidence["p_gain"] < 0.9


def test_a_gain_seen_on_one_half_only_does_not_carry_over():
    scores = month_scores(np.r_[np.full(12, 9.0), np.full(12, 10.6)])   # better early, worse late
    pick, evidence = choose_weights(scores, MEMBERS_AT, GRID)
    assert pick == 0 and evidence["held_out_gain"] < 0.01


def test_on_validation_the_ensemble_is_never_worse_than_its_best_member(panel):
    model = EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START, validation_months=24)
    model.fit(history(panel, TEST_START), TEST_START)
    v = model.validation_
    seen = history(panel, TEST_START)
    result = run_backtest(seen, MEMBERS, [1, 2], pd.Timestamp(v["first_target"]), pd.Timestamp(v["last_target"]),
                          keep_draws=100)
    names = list(MEMBERS)
    scores = {n: result.scores[result.scores["model"] == n].reset_index(drop=True) for n in names}
    y, horizon = scores["main"]["y"].to_numpy(float), scores["main"]["horizon"].to_numpy()
    hit = (y > 0).astype(float)
    for h in (1, 2):
        rows = horizon == h
        member_brier = {n: np.sum((scores[n]["p_fatal"].to_numpy()[rows] - hit[rows]) ** 2) for n in names}
        p_mix = np.column_stack([scores[n]["p_fatal"].to_numpy()[rows] for n in names]) @ model.p_weights_[h]
        assert np.sum((p_mix - hit[rows]) ** 2) <= min(member_brier.values()) + 1e-9
        # the issued distribution (P's point mass at 0, the positive draws of the mixture) beats every member's
        # positive part issued with the same P
        member_crps = {n: metrics.crps_samples(y[rows], issued(result.draws[n][rows], p_mix)).sum() for n in names}
        mixed = issued(mix_draws([result.draws[n][rows] for n in names], model.weights_[h], model.how_[h]), p_mix)
        assert metrics.crps_samples(y[rows], mixed).sum() <= min(member_crps.values()) + 1e-9
        for part, weights in (("draws", model.weights_[h]), ("p", model.p_weights_[h])):
            assert model.choice_[h][part]["mixed"] or sorted(weights) == [0.0, 0.0, 1.0]   # else one member


def test_a_quiet_country_takes_its_weights_from_its_neighbours_validation_months(panel):
    """Too quiet to choose anything alone, the country is validated with its neighbours on the same months before
    the test period: the weights come from validation (with its evidence), and no test-period month reaches them."""
    quiet = quieted(panel)
    seen = history(quiet, TEST_START)

    def with_neighbours(other: pd.DataFrame) -> EnsembleForecaster:   # two made-up neighbours, both as `other`
        nbrs = (as_neighbour(other, "NBR"), as_neighbour(other, "NBS"))
        return EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START, neighbours=nbrs).fit(seen, TEST_START)

    alone = EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START).fit(seen, TEST_START)
    assert "prior_because" in alone.validation_
    model = with_neighbours(panel)
    v = model.validation_
    assert "prior_because" not in v and v["countries"] == [COUNTRY, "NBR", "NBS"] and v["fatal_unit_months"] >= 50
    assert pd.Timestamp(v["last_target"]) < TEST_START and sorted(model.choice_) == [1, 2]
    # the neighbours' outcomes from the test period on change nothing the ensemble learns …
    assert learnt(with_neighbours(poisoned(panel, TEST_START))) == learnt(model)
    # … while their validation months do
    assert learnt(with_neighbours(poisoned(panel, pd.Timestamp(v["first_target"])))) != learnt(model)


def test_draws_and_p_fatal_are_one_distribution(panel):
    """The share of draws ≥ 1 is the reported P(≥ 1) for every unit-month (the members' own shares are not)."""
    model = EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START, validation_months=24)
    seen = history(panel, TEST_START)
    model.fit(seen, TEST_START)
    forecast = model.predict(seen, 2)
    share = (forecast.samples > 0).mean(axis=1)
    assert np.abs(share - forecast.p_fatal).max() <= 1 / N_SAMPLES
    assert (forecast.p_25 <= forecast.p_fatal + 1e-12).all()
    members = {n: m.predict(seen, 2) for n, m in model.fitted_.items()}
    assert any(np.abs((f.samples > 0).mean(axis=1) - forecast.p_fatal).max() > 1 / N_SAMPLES for f in members.values())


def test_in_a_backtest_every_case_s_draws_agree_with_its_p_fatal(panel):
    members = {"ensemble": lambda: EnsembleForecaster(MEMBERS, horizons=2, frozen_until=TEST_START)}
    result = run_backtest(panel, members, [1, 2], TEST_START, END, keep_draws=N_SAMPLES)
    share = (result.draws["ensemble"] > 0).mean(axis=1)
    assert np.abs(share - result.scores["p_fatal"].to_numpy()).max() <= 1 / N_SAMPLES


def calibration_of(p: np.ndarray, hit: np.ndarray) -> dict:
    model = EnsembleForecaster(MEMBERS)
    month = np.repeat(pd.date_range("2012-01-01", periods=24, freq="MS"), len(p) // 24)
    draws = np.where(np.random.default_rng(3).random((len(p), 100)) < p[:, None], 3.0, 0.0)
    model._choose_calibration(p, draws, hit * 2.0, month)
    return model.calibration_


def test_a_recalibration_is_kept_only_where_it_lowers_held_out_reliability_error():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.02, 0.9, 2400)
    skewed = calibration_of(p, (rng.random(2400) < p ** 2.5).astype(float))   # P(≥ 1) far too high
    assert skewed["p_map"] != "none"
    rel = skewed["held_out_reliability"]
    assert rel[skewed["p_map"]] < rel["none"]
    honest = calibration_of(p, (rng.random(2400) < p).astype(float))           # already calibrated
    assert honest["p_map"] == "none"


def test_a_recalibration_is_judged_forward_in_time():
    """A map learnt on the earlier validation months must hold on the later ones: here the first year's
    probabilities were far too high and the second year's a little too high, so a map fitted on the first year
    over-corrects the second. (Cross-fitted both ways round with the two halves pooled, as before, a Platt map
    was kept here: the two directions' errors cancel in the pooled reliability bins.)"""
    rng = np.random.default_rng(5)
    p = rng.uniform(0.02, 0.9, 2400)
    late = np.arange(2400) >= 1200                      # calibration_of lays the cases out month by month
    hit = np.where(late, rng.random(2400) < p ** 1.5, rng.random(2400) < p ** 3).astype(float)
    calibration = calibration_of(p, hit)
    assert calibration["p_map"] == "none" and "second" in calibration["split"]
    rel = calibration["held_out_reliability"]
    assert rel["platt"] > rel["none"] and rel["isotonic"] > rel["none"]
    # the same shift the other way round (too high later on) is what the map would mend: kept
    assert calibration_of(p, np.where(late, rng.random(2400) < p ** 3, rng.random(2400) < p ** 3).astype(float))[
        "p_map"] != "none"


def pooled_calibration(own_hit: np.ndarray, their_hit: np.ndarray, p: np.ndarray) -> dict:
    """The calibration chosen for a country validated with a neighbour (same months, the country's cases first)."""
    model = EnsembleForecaster(MEMBERS)
    month = np.tile(np.repeat(pd.date_range("2012-01-01", periods=24, freq="MS"), len(p) // 24), 2)
    p2, hit = np.concatenate([p, p]), np.concatenate([own_hit, their_hit]) * 2.0
    draws = np.where(np.random.default_rng(3).random((len(p2), 100)) < p2[:, None], 3.0, 0.0)
    country = np.repeat([COUNTRY, "NBR"], len(p))
    model._choose_calibration(p2, draws, hit, month, country)
    return model.calibration_


def test_a_country_takes_its_neighbours_calibration_only_if_it_carries_over_to_its_own_cases():
    rng = np.random.default_rng(7)
    p = rng.uniform(0.02, 0.9, 2400)
    too_high = lambda: (rng.random(2400) < p ** 3).astype(float)   # noqa: E731
    right = (rng.random(2400) < p).astype(float)
    # the neighbour's probabilities are far too high, the country's own are right: the pooled cases alone
    # would keep a map (the neighbour's), but fitted on the neighbour it does not hold on the country's cases
    calibration = pooled_calibration(right, too_high(), p)
    assert calibration["p_map"] == "none"
    own = calibration["others_to_own"]["reliability"]
    assert own["platt"] > own["none"]
    assert pooled_calibration(too_high(), too_high(), p)["p_map"] != "none"   # both too high: the map carries over
