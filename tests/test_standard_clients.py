"""Standard clients over a real socket: SPARQLWrapper in every return format, HEAD on every
GET address, RDF/XML that is always XML, and dumps that every HTTP client unpacks right."""

from __future__ import annotations

import gzip
import http.client
import io
import json
import urllib.parse
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.config import load_settings
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.storage.base import is_internal
from samverkan.web import create_app

pytestmark = pytest.mark.slow

RETURN_FORMATS = [JSON, XML, CSV, TSV, N3, TURTLE, RDF, RDFXML, JSONLD]
FORMS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
SELECT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Served:
    """A live server, and the answers its store gave before it started (of its graphs, the
    public ones: the internal ones are hidden from every public read)."""

    live: LiveServer
    queries: dict[str, str]
    rows: dict[str, str]
    graphs: dict[str, Graph]
    store: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    base = base_iri_for(port)
    path = tmp_path_factory.mktemp("clients") / "store"
    build_store(path, base)
    kivra = GraphLayout(base).actor("kivra")
    queries = {
        "SELECT": SELECT,
        "ASK": f"ASK {{ GRAPH <{kivra}> {{ ?s ?p ?o }} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s a ?t }} WHERE {{ GRAPH <{kivra}> {{ ?s a ?t }} }}",
        "DESCRIBE": f"DESCRIBE <{GraphLayout(base).actor_iri('kivra')}>",
    }
    store = OxigraphStore(path)
    try:
        counted = {str(r["g"]): str(r["n"]) for r in store.select(SELECT).rows}
        rows = {name: n for name, n in counted.items() if not is_internal(name)}
        graphs = {form: store.construct(queries[form]) for form in ("CONSTRUCT", "DESCRIBE")}
    finally:
        store.close()
    with running_server(path, port) as live:
        yield Served(live, queries, rows, graphs, path)


def lowered(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


# --- SPARQLWrapper -------------------------------------------------------------------------


def ask_wrapper(served: Served, form: str, return_format: str, method: str) -> tuple[Any, str]:
    """Run the form's query through SPARQLWrapper; return its converted answer, media type."""
    wrapper = SPARQLWrapper(served.live.endpoint)
    wrapper.setQuery(served.queries[form])
    wrapper.setReturnFormat(return_format)
    wrapper.setMethod(method)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when it sends Accept: */*; rdflib, of its ConjunctiveGraph.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        answer = wrapper.query()
        media_type = answer.info()["content-type"]
        return answer.convert(), media_type


def as_graph(converted: Any, media_type: str) -> Graph:
    """Return the triples of a converted CONSTRUCT or DESCRIBE answer."""
    if isinstance(converted, Graph):
        graph = Graph()
        for triple in converted.triples((None, None, None)):
            graph.add(triple)
        return graph
    assert isinstance(converted, bytes), type(converted)
    assert media_type.startswith("text/turtle")
    return Graph().parse(data=converted, format="turtle")


def as_table(converted: Any, media_type: str) -> Result:
    """Return a converted SELECT or ASK answer as rdflib reads it."""
    if isinstance(converted, dict):
        return Result.parse(io.StringIO(json.dumps(converted)), format="json")
    if isinstance(converted, Document):
        return Result.parse(io.StringIO(converted.toxml()), format="xml")
    assert isinstance(converted, bytes), type(converted)
    syntax = "csv" if media_type.startswith("text/csv") else "tsv"
    assert media_type.startswith({"csv": "text/csv", "tsv": "text/tab-separated-values"}[syntax])
    return Result.parse(io.BytesIO(converted), format=syntax)


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
def test_sparqlwrapper_gets_every_form_in_every_return_format(
    served: Served, return_format: str, form: str, method: str
) -> None:
    converted, media_type = ask_wrapper(served, form, return_format, method)
    if form in {"CONSTRUCT", "DESCRIBE"}:
        assert len(served.graphs[form]) > 0
        assert isomorphic(as_graph(converted, media_type), served.graphs[form])
    elif form == "ASK" and isinstance(converted, bytes):  # CSV or TSV: one line, the boolean
        assert converted.decode().split()[-1] == "true"
    elif form == "ASK":
        assert as_table(converted, media_type).askAnswer is True
    else:
        table = as_table(converted, media_type)
        assert {str(row[0]): str(row[1]) for row in table} == served.rows  # type: ignore[index]


def test_a_repeated_format_takes_the_first_recognised(served: Served) -> None:
    path = "/sparql?query=ASK%7B%7D&format=&format=bogus&format=csv&format=json"
    status, headers, _ = served.live.request("GET", path)
    assert status == 200
    assert lowered(headers)["content-type"].startswith("text/csv")
    assert served.live.request("GET", "/sparql?query=ASK%7B%7D&format=bogus")[0] == 406


def test_a_format_of_another_form_leaves_the_choice_to_accept(served: Served) -> None:
    path = "/sparql?query=ASK%7B%7D&format=turtle"
    status, headers, _ = served.live.request("GET", path, headers={"Accept": "*/*"})
    assert status == 200
    assert lowered(headers)["content-type"].startswith("application/sparql-results+json")
    assert served.live.request("GET", path, headers={"Accept": "text/turtle"})[0] == 406


# --- HEAD ----------------------------------------------------------------------------------


#: Routes without variables that answer only with a query given (a bare GET is a 400).
GIVEN_A_QUERY = {"/query/results": "/query/results?query=ASK%7B%7D"}


def get_addresses(store: Path, base: str) -> list[str]:
    """Every GET route without variables, and one address for each route with them."""
    settings = load_settings({"store_path": store, "base_iri": base}, environ={})
    app = create_app({"TESTING": True}, settings=settings, store=OxigraphStore())
    plain = [
        GIVEN_A_QUERY.get(rule.rule, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static"
    ]
    with_variables = [
        "/id/kivra",
        "/id/kivra.ttl",
        "/id/kivra/versions",
        "/graph/actor/kivra",
        "/graphs?graph=" + base + "graph/ontology",
        "/graphs?default",
        "/dumps/actor/kivra.nq.gz",
        "/dumps/actor/kivra.nq",
        "/def/samverkan",
        "/catalogs/service",
        "/queries/actor-inventory?actor=" + base + "id/kivra",
        "/sparql?query=ASK%7B%7D",
        "/search?q=skatt",
    ]
    return sorted(set(plain)) + with_variables


def test_head_answers_like_get_on_every_get_address(served: Served) -> None:
    addresses = get_addresses(served.store.with_name("unused"), served.live.base_iri)
    assert "/sparql" in addresses and "/graphs" in addresses
    for address in addresses:
        got_status, got, _ = served.live.request("GET", address, headers={"Accept": "*/*"})
        status, head, body = served.live.request("HEAD", address, headers={"Accept": "*/*"})
        assert (status, body) == (got_status, b""), address
        assert got_status < 400, address
        assert lowered(head)["content-type"] == lowered(got)["content-type"], address


def test_head_on_the_service_description_is_not_415(served: Served) -> None:
    status, headers, body = served.live.request(
        "HEAD", "/sparql", headers={"Accept": "text/turtle"}
    )
    assert (status, body) == (200, b"")
    assert lowered(headers)["content-type"].startswith("text/turtle")


# --- RDF/XML is XML --------------------------------------------------------------------------

AWKWARD = ["http://x/1", "http://x/a#", "urn:x:1", "http://x/a/", "urn:x:a:1"]
FINE = ["http://x/a.b", "http://x/-a", "urn:x:a", "http://x/é", "http://x/_1"]


def construct(served: Served, query: str, accept: str) -> tuple[int, bytes]:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    status, _, body = served.live.request("GET", path, headers={"Accept": accept})
    return status, body


@pytest.mark.parametrize("predicate", AWKWARD)
def test_a_predicate_rdf_xml_cannot_write_is_406_naming_it(served: Served, predicate: str) -> None:
    query = f'CONSTRUCT {{ <http://s> <{predicate}> "v" }} WHERE {{}}'
    status, body = construct(served, query, "application/rdf+xml")
    assert status == 406
    assert f"<{predicate}>".encode() in body
    assert construct(served, query, "text/turtle")[0] == 200


@pytest.mark.parametrize("iri", AWKWARD + FINE)
def test_every_rdf_xml_answer_is_well_formed_xml(served: Served, iri: str) -> None:
    query = (
        f"CONSTRUCT {{ <http://s> a <{iri}> . <http://s> <http://x/p> [ a <{iri}> ] . "
        f'<http://t> <{iri if iri in FINE else "http://x/q"}> "v"@sv }} WHERE {{}}'
    )
    status, body = construct(served, query, "application/rdf+xml")
    assert status == 200
    ET.fromstring(body)  # raises when it is not well-formed
    expected = Graph().parse(data=construct(served, query, "application/n-triples")[1], format="nt")
    assert isomorphic(Graph().parse(data=body, format="xml"), expected)


def test_rdf_xml_of_an_item_is_well_formed(served: Served) -> None:
    status, _, body = served.live.request(
        "GET", "/id/kivra", headers={"Accept": "application/rdf+xml"}
    )
    assert status == 200
    assert ET.fromstring(body).tag.endswith("RDF")


# --- dumps -----------------------------------------------------------------------------------


def n_quads(body: bytes) -> list[ox.Quad]:
    return list(ox.parse(body, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("path", ["dumps/federation.nq.gz", "dumps/actor/kivra.nq.gz"])
def test_a_gz_file_is_gzip_to_every_client(served: Served, path: str) -> None:
    url = served.live.base_iri + path
    with urllib.request.urlopen(url) as answer:  # urllib never undoes an encoding
        assert answer.headers["Content-Type"] == "application/gzip"
        assert answer.headers["Content-Encoding"] is None
        raw = answer.read()
    decoded = requests.get(url, timeout=60)  # requests undoes Content-Encoding: none here
    assert decoded.headers["Content-Type"] == "application/gzip"
    assert decoded.content == raw
    quads = n_quads(gzip.decompress(raw))
    assert quads
    assert n_quads(gzip.decompress(served.live.request("GET", "/" + path)[2])) == quads


@pytest.mark.parametrize("path", ["dumps/federation.nq", "dumps/actor/kivra.nq"])
def test_a_plain_dump_is_n_quads_to_every_client(served: Served, path: str) -> None:
    url = served.live.base_iri + path
    with urllib.request.urlopen(url) as answer:  # asks for no encoding, gets none
        assert answer.headers["Content-Type"] == "application/n-quads"
        assert answer.headers["Content-Encoding"] is None
        plain = answer.read()
    decoded = requests.get(url, timeout=60)  # asks for gzip, and undoes it
    assert decoded.headers["Content-Encoding"] == "gzip"
    assert decoded.content == plain
    connection = http.client.HTTPConnection("127.0.0.1", served.live.port, timeout=60)
    try:  # a raw read, as curl without --compressed
        connection.request("GET", "/" + path, headers={"Accept-Encoding": "gzip"})
        raw = connection.getresponse().read()
    finally:
        connection.close()
    assert gzip.decompress(raw) == plain
    assert n_quads(plain)
    packed = served.live.request("GET", "/" + path + ".gz")[2]
    assert sorted(map(str, n_quads(plain))) == sorted(map(str, n_quads(gzip.decompress(packed))))


def test_dumps_hold_the_store(served: Served) -> None:
    quads = n_quads(served.live.request("GET", "/dumps/federation.nq")[2])
    counted: dict[str, int] = {}
    for quad in quads:
        counted[quad.graph_name.value] = counted.get(quad.graph_name.value, 0) + 1
    assert {name: str(n) for name, n in counted.items()} == served.rows
