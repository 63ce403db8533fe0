"""The rolling-origin backtest's refit blocks on a Dask cluster.

`watchfloor/forecast/backtest.py` runs its origins in blocks of `refit_every` (a block's models are fitted at
its first origin and scored at each of its origins) through whatever `ORIGIN_BLOCKS_MAP` holds; inside
`origins_on(client)` that is the cluster, one task per block, results back in block order — the scores are
the same as in one process.
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
def origins_on(client) -> Iterator[None]:
    """Backtests run inside this block send their refit blocks to `client`'s cluster."""
    from watchfloor.forecast.backtest import ORIGIN_BLOCKS_MAP
    token = ORIGIN_BLOCKS_MAP.set(cluster_map(client))
    try:
        yield
    finally:
        ORIGIN_BLOCKS_MAP.reset(token)
