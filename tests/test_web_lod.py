"""Linked open data: VoID and DCAT describe the federation; dumps hold exactly its graphs."""

from __future__ import annotations

import gzip

import pyoxigraph as ox
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from samverkan.config import Settings
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout, OxigraphStore

VOID = Namespace("http://rdfs.org/ns/void#")


def fetch_graph(client: FlaskClient, path: str) -> Graph:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    return Graph().parse(data=response.data, format="turtle")


def public_count(store: OxigraphStore) -> int:
    """Count the triples of the public graphs (internal ones are never published)."""
    return sum(store.count(name) for name in store.public_graph_names())


def test_void_gives_size_endpoint_dump_and_vocabulary(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    void = fetch_graph(client, "/.well-known/void")
    dataset = URIRef(settings.base_iri + "catalog#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(dataset, VOID.triples) == Literal(public_count(store))
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(settings.base_iri + "sparql")
    assert void.value(dataset, VOID.dataDump) == URIRef(
        settings.base_iri + "dumps/federation.nq.gz"
    )
    assert void.value(dataset, VOID.vocabulary) == URIRef(str(SAM))


def test_void_has_one_subset_per_actor_with_its_size(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    void = fetch_graph(client, "/.well-known/void")
    layout = GraphLayout(settings.base_iri)
    for graph in store.graph_names():
        if slug := layout.actor_slug(graph):
            subset = URIRef(f"{settings.base_iri}catalog#actor-{slug}")
            assert (URIRef(settings.base_iri + "catalog#dataset"), VOID.subset, subset) in void
            assert void.value(subset, VOID.triples) == Literal(store.count(graph))


def test_dcat_lists_the_four_catalogs_with_their_entry_counts(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    dcat = fetch_graph(client, "/catalog")
    top = URIRef(settings.base_iri + "catalog")
    catalogs = set(dcat.objects(top, DCAT.catalog))
    expected = set(
        store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?c WHERE { ?c a sam:Catalog }"
        ).column("c")
    )
    assert len(expected) == 4
    assert catalogs == expected
    for catalog in catalogs:
        entries = store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e sam:listedIn ?c } GROUP BY ?c",
            {"c": catalog},
        ).column("n")
        assert int(str(entries[0])) > 0
        assert dcat.value(catalog, VOID.entities) == Literal(int(str(entries[0])))


def test_dcat_offers_the_dump_and_the_sparql_service(
    client: FlaskClient, settings: Settings
) -> None:
    dcat = fetch_graph(client, "/catalog")
    dataset = URIRef(settings.base_iri + "catalog#dataset")
    distribution = dcat.value(dataset, DCAT.distribution)
    assert dcat.value(distribution, DCAT.downloadURL) == URIRef(
        settings.base_iri + "dumps/federation.nq.gz"
    )
    service = URIRef(settings.base_iri + "sparql")
    assert (service, DCAT.servesDataset, dataset) in dcat
    assert (dataset, RDF.type, VOID.Dataset) not in dcat


def quads_of(body: bytes) -> list[ox.Quad]:
    return list(ox.parse(gzip.decompress(body), format=ox.RdfFormat.N_QUADS))


def test_the_full_dump_holds_every_quad_of_the_store(
    client: FlaskClient, store: OxigraphStore
) -> None:
    response = client.get("/dumps/federation.nq.gz")
    assert response.status_code == 200
    assert response.mimetype == "application/gzip"
    assert "Content-Encoding" not in response.headers
    quads = quads_of(response.data)
    assert len(quads) == public_count(store)  # every quad but those of internal graphs
    assert {URIRef(q.graph_name.value) for q in quads} == store.public_graph_names()


def test_an_actor_dump_holds_only_that_actors_graph(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    graph = GraphLayout(settings.base_iri).actor("kivra")
    quads = quads_of(client.get("/dumps/actor/kivra.nq.gz").data)
    assert len(quads) == store.count(graph)
    assert {q.graph_name.value for q in quads} == {str(graph)}


def test_a_dump_is_cacheable(client: FlaskClient) -> None:
    first = client.get("/dumps/actor/kivra.nq.gz")
    again = client.get("/dumps/actor/kivra.nq.gz", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_an_unknown_actor_has_no_dump(client: FlaskClient) -> None:
    assert client.get("/dumps/actor/nobody.nq.gz").status_code == 404
    assert client.get("/dumps/actor/Not_A_Slug.nq.gz").status_code == 404
    assert client.get("/dumps/actor/nobody.nq").status_code == 404


def test_the_plain_dump_is_n_quads_encoded_only_when_asked(
    client: FlaskClient, store: OxigraphStore
) -> None:
    plain = client.get("/dumps/federation.nq", headers={"Accept-Encoding": "identity"})
    assert plain.mimetype == "application/n-quads"
    assert "Content-Encoding" not in plain.headers
    assert len(list(ox.parse(plain.data, format=ox.RdfFormat.N_QUADS))) == public_count(store)
    encoded = client.get("/dumps/federation.nq", headers={"Accept-Encoding": "gzip"})
    assert encoded.mimetype == "application/n-quads"
    assert encoded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(encoded.data) == plain.data
    assert encoded.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in encoded.headers["Vary"]


def test_the_dump_page_lists_every_actor(
    client: FlaskClient, settings: Settings, store: OxigraphStore
) -> None:
    page = client.get("/dumps/", headers={"Accept": "text/html"}).get_data(as_text=True)
    layout = GraphLayout(settings.base_iri)
    for graph in store.graph_names():
        if slug := layout.actor_slug(graph):
            assert f"/dumps/actor/{slug}.nq.gz" in page
