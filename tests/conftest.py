"""Shared fixtures: real stores in temporary files, built once per session and copied per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
