"""Work held until the end of a batch: inside `holding(var, store, …)`, a step notes what it would do for one item
(`held_for(var, store)` gives the collection) and on leaving, without an error, `finish` does it for them all at
once. Nested batches on the same store join the outer one. Used by incident linking and judgment tracking, which
a batch of read reports does set-wise instead of once per report."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator


def held_for(var: ContextVar, store) -> dict | None:
    """The batch collecting for `store` in this context, or None."""
    held = var.get()
    return held if held is not None and held["store"] is store else None


@contextmanager
def holding(var: ContextVar, store, key: str, empty: Any, finish: Callable[[Any], Any]) -> Iterator[dict]:
    """Yields the collected state {store, key: the items, detail: what `finish` returned, once done}."""
    outer = held_for(var, store)
    if outer is not None:
        yield outer                  # an enclosing batch does these too
        return
    held = {"store": store, key: empty, "detail": None}
    token = var.set(held)
    try:
        yield held
    finally:
        var.reset(token)
    if held[key]:
        held["detail"] = finish(held[key])
