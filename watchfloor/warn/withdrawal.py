"""The brief's withdrawal sentences: what the data say, and cannot say, about a force leaving a region.

When the force-presence data hold a base closure or opening in a focus region up to the brief's month
(`closures.site_changes`: a site listed one year and not the next, as a mission's drawdown shows), the
Significance section says
1. which changes the data record there (footnote: the force-presence source),
2. what the event study of every closure in the country shows (`closures.closure_event_study`): the change
   in violence in the closed base's region against regions without a change, with its 90 % interval and the
   number of closures behind it (footnote: the study, its source and the event data it read),
3. what the what-if of the main model shows when the force leaves the region now: the change in expected
   fatalities over the forecast window, with its interval and number of refits (footnotes: the base and the
   scenario runs), and
4. what neither can tell: the effect of leaving itself.
The numbers in the words come from the figures computed here; nothing is written without them.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from watchfloor.forecast.closures import EventStudy, closure_event_study, site_changes
from watchfloor.store.connection import Store

# Force-presence sources by the prefix of their stored name (the footnote names the dataset, not our key).
SOURCE_NAMES = {"geopko": "Geo-PKO", "radpko": "RADPKO"}
WITHDRAWAL_REFITS = 30   # bootstrap refits behind the what-if when the region's force presence has changed


def source_name(source: str) -> str:
    """'geopko_v2_3_frontmap' → 'Geo-PKO v2.3'; unknown keys as they are."""
    prefix, _, rest = source.partition("_")
    name = SOURCE_NAMES.get(prefix.lower())
    if name is None:
        return source
    version = [p for p in rest.split("_") if p[:1] == "v"][:1]
    if version:
        after = rest.split(version[0] + "_", 1)[-1].split("_")
        minor = after[0] if after and after[0].isdigit() else ""
        return f"{name} {version[0]}{'.' + minor if minor else ''}"
    return name


def known_changes(store: Store, country: str, now: date) -> tuple[pd.DataFrame, str]:
    """(closures and openings dated up to `now`, the force-presence source): a later listing is not yet known."""
    changes, source = site_changes(store, country)
    if changes.empty:
        return changes, source
    return changes[changes["month"] <= pd.Timestamp(now)].reset_index(drop=True), source


def region_with_changes(store: Store, country: str, now: date, regions: list[str]) -> str | None:
    """The first of `regions` whose force presence changed (a site closed or opened) up to `now`."""
    changes, _ = known_changes(store, country, now)
    return next((r for r in regions if (changes["region_id"] == r).any()), None) if len(changes) else None


def withdrawal_sentences(store: Store, country: str, now: date, region_id: str, region: str, notes,
                         what_if: dict | None, run_note: int, sources: list[str] | None,
                         horizon: int) -> list:
    """The sentences (text, footnote numbers) on the region's force-presence changes; [] when it has none."""
    from watchfloor.forecast.panel import build_panel
    from watchfloor.store.briefs import country_name
    from watchfloor.warn.brief import Sentence
    changes, source = known_changes(store, country, now)
    here = changes[changes["region_id"] == region_id] if len(changes) else changes
    if here.empty:
        return []
    dataset = source_name(source)
    site_note = notes.add(("force", source, region_id), kind="dataset", url=None,
                          text=f"{dataset} deployment sites, {region}: " + "; ".join(
                              f"{r.place} {'closed' if r.kind == 'closure' else 'opened'} by {r.month:%Y}"
                              for r in here.sort_values("month").itertuples(index=False)))
    out = [Sentence(_changes_text(here, region, dataset, now), [site_note])]
    study = closure_event_study(build_panel(store, country, "admin1", until=now, sources=sources), changes, source)
    study_note = notes.add(("closure-study", country, source, now.isoformat()), kind="study", url=None,
                           text=f"watchfloor event study of base closures in {country} ({dataset} sites; events "
                                f"from {', '.join(sources or ['the stored sources'])} to {now:%B %Y}): {study.n} closures used, {study.skipped} left out because their "
                                "12 months before and after fall outside the event data; 90% interval from "
                                "2,000 bootstrap resamples of the closures")
    out.append(Sentence(_study_text(study, country_name(store, country)), [study_note]))
    effect = (what_if or {}).get("region_effect")
    if what_if is not None and effect is not None:
        run_ref = notes.run({"run_id": what_if["run_id"], "model": what_if.get("model"), "as_of": now,
                             "scenario": what_if["spec"]})
        out.append(Sentence(_what_if_text(what_if, effect, region, horizon), [run_note, run_ref]))
    out.append(Sentence(_cannot_tell(study, effect is not None), [study_note]))
    return out


def _changes_text(here: pd.DataFrame, region: str, dataset: str, now: date) -> str:
    closed = here[here["kind"] == "closure"].sort_values("month")
    opened = here[here["kind"] == "opening"].sort_values("month")
    parts = []
    if len(closed):
        parts.append(f"{_count(len(closed), 'base closure')} ({_places(closed)})")
    if len(opened):
        parts.append(f"{_count(len(opened), 'base opening')} ({_places(opened)})")
    return f"The {dataset} deployment data record {' and '.join(parts)} in {region} up to {now:%B %Y}."


def _study_text(study: EventStudy, country: str) -> str:
    if not study.n:
        return (f"None of the base closures in {country}'s deployment data falls where the event data cover the "
                "12 months before and after it, so the data hold no comparison of violence around a closure.")
    lo, hi = study.interval
    side = ("a rise cannot be told from a fall" if lo <= 0 <= hi else
            "violence rose after the closures" if lo > 0 else "violence fell after the closures")
    return (f"Across the {_count(study.n, 'base closure')} in {country} that the event data cover, violence in the "
            f"closed base's region changed by {np.expm1(study.estimate):+.0%} in the 12 months after against the "
            f"12 before, relative to regions without a change (90% interval {np.expm1(lo):+.0%} to "
            f"{np.expm1(hi):+.0%}, n = {study.n}): {side}.")


def _what_if_text(what_if: dict, effect: dict, region: str, horizon: int) -> str:
    start = what_if["start"]
    who = "the main model (the ensemble's member that reads force presence)" if what_if.get("model") == "ensemble" \
        else "the model"
    return (f"If {what_if['force']} left {region} from {start:%B %Y}, {who} puts the change in expected fatalities "
            f"there over the {horizon} months from {start:%B %Y} at {effect['diff_mean']:+.1f} (90% interval "
            f"{effect['diff_mean_lo']:+.1f} to {effect['diff_mean_hi']:+.1f}, {what_if['n_boot']} bootstrap refits).")


def _cannot_tell(study: EventStudy, modelled: bool) -> str:
    what = "Neither figure measures" if modelled else "The comparison does not measure"
    few = f"; and {study.n} closures make the interval as wide as it is" if study.n else ""
    return (f"{what} the effect of leaving itself: bases close where and when the war changes, so these are "
            f"associations in past data, not the consequence of a withdrawal{few}.")


def _places(rows: pd.DataFrame) -> str:
    return ", ".join(f"{r.place} by {r.month:%Y}" for r in rows.itertuples(index=False))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
