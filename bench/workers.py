"""How the server scales with its processes: requests per second with ``--workers`` 1 and N,
and with N stateless servers over one ``oxigraph serve``.

::

    python bench/workers.py --store bench/work/100k/store --workers 1,3 --stateless 1,3 \
        --clients 1,4,16

The store is one that ``bench/run.py`` built (under the canonical base IRI; its actor ``a1``
is asked about). Each worker count is served in turn, ``samverkan serve --workers W`` on the
same store; for each number of clients, that many threads, each on a kept-alive connection
of its own, send a mix in turn for the given seconds: the named queries of the throughput mix
at their addresses (``/queries/<name>?...``, as SPARQL JSON) and GETs of items (Turtle and
HTML). The table says requests per second, errors, the memory of all the server's processes,
and the ratio to the first worker count with as many clients, all from the same run.

A kept-alive connection stays with the reader that accepted it, so one client keeps one
reader busy: more processes can only help with more clients than one.

``--stateless N`` serves a copy of the store with Oxigraph's own server (read-write, as
servers over a remote store need it) and starts N ``samverkan serve`` processes over it
(``store_kind=remote``), each on a port of its own, sharing no folder; client *k* talks to
server *k mod N*, as a load balancer in front of them would spread connections. The memory
is that of every process, Oxigraph's included. Both ways get the same mix, clients and
seconds in the same run (issue 14, point 6: keep the home-made workers only if they win by
a wide margin).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from bench import dataset, servers
from bench.client import GRACE_SECONDS, JSON_RESULTS, Client, query_address
from bench.run import MIX
from samverkan.namespaces import CANONICAL_BASE
from samverkan.queries import load_queries
from samverkan.storage.base import is_state_graph
from samverkan.storage.remote import REGISTRY

#: Items dereferenced in the mix, each as Turtle and as HTML.
ITEMS = (f"/id/{dataset.ACTOR}", f"/id/{dataset.ACTOR}/process/p0")
#: Seconds the server may take to say that every reader listens.
STARTUP_SECONDS = 300.0

Request = tuple[str, str]


@dataclass(frozen=True)
class Figure:
    """Requests answered per second by some clients of a server with some processes
    (``kind``: ``--workers`` on the embedded store, or ``stateless`` over ``oxigraph serve``)."""

    kind: str
    workers: int
    clients: int
    completed: int
    errors: int
    seconds: float
    memory_mb: float

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def mix(store: Path) -> list[Request]:
    """Return the requests sent in turn: the named queries of the mix, then the items."""
    values = dataset.parameters(store)
    named = load_queries(dataset.PROJECT / "queries")
    queries = [
        (query_address(query, {p.name: values[p.name] for p in query.parameters}), JSON_RESULTS)
        for name, query in named.items()
        if name in MIX
    ]
    pages = [(item, accept) for item in ITEMS for accept in ("text/turtle", "text/html")]
    return queries + pages


def measure(
    store: Path, workers: int, clients: list[int], seconds: float, requests: list[Request]
) -> list[Figure]:
    """Serve ``store`` with ``workers`` processes; measure each number of clients in turn."""
    log = store.with_name(f"{store.name}-workers-{workers}.log")
    options = ["--workers", str(workers)]
    with servers.samverkan(store, CANONICAL_BASE, log, options) as server:
        if workers > 1:
            _wait_for_readers(log, workers)
        _warm_up(server.port, requests, workers)
        figures = []
        for count in clients:
            _say(f"--workers {workers}: {count} clients for {seconds:g} s")
            completed, errors, elapsed = throughput([server.port], requests, count, seconds)
            memory = servers.memory(server.pid)
            total = memory.rss + memory.children
            figures.append(Figure("--workers", workers, count, completed, errors, elapsed, total))
    return figures


def measure_stateless(
    store: Path, count: int, clients: list[int], seconds: float, requests: list[Request]
) -> list[Figure]:
    """Serve a copy of ``store`` with ``oxigraph serve`` and ``count`` stateless servers over
    it; measure each number of clients in turn, the clients spread over the servers."""
    shared = shared_copy(store)
    with ExitStack() as stack:
        oxigraph = stack.enter_context(
            servers.oxigraph_read_write(shared, store.with_name(f"{store.name}-oxigraph.log"))
        )
        address = f"http://127.0.0.1:{oxigraph.port}"
        settings = {
            "store_kind": "remote",
            "store_query_url": f"{address}/query",
            "store_update_url": f"{address}/update",
        }
        started = [
            stack.enter_context(
                servers.samverkan(
                    store.with_name(f"{store.name}-stateless-{n}"),
                    CANONICAL_BASE,
                    store.with_name(f"{store.name}-stateless-{n}.log"),
                    settings=settings,
                )
            )
            for n in range(count)
        ]
        ports = [server.port for server in started]
        for port in ports:
            _warm_up(port, requests, 1)
        figures = []
        for clients_count in clients:
            _say(f"{count} stateless servers: {clients_count} clients for {seconds:g} s")
            completed, errors, elapsed = throughput(ports, requests, clients_count, seconds)
            pids = [server.pid for server in started] + [oxigraph.pid]
            total = sum(m.rss + m.children for m in map(servers.memory, pids))
            figures.append(
                Figure("stateless", count, clients_count, completed, errors, elapsed, total)
            )
    return figures


def shared_copy(store: Path) -> Path:
    """Return a copy of ``store`` that a remote store reads: every graph the embedded store
    lists, named in the registry graph that :class:`RemoteStore` keeps (made once)."""
    copy = store.with_name(f"{store.name}-shared")
    if copy.exists():
        return copy
    building = copy.with_name(f"{copy.name}.partial")
    shutil.rmtree(building, ignore_errors=True)
    shutil.copytree(store, building)
    opened = ox.Store(str(building))
    holds = ox.NamedNode("urn:x-samverkan:store:holds")
    registry = ox.NamedNode(str(REGISTRY))
    listed = [
        ox.Quad(name, holds, name, registry)
        for name in opened.named_graphs()
        if isinstance(name, ox.NamedNode) and not is_state_graph(name.value)
    ]
    opened.extend(listed)
    opened.flush()
    del opened
    building.rename(copy)
    return copy


def throughput(
    ports: list[int], requests: list[Request], clients: int, seconds: float
) -> tuple[int, int, float]:
    """Let ``clients`` threads send ``requests`` in turn for ``seconds``, client *k* to
    ``ports[k % len(ports)]``; return the answers, the errors and the seconds until the last
    answer came."""
    counts = [[0, 0] for _ in range(clients)]
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(ports[n % len(ports)], requests, n, deadline, counts[n]),
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * GRACE_SECONDS)
    elapsed = time.perf_counter() - started
    return sum(c[0] for c in counts), sum(c[1] for c in counts), elapsed


def _client_loop(
    port: int, requests: list[Request], offset: int, deadline: float, count: list[int]
) -> None:
    """Send the requests round-robin from ``offset`` until ``deadline``; count answers, errors."""
    client = Client(port, timeout=GRACE_SECONDS + (deadline - time.monotonic()))
    sent = offset
    try:
        while time.monotonic() < deadline:
            path, accept = requests[sent % len(requests)]
            try:
                client.get(path, accept)
                count[0] += 1
            except (OSError, RuntimeError):
                count[1] += 1
                client.close()
            sent += 1
    finally:
        client.close()


def table(figures: list[Figure]) -> str:
    """Return the figures as a Markdown table, each row compared with the first row that has
    as many clients (the first worker count measured)."""
    first: dict[int, float] = {}
    for f in figures:
        first.setdefault(f.clients, f.per_second)
    lines = [
        "| way | processes | clients | requests/s | errors | memory (MB, all processes) "
        "| vs first |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        base = first.get(f.clients) or 0.0
        ratio = f"{f.per_second / base:.2f}x" if base else "-"
        lines.append(
            f"| {f.kind} | {f.workers} | {f.clients} | {f.per_second:,.1f} | {f.errors} "
            f"| {f.memory_mb:,.0f} | {ratio} |"
        )
    return "\n".join(lines)


def _wait_for_readers(log: Path, workers: int) -> None:
    """Wait until the server says that every reader listens (the first answers before)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while f"with {workers} reader processes" not in log.read_text():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the readers did not all start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _warm_up(port: int, requests: list[Request], workers: int) -> None:
    """Send the whole mix once to every process, so that each has started its query workers
    (they start at the first query) before the clock runs."""
    warmed: set[int] = set()
    deadline = time.monotonic() + STARTUP_SECONDS
    while len(warmed) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(warmed)} of {workers} processes answered")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=STARTUP_SECONDS)
        try:
            pid = json.loads(_fetch(connection, "/health", "application/json"))["process"]
            if pid not in warmed:
                for path, accept in requests:
                    _fetch(connection, path, accept)
                warmed.add(pid)
        finally:
            connection.close()


def _fetch(connection: http.client.HTTPConnection, path: str, accept: str) -> bytes:
    """GET ``path`` on ``connection`` (kept alive, so the same process answers); the body."""
    connection.request("GET", path, headers={"Accept": accept})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status} {body[:500]!r}")
    return body


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    """Measure as the command line says and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store bench/run.py built")
    parser.add_argument("--workers", type=_numbers, default=[1, 3], help="e.g. 1,3 (default)")
    parser.add_argument(
        "--stateless", type=_numbers, default=[], help="stateless servers over oxigraph serve"
    )
    parser.add_argument("--clients", type=_numbers, default=[1, 4, 16], help="e.g. 1,4,16")
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    args = parser.parse_args(argv)
    requests = mix(args.store)
    figures = [
        figure
        for workers in args.workers
        for figure in measure(args.store, workers, args.clients, args.seconds, requests)
    ]
    figures += [
        figure
        for count in args.stateless
        for figure in measure_stateless(args.store, count, args.clients, args.seconds, requests)
    ]
    print(f"Mix of {len(requests)} requests: {', '.join(path for path, _ in requests)}\n")
    print(table(figures))


if __name__ == "__main__":
    main()
