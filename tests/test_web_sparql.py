"""The SPARQL 1.1 Protocol endpoint through the Flask test client.

The same endpoint is exercised over a real socket, with the W3C protocol tests, in
``test_sparql_protocol.py``.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Namespace, URIRef
from rdflib.query import Result
from werkzeug.test import TestResponse

from samverkan.config import Settings
from samverkan.rdfio import format_for_media_type, parse_quads
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.terms import graph_from_triples
from samverkan.web import create_app

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
FORM = "application/x-www-form-urlencoded"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s a ?type } WHERE { ?s a ?type } LIMIT 5"


def get(client: FlaskClient, accept: str | None = None, **params: str) -> TestResponse:
    """GET /sparql with ``params`` in the query string."""
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql?" + urlencode(params), headers=headers)


def parse_rdf(response: TestResponse) -> Graph:
    """Parse an RDF answer by its media type."""
    rdf_format = format_for_media_type(response.headers["Content-Type"])
    return graph_from_triples(parse_quads(response.data, rdf_format, "the answer"))


def number(response: TestResponse) -> int:
    """Return the single number a SELECT answered in SPARQL JSON."""
    assert response.status_code == 200, response.text
    (row,) = response.json["results"]["bindings"]  # type: ignore[index]
    return int(next(iter(row.values()))["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(client: FlaskClient) -> None:
    by_get = get(client, query=COUNT)
    by_form = client.post("/sparql", data={"query": COUNT})
    by_body = client.post("/sparql", data=COUNT, content_type="application/sparql-query")
    assert number(by_get) == number(by_form) == number(by_body) > 0
    assert by_get.headers["Content-Type"] == "application/sparql-results+json"
    assert "Accept" in by_get.headers["Vary"].split(", ")


def test_default_graph_uri_limits_the_default_graph(
    client: FlaskClient, store: OxigraphStore, settings: Settings
) -> None:
    ontology = GraphLayout(settings.base_iri).ontology
    answer = get(client, query=COUNT, **{"default-graph-uri": str(ontology)})
    assert number(answer) == store.count(ontology)


def test_named_graph_uri_limits_the_named_graphs(client: FlaskClient, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    body = urlencode(
        [("query", query), ("named-graph-uri", layout.ontology), ("named-graph-uri", layout.shapes)]
    )
    answer = client.post("/sparql", data=body, content_type=FORM)
    graphs = {row["g"]["value"] for row in answer.json["results"]["bindings"]}  # type: ignore[index]
    assert graphs == {str(layout.ontology), str(layout.shapes)}


def test_protocol_dataset_replaces_the_query_dataset(
    client: FlaskClient, settings: Settings
) -> None:
    layout = GraphLayout(settings.base_iri)
    query = f"ASK FROM <{layout.ontology}> {{ ?s ?p ?o }}"
    answer = get(client, query=query, **{"named-graph-uri": str(layout.shapes)})
    assert answer.json == {"head": {}, "boolean": False}  # the protocol's default graph is empty


def test_from_clause_applies_without_protocol_dataset(
    client: FlaskClient, store: OxigraphStore, settings: Settings
) -> None:
    ontology = GraphLayout(settings.base_iri).ontology
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    assert number(get(client, query=query)) == store.count(ontology)


def test_default_graph_is_the_union_of_all_graphs(client: FlaskClient, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    query = (
        f"ASK {{ ?class a <http://www.w3.org/2002/07/owl#Class> . ?actor a ?type "
        f"FILTER(STRSTARTS(STR(?actor), '{layout.actor_iri('digg')}')) }}"
    )
    assert get(client, query=query).json["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize(
    ("accept", "media_type", "parser"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "json"),
        ("application/json", "application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/csv", "text/csv; charset=utf-8", "csv"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "tsv"),
        ("application/sparql-results+xml;q=0.5, text/csv", "text/csv; charset=utf-8", "csv"),
        ("text/csv;q=0.2, application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("*/*", "application/sparql-results+json", "json"),
    ],
)
def test_select_formats_by_accept(
    client: FlaskClient, accept: str, media_type: str, parser: str
) -> None:
    query = "SELECT ?s ?type WHERE { ?s a ?type } LIMIT 3"
    answer = get(client, accept, query=query)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == media_type
    result = Result.parse(io.BytesIO(answer.data), format=parser)
    assert len(list(result)) == 3


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples;q=0.3, application/rdf+xml;q=0.6", "application/rdf+xml"),
        ("*/*", "text/turtle"),
    ],
)
def test_construct_formats_by_accept(client: FlaskClient, accept: str, media_type: str) -> None:
    answer = get(client, accept, query=CONSTRUCT)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == media_type
    assert len(parse_rdf(answer)) == 5


def test_describe_answers_rdf(client: FlaskClient, settings: Settings) -> None:
    actor = GraphLayout(settings.base_iri).actor_iri("digg")
    answer = get(client, "text/turtle", query=f"DESCRIBE <{actor}>")
    assert (actor, None, None) in parse_rdf(answer)


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv; charset=utf-8"),
        ("tsv", "text/tab-separated-values; charset=utf-8"),
    ],
)
def test_ask_formats_by_format_parameter(client: FlaskClient, name: str, media_type: str) -> None:
    answer = get(client, query="ASK {}", format=name)
    assert answer.headers["Content-Type"] == media_type
    assert b"true" in answer.data


def test_format_parameter_wins_over_a_browsers_accept(client: FlaskClient) -> None:
    answer = get(client, BROWSER, query=CONSTRUCT, format="nt")
    assert answer.headers["Content-Type"] == "application/n-triples"


def test_relative_iris_resolve_against_the_endpoint(
    client: FlaskClient, settings: Settings
) -> None:
    answer = get(client, "application/n-triples", query="CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert answer.text.startswith(f"<{settings.base_iri}s> <{settings.base_iri}p> ")


@pytest.mark.parametrize(
    ("query", "accept", "offered"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle", "application/sparql-results+json"),
        ("ASK {}", "image/png", "text/csv"),
        (CONSTRUCT, "application/sparql-results+json", "text/turtle"),
    ],
)
def test_unavailable_format_is_406_naming_what_is(
    client: FlaskClient, query: str, accept: str, offered: str
) -> None:
    answer = get(client, accept, query=query)
    assert answer.status_code == 406
    assert offered in answer.text


def test_malformed_query_is_400_with_line_and_column(client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }"
    answer = client.post("/sparql", data={"query": query})
    assert answer.status_code == 400
    assert re.search(r"line 3, column \d+: expected ", answer.text), answer.text
    assert "error at" not in answer.text


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("post", {"data": "CLEAR ALL", "content_type": "application/sparql-update"}),
        ("post", {"data": {"update": "DROP ALL"}}),
        ("get", {"query_string": {"update": "CLEAR ALL"}}),
        ("get", {"query_string": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
        ("post", {"data": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}}),
    ],
)
def test_updates_are_refused_as_read_only(
    client: FlaskClient, store: OxigraphStore, method: str, kwargs: dict[str, object]
) -> None:
    before = store.count()
    answer = getattr(client, method)("/sparql", **kwargs)
    assert answer.status_code == 403
    assert "read-only" in answer.text
    assert store.count() == before


def test_service_is_refused(client: FlaskClient) -> None:
    answer = get(client, query="SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert answer.status_code == 400
    assert "SERVICE" in answer.text


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "ASK {}", "content_type": "text/plain"}, 415),
        ({"data": "query=ASK%20%7B%7D"}, 415),
        (
            {
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
        ),
        ({"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
        ({"data": "query=ASK%20%7B%7D&query=ASK%20%7B%7D", "content_type": FORM}, 400),
        ({"data": "default-graph-uri=urn%3Ax", "content_type": FORM}, 400),
    ],
)
def test_malformed_requests_are_refused(
    client: FlaskClient, kwargs: dict[str, object], status: int
) -> None:
    answer = client.post("/sparql", **kwargs)
    assert answer.status_code == status, answer.text
    assert answer.text.strip()


def test_graph_iri_must_be_absolute(client: FlaskClient) -> None:
    answer = get(client, query="ASK {}", **{"default-graph-uri": "not an iri"})
    assert answer.status_code == 400
    assert "default-graph-uri" in answer.text


def test_other_methods_are_405_with_allow(client: FlaskClient) -> None:
    answer = client.put("/sparql?query=ASK%20%7B%7D")
    assert answer.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in answer.headers["Allow"].split(",")}


def test_cors_preflight_allows_queries_from_other_origins(client: FlaskClient) -> None:
    answer = client.options(
        "/sparql",
        headers={
            "Origin": "https://tool.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert set(answer.headers["Access-Control-Allow-Methods"].split(", ")) == {"GET", "POST"}
    allowed = {h.strip().lower() for h in answer.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "accept"} <= allowed


def test_answers_carry_cors_headers(client: FlaskClient) -> None:
    answer = get(client, query="ASK {}", format="json")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" in answer.headers["Access-Control-Expose-Headers"]


def service_description(client: FlaskClient, accept: str | None = None) -> Graph:
    """Fetch and parse the service description."""
    answer = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert answer.status_code == 200, answer.text
    return parse_rdf(answer)


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/ld+json"])
def test_service_description_follows_the_spec(
    client: FlaskClient, store: OxigraphStore, settings: Settings, accept: str | None
) -> None:
    graph = service_description(client, accept)
    service = URIRef(settings.base_iri + "sparql")
    assert (service, SD.endpoint, service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert {
        FORMATS.SPARQL_Results_JSON,
        FORMATS.SPARQL_Results_XML,
        FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV,
        FORMATS.Turtle,
        FORMATS["N-Triples"],
        FORMATS["JSON-LD"],
        FORMATS.RDF_XML,
    } == set(graph.objects(service, SD.resultFormat))
    names = set(graph.objects(None, SD.name))
    assert names == store.public_graph_names()  # internal graphs are never named


def test_service_description_is_turtle_by_default(client: FlaskClient) -> None:
    for accept in ({}, {"Accept": "*/*"}):
        assert client.get("/sparql", headers=accept).headers["Content-Type"] == "text/turtle"


def test_browsers_get_a_query_form(client: FlaskClient) -> None:
    answer = client.get("/sparql", headers={"Accept": BROWSER})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<form" in answer.text


def test_slow_query_is_stopped_with_a_message(settings: Settings, store: OxigraphStore) -> None:
    impatient = create_app(
        {"TESTING": True}, settings=replace(settings, query_timeout=0.5), store=store
    )
    heavy = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }"
    client = impatient.test_client()
    answer = client.post("/sparql", data={"query": heavy})
    assert answer.status_code == 503
    assert "0.5 s and was stopped" in answer.text
    assert json.loads(client.get("/sparql?query=ASK%20%7B%7D").data)["boolean"] is True


def test_ask_answers_in_sparql_xml(client: FlaskClient) -> None:
    answer = get(client, "application/sparql-results+xml", query="ASK { ?s ?p ?o }")
    assert Result.parse(io.BytesIO(answer.data), format="xml").askAnswer is True
