"""UCDP GED API connector: the yearly release, monthly Candidate releases, and a final release replacing them."""
from __future__ import annotations

from fixtures.sources.recorded import Recorded, Reply
from ingest_helpers import ged_full_row
from watchfloor.sources import ledger
from watchfloor.sources.run import run_source
from watchfloor.store import Store

TOKEN = "ucdp-fixture-token-7f3a9c"


def ged(i: int, day: str, best: int = 5) -> dict:
    row = ged_full_row(i, date_start=f"{day} 00:00:00.000", date_end=f"{day} 00:00:00.000", year=day[:4],
                       best=best, low=best, high=best + 2)
    return {k: (int(v) if k in ("id", "best", "low", "high", "country_id", "type_of_violence") else v)
            for k, v in row.items()}


def release(server: Recorded, version: str, rows: list[dict], page_size: int = 2) -> None:
    def answer(req):
        if req.headers.get("x-ucdp-access-token") != TOKEN:
            return Reply(401, {"message": "Access token required"})
        page = int(req.query.get("page", 0))
        size = int(req.query.get("pagesize", page_size))
        pages = max(1, -(-len(rows) // size))
        nxt = (f"{server.url}/api/gedevents/{version}?pagesize={size}&page={page + 1}&Country={req.query['Country']}"
               if page + 1 < pages else "")
        return Reply(200, {"TotalCount": len(rows), "TotalPages": pages, "PreviousPageUrl": "", "NextPageUrl": nxt,
                           "Result": rows[page * size:(page + 1) * size]})
    server.route(f"/api/gedevents/{version}", answer)


def add(store: Store, base: str) -> None:
    ledger.add_source(store, ledger.SourceConfig("ucdp", "ucdp", 86400, {
        "base_url": base, "release": "24.1", "countries": ["MLI"], "page_size": 2, "backoff": 0.01}))


def stored(store: Store) -> dict:
    return dict(store.rows("SELECT source_id, fatalities FROM events WHERE layout = 'ucdp'"))


def test_release_then_candidates_then_the_final_release_replaces_them(any_reference_db, monkeypatch):
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", TOKEN)
    with Recorded() as server, Store.open(any_reference_db) as store:
        release(server, "24.1", [ged(101, "2023-03-01"), ged(102, "2023-05-02"), ged(103, "2023-11-20")])
        release(server, "25.0.1", [ged(9001, "2024-01-10", 3), ged(9002, "2024-01-15", 4)])
        add(store, server.url)
        first = run_source(store, "ucdp")
        assert first.status == "ok", first.error
        assert stored(store) == {"101": 5, "102": 5, "103": 5, "9001": 3, "9002": 4}
        assert [h.query["page"] for h in server.hits("/api/gedevents/24.1")] == ["0", "1"]
        assert server.hits("/api/gedevents/24.1")[0].query["Country"] == "432"
        assert ledger.cursor(store, "ucdp") == {"release": "24.1", "candidate": "25.0.1"}
        assert sorted(store.rows("SELECT release, candidate FROM source_datasets")) == [("24.1", False),
                                                                                       ("25.0.1", True)]
        assert run_source(store, "ucdp").changed is False        # nothing new published: nothing changes

        # the yearly release 25.1 arrives: the Candidate rows of 2024 give way to it (one revised, one dropped)
        release(server, "25.1", [ged(101, "2023-03-01"), ged(102, "2023-05-02"), ged(103, "2023-11-20"),
                                 ged(9001, "2024-01-10", 6), ged(9003, "2024-02-01", 2)])
        final = run_source(store, "ucdp")
        assert final.status == "ok", final.error
        assert stored(store) == {"101": 5, "102": 5, "103": 5, "9001": 6, "9003": 2}
        assert final.withdrawn == 2
        assert ledger.cursor(store, "ucdp") == {"release": "25.1"}
        before = store.rows("SELECT * FROM events ORDER BY id")
        assert run_source(store, "ucdp").changed is False
        assert store.rows("SELECT * FROM events ORDER BY id") == before


def test_token_goes_in_the_header_and_nowhere_else(any_reference_db, monkeypatch):
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", TOKEN)
    with Recorded() as server, Store.open(any_reference_db) as store:
        server.route("/api/gedevents/24.1", Reply(200, {"TotalCount": 3, "TotalPages": 2, "Result": [ged(1, "2023-01-01")],
                                                      "NextPageUrl": "http://elsewhere.example/api/gedevents/24.1?page=1"}))
        add(store, server.url)
        result = run_source(store, "ucdp")
        assert result.status == "failed" and "elsewhere.example" in result.error and "not fetched" in result.error
        assert all(TOKEN not in (h.path + str(h.query)) for h in server.requests)
        assert TOKEN not in result.error


def test_missing_token_names_the_variable(any_reference_db, monkeypatch, tmp_path):
    monkeypatch.delenv("UCDP_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("WATCHFLOOR_CREDENTIALS", str(tmp_path / "absent.toml"))
    with Store.open(any_reference_db) as store:
        add(store, "http://127.0.0.1:9")
        result = run_source(store, "ucdp")
    assert result.status == "failed" and "UCDP_ACCESS_TOKEN" in result.error


def test_refused_token(any_reference_db, monkeypatch):
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", "wrong")
    with Recorded() as server, Store.open(any_reference_db) as store:
        release(server, "24.1", [ged(101, "2023-03-01")])
        add(store, server.url)
        result = run_source(store, "ucdp")
        assert result.status == "failed" and "HTTP 401" in result.error and "wrong" not in result.error
