"""Bad files: a clear error naming file, line, column and value — and the store exactly as it was."""
from __future__ import annotations

import pytest

from ingest_helpers import REDUCED_COLUMNS, acled_row, ged_full_row, reduced_row, write_csv
from watchfloor.ingest import IngestError, ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS, GED_FULL_COLUMNS


def _state(store):
    return store.table_counts(), store.rows("SELECT id, row_hash FROM events ORDER BY id")


@pytest.fixture
def seeded(any_reference_store, tmp_path):
    """A store that already holds 5 events, so 'unchanged' is a real claim."""
    ingest_file(any_reference_store, write_csv(tmp_path / "seed.csv", REDUCED_COLUMNS,
                                           [reduced_row(i) for i in range(900, 905)]), "ucdp")
    return any_reference_store


@pytest.mark.parametrize("bad, line, column, fragment", [
    ({"date_start": "2020-13-45", "date_end": "2020-13-45"}, 3, "date_end", "a date"),
    ({"latitude": "95.5"}, 3, "latitude", "between -90 and 90"),
    ({"longitude": "east"}, 3, "longitude", "between -180 and 180"),
    ({"best": "-4", "low": "-4"}, 3, "best", "0 or more"),
    ({"type_of_violence": "7"}, 3, "type_of_violence", "1, 2 or 3"),
    ({"country_id": "abc"}, 3, "country_id", "Gleditsch-Ward"),
])
def test_bad_values_name_line_column_value(seeded, tmp_path, bad, line, column, fragment):
    rows = [ged_full_row(1), ged_full_row(2, **bad), ged_full_row(3)]
    path = write_csv(tmp_path / "bad.csv", GED_FULL_COLUMNS, rows)
    before = _state(seeded)
    with pytest.raises(IngestError) as info:
        ingest_file(seeded, path, "ucdp")
    found = [e for e in info.value.errors if e.column == column]
    assert found, str(info.value)
    assert found[0].line == line and found[0].file == str(path)
    assert found[0].value == bad[column] and fragment in found[0].expected
    assert f"line {line}" in str(info.value) and str(path) in str(info.value)
    assert _state(seeded) == before


def test_negative_acled_fatalities(seeded, tmp_path):
    path = write_csv(tmp_path / "a.csv", ACLED_COLUMNS, [acled_row(1), acled_row(2, fatalities=-3)])
    before = _state(seeded)
    with pytest.raises(IngestError, match=r"line 3, column 'fatalities': got '-3'"):
        ingest_file(seeded, path, "acled")
    assert _state(seeded) == before


def test_missing_columns(seeded, tmp_path):
    path = write_csv(tmp_path / "m.csv", [c for c in ACLED_COLUMNS if c not in ("latitude", "fatalities")],
                     [acled_row(1)])
    before = _state(seeded)
    with pytest.raises(IngestError, match="missing column.*latitude.*fatalities"):
        ingest_file(seeded, path, "acled")
    assert _state(seeded) == before


def test_empty_file(seeded, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty.csv: the file is empty"):
        ingest_file(seeded, path, "ucdp")


def test_truncated_file(seeded, tmp_path):
    path = write_csv(tmp_path / "t.csv", REDUCED_COLUMNS, [reduced_row(i) for i in range(1, 30)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 25])          # cut in the middle of the last row
    before = _state(seeded)
    with pytest.raises(IngestError) as info:
        ingest_file(seeded, path, "ucdp")
    assert any(e.line == 30 and "truncated" in e.expected for e in info.value.errors), str(info.value)
    assert _state(seeded) == before


def test_wrong_encoding(seeded, tmp_path):
    path = write_csv(tmp_path / "latin.csv", REDUCED_COLUMNS,
                     [reduced_row(1), reduced_row(2, side_a="Forces armées de Ségou")], encoding="latin-1")
    before = _state(seeded)
    with pytest.raises(IngestError, match=r"line 3.*encoding"):
        ingest_file(seeded, path, "ucdp")
    assert _state(seeded) == before
    # Told the encoding, the same file loads with the right text.
    assert ingest_file(seeded, path, "ucdp", encoding="latin-1").inserted == 2
    assert seeded.scalar("SELECT actor1 FROM events WHERE id = 'ucdp:2'") == "Forces armées de Ségou"


def test_binary_file(seeded, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(IngestError, match="binary data"):
        ingest_file(seeded, path, "ucdp")


def test_duplicate_ids_in_one_file(seeded, tmp_path):
    path = write_csv(tmp_path / "d.csv", REDUCED_COLUMNS, [reduced_row(1), reduced_row(2), reduced_row(1)])
    with pytest.raises(IngestError, match="duplicate"):
        ingest_file(seeded, path, "ucdp")


def test_skip_bad_rows_loads_the_rest_and_records_each_bad_one(seeded, tmp_path):
    rows = [reduced_row(1), reduced_row(2, latitude="123"), reduced_row(3), reduced_row(4, month="13"),
            reduced_row(5)]
    path = write_csv(tmp_path / "s.csv", REDUCED_COLUMNS, rows)
    result = ingest_file(seeded, path, "ucdp", skip_bad_rows=True)
    assert result.as_dict() == {"inserted": 3, "updated": 0, "unchanged": 0, "rejected": 2}
    rejected = seeded.rows("SELECT source_row, column_name, value, reason FROM rejected_rows ORDER BY source_row")
    assert [(r[0], r[1], r[2]) for r in rejected] == [(3, "latitude", "123"), (5, "month", "13")]
    assert all(r[3].startswith("expected") for r in rejected)
    assert sorted(r[0] for r in seeded.rows("SELECT source_id FROM events WHERE source_id IN ('1','2','3','4','5')")) \
        == ["1", "3", "5"]
