"""Shared fixtures for the accounts tests: a small store with one user per role (no events: accounts need
none) and the real app served by uvicorn over HTTP in a thread of the test process, so a test can read the
server's own login counters."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from watchfloor.store import Store
from web_helpers import PASSWORD, add_users, free_port


@pytest.fixture(scope="module")
def accounts_template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("accounts") / "accounts.duckdb"
    Store.open(path).close()
    return path, add_users(path)


@pytest.fixture
def accounts_db(tmp_path, accounts_template) -> tuple[Path, dict[str, str]]:
    """A private copy of the accounts store: (path, role -> token); every user's password is PASSWORD."""
    path = tmp_path / "accounts.duckdb"
    shutil.copy(accounts_template[0], path)
    return path, accounts_template[1]


@pytest.fixture(scope="module")
def _pg_accounts_template(pg_cluster) -> tuple[str, dict[str, str]]:
    """accounts_template on PostgreSQL: (template database name, role -> token)."""
    from pg_helpers import database_name
    url = pg_cluster.database()
    return database_name(url), add_users(url)


@pytest.fixture
def any_accounts_db(backend, request) -> tuple[str, dict[str, str]]:
    """accounts_db on each backend: (a DuckDB file's path or a new PostgreSQL database's URL, role -> token)."""
    from pg_helpers import copy_on
    return copy_on(request, backend, "accounts_db", "_pg_accounts_template")


class ThreadServer:
    """uvicorn serving `app` on 127.0.0.1 and a free port, in a thread; `app.state` stays reachable."""

    def __init__(self, app):
        self.app = app
        self.url = f"http://127.0.0.1:{free_port()}"
        port = int(self.url.rsplit(":", 1)[1])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "ThreadServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)


_CLIENT = httpx.Client(timeout=30)     # one client: creating one costs ~40 ms


def login(url: str, name: str, password: str = PASSWORD, client: httpx.Client | None = None) -> httpx.Response:
    """POST the login form (no redirects followed); without a client, no cookie is kept."""
    answer = (client or _CLIENT).post(url + "/login", data={"name": name, "password": password, "next": "/"},
                                      follow_redirects=False)
    if client is None:
        _CLIENT.cookies.clear()
    return answer
