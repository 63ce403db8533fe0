"""The brief: a warning an analyst would sign, composed from triggers, forecasts and read reports.

Every generated sentence carries provenance: numbered footnotes (report span, dataset rows, or the
forecast run). Judgments take their ICD 203 word from a probability; confidence has its own sentence.
"""
from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from watchfloor.config import DATA_DIR, current_user
from watchfloor.forecast import DEFAULT_MODEL
from watchfloor.store import briefs as db
from watchfloor.store import coverage
from watchfloor.store.connection import Store
from watchfloor.store.reference import regions_frame
from watchfloor.store.settings import get_setting
from watchfloor.warn import charts, language
from watchfloor.warn.triggers import Trigger, add_months, clean_sentence, scan, source_names, thresholds
from watchfloor.warn.withdrawal import WITHDRAWAL_REFITS, region_with_changes, withdrawal_sentences

RECOMMENDATIONS_FILE = DATA_DIR / "recommendation_templates.yaml"
TITLE_WORDS = {3: "IMMINENT WARNING", 2: "WARNING", 1: "ASSESSMENT"}
MAX_EVENT_SENTENCES = 7
MAX_FOCUS_REGIONS = 3
MAX_REPORT_RECOMMENDATIONS = 4
SCENARIO_BOOT = 3  # bootstrap refits behind a what-if's interval; -1 leaves what-ifs out


BriefError = db.BriefError  # a brief cannot be made or changed as asked


# -- sources and footnotes --------------------------------------------------------------------------------
class Footnotes:
    """Numbered sources, each cited once however many sentences rest on it."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._by_key: dict[tuple, int] = {}

    def add(self, key: tuple, **note) -> int:
        if key not in self._by_key:
            self.items.append({"n": len(self.items) + 1, **note})
            self._by_key[key] = len(self.items)
        return self._by_key[key]

    def report(self, fact: dict, start: int | None = None, end: int | None = None,
               citing: list[dict] | None = None) -> int:
        """A report span; `citing` are the report's own footnotes for that span (its sources)."""
        start = fact["start_char"] if start is None else start
        end = fact["end_char"] if end is None else end
        published = fact.get("published")
        text = ", ".join(str(x) for x in (
            fact.get("title") or Path(str(fact.get("path") or "report")).name, fact.get("outlet"),
            published.strftime("%d %B %Y") if isinstance(published, date) else published) if x)
        text += f", characters {start}–{end}"
        for c in citing or []:
            text += "; citing " + ", ".join(str(c[k]) for k in ("title", "outlet", "date", "url") if c.get(k))
        return self.add(("report", fact["report_id"], start, end), kind="report", text=text,
                        url=fact.get("source_url"), report_id=fact["report_id"], fact_id=fact.get("id"))

    def events(self, ids: list[str], dataset: str) -> int:
        ids = sorted(set(ids))
        shown = [i.split(":", 1)[-1] for i in ids[:30]]
        more = f" and {len(ids) - 30} more" if len(ids) > 30 else ""
        return self.add(("events", dataset, tuple(ids)), kind="dataset", event_ids=ids,
                        text=f"{dataset}, event ids {', '.join(shown)}{more}", url=_dataset_url(dataset))

    def run(self, run: dict) -> int:
        as_of = run.get("as_of")
        when = as_of.strftime("%B %Y") if isinstance(as_of, date) else str(as_of)
        scenario = f", scenario {run['scenario']}" if run.get("scenario") else ""
        return self.add(("run", run["run_id"]), kind="run", run_id=run["run_id"],
                        text=f"watchfloor forecast, model {run.get('model')}, run {run['run_id']}{scenario}, "
                             f"data to {when}", url=None)


def _dataset_url(name: str) -> str | None:
    if name.startswith("UCDP"):
        return "https://ucdp.uu.se/downloads/"
    if name.startswith("ACLED"):
        return "https://acleddata.com/"
    return None


def dataset_name(layout: str | None, licence: str | None, path: str | None = None) -> str:
    """'UCDP GED 21.1', 'ACLED', ...: the name a footnote gives a dataset."""
    from watchfloor.bundled import BUNDLED_EVENTS, UCDP_LICENCE
    licence = licence if isinstance(licence, str) else None  # a frame gives NaN for a missing value
    if isinstance(path, str) and Path(path).name == BUNDLED_EVENTS.name:
        licence = UCDP_LICENCE
    m = re.search(r"UCDP GED [\d.]+", licence or "")
    if m:
        return m.group(0)
    layout = layout if isinstance(layout, str) else None
    return {"ucdp": "UCDP GED", "acled": "ACLED"}.get(layout or "", (layout or "dataset").upper())


# -- the composed brief -----------------------------------------------------------------------------------
@dataclass
class Sentence:
    text: str
    refs: list[int]
    judgment: dict | None = None      # {term, probability, band, run_id, ...} for estimative sentences

    def as_dict(self) -> dict:
        return {"text": self.text, "refs": self.refs, "judgment": self.judgment}


@dataclass
class Composed:
    title: str
    severity: int
    country: str
    country_name: str
    region: str
    authors: list[str]
    editors: list[str]
    now: date
    run_id: str | None
    event: list[Sentence] = field(default_factory=list)
    significance: list[Sentence] = field(default_factory=list)
    recommendations: list[Sentence] = field(default_factory=list)
    footnotes: list[dict] = field(default_factory=list)
    judgments: list[dict] = field(default_factory=list)
    triggers: list[dict] = field(default_factory=list)
    captions: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)       # name -> PNG bytes
    found: list[Trigger] = field(default_factory=list)
    sources: dict = field(default_factory=dict)      # {"sentence": ..., "events": [...], "counts": [...], ...}

    def content(self) -> dict:
        return {"title": self.title, "severity": self.severity, "country": self.country, "sources": self.sources,
                "country_name": self.country_name, "region": self.region, "now": self.now.isoformat(),
                "date": self.now.strftime("%B %Y"), "run_id": self.run_id,
                "sections": {"event": [s.as_dict() for s in self.event],
                             "significance": [s.as_dict() for s in self.significance],
                             "recommendations": [s.as_dict() for s in self.recommendations]},
                "footnotes": self.footnotes, "judgments": self.judgments, "triggers": self.triggers,
                "captions": self.captions}


def _month_end(m: date) -> date:
    return add_months(m, 1) - timedelta(days=1)


def _source_option(sources: list[str]) -> str | None:
    """The --source value that chooses exactly these sources."""
    return sources[0] if len(sources) == 1 else (coverage.ALL if sources else None)


def _forecast(store: Store, country: str, now: date, horizon: int, model: str,
              sources: list[str] | None = None) -> tuple[pd.DataFrame, dict, np.ndarray | None]:
    """(frame, run record, samples or None) for the forecast issued at `now` from `sources`; reused when stored."""
    from watchfloor.store.forecasts import find_run
    run_id = find_run(store, country, "admin1", now, model, sources) if sources else \
        db.find_forecast_run(store, country, "admin1", now, model)
    if run_id:
        frame = db.forecast_rows(store, run_id)
        if frame["horizon"].max() >= horizon:
            return frame[frame["horizon"] <= horizon].reset_index(drop=True), db.forecast_run(store, run_id), None
    from watchfloor.forecast.api import run_forecast
    fc = run_forecast(store, country, unit="admin1", horizon=horizon, as_of=now.isoformat()[:7], model=model,
                      store_result=True, source=_source_option(sources or []))
    run = db.forecast_run(store, fc.run_id) or {"run_id": fc.run_id, "model": model, "as_of": now, "scenario": None}
    return fc.frame(), run, fc.samples


def _what_if(store: Store, country: str, now: date, horizon: int, model: str, region_id: str, region: str,
             n_boot: int, base_run_id: str, source: str | None = None, need_effect: bool = False) -> dict | None:
    """Withdraw the largest force present in the focus region from next month: P(fatal) under that scenario
    (a stored forecast run) and its difference from the forecast without it, with a bootstrap interval (from
    refits of the main model, the member of the ensemble that reads force presence). `need_effect`: also the
    change in the region's expected fatalities over the window (`region_effect`), computed afresh."""
    force = db_force_in_region(store, region_id, now)
    if force is None:
        return None
    from watchfloor.forecast.api import compare_scenario, run_forecast
    start = add_months(now, 1)
    spec = f"withdraw:{force}@{region}:{start.isoformat()[:7]}"
    try:
        run_id = db.find_forecast_run(store, country, "admin1", now, model, scenario=spec) or run_forecast(
            store, country, unit="admin1", horizon=horizon, as_of=now.isoformat()[:7], scenario=spec,
            model=model, source=source).run_id
    except ValueError:  # the forecast stage refuses the scenario (e.g. nothing to withdraw): no what-if
        return None
    if run_id == base_run_id:
        # the scenario changed none of the model's inputs, so the forecast stage stored it under the base run's
        # id: store the base run again as it was, and say nothing about a what-if the data cannot show
        run_forecast(store, country, unit="admin1", horizon=horizon, as_of=now.isoformat()[:7], model=model,
                     source=source)
        return None
    rows = db.forecast_rows(store, run_id)
    rows = rows[(rows["unit_id"] == region_id) & (pd.to_datetime(rows["target_month"]).dt.date == start)]
    if rows.empty:
        return None
    key = {"country": country, "as_of": now, "scenario": spec, "model": model, "n_boot": n_boot,
           "unit_id": region_id, "target_month": start}
    comparison, effect = db.scenario_comparison(store, key), None
    if (comparison is None or need_effect) and n_boot > 0 and model in ("main", "ensemble"):
        compared = compare_scenario(store, country, spec, unit="admin1", horizon=horizon, as_of=now.isoformat()[:7],
                                    n_boot=n_boot, source=source)
        effect, found = compared.region, compared.frame
        found = found[(found["unit_id"] == region_id) & (pd.to_datetime(found["target_month"]).dt.date == start)]
        if not found.empty:
            r = found.iloc[0]
            comparison = {"p_fatal": float(r["p_fatal"]), "p_fatal_scenario": float(r["p_fatal_scenario"]),
                          "diff_p_fatal": float(r["diff_p_fatal"]), "diff_lo": float(r["diff_p_fatal_lo"]),
                          "diff_hi": float(r["diff_p_fatal_hi"])}
            db.save_scenario_comparison(store, key, comparison)
    return {"spec": spec, "force": force, "start": start, "run_id": run_id, "model": model,
            "p_fatal": float(rows.iloc[0]["p_fatal"]), "comparison": comparison, "n_boot": n_boot,
            "region_effect": effect}


def db_force_in_region(store: Store, region_id: str, now: date) -> str | None:
    """The largest force stationed in the region in the latest year of deployment data up to `now`."""
    from watchfloor.store.reference import force_presence_frame
    fp = force_presence_frame(store)
    if fp.empty:
        return None
    fp = fp[pd.to_datetime(fp["period_start"]).dt.date <= now]
    if fp.empty:
        return None
    latest = fp[fp["period_start"] == fp["period_start"].max()]
    here = latest[latest["region_id"] == region_id]
    if here.empty:
        return None
    return str(here.groupby("actor")["strength"].sum().sort_values(ascending=False).index[0])


def compose(store: Store, country: str, *, region: str | None = None, as_of: str | date | None = None,
            authors: list[str] | None = None, editors: list[str] | None = None, model: str = DEFAULT_MODEL,
            horizon: int = 6, scenario_boot: int = SCENARIO_BOOT, source: str | None = None,
            withdrawal_refits: int = WITHDRAWAL_REFITS) -> Composed:
    country = country.upper()
    found = scan(store, country, as_of, model=model, source=source)
    now, triggers, counted = found.now, found.triggers, found.sources.counts
    frame, run, samples = _forecast(store, country, now, horizon, model, counted)
    frame = frame.copy()
    frame["target_month"] = pd.to_datetime(frame["target_month"]).dt.date
    names = db.region_names(store, country)
    cname = db.country_name(store, country)
    notes = Footnotes()
    run_note = notes.run(run)

    # region of concern and focus regions
    region_id = db.region_for_name(store, country, region) if region else None
    next_month = add_months(now, 1)
    h1 = frame[frame["target_month"] == next_month].set_index("unit_id")
    focus = []
    if region_id:
        focus.append(region_id)
    for t in triggers:
        if t.region_id and t.region_id not in focus and t.severity >= 2:
            focus.append(t.region_id)
    for rid in h1.sort_values("p_fatal", ascending=False).index:
        if rid not in focus:
            focus.append(rid)
    focus = [f for f in focus if f in h1.index][:MAX_FOCUS_REGIONS]

    severity = title_severity(triggers, dict(zip(h1.index, h1["p_fatal"].astype(float))))
    title = f"{TITLE_WORDS[severity]}: {_headline(cname, triggers, now, horizon)}"

    events_recent = one_row_per_incident(store, db.events_between(store, country, add_months(now, -2), next_month),
                                         counted + sorted(set(found.sources.events) - set(counted)),
                                         found.sources.events)
    composed = Composed(title=title, severity=severity, country=country, country_name=cname,
                        region=region or cname, authors=authors or _configured(store, "brief_authors")
                        or [current_user()], editors=editors or _configured(store, "brief_editors") or [],
                        now=now, run_id=run["run_id"], triggers=[t.as_dict() for t in triggers], found=triggers)
    composed.sources = {"sentence": found.sentence(store, country),
                        **found.sources.as_dict(store, country, found.reports)}
    composed.event = _event_section(store, country, cname, now, triggers, notes, counted)
    composed.significance, composed.judgments = _significance(
        store, country, now, horizon, model, frame, run, run_note, focus, names, notes, scenario_boot,
        _source_option(counted), withdrawal_refits)
    composed.recommendations = _recommendations(store, country, cname, now, triggers, notes, focus, names,
                                                run_note)
    composed.footnotes = notes.items
    composed.images, composed.captions = _pictures(store, country, cname, now, frame, samples, events_recent,
                                                   run_note, counted)
    return composed


def one_row_per_incident(store: Store, events: pd.DataFrame, prefer: list[str],
                         sources: list[str] | None = None) -> pd.DataFrame:
    """The events of `sources` (all when None), one row per incident: the record of the first source in
    `prefer` (its place, date and fatalities; figures are not added across sources), with `incident_sources`
    naming every source of the frame that recorded it. Records never linked are incidents of their own."""
    from watchfloor.store.incidents import incident_members_of, source_rank
    if sources is not None:
        events = events[events["layout"].isin(sources)]
    if events.empty:
        return events.assign(incident_id=pd.Series(dtype=object), incident_sources=pd.Series(dtype=object))
    rank = source_rank(prefer)
    incident = dict(incident_members_of(store, events["id"].tolist())[["record_id", "incident_id"]]
                    .drop_duplicates().itertuples(index=False))
    events = events.assign(incident_id=[incident.get(i, i) for i in events["id"]])
    order = sorted(range(len(events)), key=lambda k: (rank(events["layout"].iloc[k]), events["id"].iloc[k]))
    events = events.iloc[order]
    named = events.groupby("incident_id", sort=False)["layout"].agg(lambda s: sorted(set(s), key=rank))
    lead = events.drop_duplicates("incident_id").copy()
    lead["incident_sources"] = lead["incident_id"].map(named)
    return lead.sort_values(["date_start", "id"]).reset_index(drop=True)


def title_severity(triggers: list[Trigger], p_next: dict[str, float]) -> int:
    """3 IMMINENT WARNING: a severe trigger where fatal violence next month is near certain (its region's
    P(≥ 1 fatal event), or the country's highest when the trigger has no region); 2 WARNING; 1 ASSESSMENT."""
    t = thresholds()["title"]
    imminent, warning = t["imminent"], t["warning"]
    for trig in triggers:
        if trig.severity >= imminent["min_severity"]:
            p = p_next.get(trig.region_id) if trig.region_id else max(p_next.values(), default=0.0)
            if p is not None and p >= imminent["min_p_next_month"]:
                return 3
    return 2 if any(trig.severity >= warning["min_severity"] for trig in triggers) else 1


def _configured(store: Store, key: str) -> list[str]:
    """Names from the store's settings (brief_authors / brief_editors), else $WATCHFLOOR_BRIEF_AUTHORS / _EDITORS."""
    value = get_setting(store, key) or os.environ.get(f"WATCHFLOOR_{key.upper()}")
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _headline(cname: str, triggers: list[Trigger], now: date, horizon: int) -> str:
    parts = []
    placed = {t.label for t in triggers if t.region}
    for t in triggers:
        what = "escalation" if t.family == "escalation" else t.label
        if not t.region and t.label in placed:
            continue  # the same kind of trigger is named below with its region
        part = f"{what} in {t.region}" if t.region else what
        if part not in parts:
            parts.append(part)
        if len(parts) == 2:
            break
    if not parts:
        return f"{cname.upper()}: OUTLOOK FOR {add_months(now, 1):%B %Y} TO {add_months(now, horizon):%B %Y}".upper()
    return f"{cname}: {' and '.join(parts)}".upper()


def _evidence_refs(store: Store, store_events: dict, t: Trigger, notes: Footnotes, facts: dict) -> list[int]:
    refs = []
    ev = [e["id"] for e in t.evidence if e["type"] == "event"]
    by_dataset: dict[str, list[str]] = {}
    for i in ev:
        by_dataset.setdefault(store_events.get(i, "dataset"), []).append(i)
    for name, ids in by_dataset.items():
        refs.append(notes.events(ids, name))
    for e in t.evidence:
        if e["type"] == "fact" and e["id"] in facts:
            start, end = e.get("start"), e.get("end")
            citing = [c for c in db.report_citations(store, e["report_id"])
                      if start is not None and any(start <= m.get("start", -1) <= end + 8
                                                   for m in c.get("markers") or [])]
            refs.append(notes.report(facts[e["id"]], start, end, citing))
        elif e["type"] == "run":
            refs.append(notes.add(("run", e["id"]), kind="run", run_id=e["id"],
                                  text=f"watchfloor forecast run {e['id']} (issued one month before "
                                       f"{t.month:%B %Y})", url=None))
    return refs


def _event_index(store: Store, country: str, now: date) -> dict[str, str]:
    ev = db.events_between(store, country, add_months(now, -12), add_months(now, 1))
    return {i: dataset_name(l, c, p) for i, l, c, p in zip(ev["id"], ev["layout"], ev["dataset_licence"],
                                                             ev["dataset_path"])}


def _event_section(store: Store, country: str, cname: str, now: date, triggers: list[Trigger],
                   notes: Footnotes, counted: list[str] | None = None) -> list[Sentence]:
    month_events = db.events_between(store, country, now, add_months(now, 1))
    if counted is not None:  # the month's numbers from the counting source only: two sources would count twice
        month_events = month_events[month_events["layout"].isin(counted)]
    sentences = []
    if not month_events.empty:
        by_ds: dict[str, list[str]] = {}
        for i, l, c, p in zip(month_events["id"], month_events["layout"], month_events["dataset_licence"],
                              month_events["dataset_path"]):
            by_ds.setdefault(dataset_name(l, c, p), []).append(i)
        refs = [notes.events(ids, name) for name, ids in by_ds.items()]
        worst = month_events.groupby("admin1")["fatalities"].sum().sort_values(ascending=False)
        lead = (f"In {now:%B %Y}, {len(month_events)} violent events with {int(month_events['fatalities'].sum())} "
                f"fatalities were recorded in {cname}")
        if len(worst) and worst.iloc[0] > 0:
            lead += f", most of them in {worst.index[0]} ({int(worst.iloc[0])} fatalities)"
        sentences.append(Sentence(lead + ".", refs))
    else:
        sentences.append(Sentence(f"No violent events were recorded in {cname} in {now:%B %Y}.",
                                  [notes.add(("none", country), kind="dataset",
                                             text=f"events table, country {country}, {now:%B %Y}: no rows",
                                             url=None)]))
    facts = {f["id"]: f for f in db.standing_facts(store, country, ("event", "date"))}
    ds = _event_index(store, country, now)
    seen = set()
    for t in triggers:
        if t.summary in seen:
            continue
        if t.family == "escalation":
            same = [u for u in triggers if u.family == "escalation" and u.region_id == t.region_id
                    and u.month == t.month]
            seen.update(u.summary for u in same)
            refs = sorted({r for u in same for r in _evidence_refs(store, ds, u, notes, facts)})
            sentences.append(Sentence(_escalation_sentence(same), refs))
        else:
            seen.add(t.summary)
            refs = _evidence_refs(store, ds, t, notes, facts)
            if not refs:
                continue
            text = t.summary.rstrip(". ")
            if t.evidence and t.evidence[0]["type"] == "fact":
                text = f"{_as_reported(facts.get(t.evidence[0]['id']) or {})}: “{text}”"
            if len(t.sources) > 1:  # one incident, several sources: said once, each source named
                text += f" (recorded by {_and(source_names(t.sources))})"
            sentences.append(Sentence(text + ".", refs))
        if len(sentences) >= MAX_EVENT_SENTENCES:
            break
    return sentences


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _as_reported(fact: dict) -> str:
    """'As Sahel Wire reported on 3 November 2020' / 'As reported on …' / 'As a report said' (title in the footnote)."""
    outlet, published = fact.get("outlet"), fact.get("published")
    when = f" on {published.day} {published:%B %Y}" if isinstance(published, date) else ""
    if outlet:
        return f"As {outlet} reported{when}"
    return f"As reported{when}" if when else "As a report said"


def _escalation_sentence(same: list[Trigger]) -> str:
    """One sentence for the escalation triggers of one region and month: what was recorded, against what."""
    by_kind = {t.kind: t for t in same}
    t = same[0]
    fatal = next((u.numbers["observed"] for u in same if u.kind != "escalation.poisson"), None)
    events = by_kind.get("escalation.poisson")
    if fatal is not None:
        text = f"{fatal} fatalities were recorded in {t.region} in {t.month:%B %Y}"
    else:
        text = f"{events.numbers['observed']} events were recorded in {t.region} in {t.month:%B %Y}"
    against = []
    if "escalation.forecast_band" in by_kind:
        n = by_kind["escalation.forecast_band"].numbers
        against.append(f"above the upper {n['quantile'][1:]}% bound of {n['upper']:.0f} forecast for that month")
    if "escalation.baseline_change" in by_kind:
        n = by_kind["escalation.baseline_change"].numbers
        against.append(f"against a baseline of {n['baseline_mean']:.1f} fatalities a month over the previous year")
    if events is not None:
        lead = f"its {events.numbers['observed']} events compare with" if fatal is not None else "against"
        against.append(f"{lead} an average of {events.numbers['rate']:.1f} events a month")
    if len(against) > 1:
        return f"{text}, {', '.join(against[:-1])}; {against[-1]}."
    return f"{text}, {against[0]}." if against else f"{text}."


def criteria(country: str, region_id: str, region: str, month: date, fatalities: int,
             reason: str | None = None) -> dict:
    """What would make the judgment come true, in the judgment tracker's structured form (a person
    resolves it when `reason` says why the rules cannot)."""
    return {"event": "fatal violence", "violence_types": [], "event_types": [], "actors": [],
            "regions": [{"id": region_id, "name": region, "country": country}], "countries": [],
            "threshold": {"measure": "fatalities", "op": ">=", "value": fatalities},
            "deadline": _month_end(month).isoformat(), "deadline_rule": "given", "structured": reason is None,
            "reason": reason}


def _significance(store: Store, country: str, now: date, horizon: int, model: str, frame: pd.DataFrame,
                  run: dict, run_note: int, focus: list[str], names: dict, notes: Footnotes,
                  scenario_boot: int, source: str | None = None,
                  withdrawal_refits: int = WITHDRAWAL_REFITS) -> tuple[list[Sentence], list[dict]]:
    sentences: list[Sentence] = []
    judgments: list[dict] = []

    def judge(p: float, subject: str, predicate: str, unit_id: str, month: date, crit: dict, refs: list[int],
              run_id: str, what: str, conditional: str | None = None) -> None:
        text, word = language.judgment_sentence(float(p), subject, predicate, conditional=conditional)
        band = language.band_for(word)
        j = {"n": len(judgments) + 1, "claim": text, "term": word, "probability": round(float(p), 4),
             "band_lo": band.lo, "band_hi": band.hi, "run_id": run_id, "unit_id": unit_id,
             "target_month": month, "deadline": _month_end(month), "criteria": json.dumps(crit),
             "what": what}
        judgments.append(j)
        sentences.append(Sentence(text, refs, {k: j[k] for k in ("n", "term", "probability", "band_lo", "band_hi",
                                                                   "run_id", "what")}))

    nxt, last = add_months(now, 1), add_months(now, horizon)
    for rid in focus:
        row = frame[(frame["unit_id"] == rid) & (frame["target_month"] == nxt)].iloc[0]
        region = names.get(rid, rid)
        judge(row["p_fatal"], "fatal violence", f"occur in {region} in {nxt:%B %Y}", rid, nxt,
              criteria(country, rid, region, nxt, 1), [run_note], run["run_id"], "P(≥ 1 fatal event)")
    if focus:
        rid = focus[0]
        region = names.get(rid, rid)
        row = frame[(frame["unit_id"] == rid) & (frame["target_month"] == nxt)].iloc[0]
        judge(row["p_25"], f"the death toll in {region}", f"reach 25 or more in {nxt:%B %Y}", rid, nxt,
              criteria(country, rid, region, nxt, 25), [run_note], run["run_id"], "P(≥ 25 fatalities)")
        far = frame[(frame["unit_id"] == rid) & (frame["target_month"] == last)]
        if horizon > 1 and not far.empty:
            judge(far.iloc[0]["p_fatal"], "fatal violence", f"still occur in {region} in {last:%B %Y}", rid, last,
                  criteria(country, rid, region, last, 1, f"fatalities >= 1 in {region} in {last:%B %Y} alone, "
                           "not in the months before it"), [run_note], run["run_id"],
                  f"P(≥ 1 fatal event), {horizon} months ahead")
        # the what-if: a withdrawal from the first focus region where a force is stationed; where its force
        # presence has changed in the data, with the event study of closures and refits enough for an interval
        where = next((r for r in focus if db_force_in_region(store, r, now)), None) if scenario_boot >= 0 else None
        changed = region_with_changes(store, country, now, [r for r in (where, *focus) if r]) \
            if scenario_boot >= 0 else None
        what_if = None
        if where is not None:
            n_boot = max(scenario_boot, withdrawal_refits) if changed == where and scenario_boot > 0 else scenario_boot
            what_if = _scenario_judgments(store, country, now, horizon, model, where, names.get(where, where), notes,
                                          judge, sentences, run_note, n_boot, source, need_effect=changed == where)
        if changed is not None:
            sentences.extend(withdrawal_sentences(
                store, country, now, changed, names.get(changed, changed), notes,
                what_if if changed == where else None, run_note, _forecast_sources(store, country, source), horizon))
        # confidence: its own sentence, after the judgments it qualifies
        spread = language.spread(row["q05"], row["q50"], row["q95"])
        months = thresholds()["confidence"]["coverage_months"]
        active = db.active_months(store, country, add_months(now, -(months - 1)), now)
        coverage = active / months
        level = language.confidence_level(spread, coverage)
        sentences.append(Sentence(language.confidence_sentence(level, f"the judgments on {region}", spread,
                                                               coverage, months), [run_note]))
    return sentences, judgments


def _scenario_judgments(store, country, now, horizon, model, rid, region, notes, judge, sentences, run_note,
                        n_boot, source=None, need_effect=False) -> dict | None:
    base_run_id = notes.items[run_note - 1]["run_id"]
    what_if = _what_if(store, country, now, horizon, model, rid, region, n_boot, base_run_id, source, need_effect)
    if what_if is None:
        return None
    start, force, spec = what_if["start"], what_if["force"], what_if["spec"]
    run_ref = notes.run({"run_id": what_if["run_id"], "model": model, "as_of": now, "scenario": spec})
    judge(what_if["p_fatal"], "fatal violence", f"occur in {region} in {start:%B %Y}", rid, start,
          criteria(country, rid, region, start, 1, f"conditional on the scenario {spec}: resolve only "
                   "if that withdrawal happened"), [run_ref], what_if["run_id"],
          "P(≥ 1 fatal event) under the scenario", conditional=f"If {force} withdrew from {region} from {start:%B %Y}")
    c = what_if["comparison"]
    if c is None:
        return what_if
    who = "the main model (the ensemble's member that reads force presence)" if model == "ensemble" else "the model"
    text = (f"Against the forecast without that withdrawal, {who} puts the change in P(≥ 1 fatal event) at "
            f"{c['diff_p_fatal']:+.2f} (90% interval {c['diff_lo']:+.2f} to {c['diff_hi']:+.2f} over "
            f"{what_if['n_boot']} bootstrap refits)")
    text += (", an effect the data cannot tell apart from none." if c["diff_lo"] <= 0 <= c["diff_hi"] else ".")
    sentences.append(Sentence(text, [run_note, run_ref]))
    return what_if


def _forecast_sources(store: Store, country: str, source: str | None) -> list[str]:
    from watchfloor.forecast.api import forecast_sources
    return forecast_sources(store, country, source)


@lru_cache(maxsize=1)
def recommendation_templates() -> dict:
    return yaml.safe_load(RECOMMENDATIONS_FILE.read_text(encoding="utf-8"))


def _recommendations(store: Store, country: str, cname: str, now: date, triggers: list[Trigger],
                     notes: Footnotes, focus: list[str], names: dict, run_note: int) -> list[Sentence]:
    templates = recommendation_templates()
    kinds = db.actor_kinds(store)
    facts = {f["id"]: f for f in db.standing_facts(store, country, ("event", "date"))}
    ds = _event_index(store, country, now)
    out: list[Sentence] = []
    seen: set[str] = set()
    lookback = thresholds()["events"]["lookback_months"]
    # one set of recommendations per kind of trigger: the most severe one's, preferring one placed in a region
    chosen: dict[str, Trigger] = {}
    for t in triggers:
        if t.family not in chosen or (chosen[t.family].region is None and t.region is not None
                                      and t.severity >= chosen[t.family].severity):
            chosen[t.family] = t
    for t in chosen.values():
        table = templates.get(t.family, {})
        refs = _evidence_refs(store, ds, t, notes, facts)
        # templates for each actor's type (the actor named in them), then those for any actor; a template
        # that several actors select is said once, naming them all, where it has a plural form ("many")
        keyed = [(kinds[a.lower()], a) for a in t.actors[:3] if kinds.get(a.lower())] + [("any", None)]
        chosen_templates: dict[tuple[str, str | None], list[str | None]] = {}
        for key, actor in keyed:
            for tpl in table.get(key, []):
                one, many = (tpl, None) if isinstance(tpl, str) else (tpl["one"], tpl.get("many"))
                if "{actor}" in one and not actor:
                    continue
                chosen_templates.setdefault((one, many), []).append(actor)
        for (one, many), actors in chosen_templates.items():
            named = [a for a in dict.fromkeys(actors) if a]
            forms = [(many, _and(named))] if many and len(named) > 1 else [(one, a) for a in dict.fromkeys(actors)]
            for tpl, actor in forms:
                text = tpl.format(actor=actor or "", region=t.region or cname, country=cname,
                                  month=add_months(now, 1).strftime("%B %Y"))
                if text not in seen and refs:
                    seen.add(text)
                    out.append(Sentence(text, refs))
    if not out and focus:
        region = names.get(focus[0], focus[0])
        for tpl in templates.get("escalation", {}).get("any", [])[:1]:
            out.append(Sentence(tpl.format(actor="", region=region, country=cname,
                                           month=add_months(now, 1).strftime("%B %Y")), [run_note]))
    recommended = [f for f in db.standing_facts(store, country, ("recommendation",))
                   if not isinstance(f.get("published"), date) or f["published"] >= add_months(now, -lookback)]
    recommended.sort(key=lambda f: (f.get("published") or now, f["report_id"], f["start_char"]), reverse=True)
    said: dict[tuple, int] = {}      # (recommender, date) -> index in `out` of the sentence that already names them
    for fact in recommended[:MAX_REPORT_RECOMMENDATIONS]:
        quoted = clean_sentence(fact["text"]).rstrip(".")
        v = fact["value"] if isinstance(fact["value"], dict) else {}
        recommender = clean_sentence(str(v.get("by") or "")).strip()
        if recommender and len(recommender.split()) <= 8 and not _names_in(recommender, quoted):
            # attributed to whoever made it (the report's author or the body it quotes), with its date;
            # a quote that names its recommender itself ("The desk recommends that …") needs no second attribution
            published = fact.get("published")
            when = f" on {published.day} {published:%B %Y}" if isinstance(published, date) else ""
            key = (recommender, when)
            if key in said and fact.get("status") != "edited" and f"“{quoted}”" not in out[said[key]].text:
                # the same recommender on the same day again: one sentence, each quote footnoted in its list
                first = out[said[key]]
                first.text = f"{first.text[:-1]}; “{quoted}”."
                first.refs = first.refs + [notes.report(fact)]
                continue
            text = f"{recommender} recommended{when}: “{quoted}”."
        else:
            key = None
            text = f"{_as_reported(fact)}: “{quoted}”."
        if fact.get("status") == "edited" and v.get("action"):
            # an analyst corrected what the reader took from the sentence: say the corrected thing, not the quote
            by = clean_sentence(str(v.get("by") or "the report"))
            to = clean_sentence(str(v.get("to") or ""))
            action = clean_sentence(str(v["action"])).rstrip(".")
            if to and not action.lower().startswith(to.lower()):
                action = f"{to} {action}"
            text = f"{_as_reported(fact)}, {_lower_first(by)} recommends that {action} (as corrected by an analyst)."
        if quoted and text not in seen:
            seen.add(text)
            out.append(Sentence(text, [notes.report(fact)]))
            if key is not None and fact.get("status") != "edited":
                said.setdefault(key, len(out) - 1)
    return out


def _names_in(name: str, text: str) -> bool:
    """Whether `text` names `name` ('Sahel Desk (demo analysts)' is named by 'The Sahel Desk recommends …')."""
    core = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    core = re.sub(r"^(?:the|la|le|les|l')\s*", "", core, flags=re.I).strip()
    return bool(core) and re.search(r"(?<!\w)" + re.escape(core) + r"(?!\w)", text, re.I) is not None


def _lower_first(text: str) -> str:
    """'The Group' -> 'the Group' inside a sentence; acronyms and names ('CTG', 'ECOWAS') stay."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in ("The", "A", "An") else text


def _pictures(store: Store, country: str, cname: str, now: date, frame: pd.DataFrame, samples,
              events_recent: pd.DataFrame, run_note: int, counted: list[str] | None = None) -> tuple[dict, dict]:
    nxt = add_months(now, 1)
    h1 = frame[frame["target_month"] == nxt]
    p_next = dict(zip(h1["unit_id"], h1["p_fatal"].astype(float)))
    counts = db.monthly_counts(store, country, now) if counted is None else \
        coverage.monthly_counts(store, country, now, counted)
    counts["month"] = pd.to_datetime(counts["month"]).dt.date
    start = add_months(now, -23)
    observed = counts[counts["month"] >= start].groupby("month", as_index=False)["fatalities"].sum()
    months = [add_months(start, k) for k in range(24)]
    observed = observed.set_index("month").reindex(months, fill_value=0).rename_axis("month").reset_index()
    if samples is not None and len(samples) == len(frame):
        rows = []
        for m, idx in frame.groupby("target_month").groups.items():
            total = np.asarray(samples)[list(idx)].sum(axis=0)
            rows.append({"target_month": m, "q05": np.quantile(total, 0.05), "q50": np.quantile(total, 0.5),
                         "q95": np.quantile(total, 0.95)})
        band = pd.DataFrame(rows)
        band_note = "country total from the forecast's samples"
    else:
        band = frame.groupby("target_month", as_index=False)[["q05", "q50", "q95"]].sum()
        band_note = "sum of the regions' quantiles (wider than the country's own interval)"
    with tempfile.TemporaryDirectory() as tmp:
        map_path = charts.risk_map(regions_frame(store, country, geometry=True), p_next, events_recent,
                                   Path(tmp) / "map.png", country=cname, month=nxt, since=add_months(now, -2))
        chart_path = charts.timeline_chart(observed, band, Path(tmp) / "timeline.png",
                                           title=f"{cname}: fatalities per month and forecast ({band_note})")
        images = {"map": map_path.read_bytes(), "timeline": chart_path.read_bytes()}
    captions = {"map": f"Map of {cname}: admin-1 regions shaded by the forecast probability of at least one fatal "
                       f"event in {nxt:%B %Y}; points are events recorded {add_months(now, -2):%B}–{now:%B %Y}.",
                "map_refs": [run_note],
                "timeline": f"Fatalities per month in {cname} to {now:%B %Y}, with the forecast's 90% interval "
                            f"and median for the next months ({band_note}).",
                "timeline_refs": [run_note]}
    return images, captions


# -- workflow: create, revise, review, publish, list ---------------------------------------------------
def create_brief(store: Store, country: str, *, region: str | None = None, as_of: str | date | None = None,
                 authors: list[str] | None = None, editors: list[str] | None = None, model: str = DEFAULT_MODEL,
                 horizon: int = 6, scenario_boot: int = SCENARIO_BOOT, brief_id: int | None = None,
                 source: str | None = None, withdrawal_refits: int = WITHDRAWAL_REFITS) -> int:
    """Compose and store a draft brief (a new version of `brief_id` when given). Returns the brief id."""
    return compose_and_store(store, country, region=region, as_of=as_of, authors=authors, editors=editors,
                             model=model, horizon=horizon, scenario_boot=scenario_boot, brief_id=brief_id,
                             source=source, withdrawal_refits=withdrawal_refits)[0]


def compose_and_store(store: Store, country: str, *, region: str | None = None, as_of: str | date | None = None,
                      authors: list[str] | None = None, editors: list[str] | None = None, model: str = DEFAULT_MODEL,
                      horizon: int = 6, scenario_boot: int = SCENARIO_BOOT,
                      brief_id: int | None = None, source: str | None = None,
                      withdrawal_refits: int = WITHDRAWAL_REFITS) -> tuple[int, list[Trigger]]:
    c = compose(store, country, region=region, as_of=as_of, authors=authors, editors=editors, model=model,
                horizon=horizon, scenario_boot=scenario_boot, source=source, withdrawal_refits=withdrawal_refits)
    assets = {name: ("image/png", base64.b64encode(png).decode("ascii")) for name, png in c.images.items()}
    content = c.content()
    content["options"] = {"region": region, "as_of": str(as_of) if as_of else None, "model": model,
                          "horizon": horizon, "scenario_boot": scenario_boot, "source": source,
                          "withdrawal_refits": withdrawal_refits}
    bid, _ = db.insert_brief_version(
        store, brief_id=brief_id, country=c.country, region=c.region, title=c.title, severity=c.severity,
        as_of=c.now, forecast_run_id=c.run_id, authors=c.authors, editors=c.editors, content=content,
        assets=assets, judgments=c.judgments, created_by=(c.authors or [current_user()])[0])
    return bid, c.found


def revise(store: Store, brief_id: int, *, authors: list[str] | None = None) -> int:
    """A correction: a new draft version composed again from the store as it stands (with the same options).
    Returns the new version number."""
    cur = db.brief_version(store, brief_id)
    opts = cur["content"].get("options", {})
    create_brief(store, cur["country"], region=opts.get("region"), as_of=opts.get("as_of") or cur["as_of"],
                 authors=authors or cur["authors"], model=opts.get("model", "main"), horizon=opts.get("horizon", 6),
                 scenario_boot=opts.get("scenario_boot", SCENARIO_BOOT), brief_id=brief_id, source=opts.get("source"),
                 withdrawal_refits=opts.get("withdrawal_refits", WITHDRAWAL_REFITS))
    return db.brief_version(store, brief_id)["version"]


def review(store: Store, brief_id: int, editor: str) -> None:
    cur = db.brief_version(store, brief_id)
    db.advance_status(store, brief_id, cur["version"], "reviewed", editor)


def publish(store: Store, brief_id: int, editor: str) -> list[str]:
    """Publish the current version and record its judgments with the judgment tracker. Returns their ids."""
    cur = db.brief_version(store, brief_id)
    if cur["status"] != "reviewed":
        raise BriefError(f"brief {brief_id} version {cur['version']} is {cur['status']}; "
                         "only a reviewed brief can be published (watchfloor brief review ID --editor NAME)")
    try:
        from watchfloor.judgments.tracking import record_judgment
    except ImportError as exc:
        raise BriefError("cannot publish: the judgment tracker (watchfloor.judgments.tracking) is not available "
                         f"to record the brief's judgments for scoring ({exc})") from None
    ids = []
    made_at = add_months(cur["as_of"], 1)
    with store.transaction():
        db.advance_status(store, brief_id, cur["version"], "published", editor)
        for j in db.brief_judgments(store, brief_id, cur["version"]):
            jid = record_judgment(
                store, claim=j["claim"], term=j["term"], band=(j["band_lo"], j["band_hi"]),
                probability=j["probability"], made_by=", ".join(cur["authors"]), made_at=made_at,
                source_kind="brief", source_id=f"brief:{brief_id}:v{cur['version']}", fact_id=None,
                deadline=j["deadline"], criteria=json.loads(j["criteria"]) if j["criteria"] else None)
            db.set_judgment_id(store, brief_id, cur["version"], j["n"], jid)
            ids.append(str(jid))
    return ids


def list_briefs(store: Store, country: str | None = None) -> list[dict]:
    return db.list_briefs(store, country)


def render(store: Store, brief_id: int, fmt: str = "html", version: int | None = None) -> str | bytes:
    """The stored brief as Markdown or HTML (text) or PDF (bytes); see watchfloor.warn.render."""
    from watchfloor.warn.render import render as render_version
    return render_version(store, brief_id, fmt, version)
