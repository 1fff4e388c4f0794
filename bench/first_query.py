"""Time the first queries a freshly started server answers, over HTTP.

    python bench/first_query.py                       # about 30 s
    python bench/first_query.py --runs 5 --source /path/to/other/checkout/src

Builds the example federation (``data/``) into a new store, then ``--runs`` times: starts
``samverkan serve`` on it, waits until ``/health`` answers 200 (the server says it is ready),
and times the first query to ``/sparql`` (SPARQL JSON), then the first query page with its
answer (``POST /query``, the table rendered on the server), then the same query again.
Prints the start-up seconds and the milliseconds of each, as medians over the runs. With
``--source``, the server runs the code of another checkout's ``src/`` (the code as it was
before a change, say), so both can be compared on the same machine and data.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.servers import samverkan
from samverkan.config import load_settings
from samverkan.federation import build
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import OxigraphStore

PROJECT = Path(__file__).resolve().parents[1]
#: The query the query page starts with: every kind of item, counted.
QUERY = (PROJECT / "src" / "samverkan" / "web" / "queries" / "editor-start.rq").read_text()


@dataclass(frozen=True)
class Run:
    """One start of the server: seconds until ready, milliseconds of the first requests."""

    ready: float
    first_sparql: float
    #: None where the code served has no such page (a checkout from before it).
    first_page: float | None
    second_sparql: float


def build_store(folder: Path) -> Path:
    """Build the example federation into a new store under ``folder``; return its path."""
    path = folder / "store"
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": path, "base_iri": CANONICAL_BASE}, environ={}
    )
    store = OxigraphStore(path)
    try:
        build(store, settings)
    finally:
        store.close()
    return path


def timed(port: int, method: str, path: str, body: bytes | None, **headers: str) -> float:
    """Send one request; return its milliseconds, raising unless it answered 200."""
    elapsed, status = request(port, method, path, body, **headers)
    if status != 200:
        raise RuntimeError(f"{method} {path}: {status}")
    return elapsed


def request(
    port: int, method: str, path: str, body: bytes | None, **headers: str
) -> tuple[float, int]:
    """Send one request; return its milliseconds and its status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    return elapsed, answer.status


def one_run(store: Path, log: Path) -> Run:
    """Start the server, wait until it is ready, time its first requests."""
    started = time.perf_counter()
    with samverkan(store, CANONICAL_BASE, log) as server:
        ready = time.perf_counter() - started
        sparql = "/sparql?" + urlencode({"query": QUERY})
        json = {"Accept": "application/sparql-results+json"}
        first = timed(server.port, "GET", sparql, None, **json)
        form = urlencode({"query": QUERY}).encode()
        page, status = request(
            server.port,
            "POST",
            "/query",
            form,
            **{"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
        )
        second = timed(server.port, "GET", sparql, None, **json)
    return Run(ready, first, page if status == 200 else None, second)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", type=Path, help="serve the code of this src/ folder")
    options = parser.parse_args()
    if options.source:
        os.environ["PYTHONPATH"] = str(options.source.resolve())
    with tempfile.TemporaryDirectory(prefix="first-query-") as work:
        store = build_store(Path(work))
        runs = [one_run(store, Path(work) / f"server-{n}.log") for n in range(options.runs)]
    print(f"code served: {options.source or PROJECT / 'src'}; {options.runs} starts; medians")
    pages = [r.first_page for r in runs if r.first_page is not None]
    page = f"{statistics.median(pages):8.1f} ms" if pages else "     (no such page)"
    print(f"ready (until /health answers 200): {median([r.ready for r in runs]):8.2f} s")
    print(f"first query, /sparql (JSON):       {median([r.first_sparql for r in runs]):8.1f} ms")
    print(f"first query page, POST /query:     {page}")
    print(f"the query again, /sparql:          {median([r.second_sparql for r in runs]):8.1f} ms")
    print(f"load average: {os.getloadavg()[0]:.2f}")


def median(values: list[float]) -> float:
    return statistics.median(values)


if __name__ == "__main__":
    main()
