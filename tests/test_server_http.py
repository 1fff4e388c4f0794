"""`samverkan serve` over a real socket: identifiers resolve at the server's own address."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from live_server import LiveServer, free_port, running_server
from samverkan.namespaces import SAM
from samverkan.rdfio import format_for_media_type, parse_quads
from samverkan.terms import graph_from_triples

pytestmark = pytest.mark.slow

ITEM = "id/skatteverket"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server started on an empty store: it builds the federation itself on first start."""
    store = tmp_path_factory.mktemp("served") / "store"
    with running_server(store, free_port()) as live:
        yield live


def test_health_says_the_store_answers(server: LiveServer) -> None:
    status, _, body = server.request("GET", "/health")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


@pytest.mark.parametrize(
    "media_type",
    ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"],
)
def test_an_item_is_described_in_the_format_asked_for(server: LiveServer, media_type: str) -> None:
    status, headers, body = server.request("GET", "/" + ITEM, headers={"Accept": media_type})
    assert status == 200
    assert headers["Content-Type"].startswith(media_type)
    assert "Accept" in headers["Vary"]
    graph = graph_from_triples(parse_quads(body, format_for_media_type(media_type), "answer"))
    item = URIRef(server.base_iri + ITEM)
    # The items live under the server's own base; the ontology's terms are the fixed ones.
    assert (item, RDF.type, SAM.PublicActor) in graph


def test_a_browser_gets_a_page_with_links_to_the_data(server: LiveServer) -> None:
    status, headers, body = server.request(
        "GET", "/" + ITEM, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert 'rel="alternate"; type="text/turtle"' in headers["Link"]
    assert b"Skatteverket" in body or b"Swedish Tax Agency" in body


def test_a_second_request_with_the_etag_is_not_modified(server: LiveServer) -> None:
    _, headers, _ = server.request("GET", "/" + ITEM, headers={"Accept": "text/turtle"})
    status, _, body = server.request(
        "GET", "/" + ITEM, headers={"Accept": "text/turtle", "If-None-Match": etag(headers)}
    )
    assert (status, body) == (304, b"")


def test_an_unknown_identifier_is_404_never_500(server: LiveServer) -> None:
    status, _, body = server.request("GET", "/id/nobody/process/x", headers={"Accept": "text/html"})
    assert status == 404
    assert b"<html" in body.lower()


def etag(headers: dict[str, str]) -> str:
    return next(value for name, value in headers.items() if name.lower() == "etag")
