"""Errors of the store, whatever the backend."""
from __future__ import annotations


class StoreError(Exception):
    """A problem with the store itself (locked, unreadable, newer schema)."""


class StoreBusyError(StoreError):
    """Another process (usually `watchfloor serve`) holds the store open for writing."""
