"""`watchfloor users ...` and `watchfloor serve`: tokens that work, and a CLI write that meets a running
server says so plainly and points to the API."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from web_helpers import Server, bearer
from web_helpers import _pg_web_template, web_db, web_template  # noqa: F401  (fixtures)
from watchfloor.cli import app
from watchfloor.store import Store
from watchfloor.web.app import create_app

runner = CliRunner()


def test_users_add_prints_a_token_that_the_api_accepts(any_bundled_db):
    bundled_db = any_bundled_db
    added = runner.invoke(app, ["--db", str(bundled_db), "users", "add", "amina", "--role", "editor",
                                "--password", "a long password"])
    assert added.exit_code == 0, added.output
    first = added.output.strip()
    again = runner.invoke(app, ["--db", str(bundled_db), "users", "token", "amina"])
    second = again.output.strip()
    assert first.startswith("wf_") and second.startswith("wf_") and first != second
    listed = runner.invoke(app, ["--db", str(bundled_db), "users", "list"])
    assert ["amina", "editor", "password"] in [line.split() for line in listed.output.splitlines()]
    assert runner.invoke(app, ["--db", str(bundled_db), "users", "add", "omar"]).exit_code == 0
    assert runner.invoke(app, ["--db", str(bundled_db), "users", "role", "omar", "analyst"]).output == "omar: analyst\n"
    assert runner.invoke(app, ["--db", str(bundled_db), "users", "password", "omar", "--password",
                               "omar's long password"]).exit_code == 0
    with TestClient(create_app(bundled_db)) as client:
        for token in (first, second):
            assert client.get("/api/me", headers=bearer(token)).json()["role"] == "editor"
        assert client.post("/login", data={"name": "amina", "password": "a long password"},
                           follow_redirects=False).status_code == 303
        assert client.post("/login", data={"name": "omar", "password": "omar's long password"},
                           follow_redirects=False).status_code == 303
        assert client.get("/api/me").json() == {"name": "omar", "role": "analyst", "via": "session"}


def test_users_add_refuses_bad_input_plainly(any_bundled_db):
    bundled_db = any_bundled_db
    bad_role = runner.invoke(app, ["--db", str(bundled_db), "users", "add", "x", "--role", "boss"])
    assert bad_role.exit_code == 2 and "unknown role 'boss'" in bad_role.output
    short = runner.invoke(app, ["--db", str(bundled_db), "users", "add", "y", "--password", "short"])
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    unknown = runner.invoke(app, ["--db", str(bundled_db), "users", "token", "nobody"])
    assert unknown.exit_code == 2 and "no user 'nobody'" in unknown.output


def test_a_cli_write_while_the_server_runs_points_to_the_api(web_db, tmp_path):
    path, tokens = web_db
    with Server(path, tmp_path / "server.log") as server:
        busy = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", str(path), "ingest", "ucdp",
                               "--bundled"], capture_output=True, text=True, timeout=60)
        assert busy.returncode == 1
        message = " ".join(busy.stderr.split())
        assert "is in use by another process" in message and "send writes through its API" in message
        assert "Traceback" not in busy.stderr
        # the server still answers, and the same write goes through its API
        assert httpx.get(server.url + "/api/me", headers=bearer(tokens["viewer"])).json()["name"] == "viewer"
        with open(path.parent / "upload.csv", "w") as fh:
            fh.write("id,year\n")
        refused = httpx.post(server.url + "/api/ingest", headers=bearer(tokens["analyst"]),
                             files={"file": ("upload.csv", open(path.parent / "upload.csv", "rb"))},
                             data={"layout": "ucdp"})
        assert refused.status_code == 400 and "upload.csv" in refused.json()["detail"]
    with Store.open(path) as store:   # the server let go of the file when it stopped
        assert store.scalar("SELECT count(*) FROM users") == 4


def test_on_postgresql_a_cli_write_while_the_server_runs_goes_through(pg_cluster, _pg_web_template, tmp_path):
    """A PostgreSQL store has many writers: the CLI ingests while the server runs, and the server sees it."""
    url = pg_cluster.database(_pg_web_template[0])
    tokens = _pg_web_template[1]
    with Server(url, tmp_path / "server.log") as server:
        auth = bearer(tokens["viewer"])
        before = httpx.get(server.url + "/api/events?country=MLI&limit=1", headers=auth).json()
        regions = server.url + "/api/regions?country=MLI&since=2020-12-01&until=2020-12-31"
        map_before = httpx.get(regions, headers=auth).json()          # answers the server caches
        path = tmp_path / "more.csv"
        path.write_text("id,year,month,day,country,type_of_violence,conflict_name,side_a,side_b,latitude,longitude,"
                        "low_death,best_death,high_death\n"
                        "990001,2020,12,20,Mali,1,Mali: Government,Government of Mali,JNIM,14.5,-4.1,1,2,3\n")
        done = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--db", url, "ingest", "ucdp", str(path),
                               "--json"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert '"inserted": 1' in done.stdout
        after = httpx.get(server.url + "/api/events?country=MLI&limit=1", headers=auth).json()
        assert after["total"] == before["total"] + 1
        time.sleep(1)       # the server looks for other writers' audit rows at most twice a second
        assert httpx.get(regions, headers=auth).json() != map_before
