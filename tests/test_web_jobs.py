"""Report uploads as background jobs on a real server: a small upload is stored while a large one is still
being read (the reading happens in worker processes, never under the store's write lock); a reading that
overruns its deadline is stopped with a message; a document the reader refuses fails its job with the
reader's message; text that is not prose is stored with exactly the facts the reader returns, and no events.
Each runs on both backends (a DuckDB file, a PostgreSQL database)."""
from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import httpx
import pytest

from read_helpers import prose
from web_helpers import Server, _pg_web_template, any_web_db, bearer, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.read.pipeline import read_document
from watchfloor.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = """Title: Clashes near Boni
Written By: Ana Writer

On 15 December 2020, JNIM fighters attacked civilians near Boni in Mopti, killing 3 people.
"""


def send(client: httpx.Client, name: str, body: str, wait: float = 0) -> httpx.Response:
    return client.post("/api/reports", files={"file": (name, body.encode(), "text/plain")}, params={"wait": wait})


def job(client: httpx.Client, job_id: str) -> dict:
    return client.get(f"/api/jobs/{job_id}").json()


@pytest.fixture
def analyst_server(any_web_db, tmp_path):
    path, tokens = any_web_db
    with Server(path, tmp_path / "server.log") as running:
        with httpx.Client(base_url=running.url, headers=bearer(tokens["analyst"]), timeout=300) as client:
            yield running, client, tokens


def test_a_small_upload_is_stored_while_a_large_one_is_read(analyst_server):
    srv, client, tokens = analyst_server
    warm = send(client, "warm.txt", prose(3000, 1), wait=300)      # the small lane's worker starts
    assert warm.status_code == 201, warm.text
    large = send(client, "large.txt", prose(2_500_000, 2))
    assert large.status_code == 202, large.text
    large_id = large.json()["job"]["id"]
    assert large.json()["job"]["lane"] == "large"
    for _ in range(3000):
        if job(client, large_id)["state"] == "reading":
            break
        time.sleep(0.1)
    small = send(client, "boni.txt", SMALL, wait=300)
    assert small.status_code == 201, small.text
    assert small.json()["job"]["lane"] == "small" and small.json()["created"] is True
    # the order: the small one is stored and readable while the large one is still being read
    assert job(client, large_id)["state"] == "reading"
    viewer = httpx.Client(base_url=srv.url, headers=bearer(tokens["viewer"]), timeout=60)
    report = viewer.get(f"/api/reports/{small.json()['report_id']}")
    assert report.status_code == 200 and report.json()["path"] == "boni.txt"
    listed = [j["id"] for j in client.get("/api/jobs").json()]
    assert listed[:3] == [small.json()["job"]["id"], large_id, warm.json()["job"]["id"]]
    assert viewer.get("/api/jobs").status_code == 403


def test_a_refused_document_fails_its_job_with_the_readers_message(analyst_server):
    _, client, _ = analyst_server
    queued = client.post("/api/reports", files={"file": ("blank.txt", b"\x00\x01binary\x00" * 50, "text/plain")})
    assert queued.status_code == 202
    job_id = queued.json()["job"]["id"]
    for _ in range(3000):
        state = job(client, job_id)
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert state["state"] == "failed" and state["message"].startswith("blank.txt: binary data")
    assert "/tmp" not in state["message"]
    waited = client.post("/api/reports", files={"file": ("blank.txt", b"\x00\x01binary\x00" * 50, "text/plain")},
                         params={"wait": 300})
    assert waited.status_code == 400 and waited.json()["detail"] == state["message"]
    assert client.get("/api/reports").json() == []
    assert client.get("/api/jobs/nope").status_code == 404


def test_a_reading_over_its_deadline_is_stopped(any_web_db, tmp_path):
    path, tokens = any_web_db
    with Server(path, tmp_path / "server.log", env={"WATCHFLOOR_READ_TIMEOUT": "1"}) as srv:
        client = httpx.Client(base_url=srv.url, headers=bearer(tokens["analyst"]), timeout=300)
        slow = send(client, "long.txt", prose(1_000_000, 3), wait=300)
        assert slow.status_code == 400
        assert slow.json()["detail"] == ("long.txt: reading took longer than 1 s and was stopped; "
                                         "split the document into smaller files")
        assert client.get("/api/reports").json() == []
        # the worker was replaced: the lane goes on reading
        assert client.get("/api/jobs").json()[0]["state"] == "failed"


JUNK = {
    "tokens.txt": lambda rng: "\n".join(" ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")
                                                          for _ in range(rng.randint(2, 9)))
                                                  for _ in range(12)) for _ in range(40)),
    "table.txt": lambda rng: "\n".join("\t".join(str(rng.randint(0, 99999)) for _ in range(8)) for _ in range(60)),
}


@pytest.mark.parametrize("name", sorted(JUNK))
def test_text_that_is_not_prose_stores_only_what_the_reader_returns(analyst_server, web_template, tmp_path, name):
    srv, client, tokens = analyst_server
    body = JUNK[name](random.Random(name))
    stored = send(client, name, body, wait=300)
    assert stored.status_code == 201, stored.text
    facts = client.get(f"/api/reports/{stored.json()['report_id']}").json()["facts"]
    assert not [f for f in facts if f["kind"] == "event"]
    # exactly the reader's own facts, none added on the way to the store
    copy = tmp_path / name
    copy.write_text(body, encoding="utf-8")
    shutil.copy(web_template[0], tmp_path / "same.duckdb")     # the server's reference data (both backends' own)
    with Store.open(tmp_path / "same.duckdb") as same:
        expected = read_document(copy, store=same).facts()
    assert sorted((f["kind"], f["start_char"], f["end_char"]) for f in facts) == \
        sorted((f["kind"], f["start"], f["end"]) for f in expected)
