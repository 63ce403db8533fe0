"""PostgreSQL's indexes for the server's hot reads (migrations postgres/0191, 0192): a brief's audit trail, the
events of one ingest and a region's events in a date window are found by index, not by a scan of the table."""
from __future__ import annotations

from watchfloor.store import Store


def _plan(store: Store, sql: str, params: list) -> str:
    return "\n".join(r[0] for r in store.rows("EXPLAIN " + sql, params))


def test_brief_audit_and_ingest_events_use_their_indexes(pg_cluster, _pg_bundled_template):
    url = pg_cluster.database(_pg_bundled_template)
    with Store.open(url) as store:
        store.execute("INSERT INTO audit (happened_at, actor, action, target, detail) SELECT now(), 'x', "
                      "'incidents.link', 'ingest ' || g, NULL FROM generate_series(1, 20000) g")
        store.execute("ANALYZE audit")
        store.execute("ANALYZE events")
        audit = _plan(store, "SELECT happened_at, actor, action, detail FROM audit WHERE target = ? ORDER BY id",
                      ["brief:1"])
        assert "audit_target" in audit and "Seq Scan" not in audit, audit
        events = _plan(store, "SELECT DISTINCT region_id FROM events WHERE dataset_id = ?", [-1])
        assert "events_dataset" in events and "Seq Scan on events" not in events, events
        region = store.scalar("SELECT min(region_id) FROM events")
        page = _plan(store, "SELECT * FROM events WHERE region_id = ? AND date_start >= ? AND date_start <= ? "
                            "ORDER BY date_start, id LIMIT 500", [region, "2019-01-01", "2019-01-31"])
        assert "events_region_date" in page and "Seq Scan on events" not in page, page


def test_the_linked_records_of_the_maps_totals_use_their_index(pg_cluster, _pg_bundled_template):
    """The map's per-month totals read the records of incidents of several sources after each write (migration
    postgres/0194): by the partial index, not a scan of every member."""
    from watchfloor.store.incidents import linked_parts
    url = pg_cluster.database(_pg_bundled_template)
    with Store.open(url) as store:
        store.execute("ANALYZE incident_members")
        linked, chosen = linked_parts("region_id IS NOT NULL")
        for sql, params in ((linked, []), (chosen, [[]])):
            plan = _plan(store, sql, params)
            assert "incident_members_linked" in plan and "Seq Scan on incident_members" not in plan, plan
