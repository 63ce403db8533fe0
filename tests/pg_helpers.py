"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, run as the `postgres` user.

Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, off PATH. The server refuses to run as
root and the tests may run as root, so the cluster lives in a temporary directory owned by `postgres`
(pytest's tmp_path is root-only) and its programs run under `runuser -u postgres`. It listens on a unix
socket in that directory only (no TCP port to collide with), and `stop()` removes it all.
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

PG_USER = "postgres"
BACKENDS = ["duckdb", "postgres"]      # the stores the parametrised tests run on


def server_bin() -> Path | None:
    """The newest installed server's bin directory (holding initdb and pg_ctl), or None."""
    found = []
    for d in Path("/usr/lib/postgresql").glob("*/bin"):
        if (d / "initdb").exists() and (d / "pg_ctl").exists() and re.fullmatch(r"\d+(\.\d+)?", d.parent.name):
            found.append((float(d.parent.name), d))
    return max(found)[1] if found else None


class Cluster:
    """One running cluster; `database()` gives a fresh, empty database's URL (optionally copied from a template)."""

    def __init__(self) -> None:
        bin_dir = server_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL's server is not installed: apt-get install -y postgresql "
                               "(make test installs it when run as root)")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="wf-pg-"))
        as_root = os.geteuid() == 0
        if as_root:
            pw = pwd.getpwnam(PG_USER)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o700)
        self._prefix = ["runuser", "-u", PG_USER, "--"] if as_root else []
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = 5432
        self._run("initdb", "-D", str(self.data), "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--no-sync",
                  "--locale=C.UTF-8")
        options = (f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                   "-c shared_buffers=64MB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", "60", "start")
        self._names = 0

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self._prefix, str(self.bin / program), *args], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{PG_USER}@/{database}?host={self.socket_dir}&port={self.port}"

    def database(self, template: str | None = None) -> str:
        """A new database (a copy of `template`, itself a database name) and its URL."""
        self._names += 1
        name = f"wf_{self._names}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def database_name(url: str) -> str:
    return url.split("/", 3)[3].split("?", 1)[0]


def copy_on(request, backend: str, duckdb_fixture: str, pg_template_fixture: str) -> tuple[str, dict[str, str]]:
    """(where the store is, role -> token) for a store with users, on `backend`: the DuckDB fixture's private
    file copy, or a new database copied from the PostgreSQL template fixture's (name, tokens)."""
    if backend == "duckdb":
        path, tokens = request.getfixturevalue(duckdb_fixture)
        return str(path), tokens
    name, tokens = request.getfixturevalue(pg_template_fixture)
    return request.getfixturevalue("pg_cluster").database(name), tokens
