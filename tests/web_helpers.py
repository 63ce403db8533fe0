"""Shared fixtures for the web tests: a store with the bundled data and one user per role, a real server."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from watchfloor.store import Store
from watchfloor.store import users
from watchfloor.store.users import ROLES
from watchfloor.web.auth import hash_password

PASSWORD = "correct horse battery"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


_HASH: list[str] = []


def add_users(path: Path) -> dict[str, str]:
    """Users named after their roles (one password for all). Returns role -> API token."""
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    tokens = {}
    with Store.open(path) as store:
        for role in ROLES:
            users.add_user(store, role, role, _HASH[0], "test")
            tokens[role] = users.issue_token(store, role, "test")
    return tokens


@pytest.fixture(scope="module")
def web_template(tmp_path_factory, _bundled_template) -> tuple[Path, dict[str, str]]:
    """The bundled store (conftest) plus one user per role; built once per test module."""
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    shutil.copy(_bundled_template, path)
    return path, add_users(path)


@pytest.fixture
def web_db(tmp_path, web_template) -> tuple[Path, dict[str, str]]:
    """A private copy of the web template store: (path, role -> token)."""
    path = tmp_path / "web.duckdb"
    shutil.copy(web_template[0], path)
    return path, web_template[1]


@pytest.fixture(scope="module")
def _pg_web_template(pg_cluster, _pg_bundled_template) -> tuple[str, dict[str, str]]:
    """web_template on PostgreSQL: (template database name, role -> token)."""
    from pg_helpers import database_name
    url = pg_cluster.database(_pg_bundled_template)
    return database_name(url), add_users(url)


@pytest.fixture
def any_web_db(backend, request) -> tuple[str, dict[str, str]]:
    """web_db on each backend: (a DuckDB file's path or a new PostgreSQL database's URL, role -> token)."""
    from pg_helpers import copy_on
    return copy_on(request, backend, "web_db", "_pg_web_template")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`watchfloor serve` in a subprocess on 127.0.0.1 and a free port; stopped by its own pid."""

    def __init__(self, db: Path, log: Path, env: dict[str, str] | None = None):
        self.db, self.port, self.log, self.env = db, free_port(), log, env or {}
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self._log = open(self.log, "w")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "watchfloor.cli", "--db", str(self.db), "serve", "--host", "127.0.0.1",
             "--port", str(self.port)], stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()


def distinct_colours(png: Path) -> int:
    from PIL import Image
    with Image.open(png) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 24) or [])


class BrowserWatch:
    """Browser contexts whose console errors, uncaught script errors, failed requests and HTTP errors are
    collected; a test names the HTTP errors it provokes on purpose (`allow`), and any other one fails it."""

    def __init__(self, browser):
        self.browser = browser
        self.problems: list[str] = []
        self.allowed: list[tuple[int, str]] = []
        self.contexts = []

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        self.contexts.append(context)
        return context

    def allow(self, status: int, path: str) -> None:
        """An HTTP error the test provokes: `status` on a URL whose path starts with `path`."""
        self.allowed.append((status, path))

    def _allowed(self, status: int, url: str) -> bool:
        path = urlparse(url).path
        return any(status == s and path.startswith(p) for s, p in self.allowed)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        status = re.search(r"status of (\d{3})", message.text)
        if status and self._allowed(int(status.group(1)), url):
            return
        self.problems.append(f"console error at {url}: {message.text}")

    def _failed(self, request) -> None:
        # a request the page itself dropped by navigating away is not a failure of the server
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and not self._allowed(response.status, response.url):
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def close(self) -> None:
        for context in self.contexts:
            try:
                context.close()
            except Exception:   # already closed by the test
                pass


@pytest.fixture
def watched(browser):
    """A BrowserWatch on the module's `browser`: the test fails on any console error or failed request."""
    watch = BrowserWatch(browser)
    yield watch
    watch.close()
    assert watch.problems == [], "\n".join(watch.problems)


def bundled_events_csv(n: int, first_id: int | None = None) -> bytes:
    """The first `n` rows of the bundled UCDP events as an upload; with `first_id`, renumbered from it (new rows)."""
    import csv
    import io

    from watchfloor.bundled import BUNDLED_EVENTS
    with open(BUNDLED_EVENTS, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [r for _, r in zip(range(n), reader)]
        columns = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for i, r in enumerate(rows):
        writer.writerow(r if first_id is None else {**r, "id": str(first_id + i)})
    return out.getvalue().encode()
