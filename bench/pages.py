"""Time and weigh every kind of HTML page on a generated federation, over HTTP.

    python bench/pages.py --triples 20000          # about 2 minutes on 2 cores
    python bench/pages.py --triples 100000 --runs 5

Builds the generated federation into a store (as ``bench/run.py`` does), serves it with
``samverkan serve``, gives actor ``a1`` a history (its part submitted, then again with
:data:`NOTES` more triples, so that a comparison has thousands of rows), makes a
validation report of about :data:`REPORT_RESULTS` results as a job, then fetches each kind
of page ``--runs`` times and prints, per page: the median and slowest seconds, the bytes,
and the most rows of any of its tables. Sizes above :data:`bench.dataset.MOST_TRIPLES` are
refused without ``--large``: the machine is shared.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import ACTOR, ID, LAYOUT, built_as_asked, size_options
from bench.htmlpages import table_rows
from bench.servers import samverkan
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import OxigraphStore
from samverkan.submissions.credentials import Credentials

NOTES = 3000
REPORT_RESULTS = 1500
SAM_PREFIX = "@prefix sam: <https://samverkan.example.org/def/samverkan#> .\n"


@dataclass(frozen=True)
class Figure:
    """One page measured: its path, times, size and longest table."""

    kind: str
    path: str
    median: float
    slowest: float
    size: int
    rows: int


class Client:
    """Requests to the served federation, one connection each."""

    def __init__(self, port: int) -> None:
        self.port = port

    def send(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            connection.close()

    def job(self, path: str, body: bytes, content_type: str, **headers: str) -> str:
        """Start work as a job, wait for it, return its result's address."""
        status, answer, text = self.send(
            "POST",
            path,
            body,
            **{"Content-Type": content_type, "Prefer": "respond-async"},
            Accept="application/json",
            **headers,
        )
        if status != 202:
            raise RuntimeError(f"{path}: {status} {text[:300]!r}")
        while True:
            state = json.loads(self.send("GET", answer["Location"])[2])
            if state["result"]:
                return str(state["result"])
            time.sleep(0.2)


def actor_part(source: Path, actor: str) -> bytes:
    """Return an actor's generated part as N-Triples."""
    graph = ox.NamedNode(str(LAYOUT.actor(actor)))
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
        if q.graph_name == graph
    ]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def with_notes(part: bytes, count: int) -> bytes:
    """Return the part with ``count`` notes more on the actor."""
    notes = "".join(
        f'<{ID}{ACTOR}> <http://www.w3.org/2000/01/rdf-schema#comment> "Note {n}."@en .\n'
        for n in range(count)
    )
    return part + notes.encode()


def unnamed_processes(count: int) -> bytes:
    """Return processes of a1 with nothing but type and owner (4 results each)."""
    lines = [SAM_PREFIX]
    for n in range(count):
        lines.append(
            f"<{ID}{ACTOR}/process/unnamed-{n}> a sam:Process ; sam:owner <{ID}{ACTOR}> .\n"
        )
    return "".join(lines).encode()


def prepare(client: Client, source: Path, token: str) -> dict[str, str]:
    """Give a1 two versions and make a big report; return the pages to measure by kind."""
    auth = {"Authorization": f"Bearer {token}"}
    part = actor_part(source, ACTOR)
    for body in (part, with_notes(part, NOTES)):
        client.job(f"/submissions/{ACTOR}", body, "application/n-triples", **auth)
    report = client.job(
        f"/validate?actor={ACTOR}", unnamed_processes(REPORT_RESULTS // 4), "text/turtle"
    )
    return {
        "home": "/",
        "catalog index": "/catalogs",
        **{f"catalog {slug}": f"/catalogs/{slug}" for slug in ("process", "service")},
        "catalog, filtered": f"/catalogs/process?actor={ID}{ACTOR}&q=a",
        "actors": "/actors",
        "actor (hub)": "/id/hub",
        "actor": f"/id/{ACTOR}",
        "process": f"/id/{ACTOR}/process/p0",
        "search": "/search?q=skatt",
        "ontology": "/def/samverkan",
        "shapes": "/def/shapes",
        "history": f"/id/{ACTOR}/versions",
        "comparison": f"/id/{ACTOR}/versions/compare?from=1&to=2",
        "comparison, last page": f"/id/{ACTOR}/versions/compare?from=1&to=2&added_page=15",
        "restore": f"/id/{ACTOR}/version/1/restore",
        "version report": f"/id/{ACTOR}/version/2/report",
        "report, 1 500 results": report,
        "report, filtered": f"{report}?severity=Info",
    }


def measure(client: Client, kind: str, path: str, runs: int) -> Figure:
    """Fetch a page ``runs`` times (after one warm-up); return its figures."""
    times, body = [], b""
    for run in range(runs + 1):
        started = time.perf_counter()
        status, _, body = client.send("GET", path, Accept="text/html")
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:300]!r}")
        if run:
            times.append(time.perf_counter() - started)
    rows = table_rows(body.decode("utf-8"))
    return Figure(kind, path, statistics.median(times), max(times), len(body), max(rows or [0]))


def table(figures: list[Figure]) -> str:
    """Return the figures as a Markdown table."""
    lines = ["| page | median s | slowest s | KB | most rows |", "|---|---:|---:|---:|---:|"]
    for f in figures:
        lines.append(
            f"| {f.kind} | {f.median:.3f} | {f.slowest:.3f} | {f.size / 1024:.1f} | {f.rows} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    size_options(parser, 20_000)
    args = parser.parse_args()
    source, built = built_as_asked(parser, args, f"pages-{args.triples}")
    opened = OxigraphStore(built.store)
    try:
        token = Credentials(opened).create(ACTOR)
    finally:
        opened.close()
    log = args.work / f"pages-{args.triples}.log"
    with samverkan(built.store, CANONICAL_BASE, log) as endpoint:
        client = Client(endpoint.port)
        pages = prepare(client, source, token)
        figures = [measure(client, kind, path, args.runs) for kind, path in pages.items()]
    print(f"Pages of a generated federation of {built.total} quads, {args.runs} runs each:\n")
    print(table(figures))


if __name__ == "__main__":
    main()
