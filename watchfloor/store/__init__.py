"""The store: the contract between stages and the only code that writes SQL."""
from watchfloor.store.connection import Store, StoreBusyError, StoreError

__all__ = ["Store", "StoreBusyError", "StoreError"]
