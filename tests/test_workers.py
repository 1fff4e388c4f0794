"""``samverkan serve --workers 3`` over real sockets: three readers and one writer, one port.

The readers share the public port (the kernel gives each new connection to one of them);
they answer what reads and pass writes and jobs to the writer, which publishes every
accepted version before answering. A connection stays with the reader that accepted it, so
a request for ``/health`` names the process that answers the others on that connection.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout
from samverkan.submissions.versions import read_history
from tokens import token_for

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
READERS = 3
QUERY_TIMEOUT = 2
ACTOR = "kivra"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }"
FORM = "application/x-www-form-urlencoded"
JSON = {"Accept": "application/json"}
#: Seconds a test waits for something the server does in the background.
PATIENCE = 60.0

Answer = tuple[int, dict[str, str], bytes]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A server with three readers over a built store, and a credential of Kivra's."""
    port = free_port()
    store = tmp_path_factory.mktemp("workers") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, ACTOR)
    options = ["--workers", str(READERS), "--query-timeout", str(QUERY_TIMEOUT)]
    with running_server(store, port, options) as live:
        wait_until_all_readers_listen(live)
        yield live, token


def wait_until_all_readers_listen(server: LiveServer) -> None:
    """Wait for the writer to say that every reader listens (the first answers before)."""
    deadline = time.monotonic() + PATIENCE
    while f"with {READERS} reader processes" not in server.log.read_text():
        assert time.monotonic() < deadline, server.log.read_text()
        time.sleep(0.1)


@contextmanager
def connection(server: LiveServer) -> Iterator[http.client.HTTPConnection]:
    """A new connection, kept for several requests (all answered by the same process)."""
    opened = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        yield opened
    finally:
        opened.close()


def send(
    opened: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    opened.request(method, path, body=body, headers=headers or {})
    response = opened.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def process_of(opened: http.client.HTTPConnection) -> int:
    """Return the id of the process answering on this connection."""
    status, _, body = send(opened, "GET", "/health")
    assert status == 200
    pid: int = json.loads(body)["process"]
    return pid


def readers_seen(server: LiveServer, connections: int = 30) -> set[int]:
    """Return the processes that answered ``/health`` on as many new connections."""
    found = set()
    for _ in range(connections):
        with connection(server) as opened:
            found.add(process_of(opened))
    return found


def part(server: LiveServer, description: str) -> bytes:
    """Return Kivra's part, as N-Triples, with ``description`` as its English description."""
    graph = to_deployment(parse_file(PROJECT / "data" / f"{ACTOR}.ttl"), server.base_iri)
    kivra = URIRef(f"{server.base_iri}id/{ACTOR}")
    for old in english_descriptions(graph, kivra):
        graph.remove((kivra, DCTERMS.description, old))
    graph.add((kivra, DCTERMS.description, Literal(description, lang="en")))
    return graph.serialize(format="nt", encoding="utf-8")


def submit(server: LiveServer, token: str, description: str) -> Answer:
    """Submit Kivra's part with a new description over a new connection."""
    headers = {
        "Content-Type": "application/n-triples",
        "Accept": "application/json",
        "Authorization": f"Bearer {token}",
    }
    return server.request("POST", f"/submissions/{ACTOR}", part(server, description), headers)


def description_seen(opened: http.client.HTTPConnection, server: LiveServer) -> str:
    """Return Kivra's English description as this connection's process serves it."""
    status, _, body = send(opened, "GET", f"/id/{ACTOR}", headers={"Accept": "text/turtle"})
    assert status == 200
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    kivra = URIRef(f"{server.base_iri}id/{ACTOR}")
    (english,) = english_descriptions(graph, kivra)
    return str(english)


def english_descriptions(graph: Graph, item: URIRef) -> list[Literal]:
    found = graph.objects(item, DCTERMS.description)
    return [d for d in found if isinstance(d, Literal) and d.language == "en"]


def history_numbers(server: LiveServer) -> list[int]:
    """Return the numbers of Kivra's versions, oldest first, as a reader publishes them."""
    status, _, body = server.request("GET", f"/id/{ACTOR}/versions.ttl")
    assert status == 200, body
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    return [v.number for v in read_history(graph, GraphLayout(server.base_iri), ACTOR)]


# --- over the sockets -----------------------------------------------------------------------


def test_every_reader_answers_and_the_writer_answers_no_read(
    served: tuple[LiveServer, str],
) -> None:
    server, _ = served
    seen = readers_seen(server)
    assert len(seen) == READERS
    assert server.process.pid not in seen


def test_an_accepted_version_is_seen_by_every_reader_at_once(
    served: tuple[LiveServer, str],
) -> None:
    server, token = served
    seen_by = set()
    for take in range(20):
        description = f"A digital mailbox (take {take})."
        status, _, body = submit(server, token, description)
        assert status == 201, body
        for _ in range(READERS * 2):
            with connection(server) as opened:
                seen_by.add(process_of(opened))
                assert description_seen(opened, server) == description, take
    assert len(seen_by) == READERS


def test_a_query_past_the_limit_is_stopped_while_the_others_are_answered(
    served: tuple[LiveServer, str],
) -> None:
    server, _ = served
    sent = threading.Event()
    heavy: dict[str, object] = {}

    def run_heavy() -> None:
        with connection(server) as opened:
            opened.request("POST", "/sparql", urlencode({"query": HEAVY}), {"Content-Type": FORM})
            sent.set()
            response = opened.getresponse()
            heavy["status"], heavy["body"] = response.status, response.read()

    thread = threading.Thread(target=run_heavy)
    thread.start()
    assert sent.wait(PATIENCE)
    # Sent while the heavy query is under way; whether they are answered before it is
    # stopped depends on the pace of the machine, so only their answers are asserted.
    for _ in range(READERS * 2):
        with connection(server) as opened:
            assert send(opened, "GET", f"/id/{ACTOR}", headers={"Accept": "text/turtle"})[0] == 200
    thread.join(PATIENCE)
    assert heavy["status"] == 503
    assert f"more than {QUERY_TIMEOUT} s and was stopped".encode() in heavy["body"]  # type: ignore[operator]
    for _ in range(READERS * 2):  # every reader still answers queries
        status, _, body = server.request("GET", "/sparql?" + urlencode({"query": "ASK {}"}))
        assert (status, json.loads(body)["boolean"]) == (200, True)


READS = [
    ("GET", "/", {"Accept": "text/html"}, None, 200),
    ("GET", f"/id/{ACTOR}", {"Accept": "text/turtle"}, None, 200),
    ("HEAD", f"/id/{ACTOR}", {"Accept": "text/turtle"}, None, 200),
    ("OPTIONS", "/sparql", {"Origin": "https://example.org"}, None, 200),
    ("GET", "/catalogs/process", {"Accept": "text/html"}, None, 200),
    ("GET", "/search?q=brevl%C3%A5da", JSON, None, 200),
    ("GET", f"/id/{ACTOR}/versions.ttl", {}, None, 200),
    ("GET", "/sparql?query=ASK%20%7B%7D", {}, None, 200),
    ("POST", "/sparql", {"Content-Type": FORM}, b"query=ASK%20%7B%7D", 200),
    ("GET", "/dumps/actor/kivra.nq.gz", {}, None, 200),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "expected"), READS)
def test_every_reader_answers_reads_itself(
    served: tuple[LiveServer, str],
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    expected: int,
) -> None:
    server, _ = served
    answered_by = set()
    for _ in range(READERS * 3):
        with connection(server) as opened:
            answered_by.add(process_of(opened))
            status, answer_headers, _ = send(opened, method, path, body, headers)
            assert status == expected
            assert "Via" not in answer_headers  # not passed to the writer
    assert len(answered_by) > 1


def test_a_validation_is_answered_by_the_writer_and_changes_nothing(
    served: tuple[LiveServer, str],
) -> None:
    server, _ = served
    before = history_numbers(server)
    body = part(server, "A digital mailbox, validated only.")
    status, headers, answer = server.request(
        "POST", f"/validate?actor={ACTOR}", body, {"Content-Type": "application/n-triples", **JSON}
    )
    assert status == 200
    assert json.loads(answer)["conforms"] is True
    assert headers["Via"] == "samverkan"  # the writer holds the label index
    assert history_numbers(server) == before


def test_each_write_through_any_reader_lands_once(served: tuple[LiveServer, str]) -> None:
    server, token = served
    before = history_numbers(server)
    numbers = []
    for take in range(READERS * 2):
        status, headers, body = submit(server, token, f"A digital mailbox (write {take}).")
        assert status == 201, body
        assert headers["Via"] == "samverkan"  # answered by the writer, through a reader
        numbers.append(json.loads(body)["number"])
    assert numbers == list(range(before[-1] + 1, before[-1] + 1 + READERS * 2))
    assert history_numbers(server) == before + numbers


def test_a_job_started_through_one_reader_is_followed_through_any(
    served: tuple[LiveServer, str],
) -> None:
    server, _ = served
    status, headers, _ = server.request(
        "POST",
        f"/validate?actor={ACTOR}",
        part(server, "A digital mailbox, validated as a job."),
        {"Content-Type": "application/n-triples", "Prefer": "respond-async", **JSON},
    )
    assert status == 202
    job = headers["Location"]
    deadline = time.monotonic() + PATIENCE
    state = "queued"
    while state != "finished" and time.monotonic() < deadline:
        status, _, body = server.request("GET", job, headers=JSON)  # a new connection each
        assert status == 200
        state = json.loads(body)["state"]
    status, _, body = server.request("GET", job + "/result", headers=JSON)
    assert (status, json.loads(body)["conforms"]) == (200, True)


def test_a_reader_that_ends_is_replaced(served: tuple[LiveServer, str]) -> None:
    server, _ = served
    before = readers_seen(server)
    killed = min(before)
    os.kill(killed, signal.SIGKILL)
    deadline = time.monotonic() + PATIENCE
    now = before
    while len(now) < READERS or killed in now:
        assert time.monotonic() < deadline, f"no reader replaced {killed}: {now}"
        try:
            now = readers_seen(server, READERS * 4)
        except (ConnectionError, http.client.HTTPException):
            continue  # a connection the killed reader had accepted, and never will answer
    assert f"reader process {killed} ended (signal 9)" in server.log.read_text()
