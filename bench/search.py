"""Measure full-text search: index build, one actor's refresh, and query times, at one size.

::

    python bench/search.py --nquads bench/work/federation-100k.nq
    python bench/search.py --nquads bench/work/federation-1m.nq --index /tmp/search.sqlite

The data is a file written by ``bench/generate.py``, loaded into an in-memory store. Prints
a Markdown table of the medians of nine runs per query. Not yet wired into ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from samverkan.namespaces import CANONICAL_BASE
from samverkan.search import SearchIndex
from samverkan.storage import GraphLayout, OxigraphStore

#: Queries from rare to found in every item ("beskrivning" is in every description).
QUERIES = ("livshändelse 3", "skatt ansökan", "barn", "flytt", "ers", "beskrivning", "xyzzy")
RUNS = 9


def main() -> None:
    """Build the index over the given data and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nquads", type=Path, required=True)
    parser.add_argument("--index", type=Path, help="index file (default: a temporary one)")
    args = parser.parse_args()
    store, layout = OxigraphStore(None), GraphLayout(CANONICAL_BASE)
    with args.nquads.open("rb") as source:
        store.load_quads(ox.parse(source, format=ox.RdfFormat.N_QUADS))
    with tempfile.TemporaryDirectory() as scratch:
        index = SearchIndex(args.index or Path(scratch) / "search.sqlite")
        started = time.perf_counter()
        items = index.rebuild(store, layout)
        print(f"| build | {items} items | {time.perf_counter() - started:.1f} s |")
        print(f"| refresh one actor | | {_refresh(index, store, layout) * 1000:.0f} ms |")
        for text in QUERIES:
            total, median = _query(index, text)
            print(f"| query {text!r} | {total} matches | {median:.1f} ms |")


def _refresh(index: SearchIndex, store: OxigraphStore, layout: GraphLayout) -> float:
    actors = sorted(s for g in store.graph_names() if (s := layout.actor_slug(g)))
    started = time.perf_counter()
    index.refresh_actor(store, layout, actors[len(actors) // 2])
    return time.perf_counter() - started


def _query(index: SearchIndex, text: str) -> tuple[int, float]:
    results = [index.search(text) for _ in range(RUNS)]
    return results[0].total, statistics.median(r.seconds for r in results) * 1000


if __name__ == "__main__":
    main()
