"""Resolving judgments: automatically against stored events once due, by hand with a note, reversibly.

Every resolution is a row in `judgment_resolutions` (the history) and in `audit`; reopening keeps both,
so nothing a person or the auto-resolver did is ever lost.
"""
from __future__ import annotations

import json
from datetime import date

from watchfloor.config import current_user
from watchfloor.judgments.claims import Claim
from watchfloor.judgments.tracking import claim_country, data_month_end, resolution_sources
from watchfloor.store import judgments as jstore
from watchfloor.store.connection import Store
from watchfloor.store.events import last_complete_month

OUTCOMES = ("true", "false", "void")
AUTO_RESOLVER = "watchfloor auto-resolve"
EVIDENCE_IDS = 500  # event ids kept as evidence per judgment (the counts are always complete)


class ResolutionError(ValueError):
    """A resolution that cannot be made: unknown judgment, bad outcome, nothing to reopen."""


def _outcome(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if str(value).lower() not in OUTCOMES:
        raise ResolutionError(f"outcome {value!r}: expected one of {', '.join(OUTCOMES)}")
    return str(value).lower()


def _require(store: Store, judgment_id: int) -> dict:
    found = jstore.get_judgment(store, int(judgment_id))
    if found is None:
        raise ResolutionError(f"no judgment with id {judgment_id}")
    return found


def resolve(store: Store, judgment_id: int, outcome: str | bool, note: str | None = None,
            user: str | None = None) -> dict:
    """Resolve (or re-resolve) a judgment by hand: true, false or void (cannot be judged)."""
    outcome = _outcome(outcome)
    user = user or current_user()
    with store.transaction():
        before = _require(store, judgment_id)
        as_of = last_complete_month(store)
        jstore.write_resolution(store, int(judgment_id), "resolve", outcome, note, None, as_of, user)
        store.audit("judgment.resolve", str(judgment_id),
                    {"outcome": outcome, "note": note, "previous": before["outcome"]}, actor=user)
    return jstore.get_judgment(store, int(judgment_id))


def reopen(store: Store, judgment_id: int, note: str | None = None, user: str | None = None) -> dict:
    """Undo a resolution. The judgment waits for a person from then on (auto-resolve leaves it alone)."""
    user = user or current_user()
    with store.transaction():
        before = _require(store, judgment_id)
        if before["status"] != "resolved":
            raise ResolutionError(f"judgment {judgment_id} is open; nothing to reopen")
        jstore.write_resolution(store, int(judgment_id), "reopen", None, note, None, last_complete_month(store), user)
        store.audit("judgment.reopen", str(judgment_id), {"previous": before["outcome"], "note": note}, actor=user)
    return jstore.get_judgment(store, int(judgment_id))


def history(store: Store, judgment_id: int) -> list[dict]:
    _require(store, judgment_id)
    return jstore.resolution_history(store, int(judgment_id))


def judge_claim(store: Store, claim: Claim, made_at: date, sources: list[str] | None = None) -> tuple[bool, dict]:
    """(outcome, evidence) of a structured claim against the events in [made_at, deadline] of `sources`
    (default: the sources judgments use for the claim's country)."""
    actor_sets = [a["names"] for a in claim.actors[:2]]
    if sources is None:
        sources = resolution_sources(store, claim_country(claim.as_dict()))
    events = jstore.matching_events(store, since=made_at, until=claim.deadline,
                                    violence_types=claim.violence_types, event_types=claim.event_types,
                                    region_ids=[r["id"] for r in claim.regions], countries=claim.countries,
                                    actor_sets=actor_sets, sources=sources)
    count = int(len(events))
    fatalities = int(events["fatalities"].sum()) if count else 0
    measured = fatalities if claim.threshold.measure == "fatalities" else count
    outcome = claim.threshold.met(measured)
    evidence = {"events": count, "fatalities": fatalities, "threshold": str(claim.threshold),
                "window": [made_at.isoformat(), claim.deadline.isoformat()],
                "event_ids": list(events["id"][:EVIDENCE_IDS]), "event_ids_truncated": count > EVIDENCE_IDS,
                "sources": list(sources)}
    return outcome, evidence


def auto_resolve(store: Store, user: str | None = None) -> dict:
    """Resolve every open structured claim the store's events now cover; leave the rest.

    Returns {resolved: [{id, outcome, events, fatalities}], not_due: [ids], manual: [ids], reopened: [ids]};
    a judgment a person reopened is theirs to resolve.
    """
    user = user or AUTO_RESOLVER
    resolved, not_due, manual, reopened = [], [], [], []
    cache: dict = {}
    with store.transaction():
        for row in jstore.open_judgments(store):
            if row["manual_only"]:
                reopened.append(row["id"])
                continue
            criteria = json.loads(row["criteria"]) if row["criteria"] else None
            if not criteria or not criteria.get("structured"):
                manual.append(row["id"])
                continue
            claim = Claim.from_dict(criteria)
            covered = data_month_end(store, claim_country(criteria), cache)
            if claim.deadline is None or covered is None or covered < claim.deadline:
                not_due.append(row["id"])
                continue
            outcome, evidence = judge_claim(store, claim, row["made_at"])
            evidence["as_of"] = covered.isoformat()
            word = "true" if outcome else "false"
            jstore.write_resolution(store, row["id"], "auto-resolve", word,
                                    f"{evidence['events']} matching events, {evidence['fatalities']} fatalities "
                                    f"(needed {evidence['threshold']}; {', '.join(evidence['sources'])})",
                                    evidence, covered, user)
            store.audit("judgment.auto-resolve", str(row["id"]),
                        {"outcome": word, "events": evidence["events"], "fatalities": evidence["fatalities"]},
                        actor=user)
            resolved.append({"id": row["id"], "outcome": word, "events": evidence["events"],
                             "fatalities": evidence["fatalities"]})
    return {"resolved": resolved, "not_due": not_due, "manual": manual, "reopened": reopened}
