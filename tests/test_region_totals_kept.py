"""The map's per-month region totals are kept across writes (web/region_totals.py `RegionMonthTotals`): an
ingest reads again only its own dataset's totals, a stored report none, and the records of incidents of several
sources are read again every time (linking can change which record represents an incident). After each write
they equal a full recompute (`region_months`). Real stores on each backend, real CSV files, the real reader."""
from __future__ import annotations

from pathlib import Path

from test_incidents_counted import _acled_niono, _ged_niono, _ingest_acled, _read_report
from watchfloor.ingest import ingest_file
from watchfloor.web.app import EVENTS, INCIDENTS, REPORTS, StoreHandle
from watchfloor.web.region_totals import RegionMonths, region_months


def _cells(months: RegionMonths) -> list[tuple]:
    return sorted(((months.regions[r], c or "", int(m), int(e), int(f)) for r, c, m, e, f in zip(
        months.region.tolist(), months.country.tolist(), months.month, months.events, months.fatalities)))


def _kept_equals_full(handle: StoreHandle) -> list[tuple]:
    kept = _cells(handle.region_months())
    assert kept == _cells(region_months(handle.reader()))
    return kept


def _niono_month(cells: list[tuple], region: str) -> tuple:
    return tuple((e, f) for r, _, m, e, f in cells if r == region and m == 2020 * 12 + 11)


def test_kept_region_totals_equal_a_full_recompute_after_ingests_links_and_a_report(any_bundled_db, tmp_path):
    handle = StoreHandle(any_bundled_db)
    try:
        first = _kept_equals_full(handle)
        datasets = dict(handle._totals.by_dataset)
        assert datasets        # the bundled UCDP events, read once

        def ingested(write, *changes) -> list[tuple]:
            """The kept totals after `write` (equal to a full recompute); datasets it did not add to are
            kept as they were, not read again."""
            before = dict(handle._totals.by_dataset)
            with handle.writer(frozenset(changes)) as store:
                write(store)
            cells = _kept_equals_full(handle)
            after = handle._totals.by_dataset
            kept = [d for d in before if d in after and after[d] is before[d]]
            assert kept == [d for d in before if d in after] and kept, "the totals were read again in full"
            return cells

        ucdp = ingested(lambda s: ingest_file(s, _ged_niono(tmp_path / "ged_niono.csv"), "ucdp"), EVENTS, INCIDENTS)
        region = handle.reader().scalar("SELECT region_id FROM events WHERE layout = 'ucdp' AND source_id = '990001'")
        assert region and ucdp != first
        alone = _niono_month(ucdp, region)
        # ACLED's record of the same massacre is linked into UCDP's incident: counted once, ACLED's figures
        # (the first source by name) in place of UCDP's
        acled = ingested(lambda s: _ingest_acled(s, tmp_path / "acled.csv", [_acled_niono()]), EVENTS, INCIDENTS)
        assert handle.reader().scalar("SELECT count(*) FROM incident_members WHERE n_sources > 1 AND record_id IN "
                                      "('ucdp:990001', 'acled:MLI80001')") == 2
        assert acled != ucdp and _niono_month(acled, region) != alone
        # a report of it joins the incident (its fact is no event: the totals stay, read without the datasets)
        report = ingested(lambda s: _read_report(s, tmp_path), REPORTS, INCIDENTS)
        assert report == acled
        # another ACLED record elsewhere in the month, and one more file in the same dataset's layout
        more = ingested(lambda s: _ingest_acled(s, tmp_path / "acled2.csv", [_acled_niono(
            2, day="20 December 2020", fatalities=4, lat=13.5, lon=-4.0)]), EVENTS, INCIDENTS)
        assert more != report
        # a write that may change any events: read again in full, still equal
        with handle.writer() as store:
            store.execute("UPDATE events SET fatalities = fatalities + 1 WHERE id = 'acled:MLI80001'")
        assert _kept_equals_full(handle) != more
    finally:
        handle.close()
