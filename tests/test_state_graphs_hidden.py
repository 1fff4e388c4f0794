"""The store's internal state graphs (credentials, leases, jobs) are in no public read.

A server over the embedded store holds a credential; every way a client could ask for the
state graphs — the union default graph, ``GRAPH ?g``, ``GRAPH <…>``, ``FROM`` and ``FROM
NAMED`` (written plainly, with a prefix, or as a relative IRI against a ``BASE``), the
protocol's dataset parameters, the Graph Store Protocol and the dumps — shows neither the
credential's digest nor the graph's name, while the public graphs stay readable. A query
that chooses the graph as its dataset (``FROM``, ``FROM NAMED``, the protocol's parameters)
is refused with 403, as every internal graph is (``tests/test_internal_graphs_hidden.py``):
engines differ on whether ``FROM`` or the parameters win, so it is never sent to one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.storage import GraphLayout
from tokens import token_for

CREDENTIALS = "urn:x-samverkan:state:credentials"

#: Queries that try to reach the credentials graph, each with the protocol parameters sent.
ATTEMPTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "union default graph": ("SELECT ?s ?p ?o { ?s ?p ?o }", []),
    "any named graph": ("SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }", []),
    "the graph by name": (f"SELECT ?s ?p ?o {{ GRAPH <{CREDENTIALS}> {{ ?s ?p ?o }} }}", []),
    "FROM": (f"SELECT ?s ?p ?o FROM <{CREDENTIALS}> {{ ?s ?p ?o }}", []),
    "FROM NAMED": (
        f"SELECT ?g ?s ?p ?o FROM NAMED <{CREDENTIALS}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        [],
    ),
    "FROM with a prefix": (
        "PREFIX st: <urn:x-samverkan:state:> SELECT ?s ?p ?o FROM st:credentials { ?s ?p ?o }",
        [],
    ),
    "FROM as a relative IRI": (
        "BASE <urn:a> SELECT ?s ?p ?o FROM <./x-samverkan:state:credentials> { ?s ?p ?o }",
        [],
    ),
    "FROM with an escape": (
        "SELECT ?s ?p ?o FROM <urn:x-samverkan:st\\u0061te:credentials> { ?s ?p ?o }",
        [],
    ),
    "default-graph-uri": ("SELECT ?s ?p ?o { ?s ?p ?o }", [("default-graph-uri", CREDENTIALS)]),
    "named-graph-uri": (
        "SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }",
        [("named-graph-uri", CREDENTIALS)],
    ),
    "CONSTRUCT": ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", []),
}

#: The attempts that choose the credentials graph as the dataset: refused (403), the message
#: naming only the graph the query itself wrote.
REFUSED = {
    "FROM",
    "FROM NAMED",
    "FROM with a prefix",
    "FROM as a relative IRI",
    "FROM with an escape",
    "default-graph-uri",
    "named-graph-uri",
}


@dataclass(frozen=True)
class Held:
    live: LiveServer
    digest: str


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Held]:
    port = free_port()
    store: Path = tmp_path_factory.mktemp("state-hidden") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, "kivra")
    with running_server(store, port) as live:
        yield Held(live, hashlib.sha256(token.encode()).hexdigest())


def _answer(
    held: Held, query: str, dataset: list[tuple[str, str]], accept: str, expected: int = 200
) -> bytes:
    path = "/sparql?" + urlencode([("query", query), *dataset])
    headers = {"Accept": accept, "Accept-Language": "en"}
    status, _, body = held.live.request("GET", path, headers=headers)
    assert status == expected, body[:300]
    return body


@pytest.mark.parametrize("attempt", sorted(ATTEMPTS))
def test_no_query_reads_the_credentials(held: Held, attempt: str) -> None:
    query, dataset = ATTEMPTS[attempt]
    accept = "application/n-triples" if query.startswith("CONSTRUCT") else "text/csv"
    if attempt in REFUSED:
        body = _answer(held, query, dataset, "application/json", 403).decode()
        assert "is internal" in json.loads(body)["message"]
        assert held.digest not in body
        assert "x-samverkan:state#" not in body  # none of the graph's terms
        return
    body = _answer(held, query, dataset, accept).decode()
    assert held.digest not in body
    assert "x-samverkan:state" not in body


def test_the_public_graphs_are_still_read(held: Held) -> None:
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    rows = json.loads(_answer(held, query, [], "application/sparql-results+json"))
    graphs = {row["g"]["value"] for row in rows["results"]["bindings"]}
    layout = GraphLayout(held.live.base_iri)
    assert {str(layout.ontology), str(layout.actor("kivra"))} <= graphs


def test_the_graph_store_and_the_dumps_hold_no_state(held: Held) -> None:
    status, _, listing = held.live.request("GET", "/graphs", headers={"Accept": "text/html"})
    assert status == 200
    status, _, quads = held.live.request(
        "GET", "/graphs", headers={"Accept": "application/n-quads"}
    )
    assert status == 200 and quads
    status, _, dump = held.live.request("GET", "/dumps/federation.nq.gz")
    assert status == 200
    for body in (listing, quads, gzip.decompress(dump)):
        assert held.digest.encode() not in body
        assert b"x-samverkan:state" not in body
    status, _, _ = held.live.request("GET", "/graphs?" + urlencode({"graph": CREDENTIALS}))
    assert status == 404
