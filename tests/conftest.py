"""Shared fixtures: real stores in temporary files, built once per session and copied per test.

The `any_*` fixtures run a test on both backends: a DuckDB file, and a database of a throwaway PostgreSQL
cluster the session starts itself (tests/pg_helpers.py) and stops at its end."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pg_helpers import BACKENDS, Cluster, database_name

from watchfloor.bundled import BUNDLED_EVENTS, load_reference
from watchfloor.ingest import ingest_file
from watchfloor.store import Store


@pytest.fixture(scope="session")
def _reference_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "reference.duckdb"
    with Store.open(path) as store:
        load_reference(store)
    return path


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory, _reference_template) -> Path:
    path = tmp_path_factory.mktemp("templates") / "bundled.duckdb"
    shutil.copy(_reference_template, path)
    with Store.open(path) as store:
        ingest_file(store, BUNDLED_EVENTS, "ucdp")
    return path


@pytest.fixture
def reference_db(tmp_path, _reference_template) -> Path:
    """A store file with the bundled reference data (regions, places, actors, force presence), no events."""
    path = tmp_path / "reference.duckdb"
    shutil.copy(_reference_template, path)
    return path


@pytest.fixture
def bundled_db(tmp_path, _bundled_template) -> Path:
    """A store file with the reference data and the bundled UCDP GED events."""
    path = tmp_path / "bundled.duckdb"
    shutil.copy(_bundled_template, path)
    return path


@pytest.fixture
def reference_store(reference_db):
    with Store.open(reference_db) as store:
        yield store


@pytest.fixture
def bundled_store(bundled_db):
    with Store.open(bundled_db) as store:
        yield store


# -- both backends -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def _pg_reference_template(pg_cluster) -> str:
    url = pg_cluster.database()
    with Store.open(url) as store:
        load_reference(store)
    return database_name(url)


@pytest.fixture(scope="session")
def _pg_bundled_template(pg_cluster, _pg_reference_template) -> str:
    url = pg_cluster.database(template=_pg_reference_template)
    with Store.open(url) as store:
        ingest_file(store, BUNDLED_EVENTS, "ucdp")
    return database_name(url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def any_fresh_db(backend, tmp_path, request) -> str:
    """Where a new, empty store goes: a DuckDB file path or a new PostgreSQL database's URL."""
    if backend == "duckdb":
        return str(tmp_path / "store.duckdb")
    return request.getfixturevalue("pg_cluster").database()


@pytest.fixture
def any_reference_db(backend, request) -> str:
    """A store with the bundled reference data, on each backend (a path or a URL)."""
    if backend == "duckdb":
        return str(request.getfixturevalue("reference_db"))
    return request.getfixturevalue("pg_cluster").database(request.getfixturevalue("_pg_reference_template"))


@pytest.fixture
def any_bundled_db(backend, request) -> str:
    """A store with the reference data and the bundled UCDP GED events, on each backend."""
    if backend == "duckdb":
        return str(request.getfixturevalue("bundled_db"))
    return request.getfixturevalue("pg_cluster").database(request.getfixturevalue("_pg_bundled_template"))


@pytest.fixture
def any_reference_store(any_reference_db):
    with Store.open(any_reference_db) as store:
        yield store


@pytest.fixture
def any_bundled_store(any_bundled_db):
    with Store.open(any_bundled_db) as store:
        yield store
