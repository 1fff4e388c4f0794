"""The benchmark's HTTP client: SPARQL queries and GETs timed over a kept-alive connection.

``oxigraph serve`` gets the text Samverkan's named route runs: the named query with its
parameters written into its patterns and kept in a ``VALUES`` block
(:func:`samverkan.storage.values.pin_values`, which writes each value as checked N-Triples);
rdflib and Virtuoso get the parameters in a ``VALUES`` block only (:func:`values_text`); each
is POSTed to the peer's SPARQL endpoint. Samverkan is asked the way
its users ask it: a GET of the named query's address, ``/queries/<name>?param=value``, which
binds the values itself (a request text that starts with ``/`` is such an address). The
values are the benchmark's own, picked from the generated data, never user input.
"""

from __future__ import annotations

import http.client
import json
import math
import re
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from rdflib.term import Node

from samverkan.queries import NamedQuery
from samverkan.storage.values import inject_values, pin_values

JSON_RESULTS = "application/sparql-results+json"
#: Seconds one request may take before the client gives up on it.
REQUEST_SECONDS = 600.0
#: Seconds a throughput client waits for its last answer after the time is up.
GRACE_SECONDS = 30.0


def query_text(named: NamedQuery, bindings: dict[str, Node]) -> str:
    """Return the text Samverkan's named route runs for ``bindings``: the values written into
    the patterns and kept in a VALUES block (:func:`samverkan.storage.values.pin_values`).
    The Oxigraph peers get exactly this text (measurements.md: a VALUES block alone is far
    slower on Oxigraph for some queries, so ratios against it would not be like for like)."""
    return pin_values(named.text(), bindings)


def values_text(named: NamedQuery, bindings: dict[str, Node]) -> str:
    """Return the named query with ``bindings`` in a VALUES block opening its WHERE group
    (:func:`samverkan.storage.values.inject_values`): what rdflib and Virtuoso get. Virtuoso
    7.2.5 did not answer the pinned text of ``data-element-upwards`` within 3 minutes at
    100 k triples (the VALUES form: 30 ms), so each peer gets the form its engine answers."""
    return inject_values(named.text(), bindings)


def query_address(named: NamedQuery, values: dict[str, str]) -> str:
    """Return the address of the named query on a Samverkan server, with its parameters."""
    return f"/queries/{named.name}?{urlencode(values)}" if values else f"/queries/{named.name}"


class Client:
    """One kept-alive connection to one server."""

    def __init__(self, port: int, path: str = "/sparql", timeout: float = REQUEST_SECONDS) -> None:
        self.port = port
        self.path = path
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    def select(self, query: str) -> tuple[float, int]:
        """POST a SELECT query (or GET a named query's address); return the seconds until the
        whole answer came, and its rows."""
        if query.startswith("/"):
            seconds, payload = self._send("GET", query, None, {"Accept": JSON_RESULTS})
        else:
            body = urlencode({"query": query}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON_RESULTS}
            seconds, payload = self._send("POST", self.path, body, headers)
        return seconds, len(json.loads(payload)["results"]["bindings"])

    def get(self, path: str, accept: str) -> float:
        """GET ``path``; return the seconds until the whole answer came."""
        return self._send("GET", path, None, {"Accept": accept})[0]

    def close(self) -> None:
        """Close the connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[float, bytes]:
        """Send one request (reconnecting once if the kept-alive connection was closed)."""
        for attempt in range(2):
            connection = self._connect()
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise
                continue
            seconds = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: {response.status} {payload[:500]!r}")
            return seconds, payload
        raise AssertionError("unreachable")

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        return self._connection


@dataclass
class Series:
    """Timings of one request repeated: seconds per run, and the rows of the answer."""

    seconds: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str | None = None
    #: The server's time limit, when the query ran past it.
    gave_up_after: float | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.seconds) * 1000 if self.seconds else None

    @property
    def p95_ms(self) -> float | None:
        """Return the 95th percentile (nearest rank) in milliseconds."""
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000


def time_query(client: Client, query: str, runs: int, budget: float) -> Series:
    """Run ``query`` once to warm up, then up to ``runs`` times within ``budget`` seconds.

    A query whose warm-up run takes more than half the budget is not run again: that run is
    the one measurement (the table shows how many runs each figure rests on).
    """
    series = Series()
    try:
        first, series.rows = client.select(query)
        if first > budget / 2:
            series.seconds.append(first)
            return series
        deadline = time.monotonic() + budget
        for _ in range(runs):
            seconds, series.rows = client.select(query)
            series.seconds.append(seconds)
            if time.monotonic() > deadline:
                break
    except (OSError, RuntimeError, ValueError, KeyError) as error:
        series.error = str(error)[:200]
        if found := re.search(r"did not finish within ([\d.]+) s", series.error):
            series.gave_up_after = float(found[1])
        client.close()
    return series


def time_get(client: Client, path: str, accept: str, runs: int) -> Series:
    """GET ``path`` once to warm up, then ``runs`` times."""
    series = Series()
    client.get(path, accept)
    for _ in range(runs):
        series.seconds.append(client.get(path, accept))
    return series


@dataclass(frozen=True)
class Throughput:
    """Queries answered per second by some concurrent clients."""

    clients: int
    completed: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def throughput(port: int, queries: Sequence[str], clients: int, duration: float) -> Throughput:
    """Let ``clients`` threads send ``queries`` in turn for ``duration`` seconds; count answers.

    A request under way when the time is up is waited for (up to ``GRACE_SECONDS`` more) and
    counted, and the elapsed time runs until the last one ends.
    """
    counts = [[0, 0] for _ in range(clients)]
    started = time.perf_counter()
    deadline = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client_loop, args=(port, queries, n, deadline, counts[n]))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 2 * GRACE_SECONDS)
    elapsed = time.perf_counter() - started
    return Throughput(clients, sum(c[0] for c in counts), sum(c[1] for c in counts), elapsed)


def _client_loop(
    port: int, queries: Sequence[str], offset: int, deadline: float, count: list[int]
) -> None:
    """Send the queries round-robin from ``offset`` until ``deadline``; count answers, errors."""
    client = Client(port, timeout=GRACE_SECONDS + (deadline - time.monotonic()))
    sent = offset
    try:
        while time.monotonic() < deadline:
            try:
                client.select(queries[sent % len(queries)])
                count[0] += 1
            except (OSError, RuntimeError, ValueError):
                count[1] += 1
                client.close()
            sent += 1
    finally:
        client.close()
