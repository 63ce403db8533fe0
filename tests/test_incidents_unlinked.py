"""The records an ingest links besides its own (store/incidents.py: `unlinked`): events and placed report events
with no incident member row, on both backends; on PostgreSQL the query's planner setting stays with it."""
from __future__ import annotations

from watchfloor.incidents.service import link_new
from watchfloor.store.incidents import unlinked


def _parallel_setting(store) -> str:
    return store.scalar("SELECT current_setting('max_parallel_workers_per_gather')")


def test_unlinked_finds_the_records_without_members_and_leaves_no_setting_behind(any_bundled_store):
    store = any_bundled_store
    link_new(store, set(unlinked(store)), by="test", reason="test")     # everything linked first
    assert unlinked(store) == []
    gone = [r for r, in store.rows("SELECT record_id FROM incident_members ORDER BY record_id DESC LIMIT 3")]
    store.execute("DELETE FROM incident_members WHERE record_id IN (SELECT unnest(?))", [gone])
    assert unlinked(store) == sorted(gone)
    if store.dialect == "postgres":
        with store.transaction():           # inside an ingest's transaction, as the ingest asks it
            before = _parallel_setting(store)
            assert unlinked(store) == sorted(gone)
            assert _parallel_setting(store) == before       # not left at 0 for the rest of the transaction
        assert _parallel_setting(store) == before
