"""STIX 2.1: a country's events, actors, places, reports and judgments go out as a bundle that validates with
stix2-validator; export → import into an empty store → export gives back the same objects, which keep their
STIX ids and provenance; an invalid bundle is refused whole; the API serves and takes bundles."""
from __future__ import annotations

import json
from datetime import date

import httpx
import pytest
from typer.testing import CliRunner

from accounts_helpers import ThreadServer
from web_helpers import add_users, bearer
from watchfloor.cli import app as cli
from watchfloor.exchange.stix import export_bundle, validation_errors
from watchfloor.store import Store
from watchfloor.store.judgments import insert_fact, insert_judgment, insert_report

SINCE = date(2020, 10, 1)
runner = CliRunner()


@pytest.fixture
def desk_db(any_bundled_db):
    """The bundled events plus one report on Mopti with a graded source, a place fact and one judgment."""
    with Store.open(any_bundled_db) as store:
        insert_report(store, report_id="r1", text="JNIM will very likely attack Boni in Mopti before March.",
                      published=date(2020, 12, 2), authors=["A. Analyst"], outlet="Desk", title="Mopti outlook")
        store.execute("UPDATE reports SET reliability = 'B' WHERE id = 'r1'")
        insert_fact(store, fact_id="r1:place:33:37:0", report_id="r1", kind="place", start=33, end=37, text="Boni",
                    value={"name": "Boni"})
        region = store.scalar("SELECT id FROM regions WHERE name = 'Mopti' AND country = 'MLI'")
        store.execute("UPDATE facts SET region_id = ? WHERE report_id = 'r1'", [region])
        insert_judgment(store, {"claim": "JNIM will very likely attack Boni in Mopti before March.",
                                "term": "very likely", "yardstick": "icd203", "band_name": "very likely",
                                "band_lo": 0.8, "band_hi": 0.95, "probability": 0.875, "explicit": False,
                                "negated": False, "made_by": "A. Analyst", "authors": '["A. Analyst"]',
                                "source": "Desk", "made_at": date(2020, 12, 2), "source_kind": "report",
                                "source_id": "r1"})
    return any_bundled_db


def _by_type(bundle: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for obj in bundle["objects"]:
        found.setdefault(obj["type"], []).append(obj)
    return found


def test_a_countrys_bundle_validates_and_maps_our_things(desk_db):
    with Store.open(desk_db) as store:
        bundle = export_bundle(store, "MLI", SINCE)
        events = store.scalar("SELECT count(*) FROM events WHERE country_iso3 = 'MLI' AND date_start >= ?", [SINCE])
    assert validation_errors(bundle) == []
    objects = _by_type(bundle)
    assert len(objects["incident"]) == events > 0
    extension = objects["extension-definition"][0]["id"]
    fields = objects["incident"][0]["extensions"][extension]
    assert fields["kind"] == "event" and fields["country"] == "MLI" and "fatalities" in fields
    assert "JNIM" in {a["name"] for a in objects["threat-actor"]}
    assert "Government of Mali" in {i["name"] for i in objects["identity"]}
    assert {r["relationship_type"] for r in objects["relationship"]} == {"attributed-to", "targets", "located-at"}
    assert {loc["country"] for loc in objects["location"]} == {"ML"}
    report = objects["report"][0]
    assert report["labels"] == ['admiralty-scale:source-reliability="b"']
    assert any(ref.startswith("location--") for ref in report["object_refs"])
    note = objects["note"][0]
    assert note["object_refs"] == [report["id"]] and note["abstract"] == "very likely"
    assert note["labels"] == ['estimative-language:likelihood-probability="very-likely"']
    assert note["extensions"][extension]["probability"] == 0.875


def test_export_import_export_gives_back_the_same_objects_with_their_ids_and_provenance(desk_db, tmp_path,
                                                                                       any_fresh_db):
    exported = tmp_path / "mli.json"
    said = runner.invoke(cli, ["--db", str(desk_db), "export", "stix", "--country", "MLI", "--since", "2020-10-01",
                               "--out", str(exported)])
    assert said.exit_code == 0, said.output
    first = json.loads(exported.read_text())
    empty = any_fresh_db            # the partner's store, on the same backend
    assert runner.invoke(cli, ["--db", str(empty), "import", "stix", str(exported)]).output.startswith(
        f"{len(first['objects'])} added, 0 updated, 0 unchanged")
    assert runner.invoke(cli, ["--db", str(empty), "import", "stix", str(exported)]).output.startswith(
        f"0 added, 0 updated, {len(first['objects'])} unchanged")
    with Store.open(empty) as store:
        again = export_bundle(store, "MLI")
        kept = store.rows("SELECT DISTINCT imported_from, created_by_ref FROM stix_objects WHERE type = 'incident'")
    assert again == first
    producer = next(o["id"] for o in first["objects"] if o["type"] == "identity" and o["name"] == "watchfloor")
    assert kept == [("mli.json", producer)]


def test_an_invalid_bundle_is_refused_whole(tmp_path, desk_db):
    with Store.open(desk_db) as store:
        bundle = export_bundle(store, "MLI", date(2020, 12, 1))
    del bundle["objects"][-1]["created"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle))
    refused = runner.invoke(cli, ["--db", str(desk_db), "import", "stix", str(bad)])
    assert refused.exit_code == 2 and "not valid STIX 2.1" in refused.output and "created" in refused.output
    not_json = tmp_path / "x.json"
    not_json.write_text("{")
    assert "not JSON" in runner.invoke(cli, ["--db", str(desk_db), "import", "stix", str(not_json)]).output
    with Store.open(desk_db) as store:
        assert store.scalar("SELECT count(*) FROM stix_objects") == 0


def test_the_api_serves_and_takes_bundles(desk_db):
    from watchfloor.web.app import create_app
    tokens = add_users(desk_db)
    with ThreadServer(create_app(desk_db)) as server:
        out = httpx.get(server.url + "/api/stix", params={"country": "mli", "since": "2020-12-01"},
                        headers=bearer(tokens["viewer"]), timeout=60)
        assert out.status_code == 200 and out.headers["content-type"].startswith("application/stix+json")
        assert validation_errors(out.json()) == []
        assert httpx.get(server.url + "/api/stix", params={"country": "XXX"},
                         headers=bearer(tokens["viewer"])).status_code == 404
        upload = {"file": ("partner.json", out.content, "application/json")}
        assert httpx.post(server.url + "/api/stix", files=upload, headers=bearer(tokens["viewer"])).status_code == 403
        taken = httpx.post(server.url + "/api/stix", files=upload, headers=bearer(tokens["analyst"]), timeout=60)
        assert taken.status_code == 200 and taken.json()["added"] == len(out.json()["objects"])
