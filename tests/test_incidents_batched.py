"""A batch of read reports stored set-wise (tracked and linked once for the whole batch, as the watch does)
leaves the same reports, facts, incidents, links and tracked judgments as the same reports stored one at a
time, each tracked and linked as it is stored. Real stores: the bundled UCDP events, ACLED's records of some of
them, real and written reports (some of one incident, one twice), the real reader."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ingest_helpers import acled_row, write_csv
from pg_helpers import database_name
from watchfloor.incidents.service import link_new
from watchfloor.ingest import ingest_file
from watchfloor.ingest.layouts import ACLED_COLUMNS
from watchfloor.sources import Item
from watchfloor.sources.run import read_item, read_items, store_items
from watchfloor.store import Store
from watchfloor.store.incidents import decide

REPORTS = Path(__file__).parent / "fixtures" / "reports"
FIXTURES = ["dev_mli_farabougou_2020", "analysis_menaka_2022", "analysis_jnim_blockades", "bfa_seytenga_2022"]


def _acled_copies(ucdp: pd.DataFrame) -> list[dict]:
    """ACLED's records of most of the UCDP events: a day later, a few km away, another toll."""
    rows = []
    for k, e in enumerate(ucdp.itertuples(index=False)):
        if k % 4 == 3:
            continue
        one_sided = e.violence_type == "one-sided"
        day = e.date_start + pd.Timedelta(days=k % 2)
        rows.append(acled_row(
            k, event_id_cnty=f"MLI{60000 + k}", event_date=f"{day:%d %B %Y}", year=str(day.year),
            event_type="Violence against civilians" if one_sided else "Battles",
            actor1=e.actor1, inter1="2" if one_sided else "1", actor2="Civilians (Mali)" if one_sided else e.actor2,
            inter2="7" if one_sided else "2", latitude=f"{e.latitude + 0.04:.4f}", longitude=f"{e.longitude - 0.03:.4f}",
            fatalities=str(int(e.fatalities) + k % 3), admin1="", location=""))
    return rows


def _nearest_town(store: Store, e) -> str:
    return store.scalar("SELECT name FROM places WHERE country = 'MLI' AND kind = 'populated place' AND population > 0 "
                        "ORDER BY (latitude - ?) ^ 2 + (longitude - ?) ^ 2 LIMIT 1", [e.latitude, e.longitude])


def _written(place: str, e, outlet: str, published: pd.Timestamp) -> str:
    """A wire report of a UCDP event, with estimative judgments (tracked) about the place."""
    return (f"Title: Deadly attack near {place}\n{outlet}, {published:%d %B %Y}\n\n"
            f"On {e.date_start:%d %B %Y}, JNIM militants attacked civilians near {place} in Mali, killing "
            f"{int(e.fatalities) + 1} people, local officials said.\n\n"
            f"Further attacks on villages near {place} are likely in the coming weeks, and it is unlikely that "
            f"the army will reopen the road to {place} before the rainy season.\n")


@pytest.fixture
def mixed_pair(tmp_path, any_bundled_db, backend, request):
    """Two copies of one store (bundled UCDP, ACLED copies of late-2020 Malian events) and the items to read, on
    each backend (a second DuckDB file, or a second database copied from the first)."""
    bundled_db = any_bundled_db
    with Store.open(bundled_db) as store:
        ucdp = store.frame("SELECT * FROM events WHERE country_iso3 = 'MLI' AND date_start >= DATE '2020-09-01' "
                           "AND fatalities >= 2 ORDER BY id")
        assert len(ucdp) > 20
        towns = [_nearest_town(store, e) for e in ucdp.head(8).itertuples(index=False)]
        ingest_file(store, write_csv(tmp_path / "acled.csv", ACLED_COLUMNS, _acled_copies(ucdp)), "acled",
                    covers_from="2020-01-01", covers_to="2020-12-31")
        # an analyst's split of one incident the reports tell of: kept by both paths
        decide(store, ucdp["id"].iloc[2], "acled:MLI60002", "split", "tester", "two attacks that day")
        link_new(store, [ucdp["id"].iloc[2], "acled:MLI60002"], by="tester")
    if backend == "duckdb":
        copy = tmp_path / "one_by_one.duckdb"
        shutil.copy(bundled_db, copy)
    else:
        copy = request.getfixturevalue("pg_cluster").database(database_name(bundled_db))
    items = [Item(f"file://{REPORTS / (name + '.txt')}", (REPORTS / (name + ".txt")).read_bytes(), "text/plain")
             for name in FIXTURES]
    for k, e in enumerate(ucdp.head(8).itertuples(index=False)):
        for outlet in (("Sahel Wire", "Niger Daily") if k % 2 == 0 else ("Sahel Wire",)):  # some told twice
            text = _written(towns[k], e, outlet, e.date_start + pd.Timedelta(days=2))
            items.append(Item(f"https://wire.example.org/{k}/{outlet.split()[0].lower()}", text.encode(),
                              "text/plain"))
    items.append(Item("https://mirror.example.org/same-as-first", items[4].content, "text/plain"))  # read once
    return bundled_db, copy, items


def _state(store: Store) -> dict:
    return {
        "reports": store.rows("SELECT id, title, published FROM reports ORDER BY id"),
        "facts": store.rows("SELECT id, report_id, kind, value, status, credibility FROM facts ORDER BY id"),
        "items": store.rows("SELECT url, content_hash, report_id FROM feed_items ORDER BY url"),
        "members": store.rows("SELECT record_id, incident_id, source, country, n_sources FROM incident_members "
                              "ORDER BY record_id"),
        "links": store.rows("SELECT record_a, record_b, round(score, 9), rule, decision FROM incident_links "
                            "ORDER BY record_a, record_b"),
        "judgments": store.rows("SELECT id, claim, term, band_name, probability, made_by, made_at, deadline, "
                                "deadline_rule, criteria, source_kind, source_id, fact_id, status FROM judgments "
                                "ORDER BY id"),
    }


def test_a_batch_stored_set_wise_equals_one_report_at_a_time(mixed_pair):
    batched_path, one_by_one_path, items = mixed_pair
    with Store.open(batched_path) as store:
        read = read_items(store, "wire", items, model=False)
        with store.transaction():
            created = store_items(store, "wire", read)
        batched = _state(store)
        held = store.scalar("SELECT count(*) FROM audit WHERE action = 'incidents.link' AND target LIKE 'read reports %'")
    with Store.open(one_by_one_path) as store:
        one_at_a_time = [r for item in items for r in [read_item(store, "wire", item, False)] if r]
        single = _state(store)
    assert created == one_at_a_time and len(created) == len(items) - 1      # the mirrored copy is read once
    assert held == 1                    # one linking for the batch, not one per report
    # the comparison means something: reports joined UCDP's and ACLED's records, judgments were tracked
    report_facts = {f[0] for f in single["facts"] if f[2] == "event"}
    linked = [m for m in single["members"] if m[0] in report_facts and m[4] > 1]
    assert len(linked) >= 4 and any(m[4] >= 3 for m in linked)
    assert len(single["judgments"]) >= 8
    assert [l for l in single["links"] if l[4] == "split"]
    corroborated = {f[5] for f in single["facts"] if f[2] == "event"}
    assert len(corroborated) > 1          # some events were corroborated by another report, some not
    for key in single:
        assert batched[key] == single[key], key

