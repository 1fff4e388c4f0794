"""A bounded fuzz run of every endpoint over real HTTP (issue 13, point 7).

One real server for the module. A seeded generator (the same cases on every run; the seed
and the case are in every failure message, so a failure can be replayed) sends:

- to every GET route of the app's ``url_map`` (arguments filled with example values or odd
  ones): odd query strings (NUL and control bytes, invalid UTF-8 percent-escapes, long
  values, SPARQL and markup fragments), odd ``Accept`` and ``Host`` headers;
- to ``POST /validate``, ``/sparql``, ``/submissions/kivra`` and its CPSV-AP import (with
  Kivra's credential): random bytes, deep nesting in JSON-LD and Turtle, entity tricks in
  RDF/XML (DTDs in several spellings, UTF-16), and odd content types.

Some values name a local listener (SERVICE, FROM and LOAD in queries, a remote JSON-LD
context, an external entity). It fails on any 5xx other than 503 (busy) and 507 (disk full),
on any connection to the listener, on the server process ending, and on the server and its
children together ever holding more than 1.5 GB of resident memory (sampled every 20 ms
through the run). The budget is fixed
(:data:`GET_CASES`, :data:`POST_CASES`): 2 minutes on 2 cores that other work kept at a load
of 12, half a minute of it building the store and starting the server.

Its first run found a 500: a ``Host`` header that is no host name made the error page fail
(tests/test_security_headers.py keeps that case).
"""

from __future__ import annotations

import http.client
import random
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask

from bench import hostile
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from tokens import token_for

pytestmark = pytest.mark.slow

SEED = 13
GET_CASES = 400
POST_CASES = 200
QUERY_CASES = 120
CEILING_MB = 1536
#: Statuses that may answer hostile input: the server is busy, or its disk is full.
ALLOWED_5XX = {503, 507}
ACTOR = "kivra"

#: Example values of route arguments, by name (any other argument gets a random word).
EXAMPLES = {
    "actor": "kivra",
    "slug": "kivra",
    "document": "samverkan",
    "rest": "kivra",
    "name": "index.html",
    "filename": "submit.js",
    "suffix": "ttl",
    "number": "1",
    "job_id": "no-such-job",
}
PARAMETERS = (
    "query",
    "q",
    "format",
    "lang",
    "page",
    "from",
    "to",
    "actor",
    "type",
    "default-graph-uri",
)
ODD_VALUES = (
    "%00",
    "a%00b",
    "%ff%fe",
    "%c3%28",
    "%e2%80%ae",
    "\u202e",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:LISTENER/> { ?s ?p ?o } }",
    "select * { { select * { service <http://127.0.0.1:LISTENER/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { BIND(<http://x/\\u0041'> AS ?z) SERVICE <http://127.0.0.1:LISTENER/> {} }",
    "SELECT * FROM <http://127.0.0.1:LISTENER/> WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:LISTENER/>",
    "ASK { <http://x/\\u0041'> ?p ?o }",
    "x" * 5000,
    "-1",
    "99999999999999999999",
    "1e308",
    "",
)
ACCEPTS = (
    "*/*",
    "text/html",
    "application/json",
    "text/turtle",
    "application/sparql-results+json",
    "application/ld+json;q=0.5, text/html;q=0.1",
    "image/png",
    "\x7f",
    "text/*;q=abc",
)
CONTENT_TYPES = (
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "text/turtle; charset=utf-16",
    "application/sparql-query",
    "application/sparql-update",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "text/plain; charset=latin1",
    "not a type",
)


@dataclass(frozen=True)
class Case:
    """One request (``LISTENER`` in its path or body stands for the listener's port)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None

    def to(self, port: int) -> Case:
        """Return the case with the listener's port in place of ``LISTENER``."""
        body = None if self.body is None else self.body.replace(b"LISTENER", str(port).encode())
        return Case(self.method, self.path.replace("LISTENER", str(port)), self.headers, body)

    def __str__(self) -> str:
        shown = (self.body or b"")[:200]
        return f"seed {SEED}: {self.method} {self.path[:300]} {self.headers} body {shown!r}"


#: An argument of a rule, ``<name>`` or ``<converter(options):name>``.
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def get_routes(app: Flask) -> list[str]:
    """Return every GET route of the app with its arguments as ``{name}`` placeholders."""
    routes = [
        _ARGUMENT.sub(r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
    ]
    return sorted(set(routes))


def odd(rng: random.Random) -> str:
    """Return an odd value, already percent-encoded for a URL."""
    choice = rng.random()
    if choice < 0.5:
        value = rng.choice(ODD_VALUES)
        return value if value.startswith("%") else quote(value, safe="")
    if choice < 0.8:
        return quote(rng.randbytes(rng.randint(1, 40)), safe="")
    return "".join(rng.choice("%0123456789abcdefXYZ&=;+") for _ in range(rng.randint(1, 30)))


def get_case(rng: random.Random, routes: list[str]) -> Case:
    """Return a GET request to a random route with odd arguments and headers."""
    route = rng.choice(routes)
    for name, example in EXAMPLES.items():
        route = route.replace("{" + name + "}", example if rng.random() < 0.7 else odd(rng))
    while "{" in route:  # an argument without an example
        start, end = route.index("{"), route.index("}")
        route = route[:start] + odd(rng) + route[end + 1 :]
    pairs = [f"{rng.choice(PARAMETERS)}={odd(rng)}" for _ in range(rng.randint(0, 3))]
    path = route + ("?" + "&".join(pairs) if pairs else "")
    headers = {"Accept": rng.choice(ACCEPTS)}
    if rng.random() < 0.2:
        headers["Host"] = rng.choice(("evil.example", "127.0.0.1:1", "x" * 300, ""))
    return Case("GET", path, headers)


def body(rng: random.Random) -> tuple[bytes, str]:
    """Return a hostile body and a media type that may or may not be its own."""
    depth = rng.choice((1, 10, 65, 500, 5000))
    made = rng.choice(
        (
            lambda: rng.randbytes(rng.randint(0, 3000)),
            lambda: hostile.nested_json_ld(depth),
            lambda: hostile.nested_blank_nodes(depth),
            lambda: hostile.nested_collections(depth),
            lambda: hostile.entity_expansion(rng.randint(1, 12), rng.randint(1, 12)),
            lambda: _doctype_spelling(rng),
            lambda: hostile.entity_expansion().decode().encode("utf-16"),
            lambda: hostile.long_list(rng.randint(1, 50_000)),
            lambda: b"<s> <p> " + rng.randbytes(50) + b" .",
            lambda: b"\xef\xbb\xbf<s> <p> <o> .\x00",
            lambda: b'{"@context": "http://127.0.0.1:LISTENER/c.jsonld", "@id": "x", "p": 1}',
            lambda: (
                b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM '
                b'"http://127.0.0.1:LISTENER/e">]><r>&e;</r>'
            ),
            lambda: rng.choice(ODD_VALUES).encode(),
        )
    )()
    content_type = rng.choice(CONTENT_TYPES)
    return made, content_type


def _doctype_spelling(rng: random.Random) -> bytes:
    """Return RDF/XML with a DTD spelled in one of the ways a scan might miss."""
    spelling = rng.choice(("<!DOCTYPE", "<!doctype", "<! DOCTYPE", "<!\nDOCTYPE", "<!ENTITY"))
    return (
        f'<?xml version="1.0"?>{spelling} r [<!ENTITY a "aaaaaaaaaa">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    ).encode()


def post_case(rng: random.Random, token: str) -> Case:
    """Return a POST with a hostile body to one of the endpoints that read bodies."""
    data, content_type = body(rng)
    target = rng.choice(
        ("/validate", "/sparql", f"/submissions/{ACTOR}", f"/submissions/{ACTOR}/cpsv-ap")
    )
    headers = {"Content-Type": content_type, "Accept": rng.choice(ACCEPTS)}
    if target.startswith("/submissions") and rng.random() < 0.9:
        headers["Authorization"] = f"Bearer {token}"
    if rng.random() < 0.1:
        headers["Prefer"] = "respond-async"
    query = f"?actor={odd(rng)}" if rng.random() < 0.2 else ""
    return Case("POST", target + query, headers, data)


def total_rss_mb(pid: int) -> float:
    """Return the resident memory of ``pid`` and its descendants, in MB (from /proc)."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        pending += [int(child) for child in children]
    return total


@dataclass
class Served:
    """The server, Kivra's credential, the peak memory seen, and a listener that counts
    the connections made to it (input names it; nothing may ever connect)."""

    live: LiveServer
    token: str
    listener: socket.socket
    connections: list[str] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def listener_port(self) -> int:
        port: int = self.listener.getsockname()[1]
        return port

    def count_connections(self) -> None:
        """Accept and record connections until the listener is closed."""
        while True:
            try:
                accepted, peer = self.listener.accept()
            except OSError:
                return
            self.connections.append(str(peer))
            accepted.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the whole run, its memory sampled every 20 ms."""
    port = free_port()
    store = tmp_path_factory.mktemp("fuzz") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, ACTOR)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with running_server(store, port) as live, listener:
        found = Served(live, token, listener)
        threading.Thread(target=found.count_connections, daemon=True).start()
        _listener_counts(found)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                found.peak_mb = max(found.peak_mb, total_rss_mb(live.process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        yield found
        done.set()
        sampler.join()


def _listener_counts(served: Served) -> None:
    """Connect to the listener once, see it counted, and forget it (the listener works)."""
    socket.create_connection(("127.0.0.1", served.listener_port), timeout=10).close()
    for _ in range(100):
        if served.connections:
            break
        threading.Event().wait(0.05)
    assert len(served.connections) == 1
    served.connections.clear()


def send(live: LiveServer, case: Case) -> int:
    """Send the case; return its status."""
    connection = http.client.HTTPConnection("127.0.0.1", live.port, timeout=120)
    try:
        connection.putrequest(case.method, case.path, skip_host="Host" in case.headers)
        for name, value in case.headers.items():
            connection.putheader(name, value.encode("latin-1", "replace"))
        if case.body is not None:
            connection.putheader("Content-Length", str(len(case.body)))
        connection.endheaders(case.body)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def check(served: Served, case: Case) -> None:
    case = case.to(served.listener_port)
    try:
        status = send(served.live, case)
    except OSError as error:
        raise AssertionError(f"no answer ({error!r}) to {case}") from error
    assert status < 500 or status in ALLOWED_5XX, f"{status} for {case}"
    assert served.live.process.poll() is None, f"the server ended on {case}"
    assert served.peak_mb < CEILING_MB, f"{served.peak_mb:.0f} MB after {case}"
    assert served.connections == [], f"the server connected to the listener on {case}"


#: Queries that would reach the listener if a query could connect anywhere.
FETCHING_QUERIES = (
    "SELECT * WHERE { SERVICE <http://127.0.0.1:LISTENER/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:LISTENER/> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:LISTENER/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:LISTENER/> { ?s ?p ?o } } }",
    "SELECT * WHERE { BIND(<http://x/\\u0041'> AS ?z) SERVICE <http://127.0.0.1:LISTENER/> {} }",
    "SELECT * WHERE { BIND('\\'' AS ?z) SERVICE <http://127.0.0.1:LISTENER/> {} }",
    'SELECT * WHERE { BIND("#" AS ?z) SERVICE <http://127.0.0.1:LISTENER/> {} }',
    "SELECT * FROM <http://127.0.0.1:LISTENER/> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:LISTENER/> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD <http://127.0.0.1:LISTENER/>",
    "DESCRIBE <http://127.0.0.1:LISTENER/>",
)


def spelled(rng: random.Random, query: str) -> str:
    """Return ``query`` spelled otherwise: case, comments and line breaks between tokens."""
    words = query.split(" ")
    out = []
    for word in words:
        if word.upper() in {"SERVICE", "SELECT", "WHERE", "FROM", "LOAD", "SILENT"}:
            word = "".join(c.lower() if rng.random() < 0.5 else c for c in word)
        out.append(word)
        out.append(rng.choice((" ", "\n", "\t", " #comment\n", "  ")))
    return "".join(out)


def query_case(rng: random.Random) -> Case:
    """Return one fetching query, spelled at random, sent one of the protocol's three ways."""
    query = spelled(rng, rng.choice(FETCHING_QUERIES))
    way = rng.randrange(3)
    if way == 0:
        return Case("GET", "/sparql?query=" + quote(query, safe=""), {"Accept": "*/*"})
    if way == 1:
        form = ("query=" + quote(query, safe="")).encode()
        return Case("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, form)
    return Case("POST", "/sparql", {"Content-Type": "application/sparql-query"}, query.encode())


def test_odd_requests_to_every_get_route(served: Served, app: Flask) -> None:
    rng = random.Random(SEED)
    routes = get_routes(app)
    assert "/sparql" in routes and "/id/{actor}/versions" in routes
    for _ in range(GET_CASES):
        check(served, get_case(rng, routes))


def test_hostile_bodies_to_every_post_route(served: Served) -> None:
    rng = random.Random(SEED + 1)
    for _ in range(POST_CASES):
        check(served, post_case(rng, served.token))
    assert served.live.request("GET", "/health")[0] == 200


def test_no_spelling_of_a_fetching_query_connects(served: Served) -> None:
    rng = random.Random(SEED + 2)
    for _ in range(QUERY_CASES):
        check(served, query_case(rng))
