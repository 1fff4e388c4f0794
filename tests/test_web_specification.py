"""The server publishes the specification package at ``/def/spec`` for harvesters and people."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROF, RDF

from samverkan.config import Settings
from samverkan.namespaces import CANONICAL_BASE, INSPEC
from samverkan.specification import Package, build_package

SPEC = URIRef(CANONICAL_BASE + "def/spec")


@pytest.fixture(scope="module")
def package(settings: Settings) -> Package:
    return build_package(settings)


def test_data_clients_get_the_prof_description(client: FlaskClient) -> None:
    response = client.get("/def/spec", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/turtle")
    assert response.headers["Content-Location"] == "/def/spec.ttl"
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.data, format="turtle")
    assert (SPEC, RDF.type, PROF.Profile) in graph
    assert (SPEC, DCTERMS.conformsTo, INSPEC.PROF) in graph


def test_the_description_has_its_own_address_per_format(client: FlaskClient) -> None:
    response = client.get("/def/spec.rdf")
    assert response.content_type == "application/rdf+xml"
    graph = Graph().parse(data=response.data, format="xml")
    assert len(list(graph.objects(SPEC, PROF.hasResource))) > 10
    assert client.get("/def/spec.pdf").status_code == 404


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_browsers_get_the_documentation_in_their_language(client: FlaskClient, lang: str) -> None:
    response = client.get("/def/spec", headers={"Accept": "text/html", "Accept-Language": lang})
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert 'id="LifeEvent"' in page


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("specification.ttl", "text/turtle; charset=utf-8"),
        ("samverkan.ttl", "text/turtle; charset=utf-8"),
        ("concepts/guideline-rule.ttl", "text/turtle; charset=utf-8"),
        ("shapes.ttl", "text/turtle; charset=utf-8"),
        ("diagram.svg", "image/svg+xml"),
        ("documentation.sv.html", "text/html; charset=utf-8"),
    ],
)
def test_each_file_is_served_as_the_package_holds_it(
    client: FlaskClient, package: Package, path: str, media_type: str
) -> None:
    response = client.get(f"/def/spec/{path}")
    assert response.status_code == 200
    assert response.content_type == media_type
    if path.endswith(".ttl"):
        served = Graph().parse(data=response.data, format="turtle")
        assert served.isomorphic(Graph().parse(data=package.files[path], format="turtle"))
    else:
        assert response.data == package.files[path]


def test_every_artifact_the_description_names_resolves(client: FlaskClient) -> None:
    graph = Graph().parse(data=client.get("/def/spec.ttl").data, format="turtle")
    local = [a for a in graph.objects(None, PROF.hasArtifact) if str(a).startswith(str(SPEC))]
    assert len(local) == 13  # vocabulary, 8 lists, shapes, diagram, 2 documents
    for artifact in local:
        assert client.get(str(artifact)[len(CANONICAL_BASE) - 1 :]).status_code == 200, artifact


def test_a_file_answers_304_to_its_etag(client: FlaskClient) -> None:
    first = client.get("/def/spec/diagram.svg")
    again = client.get("/def/spec/diagram.svg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_an_unknown_file_is_a_404_naming_the_files(client: FlaskClient) -> None:
    response = client.get("/def/spec/ontology.owl", headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert "diagram.svg" in response.get_data(as_text=True)


def test_the_catalog_leads_a_harvester_to_the_specification(client: FlaskClient) -> None:
    response = client.get("/catalog", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(CANONICAL_BASE + "catalog#dataset")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.conformsTo, SPEC) in graph
    assert (SPEC, DCTERMS.conformsTo, INSPEC.PROF) in graph
    assert {t.language for t in graph.objects(SPEC, DCTERMS.title)} == {"sv", "en"}
