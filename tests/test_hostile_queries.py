"""Hostile queries against ``samverkan serve`` over a real socket (issue 13).

- No SERVICE spelling reaches another host: generated spellings (escapes, case, comments,
  nesting, prefixed names) over GET, POST form and POST direct all get 400, and a listener
  on 127.0.0.1 counts zero connections; queries that only *mention* "service" still run.
- Bad bytes (NUL, invalid UTF-8, broken percent-encoding) get 400, never 500.
- A query past the memory cap ends its worker with a clear 503; the next query runs.
- Fair shares: a client past its share of queries gets 429 with Retry-After, another client
  is still answered.
"""

from __future__ import annotations

import http.client
import itertools
import json
import socket
import threading
from collections.abc import Callable, Iterator
from urllib.parse import quote, urlencode

import pytest

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server

pytestmark = pytest.mark.slow

JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


class Listener:
    """A socket on 127.0.0.1 that counts the connections reaching it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.count = 0
        self.open = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.open:
            try:
                self.sock.accept()[0].close()
                self.count += 1
            except TimeoutError:
                continue

    def close(self) -> None:
        self.open = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    store = tmp_path_factory.mktemp("hostile") / "store"
    build_store(store, base_iri_for(port))
    with running_server(store, port) as live:
        yield live


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def send(
    server: LiveServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> tuple[int, dict[str, str], bytes]:
    """Send one request from the address ``source`` (any of 127.0.0.0/8 is this machine)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=120, source_address=(source, 0)
    )
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Accept": JSON, "Accept-Language": "en", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def by_get(server: LiveServer, text: str) -> tuple[int, dict[str, str], bytes]:
    return send(server, "GET", "/sparql?" + urlencode({"query": text}))


def by_form(server: LiveServer, text: str) -> tuple[int, dict[str, str], bytes]:
    body = urlencode({"query": text}).encode()
    return send(server, "POST", "/sparql", body, {"Content-Type": FORM})


def by_body(server: LiveServer, text: str) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/sparql-query"}
    return send(server, "POST", "/sparql", text.encode(), headers)


TRANSPORTS = (by_get, by_form, by_body)


def service_spellings(port: int) -> list[str]:
    """Return queries that each hide a SERVICE to 127.0.0.1:``port`` in another way."""
    iri = f"http://127.0.0.1:{port}/sparql"
    keywords = ["SERVICE", "service", "SeRvIcE", r"\u0053ERVICE", r"\u0073\u0065rvice"]
    keywords += [r"\U00000053ERVICE", r"SERV\u0049CE", "SERVICE SILENT"]
    targets = [f"<{iri}>", rf"<http://127.0.0.1:{port}/\u0073parql>", "lst:sparql"]
    gaps = [" ", "\t", " # comment\n ", " #comment\r", "\n\n"]
    places = [
        "{}",
        "{{ SELECT * WHERE {{ {} }} }}",
        "{{ {{ {{ {} }} }} }}",
        "OPTIONAL {{ {} }}",
        "MINUS {{ {} }}",
        "FILTER EXISTS {{ {} }}",
        "FILTER NOT EXISTS {{ {} }}",
        "{{ ?s ?p ?o }} UNION {{ {} }}",
        "GRAPH ?g {{ {} }}",
        r"BIND(<http://x/\u0041'> AS ?z) {}",
        r"BIND('\u0027' AS ?z) {} BIND('x' AS ?y)",
    ]
    queries = []
    for number, (keyword, target, gap, place) in enumerate(
        itertools.product(keywords, targets, gaps, places)
    ):
        if number % 7:  # a spread over every dimension, not all 1 320 combinations
            continue
        service = f"{keyword}{gap}{target} {{ ?s ?p ?o }}"
        queries.append(
            f"PREFIX lst: <http://127.0.0.1:{port}/>\n"
            f"SELECT * WHERE {{ ?s ?p ?o . {place.format(service)} }} LIMIT 1"
        )
    variable = f"SELECT * WHERE {{ VALUES ?e {{ <{iri}> }} SERVICE ?e {{ ?s ?p ?o }} }}"
    return [*queries, variable]


def test_no_spelling_of_service_connects(server: LiveServer, listener: Listener) -> None:
    spellings = service_spellings(listener.port)
    assert len(spellings) >= 60
    answers = [
        (transport.__name__, text, transport(server, text))
        for text, transport in zip(spellings, itertools.cycle(TRANSPORTS), strict=False)
    ]
    answers += [(t.__name__, spellings[0], t(server, spellings[0])) for t in TRANSPORTS]
    wrong = [(how, text, answer) for how, text, answer in answers if answer[0] != 400]
    assert not wrong
    # Refused as a SERVICE, or (an escaped quote that opens a string, SPARQL 1.1 s19.2) as
    # a query that does not parse: never run.
    reasons = [b"SERVICE" in a[2] or b"does not parse" in a[2] for _, _, a in answers]
    assert all(reasons)
    assert sum(b"SERVICE" in answer[2] for _, _, answer in answers) >= 60
    assert listener.count == 0


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> {}" } LIMIT 1',
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/> {}",
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        "SELECT * WHERE { ?s <http://example.org/service> ?o } LIMIT 1",
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#>\n"
        "SELECT ?s WHERE { ?s a sam:Service } LIMIT 1",
        "PREFIX service: <http://example.org/>\nASK { ?s service:x ?o }",
        "SELECT * WHERE { ?s ?p '''a\nservice''' }",
    ],
)
def test_queries_that_mention_service_run(server: LiveServer, text: str) -> None:
    for transport in TRANSPORTS:
        status, _, body = transport(server, text)
        assert status == 200, body


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [
        ("GET", "/sparql?query=ASK%20%7B%00%7D", None, None),
        ("GET", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%00%22%20%7D", None, None),
        ("GET", "/sparql?query=ASK%20%7B%FF%7D", None, None),
        ("GET", "/sparql?query=ASK%ZZ%7B%7D", None, None),
        ("POST", "/sparql", b"query=ASK%20%7B%00%7D", FORM),
        ("POST", "/sparql", b"query=ASK%20%7B%C3%28%7D", FORM),
        ("POST", "/sparql", b"ASK { \x00 }", "application/sparql-query"),
        ("POST", "/sparql", b"ASK { \xc3\x28 }", "application/sparql-query"),
        ("GET", "/search?q=a%00b", None, None),
        ("GET", "/search?q=%FF%FE", None, None),
        ("GET", "/queries/services-by-type?type=%00", None, None),
    ],
)
def test_bad_bytes_are_refused_with_400(
    server: LiveServer, method: str, path: str, body: bytes | None, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    status, _, answer = send(server, method, path, body, headers)
    assert status == 400, answer
    assert answer.strip()


# --- memory and fair shares -----------------------------------------------------------------


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose queries stop after 5 s, with a share of six queries a client."""
    port = free_port()
    store = tmp_path_factory.mktemp("limited") / "store"
    build_store(store, base_iri_for(port))
    settings = {"query_timeout": "5", "client_queries": "6", "anonymous_queries": "8"}
    with running_server(store, port, settings=settings) as live:
        yield live


def test_a_query_past_the_memory_cap_ends_its_worker_only(limited: LiveServer) -> None:
    status, _, body = by_get(limited, CARTESIAN)
    assert status == 503
    assert b"more memory than a query may use (1024 MiB)" in body
    status, _, body = by_get(limited, "ASK { ?s ?p ?o }")
    assert (status, json.loads(body)["boolean"]) == (200, True)


def test_a_client_past_its_share_is_refused_and_others_are_answered(limited: LiveServer) -> None:
    """Seven queries at once from a client whose share is six: the one the server reads
    last is refused (the seventh, or one of the six heavy ones when a seventh got in
    first), the others run to their time limit, and another client is answered while they
    run."""
    sent = threading.Barrier(7)
    heavy_answers: list[tuple[int, dict[str, str], bytes]] = []

    def heavy() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", limited.port, timeout=300)
        connection.request("GET", "/sparql?query=" + quote(HEAVY), headers={"Accept": JSON})
        sent.wait()
        response = connection.getresponse()
        heavy_answers.append((response.status, dict(response.getheaders()), response.read()))
        connection.close()

    threads = [threading.Thread(target=heavy) for _ in range(6)]
    for thread in threads:
        thread.start()
    sent.wait()
    other = by_get_from(limited, "ASK {}", "127.0.0.2")
    still_running = any(thread.is_alive() for thread in threads)
    seventh = seventh_until_refused(limited, threads, lambda: 429 in (a[0] for a in heavy_answers))
    for thread in threads:
        thread.join()
    refused = [a for a in [*heavy_answers, *([seventh] if seventh else [])] if a[0] == 429]
    assert refused, "none of the client's seven queries was refused"
    assert len(refused) == 1, "one query was past the share, whichever the server read last"
    _, headers, body = refused[0]
    assert int(headers["Retry-After"]) >= 1
    assert b"6 queries under way" in body
    assert other[0] == 200
    assert still_running  # answered while the six ran: they leave a worker to others
    ran = [answer[0] for answer in heavy_answers if answer[0] != 429]
    assert ran == [503] * len(ran) and len(heavy_answers) == 6  # the rest ran to the limit


def seventh_until_refused(
    server: LiveServer, running: list[threading.Thread], one_of_them_refused: Callable[[], bool]
) -> tuple[int, dict[str, str], bytes] | None:
    """Send a seventh query while the six run (the server may not have read them all yet),
    until it is refused, or one of the six is (a seventh got in before it)."""
    while any(thread.is_alive() for thread in running) and not one_of_them_refused():
        answer = by_get(server, "ASK {}")
        if answer[0] == 429:
            return answer
    return None


def by_get_from(server: LiveServer, text: str, source: str) -> tuple[int, dict[str, str], bytes]:
    return send(server, "GET", "/sparql?" + urlencode({"query": text}), source=source)
