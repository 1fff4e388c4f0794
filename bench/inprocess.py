"""Time the named queries in this process, on pyoxigraph itself: the engine with no server.

The store files are those every server of the benchmark reads; the query text is the one the
HTTP peers get; each answer is read to its last row, as a client reads it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox

from bench.client import Series


def time_queries(store: Path, texts: dict[str, str], runs: int, budget: float) -> dict[str, Series]:
    """Return the timings of each query of ``texts`` run in-process on ``store``."""
    opened = ox.Store.read_only(str(store))
    try:
        return {name: _time(opened, text, runs, budget) for name, text in texts.items()}
    finally:
        del opened


def _time(store: ox.Store, text: str, runs: int, budget: float) -> Series:
    series = Series()
    try:
        first, series.rows = _run(store, text)
        if first > budget / 2:
            series.seconds.append(first)
            return series
        deadline = time.monotonic() + budget
        for _ in range(runs):
            seconds, series.rows = _run(store, text)
            series.seconds.append(seconds)
            if time.monotonic() > deadline:
                break
    except (OSError, SyntaxError, ValueError) as error:
        series.error = str(error)[:200]
    return series


def _run(store: ox.Store, text: str) -> tuple[float, int]:
    started = time.perf_counter()
    answer = store.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    rows = sum(1 for _ in answer)
    return time.perf_counter() - started, rows
