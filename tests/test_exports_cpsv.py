"""The CPSV-AP 3.2.0 view conforms to the official shapes, which are checked as published.

The shapes are SEMICeu/CPSV-AP's ``releases/3.2.0/shacl/cpsv-ap-SHACL.ttl`` byte for byte
(see ``shared/standards/SOURCES.md``). Every shape in the file is used; the quirks of the
file are each pinned by a test below, none worked around by dropping shapes.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from flask import Flask
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from samverkan.cli import main
from samverkan.config import Settings
from samverkan.exports import queries
from samverkan.exports.dcat import addresses
from samverkan.namespaces import CPSV, CV, SAM
from samverkan.storage import OxigraphStore

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
CPSV_AP = STANDARDS / "cpsv-ap" / "3.2.0"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = "https://samverkan.example.org/id/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The official CPSV-AP 3.2.0 shapes, all of them, as published."""
    return Graph().parse(CPSV_AP / "cpsv-ap-SHACL.ttl")


@pytest.fixture(scope="module")
def view(app: Flask) -> Graph:
    """The CPSV-AP view as the server sends it."""
    response = app.test_client().get("/exports/cpsv-ap", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    return Graph().parse(data=response.data, format="turtle")


def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """Validate ``data`` as published, without inference (the view states every type)."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True
    )
    return bool(conforms), report


def results(report: Graph) -> list[tuple[str, str, str]]:
    """Return each result as (focus, path, constraint component), for readable failures."""
    return sorted(
        (
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        )
        for r in report.objects(None, SH.result)
    )


# --- the official shapes as published ---------------------------------------------------


def test_the_shapes_parse_with_the_shacl_prefix_and_no_severity_or_message(
    shapes: Graph,
) -> None:
    text = (CPSV_AP / "cpsv-ap-SHACL.ttl").read_text(encoding="utf-8")
    assert "@prefix shacl: <http://www.w3.org/ns/shacl#>" in text  # only a prefix name
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == 32
    assert not set(shapes.objects(None, SH.severity))  # every result is a Violation
    assert not set(shapes.objects(None, SH.message))
    assert all("/3.2.0//shacl/" in str(s) for s in shapes.subjects(RDF.type, SH.NodeShape))


def test_the_shapes_that_target_datatypes_can_never_apply(shapes: Graph) -> None:
    """Four shapes target a datatype as a class; no node is an instance of one, so they
    never fire. They are empty too, so keeping them (as we do) changes nothing."""
    datatypes = {RDF.langString, RDFS.Literal, XSD.double, XSD.duration}
    inert = {
        s
        for s in shapes.subjects(SH.targetClass, None)
        if shapes.value(s, SH.targetClass) in datatypes
    }
    assert {str(s).rsplit("#", 1)[-1] for s in inert} == {
        "TextShape",
        "LiteralShape",
        "DoubleShape",
        "DurationShape",
    }
    assert all(shapes.value(s, SH.property) is None for s in inert)


def test_the_cccev_shapes_target_https_xsd_and_time_iris_that_nothing_uses() -> None:
    """CCCEV 2.1.0 (not part of the CPSV-AP file) targets ``https://www.w3.org/2001/
    XMLSchema#string`` and ``https://www.w3.org/2006/time#Instant``: typos for ``http``, so
    those shapes never apply. The CPSV-AP 3.2.0 file has no such IRI; the view is checked
    against the CPSV-AP file only and carries no CCCEV class."""
    cccev = Graph().parse(STANDARDS / "cccev" / "2.1.0" / "cccev-ap-SHACL.ttl")
    https = {str(t) for t in cccev.objects(None, SH.targetClass) if "https://www.w3.org" in t}
    assert https == {
        "https://www.w3.org/2001/XMLSchema#string",
        "https://www.w3.org/2006/time#Instant",
    }
    assert "https://www.w3.org/" not in (CPSV_AP / "cpsv-ap-SHACL.ttl").read_text("utf-8")


def test_the_official_example_does_not_conform_to_the_official_shapes(shapes: Graph) -> None:
    """The example cites code-list IRIs (channel type, country, frequency …) without their
    types, and the shapes check ``sh:class`` on them: six Violations as published."""
    example = Graph().parse(CPSV_AP / "example-rdf_public_service.ttl")
    conforms, report = validate(example, shapes)
    assert not conforms
    assert {c for _, _, c in results(report)} == {"ClassConstraintComponent"}
    assert len(results(report)) == 6


# --- the view --------------------------------------------------------------------------


def test_the_view_conforms_with_no_violation(view: Graph, shapes: Graph) -> None:
    """No result at all: the file has no severities, so any result would be a Violation."""
    conforms, report = validate(view, shapes)
    assert results(report) == []
    assert conforms


def test_a_service_without_identifier_breaks_the_shapes(view: Graph, shapes: Graph) -> None:
    broken = Graph() + view
    service = URIRef(ID + "skatteverket/service/population-registration")
    broken.remove((service, DCTERMS.identifier, None))
    conforms, report = validate(broken, shapes)
    assert not conforms
    assert results(report) == [
        (str(service), str(DCTERMS.identifier), "MinCountConstraintComponent")
    ]


def test_every_conceptual_service_of_a_public_actor_is_a_public_service(
    view: Graph, store: OxigraphStore
) -> None:
    expected = set(
        store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?s WHERE { ?s a sam:ConceptualService ; sam:owner/a sam:PublicActor }"
        ).column("s")
    )
    assert len(expected) == 12
    assert set(view.subjects(RDF.type, CPSV.PublicService)) == expected
    assert expected == set(
        store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?s WHERE { ?s a sam:PublicService }"
        ).column("s")
    )
    # Kivra is a private actor: no competent authority, so not a public service (its
    # channel, a cv:hasChannel by the alignment, is stated all the same).
    mailbox = URIRef(ID + "kivra/service/digital-mailbox")
    assert {p for p, _ in view.predicate_objects(mailbox)} == {CV.hasChannel}


def test_a_service_carries_authority_channels_rules_events_and_names(view: Graph) -> None:
    service = URIRef(ID + "skatteverket/service/population-registration")
    assert view.value(service, DCTERMS.identifier) == Literal(str(service))
    assert Literal("Registrering i folkbokföringen", lang="sv") in set(
        view.objects(service, DCTERMS.title)
    )
    authority = URIRef(ID + "skatteverket")
    assert view.value(service, CV.hasCompetentAuthority) == authority
    assert (authority, RDF.type, CV.PublicOrganisation) in view
    assert set(view.objects(service, CV.isGroupedBy)) == {
        URIRef(ID + "digg/life-event/having-a-baby"),
        URIRef(ID + "digg/life-event/moving-house"),
    }
    act = URIRef(ID + "skatteverket/regulation/population-registration-act")
    assert (service, CPSV.follows, act) in view
    assert (service, CV.hasLegalResource, act) in view
    assert view.value(act, DCTERMS.identifier) == Literal("SFS 1991:481")
    assert (act, RDF.type, ELI.LegalResource) in view
    assert len(set(view.objects(service, CV.hasChannel))) == 3


def test_events_point_back_to_their_services(view: Graph) -> None:
    event = URIRef(ID + "digg/business-event/starting-a-business")
    assert (event, RDF.type, CV.BusinessEvent) in view
    assert (event, RDF.type, CV.Event) in view
    related = set(view.objects(event, CV.hasRelatedService))
    assert URIRef(ID + "bolagsverket/service/company-registration") in related
    for service in related:
        assert (service, CV.isGroupedBy, event) in view


def test_every_export_query_parses_and_runs(store: OxigraphStore, settings: Settings) -> None:
    bindings = addresses(settings.base_iri)
    for name in queries.names():
        text = queries.query(name)
        if "CONSTRUCT" not in text:
            # The SELECT queries the linked-data pages read: each answers over the example.
            assert store.select(text, bindings.get(name)).rows, name
            continue
        found = store.construct(text, bindings.get(name))
        # The example federation holds no CPSV-AP import (see test_import_cpsv.py).
        assert (len(found) > 0) is (name != "cpsv-imported"), name


def test_the_command_line_writes_the_view(tmp_path: Path) -> None:
    output = tmp_path / "cpsv.ttl"
    store = str(tmp_path / "store")
    assert main(["export", "cpsv-ap", "--store", store, "--output", str(output)]) == 0
    written = Graph().parse(output)
    assert len(set(written.subjects(RDF.type, CPSV.PublicService))) == 12
    assert (None, SAM.owner, None) not in written


def test_the_view_is_served_in_every_rdf_syntax(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/exports/cpsv-ap", headers={"Accept": "application/ld+json"})
    assert answer.status_code == 200
    assert answer.mimetype == "application/ld+json"
    assert client.get("/exports/cpsv-ap", headers={"Accept": "image/png"}).status_code == 406
