"""Large answers stream from the query worker to the client, complete and well-formed.

A graph of 30 000 statements (long, unicode, hostile literals) is served by a real
``samverkan serve``; a SELECT of every row and a CONSTRUCT of every statement are asked over
HTTP in each format. Each answer arrives chunked (the web process sends it as the worker
writes it), parses, and holds exactly what the same query gives in-process on pyoxigraph
over the same statements (the plain way, the reference). A client that goes away in the
middle of an answer leaves the server answering the next query.
"""

from __future__ import annotations

import http.client
import io
import json
from collections.abc import Iterator
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server

pytestmark = pytest.mark.slow

ROWS = 30_000
GRAPH = "urn:x-test:streamed"
SELECT = f"SELECT ?s ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s <urn:x-test:p> ?o }} }}"
CONSTRUCT = f"CONSTRUCT {{ ?s <urn:x-test:p> ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
TRIPLES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _label(number: int) -> str:
    hostile = ["", "å ä ö ✓ \U0001d518", '"quoted" <tag> & \\ back', "x" * 300, "line\nbreak\ttab"]
    return f"{hostile[number % len(hostile)]} {number}"


def _statements() -> Graph:
    graph = Graph()
    for number in range(ROWS):
        graph.add(
            (URIRef(f"urn:x-test:s{number}"), URIRef("urn:x-test:p"), Literal(_label(number)))
        )
    return graph


@pytest.fixture(scope="module")
def reference() -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(GRAPH)
    store.extend(
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.Literal(str(o)), graph)
        for s, p, o in _statements()
    )
    return store


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    store = tmp_path_factory.mktemp("streamed") / "store"
    build_store(store, base_iri_for(port), {URIRef(GRAPH): _statements()})
    with running_server(store, port) as live:
        yield live


def _get(server: LiveServer, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    try:
        connection.request(
            "GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": accept}
        )
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _rows(solutions: ox.QuerySolutions) -> set[tuple[str, str]]:
    return {(str(row["s"]), str(row["o"])) for row in solutions}


@pytest.mark.parametrize("accept", RESULTS)
def test_a_large_select_arrives_whole_in_every_format(
    server: LiveServer, reference: ox.Store, accept: str
) -> None:
    status, headers, body = _get(server, SELECT, accept)
    assert status == 200, body[:300]
    assert headers.get("transfer-encoding") == "chunked"
    answer = ox.parse_query_results(io.BytesIO(body), RESULTS[accept])
    assert isinstance(answer, ox.QuerySolutions)
    expected = reference.query(SELECT)
    assert isinstance(expected, ox.QuerySolutions)
    assert _rows(answer) == _rows(expected)


def test_a_large_select_as_csv_has_every_row(server: LiveServer) -> None:
    status, headers, body = _get(server, SELECT, "text/csv")
    assert status == 200 and headers.get("transfer-encoding") == "chunked"
    lines = body.decode("utf-8").split("\r\n")
    assert lines[0] == "s,o"
    subjects = {line.split(",", 1)[0] for line in lines[1:] if line.startswith("urn:x-test:s")}
    assert subjects == {f"urn:x-test:s{number}" for number in range(ROWS)}


@pytest.mark.parametrize("accept", TRIPLES)
def test_a_large_construct_arrives_whole_in_every_format(
    server: LiveServer, reference: ox.Store, accept: str
) -> None:
    status, headers, body = _get(server, CONSTRUCT, accept)
    assert status == 200, body[:300]
    assert headers.get("transfer-encoding") == "chunked"
    got = set(ox.parse(body, format=TRIPLES[accept]))
    expected = {ox.Quad(t.subject, t.predicate, t.object) for t in reference.query(CONSTRUCT)}
    assert {ox.Quad(q.subject, q.predicate, q.object) for q in got} == expected


def test_a_client_leaving_mid_answer_leaves_the_server_answering(server: LiveServer) -> None:
    for _ in range(4):  # more than the query workers: each left answer frees its worker
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        connection.request("GET", "/sparql?" + urlencode({"query": SELECT}))
        response = connection.getresponse()
        assert response.status == 200
        response.read(1000)
        connection.close()
    status, _, body = _get(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
