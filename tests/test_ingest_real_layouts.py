"""Files as analysts download and re-save them: ACLED's 2024 and older export layouts, ACLED rows saved by a
European Excel, byte-order marks, CRLF, notes over several lines, extra and reordered columns, upper-case
headers, UTF-16 tab-separated text, GED full releases, Candidate CSVs and API pages saved to a file, and
countries other than Mali (fixtures in tests/fixtures/layouts/, see its README for where each row comes from)."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.ingest import IngestError, ingest_file
from watchfloor.store import Store
from watchfloor.store.staging import NO_BOUNDARIES, unplaced_countries

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
NIGERIA = LAYOUTS / "acled_2024_nigeria.csv"
COMPARED = ("id, source_row, date_start, date_precision, country_iso3, admin1_source, latitude, longitude, actor1, "
            "actor2, violence_type, event_type, sub_event_type, fatalities, location_name, notes, row_hash")
runner = CliRunner()


def _events(store) -> list[tuple]:
    return store.rows(f"SELECT {COMPARED} FROM events ORDER BY id")


def _state(store):
    return store.table_counts(), store.rows("SELECT id, row_hash FROM events ORDER BY id")


def _rewrite(tmp_path: Path, name: str, *, delimiter: str = ",", encoding: str = "utf-8", newline: str = "\n",
             header=lambda h: h, columns=None, extra: int = 0, tail: str = "") -> Path:
    """The Nigeria export re-written as another program would save it (same rows)."""
    rows = [r for r in csv.reader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))) if r]
    order = columns(list(range(len(rows[0])))) if columns else list(range(len(rows[0])))
    rows = [[r[i] for i in order] + (["population_best", "Unnamed: 32"][:extra] if k == 0 else ["1200", ""][:extra])
            for k, r in enumerate(rows)]
    rows[0] = [header(h) for h in rows[0]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path = tmp_path / name
    path.write_bytes((buf.getvalue() + tail).encode(encoding))
    return path


def test_acled_2024_export_with_text_actor_types(any_reference_store):
    store = any_reference_store
    result = ingest_file(store, NIGERIA, "acled")
    assert (result.inserted, result.rejected) == (7, 0)
    kinds = dict(store.rows("SELECT source_id, violence_type FROM events"))
    assert kinds == {"NIG90001": "one-sided", "NIG90002": "one-sided", "NIG90003": "one-sided",
                     "NIG90004": "one-sided", "NIG90005": "one-sided", "NIG90006": None, "NIG90007": "one-sided"}
    first = store.records("SELECT * FROM events WHERE source_id = 'NIG90001'")[0]
    assert first["country_iso3"] == "NGA" and first["date_start"] == date(2023, 12, 3)
    assert first["notes"].endswith("mistake.\nAt least 85 people were killed.")   # a note over two lines
    # A row is counted as a spreadsheet counts it: the two-line note is one row, so Bokkos is row 3.
    assert store.scalar("SELECT source_row FROM events WHERE source_id = 'NIG90002'") == 3
    # No Nigerian boundaries are bundled: no region, and the events say why.
    assert {r[0] for r in store.rows("SELECT region_flag FROM events")} == {NO_BOUNDARIES}
    assert unplaced_countries(store, result.dataset_id) == [("NGA", 7)]
    before = _state(store)
    again = ingest_file(store, NIGERIA, "acled")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 7)
    assert _state(store) == before


@pytest.mark.parametrize("variant", [
    dict(name="bom.csv", encoding="utf-8-sig"),
    dict(name="crlf.csv", newline="\r\n"),
    dict(name="blank_tail.csv", newline="\r\n", tail="\r\n\r\n\r\n"),
    dict(name="upper.csv", header=str.upper),
    dict(name="spaced.csv", header=lambda h: " " + h.replace("_", " ").title() + " "),     # ' Event Date '
    dict(name="extra.csv", extra=2),
    dict(name="reordered.csv", columns=lambda cols: cols[::-1]),
    dict(name="semicolon.csv", delimiter=";"),
    dict(name="excel_empty_rows.csv", delimiter=";", newline="\r\n", tail=(";" * 30 + "\r\n") * 3),
    dict(name="unicode_text.txt", delimiter="\t", encoding="utf-16", newline="\r\n"),   # Excel's "Unicode text"
], ids=lambda v: v["name"])
def test_the_same_export_saved_differently_gives_the_same_events(any_reference_store, tmp_path, variant):
    store = any_reference_store
    with store.transaction():
        ingest_file(store, NIGERIA, "acled")
        expected = _events(store)
        store.execute("DELETE FROM events")
    result = ingest_file(store, _rewrite(tmp_path, **variant), "acled")
    assert (result.inserted, result.rejected) == (7, 0)
    assert _events(store) == expected


def test_acled_older_layout_numeric_codes_and_spelled_dates(any_reference_store):
    store = any_reference_store
    assert ingest_file(store, LAYOUTS / "acled_2020_somalia_old_layout.csv", "acled").inserted == 4
    rows = store.rows("SELECT source_id, date_start, country_iso3, violence_type, fatalities FROM events ORDER BY 1")
    assert rows == [("SOM90001", date(2017, 10, 14), "SOM", "one-sided", 587),
                    ("SOM90002", date(2019, 12, 28), "SOM", "one-sided", 79),
                    ("SOM90003", date(2020, 8, 16), "SOM", "one-sided", 11),
                    ("SOM90004", date(2022, 8, 19), "SOM", "state-based", 21)]


def test_european_excel_export(any_reference_store, tmp_path):
    """Semicolons, decimal commas, day-first dates, Windows-1252 accents and CRLF, as a French Excel saves."""
    store = any_reference_store
    path = LAYOUTS / "acled_excel_fr_niger.csv"
    before = _state(store)
    with pytest.raises(IngestError) as info:          # not UTF-8: named, with the option that reads it
        ingest_file(store, path, "acled")
    assert str(path) in str(info.value) and "line 2" in str(info.value) and "--encoding cp1252" in str(info.value)
    assert _state(store) == before
    assert ingest_file(store, path, "acled", encoding="cp1252").inserted == 4
    inates = store.records("SELECT * FROM events WHERE source_id = 'NIR90001'")[0]
    assert inates["date_start"] == date(2019, 12, 10) and inates["location_name"] == "Inatès"
    assert (inates["latitude"], inates["longitude"]) == (15.2275, 1.3135)
    assert inates["admin1"] == "Tillabéri" and inates["violence_type"] == "state-based"
    assert store.scalar("SELECT admin1 FROM events WHERE source_id = 'NIR90004'") == "Tahoua"
    # The same file in Latin-1 (read by DuckDB itself, where cp1252 goes through a UTF-8 copy): the same events.
    expected = _events(store)
    latin = tmp_path / "acled_latin1.csv"
    latin.write_bytes(path.read_bytes().decode("cp1252").encode("latin-1"))
    store.execute("DELETE FROM events")
    assert ingest_file(store, latin, "acled", encoding="latin-1").inserted == 4
    assert _events(store) == expected


def _xlsx(path: Path) -> Path:
    """A one-sheet workbook as Excel writes it (a zip of SpreadsheetML parts)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>'
                   'event_id_cnty</t></is></c></row></sheetData></worksheet>')
    return path


@pytest.mark.parametrize("name, magic, what", [
    ("acled_export.xlsx", None, "Excel workbook (.xlsx)"),
    ("acled_export.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old Excel workbook (.xls)"),
])
def test_excel_workbooks_are_refused_with_what_to_do(any_reference_store, tmp_path, name, magic, what):
    path = tmp_path / name
    _xlsx(path) if magic is None else path.write_bytes(magic)
    before = _state(any_reference_store)
    with pytest.raises(IngestError) as info:
        ingest_file(any_reference_store, path, "acled")
    assert str(path) in str(info.value) and what in str(info.value) and "save it as" in str(info.value)
    assert _state(any_reference_store) == before


def test_ged_release_candidate_and_api_page(any_reference_store):
    """The full GED CSV (a time after each date), a Candidate CSV (deaths as '3.0', an extra column) and an API
    page saved to a file hold the same events: after the release, the others change nothing."""
    store = any_reference_store
    full = ingest_file(store, LAYOUTS / "ged_24_1_full_niger.csv", "ucdp")
    assert (full.inserted, full.rejected) == (5, 0)
    rows = store.rows("SELECT source_id, date_start, fatalities, fatalities_low, admin1 FROM events "
                      "WHERE source_id IN ('326468', '331256') ORDER BY 1")
    assert rows == [("326468", date(2020, 1, 9), 166, 166, "Tillabéri"),
                    ("331256", date(2020, 2, 6), 5, 4, "Tillabéri")]
    before = _state(store)
    candidate = ingest_file(store, LAYOUTS / "ged_candidate_24_0_niger.csv", "ucdp")
    assert (candidate.inserted, candidate.updated, candidate.unchanged) == (0, 0, 3)
    page = ingest_file(store, LAYOUTS / "ged_api_page_niger.json", "ucdp")
    assert (page.inserted, page.updated, page.unchanged) == (0, 0, 3)
    assert store.rows("SELECT id, row_hash FROM events ORDER BY id") == before[1]
    assert store.scalar("SELECT layout FROM datasets WHERE path LIKE '%ged_api_page_niger.json'") == "ged-full"


def test_api_page_bad_record_names_the_record(any_reference_store, tmp_path):
    page = json.loads((LAYOUTS / "ged_api_page_niger.json").read_text(encoding="utf-8"))
    page["Result"][1]["latitude"] = 123.4
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    before = _state(any_reference_store)
    with pytest.raises(IngestError, match=r"page\.json, record 2, column 'latitude': got '123\.4'"):
        ingest_file(any_reference_store, path, "ucdp")
    assert _state(any_reference_store) == before
    with pytest.raises(IngestError, match=r"page\.json: JSON without a 'data' list of events; expected an ACLED API"):
        ingest_file(any_reference_store, path, "acled")
    path.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(IngestError, match=r"page\.json: JSON without a 'Result' list"):
        ingest_file(any_reference_store, path, "ucdp")


def test_acled_api_answer_saved_to_a_file(any_reference_store):
    store = any_reference_store
    result = ingest_file(store, LAYOUTS / "acled_api_nigeria.json", "acled")
    assert (result.inserted, result.rejected) == (3, 0)
    with_csv = ingest_file(store, NIGERIA, "acled")        # the same events in the CSV export: unchanged
    assert (with_csv.inserted, with_csv.updated, with_csv.unchanged) == (4, 0, 3)


def test_bad_rows_after_a_multiline_note_are_named_alike_on_both_backends(any_reference_store, tmp_path):
    rows = [r for r in csv.reader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))) if r]
    rows[3][rows[0].index("latitude")] = "95"        # Mangu: row 4 (file line 5: the first note spans two)
    rows[5] = rows[5][:10]                           # Gwoza cut short: row 6
    path = tmp_path / "cut.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    before = _state(any_reference_store)
    with pytest.raises(IngestError) as info:
        ingest_file(any_reference_store, path, "acled")
    found = [(e.line, e.column, e.value if e.column else None) for e in info.value.errors]
    assert found == [(4, "latitude", "95"), (6, None, None)], str(info.value)     # one error for the short row
    assert f"{path}, line 4, column 'latitude': got '95'" in str(info.value)
    assert _state(any_reference_store) == before


def test_a_country_without_bundled_boundaries_end_to_end(reference_db, tmp_path):
    """Nigeria: ingest → a note (no admin-1 boundaries) → admin-1 GeoJSON loaded → forecast → brief."""
    db = ["--db", str(reference_db)]
    result = runner.invoke(app, [*db, "ingest", "acled", str(NIGERIA)])
    assert result.exit_code == 0, result.output
    assert "inserted 7" in result.stdout
    assert "note: 7 NGA event(s) not assigned to a region" in result.stderr and "regions load" in result.stderr
    loaded = runner.invoke(app, [*db, "regions", "load", str(LAYOUTS / "nga_admin1_coarse.geojson")])
    assert loaded.exit_code == 0 and "7 events re-assigned" in loaded.stdout, loaded.output
    events = json.loads(runner.invoke(app, [*db, "events", "--country", "NGA", "--format", "json"]).stdout)
    assert {e["location_name"]: e["admin1"] for e in events} == {
        "Tudun Biri": "Kaduna", "Kuriga": "Kaduna", "Bokkos": "Plateau", "Mangu": "Plateau", "Gwoza": "Borno",
        "Ikeja": "Lagos", "Mafa": "Yobe"}
    forecast = runner.invoke(app, [*db, "forecast", "--country", "NGA", "--horizon", "2", "--json"])
    assert forecast.exit_code == 0, forecast.output
    assert "Plateau" in forecast.stdout and "Mopti" not in forecast.stdout
    brief = runner.invoke(app, [*db, "brief", "--country", "NGA", "--format", "md", "--out", str(tmp_path)])
    assert brief.exit_code == 0, brief.output
    text = next(tmp_path.glob("brief-*.md")).read_text(encoding="utf-8")
    assert "Nigeria" in text and "Mali" not in text
    with Store.open(reference_db) as store:
        assert store.scalar("SELECT count(*) FROM events WHERE region_flag = ?", [NO_BOUNDARIES]) == 0


def _us_excel(tmp_path: Path, name: str, keep=lambda day: True) -> Path:
    """The Nigeria export after Excel in US English opened and saved it: dates as 12/24/2023."""
    rows = [r for r in csv.reader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))) if r]
    out = [rows[0]]
    for r in rows[1:]:
        y, m, d = (int(x) for x in r[1].split("-"))
        if keep(d):
            out.append([r[0], f"{m}/{d}/{y}", *r[2:]])
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(out)
    return path


def test_month_first_dates_from_us_excel(any_reference_store, tmp_path):
    store = any_reference_store
    assert ingest_file(store, _us_excel(tmp_path, "us.csv"), "acled").inserted == 7   # 12/24/2023 tells
    dates = dict(store.rows("SELECT source_id, date_start FROM events"))
    assert dates["NIG90001"] == date(2023, 12, 3) and dates["NIG90004"] == date(2024, 3, 7)
    # Only days up to 12: 12/3/2023 could be 12 March; nothing is stored until the order is given.
    unclear = _us_excel(tmp_path, "us_unclear.csv", keep=lambda day: day <= 12)
    store.execute("DELETE FROM events")
    before = _state(store)
    with pytest.raises(IngestError, match=r"us_unclear\.csv: column 'event_date': dates such as '12/3/2023'.*"
                                          r"--date-order mdy"):
        ingest_file(store, unclear, "acled")
    assert _state(store) == before
    assert ingest_file(store, unclear, "acled", date_order="mdy").inserted == 4
    assert store.scalar("SELECT date_start FROM events WHERE source_id = 'NIG90001'") == date(2023, 12, 3)
    with pytest.raises(IngestError, match=r"date order 'ymd': expected dmy"):
        ingest_file(store, unclear, "acled", date_order="ymd")


@pytest.mark.parametrize("layout, header, message", [
    ("acled", "WEEK,REGION,COUNTRY,ADMIN1,EVENT_TYPE,SUB_EVENT_TYPE,EVENTS,FATALITIES,POPULATION_EXPOSURE,"
              "DISORDER_TYPE,ID,CENTROID_LATITUDE,CENTROID_LONGITUDE", "ACLED's aggregated data"),
    ("acled", ",".join(json.loads((LAYOUTS / "ged_api_page_niger.json").read_text())["Result"][0]),
     "a UCDP GED file .*`watchfloor ingest ucdp`"),
    ("ucdp", NIGERIA.read_text(encoding="utf-8").splitlines()[0], "an ACLED export .*`watchfloor ingest acled`"),
])
def test_a_file_of_another_kind_is_named_for_what_it_is(any_reference_store, tmp_path, layout, header, message):
    path = tmp_path / "download.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=rf"download\.csv: line 1: {message}"):
        ingest_file(any_reference_store, path, layout)


def test_ged_zip_as_downloaded(any_reference_store, tmp_path):
    """UCDP ships GED as a zip holding the CSV (ged241-csv.zip): it is read as it is, errors naming the CSV in it."""
    archive = tmp_path / "ged241-csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(LAYOUTS / "ged_24_1_full_niger.csv", "GEDEvent_v24_1.csv")
    first = ingest_file(any_reference_store, archive, "ucdp")
    assert (first.inserted, first.rejected) == (5, 0)
    again = ingest_file(any_reference_store, archive, "ucdp")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)
    bad = tmp_path / "ged-bad.zip"
    text = (LAYOUTS / "ged_24_1_full_niger.csv").read_text(encoding="utf-8").replace('"15.2276"', '"152.276"')
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("GEDEvent_v24_1.csv", text)
        z.writestr("README.txt", "UCDP GED 24.1")
    with pytest.raises(IngestError, match=r"ged-bad\.zip:GEDEvent_v24_1\.csv, line 2, column 'latitude'"):
        ingest_file(any_reference_store, bad, "ucdp")
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a.csv", text)
        z.writestr("b.csv", text)
    with pytest.raises(IngestError, match=r"two\.zip: a zip archive with 2 CSV files \(a\.csv, b\.csv\); expected one"):
        ingest_file(any_reference_store, two, "ucdp")


def test_an_export_with_fewer_columns(any_reference_store, tmp_path):
    """An API request with `fields=` (or a trimmed export) leaves out precisions, admin-1, notes and the ISO code:
    those are empty, and the country comes from its name."""
    store = any_reference_store
    keep = ["event_id_cnty", "event_date", "event_type", "actor1", "inter1", "actor2", "inter2", "country",
            "latitude", "longitude", "fatalities"]
    rows = list(csv.DictReader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))))
    path = tmp_path / "fields.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, keep, extrasaction="ignore")
        writer.writeheader()
        writer.writerows([*rows, {**rows[0], "event_id_cnty": "NIG90008", "country": ""}])
    before = _state(store)
    with pytest.raises(IngestError, match=r"fields\.csv, line 9, column 'country'; expected a country name"):
        ingest_file(store, path, "acled")
    assert _state(store) == before
    assert ingest_file(store, path, "acled", skip_bad_rows=True).inserted == 7
    found = store.rows("SELECT DISTINCT country_iso3, admin1_source, notes, date_precision FROM events")
    assert found == [("NGA", None, None, None)]
    assert dict(store.rows("SELECT source_id, violence_type FROM events"))["NIG90006"] is None
    assert store.scalar("SELECT source_type FROM events WHERE source_id = 'NIG90005'") == "Explosions/Remote violence"


def test_dates_saved_as_day_numbers(any_reference_store, tmp_path):
    """A date column formatted 'General' in Excel is saved as day numbers (45263 is 2023-12-03)."""
    store = any_reference_store
    rows = [r for r in csv.reader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))) if r]
    for r in rows[1:]:
        r[1] = str((date.fromisoformat(r[1]) - date(1899, 12, 30)).days)
    rows[2][1] += ".0"
    path = tmp_path / "serial.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    assert rows[1][1] == "45263"
    assert ingest_file(store, path, "acled").inserted == 7
    dates = dict(store.rows("SELECT source_id, date_start FROM events"))
    assert dates["NIG90001"] == date(2023, 12, 3) and dates["NIG90002"] == date(2023, 12, 24)
    assert dates["NIG90007"] == date(2024, 9, 3)


def _nigeria_rows() -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(NIGERIA.read_text(encoding="utf-8"))) if r]


def _write_r(path: Path, rows: list[list[str]]) -> Path:
    """As R's write.csv writes a table: every text quoted, NA bare."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        for r in rows:
            fh.write(",".join(v if v == "NA" else '"' + v.replace('"', '""') + '"' for v in r) + "\n")
    return path


R_OPTIONAL = ("assoc_actor_1", "assoc_actor_2", "admin2", "admin3", "iso", "time_precision", "geo_precision",
              "notes", "tags", "sub_event_type", "location")


def test_r_na_is_empty_in_optional_fields_and_a_bad_value_in_required_ones(any_reference_store, tmp_path):
    store = any_reference_store
    rows = _nigeria_rows()
    blank, r_na = [rows[0]], [rows[0]]
    for r in rows[1:]:
        cut = [v if rows[0][i] not in R_OPTIONAL else "" for i, v in enumerate(r)]
        blank.append(cut)
        r_na.append([v if rows[0][i] not in R_OPTIONAL else "NA" for i, v in enumerate(r)])
    first = ingest_file(store, _write_r(tmp_path / "blank.csv", blank), "acled")
    assert (first.inserted, first.rejected) == (7, 0)
    events = _events(store)
    assert store.scalar("SELECT count(*) FROM events WHERE notes IS NOT NULL AND notes <> ''") == 0
    again = ingest_file(store, _write_r(tmp_path / "from_r.csv", r_na), "acled")
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 7, 0)
    assert _events(store) == events         # NA read as empty: same events, same hashes
    assert store.scalar("SELECT country_iso3 FROM events WHERE source_id = 'NIG90003'") == "NGA"  # by name

    before = _state(store)
    for column, line in (("fatalities", 3), ("event_date", 5), ("latitude", 8), ("event_id_cnty", 4)):
        bad = [list(r) for r in r_na]
        bad[line - 1][rows[0].index(column)] = "NA"
        path = _write_r(tmp_path / f"na_{column}.csv", bad)
        with pytest.raises(IngestError) as info:
            ingest_file(store, path, "acled")
        assert [(e.line, e.column, e.value) for e in info.value.errors] == [(line, column, "NA")], str(info.value)
        assert f"{path}, line {line}, column '{column}': got 'NA'" in str(info.value)
        assert _state(store) == before


def test_r_na_in_a_ged_file(any_reference_store, tmp_path):
    rows = [r for r in csv.reader(io.StringIO((LAYOUTS / "ged_24_1_full_niger.csv").read_text(encoding="utf-8")))
            if r]
    optional = ("where_prec", "date_prec", "adm_1", "adm_2", "source_headline", "where_description", "gwnob")
    r_na = [rows[0]] + [[("NA" if rows[0][i] in optional else v) for i, v in enumerate(r)] for r in rows[1:]]
    result = ingest_file(any_reference_store, _write_r(tmp_path / "ged_r.csv", r_na), "ucdp")
    assert (result.inserted, result.rejected) == (len(rows) - 1, 0)
    assert any_reference_store.rows("SELECT DISTINCT admin1_source, location_precision, date_precision FROM events") \
        == [(None, None, None)]
    r_na[2][rows[0].index("best")] = "NA"
    with pytest.raises(IngestError) as info:
        ingest_file(any_reference_store, _write_r(tmp_path / "ged_r_bad.csv", r_na), "ucdp")
    assert [(e.line, e.column, e.value) for e in info.value.errors] == [(3, "best", "NA")], str(info.value)


@pytest.mark.parametrize("sep, delimiter", [("sep=;", ";"), ("sep=,", ","), ("sep=\t", "\t"), ("sep=\\t", "\t")])
def test_excel_sep_line_names_the_delimiter(any_reference_store, tmp_path, sep, delimiter):
    store = any_reference_store
    rows = _nigeria_rows()
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "sep.csv"
    path.write_text(sep + "\r\n" + buf.getvalue(), encoding="utf-8-sig")
    result = ingest_file(store, path, "acled")
    assert (result.inserted, result.rejected) == (7, 0)
    # Excel shows the header as row 1 under its 'sep=' hint: Bokkos (after the two-line note) is row 3.
    assert store.rows("SELECT source_id, source_row FROM events ORDER BY source_id") == [
        (f"NIG9000{k}", k + 1) for k in range(1, 8)]
    before = _state(store)
    rows[3][rows[0].index("latitude")] = "95"          # Mangu, row 4
    rows[5].append("extra")                            # Gwoza, row 6: a field too many
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    bad = tmp_path / "sep_bad.csv"
    bad.write_text(sep + "\r\n" + buf.getvalue(), encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(store, bad, "acled")
    found = [(e.line, e.column) for e in info.value.errors]
    assert found == [(4, "latitude"), (6, None)], str(info.value)
    assert _state(store) == before


@pytest.mark.parametrize("text", [
    "event_id_cnty,event_date,event_type,actor1,inter1,actor2,inter2,country,latitude,longitude,fatalities\n",
    "sep=;\nevent_id_cnty;event_date;event_type;actor1;inter1;actor2;inter2;country;latitude;longitude;fatalities\n",
    "event_id_cnty,event_date,event_type,actor1,inter1,actor2,inter2,country,latitude,longitude,fatalities\n"
    ",,,,,,,,,,\n\n",
])
def test_a_file_with_only_a_header_stores_nothing(any_reference_db, tmp_path, text):
    path = tmp_path / "header_only.csv"
    path.write_text(text, encoding="utf-8")
    with Store.open(any_reference_db) as store:
        before = _state(store)
        with pytest.raises(IngestError, match="no data rows") as info:
            ingest_file(store, path, "acled")
        assert str(info.value).startswith(f"{path}: no data rows")
        assert _state(store) == before
        assert store.scalar("SELECT count(*) FROM datasets") == 0
    result = runner.invoke(app, ["--db", str(any_reference_db), "ingest", "acled", str(path)])
    assert result.exit_code != 0 and f"{path}: no data rows" in result.output, result.output
    with Store.open(any_reference_db) as store:
        assert _state(store) == before
