"""A small key-value table for store-wide settings (e.g. that a store was built by `watchfloor demo`)."""
from __future__ import annotations

from watchfloor.store.connection import Store


def get_setting(store: Store, key: str) -> str | None:
    return store.scalar("SELECT value FROM settings WHERE key = ?", [key])


def set_setting(store: Store, key: str, value: str) -> None:
    with store.transaction():
        store.execute("DELETE FROM settings WHERE key = ?", [key])
        store.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
