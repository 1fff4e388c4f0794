"""The server over a remote store: the SPARQL endpoint and item pages, backed by Virtuoso,
answer as the same server over the embedded store does."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.compare import isomorphic

from samverkan.config import Settings
from samverkan.federation import build
from samverkan.terms import graph_from_triples
from samverkan.web import create_app
from virtuoso import Virtuoso

SELECT = """PREFIX sam: <https://samverkan.example.org/def/samverkan#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?label WHERE { ?actor a sam:Actor ; rdfs:label ?label }
ORDER BY ?actor STR(?label) LANG(?label)"""
ASK = "ASK { ?s a <https://samverkan.example.org/def/samverkan#Actor> }"
CONSTRUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?actor rdfs:label ?label }
WHERE { ?actor a <https://samverkan.example.org/def/samverkan#Actor> ; rdfs:label ?label }"""
ITEM = "/id/skatteverket"


def parsed(data: bytes, media_type: str) -> Graph:
    """Parse an RDF document of ``media_type`` (with pyoxigraph, as the server writes it)."""
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    return graph_from_triples(ox.parse(data, rdf_format))


@pytest.fixture(scope="module")
def remote_client(
    virtuoso: Virtuoso, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FlaskClient]:
    """A test client of the app over the example federation built into Virtuoso.

    It keeps its own state folder: version archives are write-once, so a second federation
    sharing the embedded store's archive would number its versions after that one's.
    """
    own = tmp_path_factory.mktemp("remote-state") / "store"
    settings = dataclasses.replace(settings, store_path=own)
    store = virtuoso.store("web")
    for name in store.graph_names():
        store.drop_graph(name)
    build(store, settings)
    yield create_app({"TESTING": True}, settings=settings, store=store).test_client()


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT, "application/sparql-results+json"),
        (SELECT, "application/sparql-results+xml"),
        (SELECT, "text/csv"),
        (SELECT, "text/tab-separated-values"),
        (ASK, "application/sparql-results+json"),
        (ASK, "application/sparql-results+xml"),
    ],
)
def test_results_are_the_same_documents(
    query: str, accept: str, client: FlaskClient, remote_client: FlaskClient
) -> None:
    expected = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    answered = remote_client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert answered.status_code == expected.status_code == 200
    assert answered.content_type == expected.content_type
    assert answered.data == expected.data


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_constructed_graphs_are_the_same(
    accept: str, rdf_format: str, client: FlaskClient, remote_client: FlaskClient
) -> None:
    expected = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    answered = remote_client.get(
        "/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept}
    )
    assert answered.status_code == 200
    assert answered.content_type == expected.content_type
    got = parsed(answered.data, accept)
    assert len(got) > 0
    assert isomorphic(got, parsed(expected.data, accept))


def test_an_item_is_described_as_over_the_embedded_store(
    client: FlaskClient, remote_client: FlaskClient
) -> None:
    expected = client.get(ITEM, headers={"Accept": "text/turtle"})
    answered = remote_client.get(ITEM, headers={"Accept": "text/turtle"})
    assert answered.status_code == expected.status_code == 200
    got, want = parsed(answered.data, "text/turtle"), parsed(expected.data, "text/turtle")
    assert isomorphic(got, want), (
        sorted(set(got) - set(want))[:5],
        sorted(set(want) - set(got))[:5],
    )


def test_an_item_page_is_served(remote_client: FlaskClient) -> None:
    page = remote_client.get(ITEM, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Skatteverket" in page.get_data(as_text=True)


def test_the_protocol_dataset_and_errors_pass_through(remote_client: FlaskClient) -> None:
    graph = "https://samverkan.example.org/graph/actor/skatteverket"
    only = remote_client.get(
        "/sparql",
        query_string={
            "query": "SELECT (COUNT(?s) AS ?n) { ?s ?p ?o }",
            "default-graph-uri": graph,
        },
        headers={"Accept": "text/csv"},
    )
    assert only.status_code == 200
    assert int(only.data.decode().split()[-1]) > 0
    broken = remote_client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert broken.status_code == 400
    refused = remote_client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )
    assert refused.status_code == 406


@pytest.mark.parametrize("query", [SELECT, ASK, CONSTRUCT], ids=["select", "ask", "construct"])
def test_the_query_pages_answer_is_the_same_as_over_the_embedded_store(
    remote_client: FlaskClient, client: FlaskClient, query: str
) -> None:
    def section(over: FlaskClient) -> str:
        response = over.post(
            "/query/results", data={"query": query}, headers={"Accept": "text/html"}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    # A graph has no order: the rows of a CONSTRUCT may come in another one.
    assert sorted(section(remote_client).splitlines()) == sorted(section(client).splitlines())
