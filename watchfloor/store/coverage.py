"""Coverage: which months each source's datasets cover, per country, and the sources a stage uses.

A source is an event layout ('ucdp', 'acled'). Each ingested dataset records, per country, the period
its rows span (or the period stated on ingest). A month is covered by a source when one of its datasets
covers it: from the month of the first day covered to the last month whose end the coverage reaches
(within three days, as sources often stop on the 28th–30th). Months no chosen source covers are unknown:
panels hold them as missing (NaN), never as months without violence, and "now" for a stage is the last
month its chosen sources cover.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from watchfloor.store.connection import Store
from watchfloor.store.settings import get_setting, set_setting

SOURCE_NAMES = {"ucdp": "UCDP GED", "acled": "ACLED"}
ALL = "all"
STAGE_DEFAULTS = {"forecast": "longest", "backtest": "longest", "triggers": ALL, "brief": ALL, "summary": ALL,
                  "judgments": "longest"}
DEFAULT_KEY = "sources.default."
MONTH_END_SLACK = 3  # days: coverage ending this close to a month's end covers the month


class CoverageError(ValueError):
    """A source that is not stored, or a stated period that cannot be."""


@dataclass(frozen=True)
class SourceSpan:
    """One dataset's coverage of one country."""
    dataset_id: int
    source: str
    country: str
    covers_from: date
    covers_to: date
    stated: bool
    path: str | None = None

    @property
    def first_month(self) -> date:
        return date(self.covers_from.year, self.covers_from.month, 1)

    @property
    def last_month(self) -> date | None:
        """The last month this span covers to its end (None when it covers no whole month's end)."""
        last = last_covered_month(self.covers_to)
        return last if last >= self.first_month else None

    def months(self) -> list[date]:
        last = self.last_month
        return [] if last is None else month_range(self.first_month, last)


def add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def month_range(first: date, last: date) -> list[date]:
    out, m = [], date(first.year, first.month, 1)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def last_covered_month(day: date) -> date:
    """The last month whose end `day` reaches (within MONTH_END_SLACK days)."""
    month_end = add_months(date(day.year, day.month, 1), 1) - timedelta(days=1)
    if day >= month_end - timedelta(days=MONTH_END_SLACK):
        return date(day.year, day.month, 1)
    return add_months(date(day.year, day.month, 1), -1)


def source_label(source: str) -> str:
    return SOURCE_NAMES.get(source, source.upper())


# -- recording (inside the ingest's transaction) -------------------------------------------------------------
def record_coverage(store: Store, dataset_id: int, source: str, covers_from: date | None = None,
                    covers_to: date | None = None, countries: tuple[str, ...] | list[str] = ()) -> int:
    """Record what a dataset covers: the period its mapped rows span (temp table wf_mapped) for every country
    it has rows for, or the period stated on ingest.

    The period is the file's, not each country's: a release that covers the world from 1989 covers a country
    whose first event came in 1990 from 1989 too (its quiet months are known to be quiet). A stated bound
    replaces the one read from the rows; `countries` adds countries the file covers without any rows."""
    if covers_from and covers_to and covers_from > covers_to:
        raise CoverageError(f"--covers-from {covers_from} is after --covers-to {covers_to}")
    lo, hi = store.rows("SELECT min(date_start), max(date_end) FROM wf_mapped")[0]
    found = [r[0] for r in store.rows("SELECT DISTINCT country_iso3 FROM wf_mapped WHERE country_iso3 IS NOT NULL")]
    found = sorted(set(found) | {c.upper() for c in countries})
    stated = covers_from is not None or covers_to is not None
    lo, hi = covers_from or lo, covers_to or hi
    store.execute("DELETE FROM dataset_coverage WHERE dataset_id = ?", [dataset_id])
    if not found:
        return 0
    if lo is None or hi is None:
        raise CoverageError("the file has no rows to read its period from; state both --covers-from and "
                            "--covers-to")
    if lo > hi:
        raise CoverageError(f"the stated period ends ({hi}) before the file's rows begin ({lo})")
    for country in found:
        store.execute("INSERT INTO dataset_coverage (dataset_id, source, country, covers_from, covers_to, stated) "
                      "VALUES (?, ?, ?, ?, ?, ?)", [dataset_id, source, country, lo, hi, stated])
    return len(found)


# -- reading ---------------------------------------------------------------------------------------------------
def spans(store: Store, country: str | None = None, sources: list[str] | None = None) -> list[SourceSpan]:
    sql = ("SELECT c.dataset_id, c.source, c.country, c.covers_from, c.covers_to, c.stated, d.path "
           "FROM dataset_coverage c LEFT JOIN datasets d ON d.id = c.dataset_id WHERE 1 = 1")
    params: list = []
    if country:
        sql += " AND c.country = ?"
        params.append(country.upper())
    if sources:
        sql += f" AND c.source IN ({', '.join('?' for _ in sources)})"
        params += list(sources)
    return [SourceSpan(*row) for row in store.rows(sql + " ORDER BY c.source, c.covers_from, c.dataset_id", params)]


def stored_sources(store: Store, country: str | None = None) -> list[str]:
    """Sources with coverage (for the country), in a stable order."""
    return sorted({s.source for s in spans(store, country)})


def months_by_source(store: Store, country: str | None, sources: list[str]) -> dict[str, set[date]]:
    """For each chosen source, the months it covers (for the country, or anywhere)."""
    found: dict[str, set[date]] = {s: set() for s in sources}
    for span in spans(store, country, sources):
        found[span.source].update(span.months())
    return found


def covered_months(store: Store, country: str | None, sources: list[str]) -> set[date]:
    """Months at least one chosen source covers."""
    return set().union(*months_by_source(store, country, sources).values()) if sources else set()


def coverage_now(store: Store, country: str | None, sources: list[str]) -> date | None:
    """'Now' for a stage: the last month its chosen sources cover (None when they cover none)."""
    months = covered_months(store, country, sources)
    return max(months) if months else None


def coverage_start(store: Store, country: str | None, sources: list[str]) -> date | None:
    months = covered_months(store, country, sources)
    return min(months) if months else None


# -- choosing a stage's sources -------------------------------------------------------------------------------
def longest_source(store: Store, country: str | None) -> str | None:
    """The source covering the most months of the country (ties: the one covering the latest month, then name)."""
    by = months_by_source(store, country, stored_sources(store, country))
    ranked = sorted(by.items(), key=lambda kv: (-len(kv[1]), -(max(kv[1]).toordinal() if kv[1] else 0), kv[0]))
    return ranked[0][0] if ranked and ranked[0][1] else None


def default_choice(store: Store, stage: str) -> str:
    """The stage's configured default ('ucdp', 'acled', 'all' or 'longest')."""
    return get_setting(store, DEFAULT_KEY + stage) or STAGE_DEFAULTS.get(stage, ALL)


def set_default_choice(store: Store, stage: str, choice: str) -> None:
    if stage not in STAGE_DEFAULTS:
        raise CoverageError(f"stage {stage!r}: expected one of {', '.join(STAGE_DEFAULTS)}")
    if choice not in (ALL, "longest", *SOURCE_NAMES):
        raise CoverageError(f"source {choice!r}: expected ucdp, acled, all or longest")
    with store.transaction():
        set_setting(store, DEFAULT_KEY + stage, choice)
        store.audit("sources.default", stage, {"source": choice})


def resolve_sources(store: Store, country: str | None, stage: str, requested: str | None = None) -> list[str]:
    """The sources a stage uses for a country: the one asked for, else the stage's default.

    'all' is every source with coverage of the country; 'longest' the single source covering most months."""
    choice = (requested or default_choice(store, stage)).lower()
    have = stored_sources(store, country)
    if choice == ALL:
        return have
    if choice == "longest":
        best = longest_source(store, country)
        return [best] if best else []
    if choice not in SOURCE_NAMES and choice not in have:
        raise CoverageError(f"--source {choice!r}: expected ucdp, acled or all")
    if choice not in have:
        where = f" for {country.upper()}" if country else ""
        raise CoverageError(f"--source {choice}: no {source_label(choice)} data is stored{where} "
                            f"(stored: {', '.join(have) or 'none'}); ingest it first or choose another source")
    return [choice]


def describe(store: Store, country: str | None, sources: list[str]) -> list[dict]:
    """One line per chosen source: its label and the months it covers ('UCDP GED, 1989-01 to 2020-12'); a source
    whose data covers no whole month shows its days."""
    out = []
    found = spans(store, country, sources)
    for source, months in months_by_source(store, country, sources).items():
        mine = [s for s in found if s.source == source]
        if not mine:
            continue
        if months:
            first, last = min(months).isoformat()[:7], max(months).isoformat()[:7]
            gaps = len(month_range(min(months), max(months))) - len(months)
        else:
            first, last = str(min(s.covers_from for s in mine)), str(max(s.covers_to for s in mine))
            gaps = 0
        out.append({"source": source, "label": source_label(source), "from": first, "to": last,
                    "months": len(months), "gap_months": gaps})
    return out


def sources_sentence(lines: list[dict]) -> str:
    """'UCDP GED (1989-01 to 2020-12) and ACLED (2023-01 to 2024-06)'."""
    parts = [f"{d['label']} ({d['from']} to {d['to']}"
             + (f", {d['gap_months']} months missing" if d["gap_months"] else "")
             + ("" if d["months"] else ", no whole month") + ")" for d in lines]
    if not parts:
        return "no event source"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# -- counting within coverage ---------------------------------------------------------------------------------
def monthly_counts(store: Store, country: str, until: date, sources: list[str]) -> "pd.DataFrame":
    """region_id, month, source, events, fatalities per admin-1 region, month and source, up to `until`'s month."""
    import pandas as pd
    if not sources:
        return pd.DataFrame(columns=["region_id", "month", "source", "events", "fatalities"])
    return store.frame(
        "SELECT region_id, CAST(date_trunc('month', date_start) AS DATE) AS month, layout AS source, "
        "count(*) AS events, sum(fatalities) AS fatalities FROM events WHERE country_iso3 = ? AND date_start < ? "
        f"AND region_id IS NOT NULL AND layout IN ({', '.join('?' for _ in sources)}) GROUP BY ALL "
        "ORDER BY month, region_id, source", [country, add_months(until, 1), *sources])
