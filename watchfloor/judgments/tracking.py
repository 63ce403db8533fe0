"""Tracking judgments: record one (from a brief or by hand), import those the reader found, list them.

Each tracked judgment keeps the claim, its likelihood (term and band, or an explicit number), who made
it and when, its deadline (stated, or a default per context that the user can change) and its claim
read structurally where the rules can. A claim that states no likelihood is never tracked.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any, Iterator

import pandas as pd

from watchfloor.config import current_user
from watchfloor.held import held_for, holding
from watchfloor.judgments.claims import Claim, Vocabulary, claim_words, month_end, read_claim
from watchfloor.judgments.likelihood import (Band, NotAJudgment, band_for, lexicon, mirror, read_likelihood,
                                             term_band)
from watchfloor.store import judgments as jstore
from watchfloor.store.connection import Store
from watchfloor.store.settings import set_setting

SOURCE_KINDS = ("report", "brief", "manual", "synthetic")
HORIZON_KEY = "judgments.horizon."


# -- default horizons (data file defaults, overridden per store) -------------------------------------
def horizons(store: Store) -> dict[str, int]:
    """Days each vague deadline ('in the coming weeks') and each unstated one (per source kind) stands for."""
    words = claim_words()
    found = {ctx: int(spec["days"]) for ctx, spec in words["deadline_contexts"].items()}
    found.update({f"default {kind}": int(days) for kind, days in words["default_horizon_days"].items()})
    stored = jstore.settings_with_prefix(store, HORIZON_KEY)
    found.update({name: int(days) for name, days in stored.items() if name in found})
    return found


def set_horizon(store: Store, context: str, days: int, user: str | None = None) -> None:
    if context not in horizons(store):
        raise ValueError(f"unknown deadline context {context!r}; expected one of {', '.join(horizons(store))}")
    if days < 1:
        raise ValueError(f"a horizon is at least 1 day, not {days}")
    with store.transaction():
        set_setting(store, HORIZON_KEY + context, str(int(days)))
        store.audit("judgments.horizon", context, {"days": int(days)}, actor=user)


# -- recording ---------------------------------------------------------------------------------------
def _date(value: date | datetime | str, what: str) -> date:
    try:
        return jstore.as_date(value)
    except ValueError:
        raise ValueError(f"{what}: {value!r} is not a date; expected YYYY-MM-DD") from None


def _likelihood(claim: str, term: str | None, band, probability: float | None
                ) -> tuple[str | None, Band | None, float, bool, bool]:
    """(term, band, probability, explicit, negated); NotAJudgment if the claim states no likelihood."""
    stated = read_likelihood(claim)  # the rule: no likelihood word or number in the claim, no judgment
    negated = stated.negated
    if isinstance(band, Band):
        chosen = band
    elif band is not None:
        lo, hi = (float(x) for x in band)
        if not 0 <= lo <= hi <= 1:
            raise ValueError(f"band {band!r}: expected [lo, hi] with 0 <= lo <= hi <= 1")
        chosen = band_for(lo, hi)
    elif term is not None:
        chosen = term_band(term) if term_band(term) else stated.band
        if chosen is not None and negated and term_band(term):
            chosen = mirror(chosen)
    else:
        chosen = stated.band
    term = term if term is not None else stated.term
    if probability is not None:
        if not 0 <= float(probability) <= 1:
            raise ValueError(f"probability {probability!r}: expected a number between 0 and 1")
        return term, chosen, float(probability), True, negated
    if chosen is None:  # the claim states a number and nothing overrides it
        return None, None, stated.probability, True, negated
    return term, chosen, chosen.midpoint, False, negated


def record_judgment(store: Store, *, claim: str, term: str | None = None, band=None,
                    probability: float | None = None, made_by: str | list[str], made_at: date | str,
                    source_kind: str, source_id: str | None, fact_id: str | None = None,
                    deadline: date | str | None = None, criteria: dict | str | None = None,
                    source: str | None = None, negated: bool | None = None,
                    vocabulary: Vocabulary | None = None, user: str | None = None,
                    limits: dict[str, int] | None = None) -> int:
    """Track one judgment; returns its id. A fact, or a claim from one source, is tracked once.

    `band` is [lo, hi] (or omitted: the term's band from the lexicon); `probability` an explicit number
    (scored as is; the band, if any, still gives the spread). Raises NotAJudgment when the claim states no
    likelihood word or number.
    """
    claim = " ".join((claim or "").split())
    if not claim:
        raise NotAJudgment("an empty claim is not a judgment")
    if source_kind not in SOURCE_KINDS:
        raise ValueError(f"source_kind {source_kind!r}: expected one of {', '.join(SOURCE_KINDS)}")
    existing = jstore.find_judgment(store, source_kind, source_id, claim, fact_id)
    if existing is not None:
        return existing
    term, band_, p, explicit, read_negated = _likelihood(claim, term, band, probability)
    negated = read_negated if negated is None else bool(negated)  # the reader's word wins over ours
    made_at = _date(made_at, "made_at")
    authors = [made_by] if isinstance(made_by, str) else [a for a in made_by if a]
    if not authors:
        raise ValueError("made_by: name the author(s) or the outlet that made the judgment")
    limits = horizons(store) if limits is None else limits
    read = read_claim(claim, made_at, vocabulary or Vocabulary(**jstore.claim_vocabulary(store)), limits,
                      limits.get(f"default {source_kind}", 183))
    if isinstance(criteria, dict) and isinstance(criteria.get("threshold"), dict):
        given = Claim.from_dict(criteria)  # structured criteria from the caller win over the rules
        given.deadline, given.deadline_rule = given.deadline or read.deadline, given.deadline_rule or read.deadline_rule
        read = given
    elif criteria:  # criteria a person applies: the claim is resolved by hand
        read.structured = False
        read.reason = "resolution criteria: " + (criteria if isinstance(criteria, str) else json.dumps(criteria))
    if deadline is not None:
        read.deadline, read.deadline_rule = _date(deadline, "deadline"), "given"
    row = {"claim": claim, "term": term, "yardstick": band_.yardstick if band_ else None,
           "band_name": band_.name if band_ else None, "band_lo": band_.lo if band_ else None,
           "band_hi": band_.hi if band_ else None, "probability": p, "explicit": explicit, "negated": negated,
           "made_by": "; ".join(authors), "authors": json.dumps(authors), "source": source or source_kind,
           "made_at": made_at, "deadline": read.deadline, "deadline_rule": read.deadline_rule,
           "criteria": json.dumps(read.as_dict()), "source_kind": source_kind, "source_id": source_id,
           "fact_id": fact_id}
    with store.transaction():
        judgment_id = jstore.insert_judgment(store, row)
        store.audit("judgment.record", str(judgment_id),
                    {"source_kind": source_kind, "source_id": source_id, "probability": p,
                     "structured": read.structured}, actor=user)
    return judgment_id


def record_judgments(store: Store, frame: pd.DataFrame, user: str | None = None) -> dict[str, int]:
    """Track many judgments at once (bulk loads, the benchmark). Columns: claim, term, made_by, made_at,
    deadline, source_kind, source_id, and optionally probability, and outcome (true/false/void) for
    judgments whose outcome is already known (each gets its resolution history row). The term gives the
    band (lexicon); the claim must contain it (or state a number); structured reading is left to
    `record_judgment`."""
    if "outcome" in frame and not frame["outcome"].dropna().isin(["true", "false", "void"]).all():
        raise ValueError("outcome: expected true, false or void (or empty while open)")
    terms = dict(lexicon()[1])
    frame = frame.reset_index(drop=True)
    if not set(frame["source_kind"]).issubset(SOURCE_KINDS):
        raise ValueError(f"source_kind: expected one of {', '.join(SOURCE_KINDS)}")
    lowered = frame["term"].str.lower()
    claims, words = frame["claim"].str.lower().tolist(), lowered.tolist()
    stated = pd.Series([isinstance(t, str) and t in c for c, t in zip(claims, words)])
    explicit = frame["probability"].notna() if "probability" in frame else pd.Series(False, index=frame.index)
    keep = (lowered.isin(terms) & stated) | explicit
    rows = frame[keep].copy()
    kept_terms = lowered[keep].astype("category")  # map each distinct term once, not once per row
    for column, attribute in (("yardstick", "yardstick"), ("band_name", "name"), ("band_lo", "lo"),
                              ("band_hi", "hi"), ("midpoint", "midpoint")):
        mapped = kept_terms.map({t: getattr(b, attribute) for t, b in terms.items()})
        rows[column] = mapped.astype(float if attribute in ("lo", "hi", "midpoint") else object)
    rows["probability"] = rows["probability"].fillna(rows["midpoint"]) if "probability" in rows \
        else rows["midpoint"]
    rows["explicit"] = explicit[keep].to_numpy()
    rows["negated"] = False
    rows["authors"] = rows["made_by"].astype("category").map(
        {m: json.dumps([m]) for m in rows["made_by"].unique()}).astype(object)
    rows["source"] = rows["source_kind"]
    rows["deadline_rule"] = "given"
    rows["criteria"] = None
    rows["fact_id"] = None
    with store.transaction():
        by = user or current_user()
        n = jstore.insert_judgments_frame(store, rows, by, "outcome known when recorded")
        store.audit("judgments.record-bulk", None, {"recorded": n, "refused": int((~keep).sum())}, actor=user)
    return {"recorded": n, "refused": int((~keep).sum())}


def report_authors(fact: dict) -> list[str]:
    """Who a report's judgment is tracked under: its authors, else its outlet, else its title (an unsigned
    report still made the judgment; it is scored under the name the reader would cite it by)."""
    authors = [a for a in json.loads(fact["authors"] or "[]") if a and str(a).strip()]
    if authors:
        return authors
    for name in (fact.get("outlet"), fact.get("title")):
        if name and str(name).strip():
            return [" ".join(str(name).split())]
    return []


def import_report_judgments(store: Store, user: str | None = None, report_id: str | None = None) -> dict[str, Any]:
    """Track every standing judgment fact not tracked yet (idempotent; of one report when `report_id` is given);
    void those whose fact was rejected."""
    return import_reports_judgments(store, user, None if report_id is None else [report_id])


def import_reports_judgments(store: Store, user: str | None = None,
                             report_ids: list[str] | None = None) -> dict[str, Any]:
    """`import_report_judgments` for the reports `report_ids` at once (all reports when None), report by report
    in the order given — the judgments get the ids reading them one at a time would give — with the claim
    vocabulary, the horizons and the untracked facts loaded once for the whole set."""
    vocabulary = Vocabulary(**jstore.claim_vocabulary(store))
    limits = horizons(store)
    imported, skipped = [], []
    with store.transaction():
        for fact in jstore.untracked_report_judgments(store, report_ids):
            value = json.loads(fact["edited_value"] or fact["value"])
            authors = report_authors(fact)
            if not authors or fact["published"] is None:
                skipped.append({"fact_id": fact["fact_id"],
                                "reason": "no publication date" if authors else "no author, outlet or title"})
                continue
            band = value.get("band")
            band_ = band_for(band[0], band[1], value.get("yardstick")) if band else None
            try:
                judgment_id = record_judgment(
                    store, claim=value.get("text") or fact["text"], term=value.get("term"), band=band_,
                    made_by=authors, made_at=fact["published"], source_kind="report", source_id=fact["report_id"],
                    fact_id=fact["fact_id"], source=fact["outlet"] or "report", negated=value.get("negated"),
                    vocabulary=vocabulary, user=user, limits=limits)
            except NotAJudgment as exc:
                skipped.append({"fact_id": fact["fact_id"], "reason": str(exc)})
                continue
            imported.append(judgment_id)
        from watchfloor.judgments.resolution import resolve
        voided = []
        for judgment_id in jstore.open_judgments_of_rejected_facts(store):
            resolve(store, judgment_id, "void", "the fact it rests on was rejected by an analyst", user)
            voided.append(judgment_id)
        target = "reports" if report_ids is None else report_ids[0] if len(report_ids) == 1 else \
            f"{len(report_ids)} reports"
        store.audit("judgments.import", target, {"imported": len(imported), "skipped": len(skipped),
                                                 "voided": len(voided)}, actor=user)
    return {"imported": imported, "skipped": skipped, "voided": voided}


_HELD: ContextVar[dict | None] = ContextVar("watchfloor_tracking_held", default=None)


def track_report(store: Store, report_id: str, user: str | None = None) -> dict[str, Any]:
    """Track the judgments of a report just read (the reader calls this when it stores a report); inside
    `tracking_held`, the report waits for the batch's end."""
    held = held_for(_HELD, store)
    if held is not None:
        held["reports"].append(report_id)
        return {"imported": [], "skipped": [], "voided": [], "held": True}
    return import_report_judgments(store, user, report_id)


@contextmanager
def tracking_held(store: Store, user: str | None = None) -> Iterator[dict]:
    """Inside, `track_report(store, …)` only notes its report; on leaving (without an error) the noted reports'
    judgments are tracked in one pass (`import_reports_judgments`), in the order the reports were stored.
    Yields the collected state (its 'detail' is the tracking's, once done)."""
    with holding(_HELD, store, "reports", [], lambda reports: import_reports_judgments(store, user, reports)) as held:
        yield held


# -- listing -----------------------------------------------------------------------------------------
def resolution_sources(store: Store, country: str | None) -> list[str]:
    """The event sources a claim about the country is judged against: the store's default for judgments, else
    the one source covering the country longest (two sources together would count one attack twice)."""
    from watchfloor.store.coverage import resolve_sources
    return resolve_sources(store, country, "judgments")


def data_month_end(store: Store, country: str | None, cache: dict | None = None) -> date | None:
    """The last day the judging sources cover (for a country, or the whole store)."""
    from watchfloor.store.coverage import coverage_now
    cache = {} if cache is None else cache
    if country not in cache:
        month = coverage_now(store, country, resolution_sources(store, country))
        cache[country] = month_end(month.year, month.month) if month else None
    return cache[country]


def claim_country(criteria: dict | None) -> str | None:
    """The one country a claim is about, if it names exactly one."""
    if not criteria:
        return None
    found = set(criteria.get("countries") or []) | {r["country"] for r in criteria.get("regions") or []}
    return found.pop() if len(found) == 1 else None


def is_due(store: Store, deadline: date | None, criteria: dict | None, cache: dict | None = None) -> bool:
    """Due when the store's events (for the claim's country) reach its deadline — never by the clock."""
    if deadline is None:
        return False
    covered = data_month_end(store, claim_country(criteria), cache)
    return covered is not None and covered >= deadline


def _public(row: dict, due: bool) -> dict:
    found = dict(row)
    for key in ("authors", "criteria", "evidence"):
        found[key] = json.loads(found[key]) if found.get(key) else None
    for key, value in found.items():
        if isinstance(value, (date, datetime)):
            found[key] = value.isoformat()
    found["band"] = [found.pop("band_lo"), found.pop("band_hi")] if found.get("band_lo") is not None else None
    found.pop("band_hi", None)
    found.pop("band_lo", None)
    found["structured"] = bool(found["criteria"] and found["criteria"].get("structured"))
    found["due"] = due
    return found


def list_judgments(store: Store, status: str | None = None, source: str | None = None,
                   month_ends: dict | None = None) -> list[dict]:
    """Tracked judgments as JSON-ready dicts. status: None, 'open', 'resolved' or 'due' (open and due).
    `month_ends`: country -> the last day the judging sources cover, as `data_month_end` fills it (a server
    keeps it until a write of events or settings)."""
    if status not in (None, "open", "resolved", "due"):
        raise ValueError(f"status {status!r}: expected open, resolved or due")
    cache: dict = {} if month_ends is None else month_ends
    found = []
    for row in jstore.judgment_records(store, "open" if status == "due" else status, source):
        criteria = json.loads(row["criteria"]) if row["criteria"] else None
        due = row["status"] == "open" and is_due(store, row["deadline"], criteria, cache)
        if status == "due" and not due:
            continue
        found.append(_public(row, due))
    return found


def get_judgment(store: Store, judgment_id: int) -> dict | None:
    row = jstore.get_judgment(store, judgment_id)
    if row is None:
        return None
    criteria = json.loads(row["criteria"]) if row["criteria"] else None
    found = _public(row, row["status"] == "open" and is_due(store, row["deadline"], criteria))
    found["history"] = [{k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in h.items()}
                        for h in jstore.resolution_history(store, judgment_id)]
    return found


def due_soon(store: Store, within_days: int = 31) -> list[dict]:
    """Open judgments whose deadline falls within `within_days` of the data's last day (or has passed)."""
    cache: dict = {}
    found = []
    for row in list_judgments(store, "open"):
        covered = data_month_end(store, claim_country(row["criteria"]), cache)
        if row["deadline"] and covered and date.fromisoformat(row["deadline"]) <= covered + timedelta(days=within_days):
            found.append(row)
    return sorted(found, key=lambda r: r["deadline"])
