"""Measure what a large answer costs the web process's memory: it should not hold the answer.

::

    python bench/stream_memory.py --store bench/work/100k/store

Serves a built store with ``samverkan serve``, reads the web process's peak resident set
(``VmHWM``) after a small query, then asks for every statement of the store (a SELECT in
JSON and a CONSTRUCT in N-Triples, each read to its end over HTTP) and reads the peak again.
An answer held whole in the web process (as bytes, then handed to waitress) raises the peak
by at least its size; a streamed one by about a chunk. Prints the sizes and the peaks (MB).
"""

from __future__ import annotations

import argparse
import http.client
import sys
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers
from samverkan.namespaces import CANONICAL_BASE

QUERIES = (
    ("SELECT, JSON", "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    (
        "CONSTRUCT, N-Triples",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "application/n-triples",
    ),
)


def read_answer(port: int, query: str, accept: str) -> int:
    """Ask ``query`` and read the answer to its end; return its size in bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request(
            "GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": accept}
        )
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
        if response.status != 200:
            raise SystemExit(f"{query}: {response.status}")
        return size
    finally:
        connection.close()


def main() -> None:
    """Serve the store, ask the large queries, print the answer sizes and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a built store (not in use)")
    arguments = parser.parse_args()
    log = arguments.store.with_name("stream-memory.log")
    with servers.samverkan(arguments.store, CANONICAL_BASE, log) as ours:
        read_answer(ours.port, "ASK { ?s ?p ?o }", "application/sparql-results+json")
        before = servers.memory(ours.pid)
        print(f"web process after a small query: RSS {before.rss:.0f} MB, peak {before.peak:.0f}")
        for name, query, accept in QUERIES:
            size = read_answer(ours.port, query, accept)
            now = servers.memory(ours.pid)
            print(
                f"{name}: answer {size / 2**20:.1f} MB; web process RSS {now.rss:.0f} MB, "
                f"peak {now.peak:.0f} MB (+{now.peak - before.peak:.0f} since the small query)"
            )


if __name__ == "__main__":
    main()
