"""Time the catalogs' first pages in process, from the listing index and from the store.

    python bench/listings.py --triples 10000
    python bench/listings.py --triples 100000 --runs 5

Builds the generated federation (as ``bench/pages.py`` does), then, in process with Flask's
test client, fetches the first page of ``/catalogs/process`` and ``/catalogs/service`` (and a
text-filtered one) ``--runs`` times from two apps over the same store: one whose listings
come from the store (catalog-count.rq and catalog-keys.rq: the index is switched off), one
whose listings come from the listing index. Prints the median and slowest seconds of each,
the first (cold) fetch of the index's app apart (it builds the index), the index's build
time and the memory its snapshot holds once both listings are read. The store built in bulk
records no identity (so no generation, and the index does not answer it): it is recorded
first, as building a store from the project's files does. Sizes above
:data:`bench.dataset.MOST_TRIPLES` are refused without ``--large``: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from bench.dataset import built_as_asked, size_options
from samverkan.config import load_settings
from samverkan.listings.index import ListingIndex, Snapshot
from samverkan.listings.index import build as build_index
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import OxigraphStore, generation
from samverkan.web import create_app
from samverkan.web.common.services import of_app

PAGES = {
    "catalog process": "/catalogs/process?lang=sv",
    "catalog service": "/catalogs/service?lang=sv",
    "catalog service, q=tj": "/catalogs/service?lang=sv&q=tj",
}


class StoreOnly(ListingIndex):
    """A listing index that never answers: every listing is read from the store."""

    def snapshot(self) -> Snapshot | None:
        """Answer nothing, so the store answers."""
        return None


def app_over(store: OxigraphStore, state: Path, indexed: bool) -> Flask:
    """Return an app over ``store``, its listings from the index or from the store."""
    settings = load_settings(
        {"project_dir": Path(__file__).resolve().parents[1], "store_path": state / "store",
         "base_iri": CANONICAL_BASE},
        environ={},
    )  # fmt: skip
    app = create_app({"TESTING": True}, settings=settings, store=store)
    if not indexed:
        services = of_app(app)
        services.held(ListingIndex, lambda: StoreOnly(services.store))
    return app


def fetch(app: Flask, path: str) -> float:
    """Return the seconds one GET of ``path`` takes (it must answer 200)."""
    client = app.test_client()
    started = time.perf_counter()
    answer = client.get(path, headers={"Accept": "text/html"})
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed


def series(app: Flask, path: str, runs: int) -> str:
    times = [fetch(app, path) for _ in range(runs)]
    return f"{statistics.median(times):.4f} | {max(times):.4f}"


def index_figures(store: OxigraphStore) -> str:
    """Return the index's build time, the time to sort two listings, and the memory a
    snapshot holds with them (a second build, under tracemalloc, which slows it)."""
    token = generation.current(store) or ""
    started = time.perf_counter()
    snapshot = build_index(store, token)
    built = time.perf_counter() - started
    _sort_two(snapshot)
    sorted_too = time.perf_counter() - started
    tracemalloc.start()
    measured = build_index(store, token)
    _sort_two(measured)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert measured.complete
    return (
        f"index: build {built:.3f} s, with two listings sorted {sorted_too:.3f} s; "
        f"held {held / 1e6:.1f} MB (peak {peak / 1e6:.1f} MB, tracemalloc)"
    )


def _sort_two(snapshot: Snapshot) -> None:
    for kind in ("ProcessCatalog", "ServiceCatalog"):
        snapshot.view(f"https://samverkan.example.org/def/samverkan#{kind}", "sv", None, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size_options(parser, 10_000)
    args = parser.parse_args()
    _, built = built_as_asked(parser, args, "listings")
    store = OxigraphStore(built.store)
    assert generation.current(store) is not None
    print(f"{args.triples} triples generated, {built.total} quads; load {os.getloadavg()}")
    reference, indexed = (
        app_over(store, built.store.parent, False),
        app_over(store, built.store.parent, True),
    )
    print("| page | store: median s | slowest s | index: first s | median s | slowest s |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, path in PAGES.items():
        before = series(reference, path, args.runs)
        cold = fetch(indexed, path)
        print(f"| {kind} | {before} | {cold:.4f} | {series(indexed, path, args.runs)} |")
    print(index_figures(store))
    print(f"load average after: {os.getloadavg()}")
    store.close()


if __name__ == "__main__":
    main()
