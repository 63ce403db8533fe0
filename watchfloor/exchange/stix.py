"""STIX 2.1 out and in, with the `stix2` library; every bundle is checked with `stix2-validator`.

Out (`export_bundle`): events → `incident` (our fields in a property extension, see EXTENSION), the actors
they name → `threat-actor` (armed groups) or `identity` (states, organisations, communities), admin-1
regions → `location`, reports → `report` (the source's Admiralty grade as a label), judgments → `note` (the
ICD 203 band as MISP's `estimative-language` label), and `attributed-to` / `targets` / `located-at`
relationships. Ids are derived from our own ids (UUIDv5, stamped v4) and times come from the data, so
exporting the same store twice gives the same objects.

In (`import_bundle`): a bundle that validates is kept object by object in `stix_objects` with its STIX id,
its producer and where it came from; an export includes the imported objects of its country unchanged.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import stix2
from stix2validator import ValidationOptions, validate_string

from watchfloor.store import Store
from watchfloor.store import stix as stix_store

NAMESPACE = uuid.UUID("6f1c7d52-3c5e-4b8e-9a57-0d7c1f2e9b10")
EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
ARMED = {"jihadist group", "rebel group", "rebel coalition", "armed group", "militia", "militia coalition", "PMC",
         "paramilitary"}
# MISP's ICD 203 taxonomy (estimative-language:likelihood-probability) for our band names
LIKELIHOOD = {"almost no chance": "almost-no-chance", "remote": "almost-no-chance", "very unlikely": "very-unlikely",
              "unlikely": "unlikely", "roughly even chance": "roughly-even-chance", "likely": "likely",
              "very likely": "very-likely", "almost certain": "almost-certain"}


def stix_id(kind: str, key: str) -> str:
    """A stable id for one of our things: the UUIDv5 of our key, stamped version 4 as STIX asks of SDOs."""
    return f"{kind}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, key).bytes, version=4)}"


PRODUCER = stix2.Identity(id=stix_id("identity", "watchfloor"), name="watchfloor", identity_class="system",
                          created=EPOCH, modified=EPOCH,
                          description="Conflict early warning: events, reports and judgments.")
EXTENSION = stix2.ExtensionDefinition(
    id=stix_id("extension-definition", "watchfloor-v1"), created_by_ref=PRODUCER.id, created=EPOCH,
    modified=EPOCH, name="watchfloor fields", version="1.0.0", extension_types=["property-extension"],
    schema="An object whose 'kind' is 'event' (event_id, source, source_id, date_start, date_end, country, "
           "admin1, latitude, longitude, actor1, actor2, violence_type, event_type, sub_event_type, fatalities, "
           "fatalities_low, fatalities_high, notes, flag) or 'judgment' (judgment_id, term, yardstick, band_name, "
           "band_lo, band_hi, probability, made_at, deadline, status, outcome); see watchfloor/exchange/stix.py.")


def _stamp(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(), timezone.utc)
    return EPOCH


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return value


def _extended(fields: dict) -> dict:
    body = {k: _plain(v) for k, v in fields.items() if _plain(v) is not None}
    return {EXTENSION.id: {"extension_type": "property-extension", **body}}


@dataclass
class _Objects:
    found: dict
    seen: dict = None       # (what, key) -> STIX id or None, so each actor and region is looked up once

    def add(self, obj) -> str:
        self.found.setdefault(obj.id, obj)
        return obj.id

    def once(self, what: str, key, make):
        if self.seen is None:
            self.seen = {}
        if (what, key) not in self.seen:
            self.seen[(what, key)] = make()
        return self.seen[(what, key)]


def _actor(objects: _Objects, store: Store, name: str) -> str:
    return objects.once("actor", name, lambda: _new_actor(objects, store, name))


def _new_actor(objects: _Objects, store: Store, name: str) -> str:
    row = store.rows("SELECT kind FROM actors WHERE name = ? ORDER BY id DESC LIMIT 1", [name])
    kind = row[0][0] if row else None
    common = dict(id=None, name=name, created=EPOCH, modified=EPOCH, created_by_ref=PRODUCER.id)
    if kind in ARMED:
        common["id"] = stix_id("threat-actor", "actor:" + name)
        return objects.add(stix2.ThreatActor(**common, labels=[f"watchfloor:actor-kind=\"{kind}\""]))
    common["id"] = stix_id("identity", "actor:" + name)
    klass = "class" if kind in (None, "civilians", "communal group") else "organization"
    return objects.add(stix2.Identity(**common, identity_class=klass,
                                      **({"sectors": ["government-national"]} if kind == "government" else {})))


def _region(objects: _Objects, store: Store, region_id: str | None, country: str) -> str | None:
    if not region_id:
        return None
    return objects.once("region", region_id, lambda: _new_region(objects, store, region_id))


def _new_region(objects: _Objects, store: Store, region_id: str) -> str | None:
    row = store.rows("SELECT r.name, c.iso2 FROM regions r LEFT JOIN countries c ON c.iso3 = r.country "
                     "WHERE r.id = ?", [region_id])
    if not row or not row[0][1]:
        return None
    return objects.add(stix2.Location(id=stix_id("location", "region:" + region_id), name=row[0][0],
                                      country=row[0][1], administrative_area=row[0][0], created=EPOCH,
                                      modified=EPOCH, created_by_ref=PRODUCER.id))


def _events(objects: _Objects, store: Store, country: str, since: date | None) -> None:
    where, params = "country_iso3 = ?", [country]
    if since:
        where, params = where + " AND date_start >= ?", params + [since]
    for e in store.records(f"SELECT * FROM events WHERE {where} ORDER BY id", params):
        happened = _stamp(e["date_start"])
        what = e["sub_event_type"] or e["event_type"] or e["violence_type"] or "violence"
        incident = stix2.Incident(
            id=stix_id("incident", "event:" + e["id"]), created=happened, modified=happened,
            created_by_ref=PRODUCER.id, name=f"{what} in {e['location_name'] or e['admin1'] or country}, "
                                             f"{e['date_start']:%Y-%m-%d}",
            description=e["notes"] or None,
            external_references=[{"source_name": e["layout"], "external_id": str(e["source_id"])}],
            extensions=_extended({"kind": "event", "event_id": e["id"], "source": e["layout"],
                                  "source_id": e["source_id"], "date_start": e["date_start"],
                                  "date_end": e["date_end"], "country": e["country_iso3"], "admin1": e["admin1"],
                                  "latitude": e["latitude"], "longitude": e["longitude"], "actor1": e["actor1"],
                                  "actor2": e["actor2"], "violence_type": e["violence_type"],
                                  "event_type": e["event_type"], "sub_event_type": e["sub_event_type"],
                                  "fatalities": e["fatalities"], "fatalities_low": e["fatalities_low"],
                                  "fatalities_high": e["fatalities_high"], "flag": e["flag"]}))
        objects.add(incident)
        links = []
        for name in (e["actor1"] or "").split(", "):
            if name:
                links.append(("attributed-to", _actor(objects, store, name)))
        for name in (e["actor2"] or "").split(", "):
            if name:
                links.append(("targets", _actor(objects, store, name)))
        place = _region(objects, store, e["region_id"], country)
        if place:
            links.append(("located-at", place))
        for kind, target in links:
            objects.add(stix2.Relationship(id=stix_id("relationship", f"{kind}:{incident.id}:{target}"),
                                           relationship_type=kind, source_ref=incident.id, target_ref=target,
                                           created=happened, modified=happened, created_by_ref=PRODUCER.id))


def _reports(objects: _Objects, store: Store, country: str, since: date | None) -> dict[str, str]:
    """report → its STIX id, for the reports that name a place of the country."""
    ids = {}
    rows = store.records(
        "SELECT * FROM reports r WHERE EXISTS (SELECT 1 FROM facts f WHERE f.report_id = r.id "
        "AND starts_with(f.region_id, ?)) ORDER BY id", [country + "."])
    for r in rows:
        if since and r["published"] and r["published"] < since:
            continue
        refs = set()
        for actor, region in store.rows("SELECT DISTINCT a.name, f.region_id FROM facts f LEFT JOIN actors a "
                                        "ON a.id = f.actor_id WHERE f.report_id = ? AND f.status <> 'rejected'",
                                        [r["id"]]):
            if actor:
                refs.add(_actor(objects, store, actor))
            place = _region(objects, store, region, country)
            if place:
                refs.add(place)
        labels = [f'admiralty-scale:source-reliability="{r["reliability"].lower()}"'] if r["reliability"] else []
        published = _stamp(r["published"] or r["read_at"])
        report = stix2.Report(
            id=stix_id("report", "report:" + r["id"]), name=r["title"] or r["outlet"] or "untitled report",
            published=published, created=_stamp(r["read_at"]), modified=_stamp(r["read_at"]),
            created_by_ref=PRODUCER.id, report_types=["threat-report"], object_refs=sorted(refs) or [PRODUCER.id],
            labels=labels or None, description=(r["text"] or "")[:2000] or None,
            external_references=[{"source_name": r["outlet"] or "report", "url": r["source_url"]}]
            if r["source_url"] else None)
        ids[r["id"]] = objects.add(report)
    return ids


def _judgments(objects: _Objects, store: Store, reports: dict[str, str]) -> None:
    for j in store.records("SELECT * FROM judgments WHERE source_kind = 'report' ORDER BY id"):
        report = reports.get(j["source_id"])
        if report is None:
            continue
        band = LIKELIHOOD.get((j["band_name"] or "").lower())
        labels = [f'estimative-language:likelihood-probability="{band}"'] if band else []
        made = _stamp(j["created_at"])
        objects.add(stix2.Note(
            id=stix_id("note", f"judgment:{j['id']}:{j['claim']}"), created=made, modified=made,
            created_by_ref=PRODUCER.id, abstract=j["term"] or f"{j['probability']:.0%}", content=j["claim"],
            authors=json.loads(j["authors"] or "[]") or None, object_refs=[report], labels=labels or None,
            extensions=_extended({"kind": "judgment", "judgment_id": j["id"], "term": j["term"],
                                  "yardstick": j["yardstick"], "band_name": j["band_name"], "band_lo": j["band_lo"],
                                  "band_hi": j["band_hi"], "probability": j["probability"],
                                  "made_at": j["made_at"], "deadline": j["deadline"], "status": j["status"],
                                  "outcome": j["outcome"]})))


def export_bundle(store: Store, country: str, since: date | None = None) -> dict:
    """A STIX 2.1 bundle (as JSON-ready dict) of the country's events, actors, places, reports and judgments,
    and the objects imported for it."""
    country = country.upper()
    objects = _Objects({})
    objects.add(PRODUCER)
    objects.add(EXTENSION)
    _events(objects, store, country, since)
    _judgments(objects, store, _reports(objects, store, country, since))
    mine = [json.loads(obj.serialize()) for obj in objects.found.values()]
    theirs = [spec for spec in stix_store.imported(store, country) if spec["id"] not in objects.found]
    body = sorted(mine + theirs, key=lambda o: (o["type"] != "identity", o["type"], o["id"]))
    return {"type": "bundle", "id": stix_id("bundle", " ".join(o["id"] + o.get("modified", "") for o in body)),
            "objects": body}


class StixError(ValueError):
    """A bundle that cannot be imported: not JSON, not STIX 2.1, or invalid (the validator's messages)."""


def validation_errors(bundle: dict | str) -> list[str]:
    """The validator's errors for a bundle (empty: valid)."""
    text = bundle if isinstance(bundle, str) else json.dumps(bundle)
    results = validate_string(text, ValidationOptions(version="2.1", strict=False))
    found = []
    for result in getattr(results, "object_results", None) or [results]:
        found += [f"{getattr(result, 'object_id', '')}: {e}" for e in (result.errors or [])]
    return found


def import_bundle(store: Store, text: str, origin: str, by: str) -> dict[str, int]:
    """Keep a valid bundle's objects (newest `modified` wins for an id already held); counts by outcome."""
    return keep_objects(store, read_bundle(text, origin), origin, by)


def keep_objects(store: Store, objects: list[dict], origin: str, by: str) -> dict[str, int]:
    return stix_store.keep(store, objects, origin, by, EXTENSION.id)


def read_bundle(text: str, origin: str) -> list[dict]:
    """The objects of a bundle that validates as STIX 2.1, else StixError with the validator's messages."""
    try:
        bundle = json.loads(text)
    except ValueError as exc:
        raise StixError(f"{origin}: not JSON ({exc})") from None
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise StixError(f"{origin}: expected a STIX bundle (an object with \"type\": \"bundle\")")
    problems = validation_errors(text)
    if problems:
        raise StixError(f"{origin}: not valid STIX 2.1: " + "; ".join(problems[:10]))
    return bundle.get("objects") or []
