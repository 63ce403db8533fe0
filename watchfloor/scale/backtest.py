"""A forecast's many fits on a Dask cluster: the rolling-origin backtest's refit blocks and a scenario's
bootstrap refits.

`watchfloor/forecast/backtest.py` runs its origins in blocks of `refit_every` (a block's models are fitted at
its first origin and scored at each of its origins) through whatever `ORIGIN_BLOCKS_MAP` holds, and
`compare_scenario` (watchfloor/forecast/api.py) its refits through `REFITS_MAP`; inside `forecasts_on(client)`
both are the cluster, one task per block or refit, results back in order — the same numbers as in one process.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator


def cluster_map(client) -> Callable[[Callable, Iterable], list]:
    """map(fn, blocks) on the cluster, in order (a block whose worker dies runs again elsewhere)."""
    def run(fn: Callable, blocks: Iterable) -> list:
        return client.gather(client.map(fn, list(blocks), pure=False))
    return run


@contextmanager
def forecasts_on(client) -> Iterator[None]:
    """Backtests and scenario comparisons run inside this block send their refits to `client`'s cluster."""
    from watchfloor.forecast.api import REFITS_MAP
    from watchfloor.forecast.backtest import ORIGIN_BLOCKS_MAP
    run = cluster_map(client)
    tokens = ORIGIN_BLOCKS_MAP.set(run), REFITS_MAP.set(run)
    try:
        yield
    finally:
        ORIGIN_BLOCKS_MAP.reset(tokens[0])
        REFITS_MAP.reset(tokens[1])
