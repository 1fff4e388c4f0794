"""A minimal SPARQL endpoint over rdflib's memory store: the benchmark's rdflib baseline.

It loads one N-Quads file into a ``Dataset`` whose default graph is the union of its named
graphs (as Samverkan's store answers), and answers SELECT queries sent as the SPARQL 1.1
protocol allows (GET ``?query=`` or a form POST) with SPARQL JSON results::

    python -m bench.rdflib_endpoint --data served.nq --port 8091 --timeout 60

waitress serves HTTP from its own threads; the queries are evaluated one at a time by the
main thread (rdflib's query parser is not thread-safe, and with the GIL more threads would
not answer more queries anyway), where a timer can stop one that runs past ``--timeout``:
it is answered 503. A request that waited longer than that for its turn is answered 503
without being evaluated. The file is read with pyoxigraph's parser (rdflib's own N-Quads
parser is about ten times slower); the triples go into rdflib's memory store as usual.
"""

from __future__ import annotations

import argparse
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType

import pyoxigraph as ox
import waitress
from flask import Flask, Response, request
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from samverkan.terms import to_rdflib

JSON_RESULTS = "application/sparql-results+json"


class QueryTimeoutError(Exception):
    """The query ran past the endpoint's time limit."""


@dataclass
class Job:
    """One query waiting for the main thread, and its answer once there is one."""

    text: str
    queued: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    body: bytes = b""
    error: str | None = None


def create_app(jobs: queue.Queue[Job]) -> Flask:
    """Return the WSGI app, which hands each query to the main thread through ``jobs``."""
    app = Flask(__name__)

    @app.route("/health")
    def health() -> Response:
        return Response("ok", content_type="text/plain")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        text = request.values.get("query")
        if not text:
            return Response("a 'query' parameter is needed", 400, content_type="text/plain")
        job = Job(text)
        jobs.put(job)
        job.done.wait()
        if job.error is not None:
            return Response(job.error, 503, content_type="text/plain")
        return Response(job.body, content_type=JSON_RESULTS)

    return app


def answer(dataset: Dataset, jobs: queue.Queue[Job], limit: float) -> None:
    """Evaluate queries from ``jobs`` in this (the main) thread, each for at most ``limit`` s."""
    signal.signal(signal.SIGALRM, _time_is_up)
    while True:
        try:
            job = jobs.get(timeout=1.0)
        except queue.Empty:
            continue
        if time.monotonic() - job.queued > limit:
            job.error = f"waited more than {limit:g} s for its turn"
        else:
            _evaluate(dataset, job, limit)
        job.done.set()


def _evaluate(dataset: Dataset, job: Job, limit: float) -> None:
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        job.body = dataset.query(job.text).serialize(format="json") or b""
    except QueryTimeoutError:
        job.error = f"the query did not finish within {limit:g} s"
    except Exception as error:  # any failure is the client's answer
        job.error = f"the query failed: {error}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _time_is_up(signum: int, frame: FrameType | None) -> None:
    raise QueryTimeoutError


def load(path: str) -> Dataset:
    """Read an N-Quads file into a dataset that queries see as one union graph."""
    dataset = Dataset(default_union=True)
    dataset.addN(_quads(dataset, path))
    return dataset


def _quads(dataset: Dataset, path: str) -> Iterator[tuple[Node, Node, Node, Graph]]:
    """Yield the file's quads as rdflib terms, each with its graph in ``dataset``."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(URIRef(name) if name else None)
        yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), graph


def main() -> None:
    """Load the data, say how long it took, and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    started = time.perf_counter()
    dataset = load(args.data)
    print(f"loaded in {time.perf_counter() - started:.3f} s", file=sys.stderr, flush=True)
    jobs: queue.Queue[Job] = queue.Queue()
    server = waitress.create_server(create_app(jobs), host="127.0.0.1", port=args.port, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    answer(dataset, jobs, args.timeout)


if __name__ == "__main__":
    main()
