"""GDELT 2.0 connector: 15-minute export files (zipped, tab-separated, 61 columns, no header) from lastupdate.txt."""
from __future__ import annotations

import hashlib
import io
import zipfile

from fixtures.sources.recorded import Recorded, Reply
from watchfloor.sources import ledger
from watchfloor.sources.gdelt import COLUMNS, event_types
from watchfloor.sources.run import run_source
from watchfloor.store import Store


def gdelt_row(i: int, root: str = "19", base: str = "190", code: str = "190", country: str = "ML",
              lat: str = "14.4939", lon: str = "-4.1970", a1type: str = "MIL") -> str:
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "GLOBALEVENTID": str(1200000000 + i), "SQLDATE": "20240603", "MonthYear": "202406", "Year": "2024",
        "FractionDate": "2024.4192", "Actor1Code": "MLIMIL", "Actor1Name": "MALI", "Actor1CountryCode": "MLI",
        "Actor1Type1Code": a1type, "Actor2Code": "MLIREB", "Actor2Name": "JIHADIST", "Actor2Type1Code": "REB",
        "IsRootEvent": "1", "EventCode": code, "EventBaseCode": base, "EventRootCode": root, "QuadClass": "4",
        "GoldsteinScale": "-10.0", "NumMentions": "6", "NumSources": "2", "NumArticles": "6", "AvgTone": "-7.5",
        "ActionGeo_Type": "4", "ActionGeo_FullName": "Mopti, Mopti, Mali", "ActionGeo_CountryCode": country,
        "ActionGeo_ADM1Code": "ML06", "ActionGeo_Lat": lat, "ActionGeo_Long": lon, "ActionGeo_FeatureID": "-2248543",
        "DATEADDED": "20240603120000", "SOURCEURL": f"https://news.example.org/mali/{i}",
    })
    return "\t".join(row[c] for c in COLUMNS)


def export(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.CSV", "\n".join(lines) + "\n")
    return buf.getvalue()


def publish(server: Recorded, files: dict[str, bytes], latest: str, md5: str | None = None) -> None:
    for stamp, body in files.items():
        server.route(f"/{stamp}.export.CSV.zip", Reply(200, body, {"Content-Type": "application/zip"}))
    body = files[latest]
    server.route("/lastupdate.txt", Reply(200, (
        f"{len(body)} {md5 or hashlib.md5(body).hexdigest()} http://data.gdeltproject.org/gdeltv2/{latest}.export.CSV.zip\n"
        f"1234 0123456789abcdef0123456789abcdef http://data.gdeltproject.org/gdeltv2/{latest}.mentions.CSV.zip\n"
        f"5678 fedcba9876543210fedcba9876543210 http://data.gdeltproject.org/gdeltv2/{latest}.gkg.csv.zip\n")))


def add(store: Store, base: str) -> None:
    ledger.add_source(store, ledger.SourceConfig("gdelt", "gdelt", 900, {
        "base_url": base, "countries": ["MLI"], "backoff": 0.01, "retries": 1}))


def test_files_since_the_cursor_filtered_to_watched_countries(any_reference_db):
    first = export([gdelt_row(1), gdelt_row(2, root="04", base="040", code="040"),
                    gdelt_row(3, country="US", lat="38.9", lon="-77.0"),
                    gdelt_row(4, root="19", base="195", code="195"), "too\tfew\tcolumns"])
    with Recorded() as server, Store.open(any_reference_db) as store:
        publish(server, {"20240603120000": first}, "20240603120000")
        add(store, server.url)
        result = run_source(store, "gdelt")
        assert result.status == "ok", result.error
        assert (result.fetched, result.inserted) == (5, 2)
        assert any("without 61 columns" in s for s in result.skipped)
        rows = store.records("SELECT source_id, event_type, sub_event_type, violence_type, country_iso3, region_id, "
                             "fatalities, flag FROM events WHERE layout = 'gdelt' ORDER BY source_id")
        assert [(r["event_type"], r["violence_type"]) for r in rows] == [
            ("Battles", "state-based"), ("Explosions/Remote violence", "state-based")]
        assert rows[0]["country_iso3"] == "MLI" and rows[0]["region_id"] and "not counted" in rows[0]["flag"]

        # three quarters of an hour later: one file missing upstream (404), two published
        later = {"20240603121500": export([gdelt_row(5)]), "20240603124500": export([gdelt_row(6), gdelt_row(1)])}
        publish(server, {"20240603120000": first, **later}, "20240603124500")
        again = run_source(store, "gdelt")
        assert again.status == "ok", again.error
        assert (again.inserted, again.unchanged) == (2, 1)
        assert any("20240603123000" in s and "404" in s for s in again.skipped)
        assert ledger.cursor(store, "gdelt") == {"file": "20240603124500"}
        before = store.rows("SELECT * FROM events ORDER BY id")
        assert run_source(store, "gdelt").changed is False
        assert store.rows("SELECT * FROM events ORDER BY id") == before


def test_a_damaged_download_is_retried_then_reported(any_reference_db):
    with Recorded() as server, Store.open(any_reference_db) as store:
        publish(server, {"20240603120000": export([gdelt_row(1)])}, "20240603120000", md5="0" * 32)
        add(store, server.url)
        result = run_source(store, "gdelt")
        assert result.status == "failed" and "MD5" in result.error
        assert len(server.hits("/20240603120000.export.CSV.zip")) == 2
        assert ledger.cursor(store, "gdelt") is None


def test_gdelt_needs_watched_countries(any_reference_db):
    with Store.open(any_reference_db) as store:
        ledger.add_source(store, ledger.SourceConfig("gdelt", "gdelt", 900, {"base_url": "http://127.0.0.1:9"}))
        result = run_source(store, "gdelt")
    assert result.status == "failed" and "countries" in result.error


def test_cameo_mapping_is_data():
    row = dict(zip(COLUMNS, gdelt_row(1, root="18", base="183", code="183", a1type="REB").split("\t")))
    assert event_types(row) == {"wf_event_type": "Explosions/Remote violence", "wf_sub_event_type": "Bombing",
                                "wf_violence_type": "non-state", "wf_label": "suicide, car or other non-military bombing"}
    row = dict(zip(COLUMNS, gdelt_row(1, root="14", base="141", code="141").split("\t")))
    assert event_types(row)["wf_event_type"] == "Protests" and event_types(row)["wf_violence_type"] == ""


def test_a_first_run_with_a_start_backfills_from_the_master_list(any_reference_db):
    files = {"20240603120000": export([gdelt_row(1)]), "20240603121500": export([gdelt_row(2)]),
             "20240603123000": export([gdelt_row(3)])}
    with Recorded() as server, Store.open(any_reference_db) as store:
        publish(server, files, "20240603123000")
        server.route("/masterfilelist.txt", Reply(200, "".join(
            f"{len(b)} {hashlib.md5(b).hexdigest()} http://data.gdeltproject.org/gdeltv2/{s}.export.CSV.zip\n"
            f"99 {'0' * 32} http://data.gdeltproject.org/gdeltv2/{s}.gkg.csv.zip\n" for s, b in files.items())))
        ledger.add_source(store, ledger.SourceConfig("gdelt", "gdelt", 900, {
            "base_url": server.url, "countries": ["MLI"], "start": "2024-06-03 12:15", "backoff": 0.01}))
        result = run_source(store, "gdelt")
        assert result.status == "ok" and result.inserted == 2
        assert ledger.cursor(store, "gdelt") == {"file": "20240603123000"}
        assert not server.hits("/20240603120000.export.CSV.zip")
