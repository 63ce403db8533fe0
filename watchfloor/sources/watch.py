"""The watch: one process owns the schedule and the writes.

Each enabled source runs on its own interval (APScheduler, one worker thread: the store has one writer).
After a run that changed something, the watch evaluates triggers for the countries it watches: trigger
events (a mass-casualty attack, a report's warning, …) fire on arrival, in the month the newest data falls
in; rate-based triggers (escalation against the forecast band or the baseline) wait for a month to close,
i.e. for the sources' coverage to pass it. Then alerts are raised and delivered (watchfloor/alerts), each
once per incident and rule.

The watch reads the store at any time and writes only through `writer()` (inside the server: its write lock),
which it takes after a source's fetch and reading, for the write itself, and again for triggers and alerts;
alert messages are sent with no write held. The schedule looks at the configured sources again every
`REFRESH_SECONDS`: a source added, changed or removed while the watch runs is picked up at the next tick.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, timedelta
from typing import Callable

from watchfloor.sources import ledger
from watchfloor.sources.exclusive import exclusive
from watchfloor.sources.run import RunResult, run_source
from watchfloor.store.connection import Store

log = logging.getLogger("watchfloor.watch")
CLOSED_KEY = "watch.closed_month."
REFRESH_JOB = "watchfloor:sources"       # the schedule's own job (no source is named with a colon)
REFRESH_SECONDS = float(os.environ.get("WATCHFLOOR_WATCH_REFRESH", "30"))


class Watch:
    def __init__(self, store: Store, countries: list[str] | None = None, model: bool | None = None,
                 say: Callable[[str], None] = lambda line: None, alerts: bool = True, forecast: bool = True,
                 writer: Callable[[], AbstractContextManager[Store]] | None = None):
        self.store = store
        self.writer = writer or (lambda: nullcontext(store))
        self.forecast = forecast
        self.countries = countries or []
        self.model = model
        self.say = say
        self.alerts = alerts
        self._stopping = threading.Event()
        self._refresh_lock = threading.Lock()

    # -- one cycle -------------------------------------------------------------------------------
    def run_all(self) -> list[dict]:
        """Every enabled source once (in name order), then triggers and alerts once."""
        results = [run_source(self.store, s.name, model=self.model, writer=self.writer)
                   for s in ledger.sources(self.store) if s.enabled]
        for r in results:
            self.say(_line(r))
        return [{"runs": [r.as_dict() for r in results], **self.after(results)}]

    def cycle(self, name: str) -> dict:
        """One source's scheduled run, then what follows from it."""
        result = run_source(self.store, name, model=self.model, writer=self.writer)
        self.say(_line(result))
        return {"runs": [result.as_dict()], **self.after([result])}

    def after(self, results: list[RunResult]) -> dict:
        """Triggers and alerts after runs that changed the store (and deliveries left pending by a fault)."""
        from watchfloor.alerts.service import deliver_pending, raise_alerts
        raised: list[dict] = []
        self._briefs: dict[tuple, str] = {}
        if any(r.changed for r in results):
            new_reports = [i for r in results for i in r.report_ids]
            new_datasets = [i for r in results if not r.backfill for i in r.dataset_ids]
            # one scan at a time (another watch on a PostgreSQL store may scan the same new data): the second
            # finds the month's forecast made and the alerts raised, and raises nothing twice
            with exclusive(self.store, "watch.scan"), self.writer():   # links what is pending, may forecast
                for country in self.watched_countries():
                    found = (self.triggers(country) + graded_reports(self.store, new_reports, country)
                             + actors_in_new_regions(self.store, new_datasets, country))
                    if self.alerts and found:
                        raised += raise_alerts(self.store, country, found, self.draft_brief)
        sent = deliver_pending(self.store, self.writer) if self.alerts else []
        for alert in raised:
            self.say(f"alert {alert['id']} (rule {alert['rule_id']}): {alert['title']}")
        return {"alerts": raised, "deliveries": sent}

    def draft_brief(self, trigger, country: str) -> str:
        """Start a draft brief for an imminent warning's region (once per region and cycle); a line saying where
        it is, or why there is none."""
        from watchfloor.alerts.text import BASE_URL_ENV
        key = (country, trigger.region)
        if key not in self._briefs:
            from watchfloor.warn.brief import create_brief
            try:
                brief_id = create_brief(self.store, country, region=trigger.region, scenario_boot=-1)
                base = os.environ.get(BASE_URL_ENV, "http://127.0.0.1:8000").rstrip("/")
                self._briefs[key] = f"A draft brief is started: {base}/briefs/{brief_id} (brief {brief_id})."
            except Exception as exc:      # the alert goes out all the same
                self._briefs[key] = f"No draft brief could be started ({exc})."
        return self._briefs[key]

    def watched_countries(self) -> list[str]:
        if self.countries:
            return self.countries
        found = {c.upper() for s in ledger.sources(self.store) for c in s.settings.get("countries") or []}
        return sorted(found)

    def triggers(self, country: str) -> list:
        """Trigger events in the month of the newest data (on arrival), and the rate-based triggers of a month
        that has just closed."""
        from watchfloor.warn.triggers import event_triggers, link_pending, month_start
        newest = ledger.newest_day(self.store, country)
        if newest is None:
            return []
        link_pending(self.store)
        found = event_triggers(self.store, country, month_start(newest))
        found += self.month_closed(country)
        return found

    def month_closed(self, country: str) -> list:
        """When the sources chosen for the forecast have all published past a month: forecast again from it and
        return its rate-based triggers (once per month and country)."""
        from watchfloor.store.coverage import CoverageError, coverage_now, resolve_sources
        from watchfloor.store.settings import get_setting, set_setting
        from watchfloor.warn.triggers import TriggerError, scan
        try:
            closed = coverage_now(self.store, country, resolve_sources(self.store, country, "forecast"))
        except CoverageError:
            return []
        key = CLOSED_KEY + country
        if closed is None or (get_setting(self.store, key) or "") >= closed.isoformat():
            return []
        crossings = []
        if self.forecast:
            from watchfloor.forecast.api import run_forecast
            try:
                run = run_forecast(self.store, country, as_of=closed, store_result=True)
                self.say(f"{country}: month {closed:%Y-%m} closed; forecast {run.run_id}")
                crossings = band_crossings(self.store, run.run_id)
            except Exception as exc:      # too little data for a model is not the watch's failure
                log.warning("forecast for %s after %s: %s", country, closed, exc)
        try:
            rate = [t for t in scan(self.store, country, as_of=closed, run_forecasts=False).triggers
                    if t.family == "escalation"]
        except TriggerError as exc:
            log.warning("triggers for %s: %s", country, exc)
            rate = []
        set_setting(self.store, key, closed.isoformat())
        return rate + crossings

    # -- the schedule ----------------------------------------------------------------------------
    def start(self, stop_after: float | None = None) -> None:
        """Run every source on its interval until interrupted (or for `stop_after` seconds)."""
        _stop_on_signals()
        scheduler = self.schedule()
        self.say(f"watching {len(scheduler.get_jobs()) - 1} source(s); Ctrl-C stops")
        try:
            deadline = None if stop_after is None else time.monotonic() + stop_after
            while deadline is None or time.monotonic() < deadline:
                time.sleep(0.2)
        except KeyboardInterrupt:
            self.say("stopping: the run under way finishes first (its triggers and alerts), then the watch ends")
        finally:
            self.stop_schedule(scheduler)

    def stop_schedule(self, scheduler) -> None:
        """Shut the schedule down, waiting for a run under way. APScheduler's shutdown holds its job-store lock
        while it waits for running jobs, and `refresh` (a job) asks the scheduler for its jobs under that lock: so
        refreshes stop first (the flag, then the lock a refresh under way holds), then the shutdown."""
        self._stopping.set()
        with self._refresh_lock:
            pass
        scheduler.shutdown(wait=True)

    def schedule(self):
        """A started background scheduler running `self.cycle` for each enabled source on its interval, the first
        run at once (`stop_schedule` stops it; the server's watch uses this too, see web/watching.py)."""
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        self._stopping.clear()
        scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)},
                                        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        self.refresh(scheduler)
        scheduler.add_job(self.refresh, "interval", seconds=REFRESH_SECONDS, args=[scheduler], id=REFRESH_JOB)
        # a source still running when its next turn comes is skipped (one writer); that is the design, not news
        logging.getLogger("apscheduler.executors.default").setLevel(logging.ERROR)
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        scheduler.start()
        return scheduler

    def refresh(self, scheduler) -> dict[str, list[str]]:
        """Bring the schedule in line with the configured sources: a new (or re-enabled) source runs at once, a
        changed interval takes effect from now, a removed or disabled source leaves the schedule. What changed."""
        if self._stopping.is_set():
            return {"added": [], "changed": [], "removed": []}
        with self._refresh_lock:
            if self._stopping.is_set():
                return {"added": [], "changed": [], "removed": []}
            return self._refresh(scheduler)

    def _refresh(self, scheduler) -> dict[str, list[str]]:
        wanted = {s.name: s for s in ledger.sources(self.reading()) if s.enabled}
        jobs = {job.id: job for job in scheduler.get_jobs() if job.id != REFRESH_JOB}
        changes: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
        for name in sorted(set(jobs) - set(wanted)):
            scheduler.remove_job(name)
            changes["removed"].append(name)
        for name, source in sorted(wanted.items()):
            job = jobs.get(name)
            if job is None:
                scheduler.add_job(self.cycle, "interval", seconds=source.every_seconds, args=[name], id=name,
                                  next_run_time=datetime.now())
                changes["added"].append(name)
            elif job.trigger.interval.total_seconds() != source.every_seconds:
                scheduler.reschedule_job(name, trigger="interval", seconds=source.every_seconds)
                changes["changed"].append(name)
        if jobs and any(changes.values()):
            self.say("sources: " + "; ".join(f"{k} {', '.join(v)}" for k, v in changes.items() if v))
        return changes

    def reading(self) -> Store:
        """The store to read from in the calling thread (the server's watch: that thread's own cursor)."""
        return self.store


def graded_reports(store: Store, report_ids: list[str], country: str, grades: tuple[str, ...] = ("A", "B")) -> list:
    """A report from a source graded A or B naming a place in a watched country: a note (severity 1) per
    report and region, for the rules that want such reports (kind 'graded_report')."""
    from watchfloor.warn.triggers import Trigger, month_start
    found = []
    for row in ledger.graded_mentions(store, report_ids, grades, country):
        when = row["published"] or date.today()
        found.append(Trigger(
            "graded_report", f"report from a source graded {row['reliability']}", 1, month_start(when),
            row["region_id"], row["admin1"],
            f"{row['outlet'] or 'A source'} (graded {row['reliability']}) reports on {row['places']}: "
            f"{row['title'] or '(untitled)'}",
            [{"type": "report", "id": row["report_id"], "url": row["source_url"]}], {}, [], ["report"]))
    return found


def band_crossings(store: Store, run_id: str) -> list:
    """Regions whose chance of at least one fatal event in a month rose across an ICD 203 band edge between the
    previous forecast and this one (kind 'forecast.band_crossing'; a warning when it rose to 'likely' or
    above, else a note)."""
    from watchfloor.warn.language import probability_for, word_for
    from watchfloor.warn.triggers import Trigger
    old = ledger.previous_run(store, run_id)
    if old is None:
        return []
    found = []
    for row in ledger.shared_forecasts(store, run_id, old):
        before, after = word_for(row["p_old"]), word_for(row["p_new"])
        if before == after or row["p_new"] <= row["p_old"]:
            continue
        severity = 2 if probability_for(after) >= 0.55 else 1
        month = row["target_month"]
        found.append(Trigger(
            "forecast.band_crossing", "forecast crossed a probability band", severity, month, row["unit_id"],
            row["unit_name"], f"The chance of at least one fatal event in {row['unit_name']} in {month:%B %Y} rose "
            f"from {before} ({row['p_old']:.0%}) to {after} ({row['p_new']:.0%}) between two forecasts",
            [{"type": "run", "id": f"{run_id}:{row['unit_id']}:{month:%Y-%m}", "previous": old}],
            {"p_old": row["p_old"], "p_new": row["p_new"]}, [], ["forecast"]))
    return found


NEW_REGION_MONTHS = 12


def actors_in_new_regions(store: Store, dataset_ids: list[int], country: str,
                          months: int = NEW_REGION_MONTHS) -> list:
    """A named actor recorded in a region where it had no events in the last `months` months (but had some
    elsewhere in the country): a warning (severity 2) of kind 'actor_new_region', one per actor, region and
    month; only events of the newest month from a source's later runs count (its first run is a backfill)."""
    from watchfloor.warn.triggers import Trigger, month_start
    newest = ledger.newest_day(store, country)
    if newest is None:
        return []
    found, seen = [], set()
    for row in ledger.actors_in_new_regions(store, dataset_ids, country, months, month_start(newest)):
        key = (row["actor"], row["region_id"])
        if key in seen:
            continue
        seen.add(key)
        where = f"near {row['location_name']}" if row["location_name"] else f"in {row['admin1']}"
        found.append(Trigger(
            "actor_new_region", "named actor in a new region", 2, month_start(row["date_start"]), row["region_id"],
            row["admin1"], f"{row['actor']} was recorded {where} on {row['date_start']:%d %B %Y}, with no event in "
            f"{row['admin1']} in the previous {months} months",
            [{"type": "event", "id": row["id"], "source": row["layout"]}], {"months": months}, [row["actor"]],
            [row["layout"]]))
    return found


def status(store: Store) -> list[dict]:
    """The Sources page: each source's last run, last successful run and next run."""
    runs = ledger.last_runs(store)
    out = []
    for s in ledger.sources(store):
        entry = runs.get(s.name, {})
        last = entry.get("last")
        next_run = (last["started_at"] + timedelta(seconds=s.every_seconds)) if last else None
        out.append({"name": s.name, "kind": s.kind, "every_seconds": s.every_seconds, "enabled": s.enabled,
                    "last": last, "last_ok": entry.get("last_ok"), "last_run": entry.get("last_run"),
                    "last_skipped": entry.get("last_skipped"), "next_run": next_run,
                    "cursor": ledger.cursor(store, s.name)})
    return out


def _line(r: RunResult) -> str:
    if r.note:
        return f"{r.source}: {r.status} — {r.note}"
    tail = f" — {r.error}" if r.error else ""
    return (f"{r.source}: {r.status}, +{r.inserted} ~{r.updated} -{r.withdrawn} unchanged {r.unchanged}, "
            f"reports {r.reports}{tail}")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM (a service manager's stop) end the watch, even where it was started with SIGINT
    ignored (a background job of a non-interactive shell inherits that, and Python then leaves it ignored)."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
