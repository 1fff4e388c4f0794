"""One alignment: the ontology's links to the standards are exactly what the exports emit.

The ontology links our classes and properties to those of CPSV-AP (``cpsv:``), the Core
Vocabularies (``cv:``), DCAT, ORG and ELI with ``rdfs:subClassOf`` / ``rdfs:subPropertyOf``.
On the example federation, for each standard class such a link names, the items of the
federation that belong to it (the store's inferences included: an item of a subclass of
an aligned class belongs too) are exactly the items the exports (``/exports/cpsv-ap`` and
``/catalog``) type with it; for each standard property, the pairs are exactly the pairs the
exports state. And the other way: every standard class the exports give an item of the
federation follows from the alignment (with the standard's own hierarchy, from
``cpsv-ap.ttl``: ``cv:LifeEvent`` is a ``cv:Event``).

Life and business events are matched with the SEMIC taxonomies (skos:broadMatch or
exactMatch on the event), and the CPSV-AP export gives the matched concept as the event's
``dct:type``, as CPSV-AP's ``cv:Event`` asks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from samverkan.namespaces import SAM
from samverkan.storage import OxigraphStore

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
TAXONOMY = STANDARDS / "semic-taxonomy"
SCOPE = (
    "http://purl.org/vocab/cpsv#",
    "http://data.europa.eu/m8g/",
    str(DCAT),
    "http://www.w3.org/ns/org#",
    "http://data.europa.eu/eli/ontology#",
)
ID = "https://samverkan.example.org/id/"


def in_scope(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(SCOPE)


def links(ontology: Graph, link: URIRef) -> dict[URIRef, set[URIRef]]:
    """Return, by standard term, our terms the ontology links to it with ``link``."""
    found: dict[URIRef, set[URIRef]] = {}
    for ours, standard in ontology.subject_objects(link):
        if str(ours).startswith(str(SAM)) and in_scope(standard):
            assert isinstance(ours, URIRef) and isinstance(standard, URIRef)
            found.setdefault(standard, set()).add(ours)
    return found


@pytest.fixture(scope="module")
def exported(app: Flask) -> Graph:
    """The two exports as the server sends them."""
    graph = Graph()
    for path in ("/exports/cpsv-ap", "/catalog"):
        response = app.test_client().get(path, headers={"Accept": "application/n-triples"})
        assert response.status_code == 200
        graph.parse(data=response.data, format="nt")
    return graph


@pytest.fixture(scope="module")
def items(federation: Graph) -> set[Node]:
    """The federation's items: what the actors' parts describe."""
    return set(federation.subjects())


def members(store: OxigraphStore, classes: set[URIRef], items: set[Node]) -> set[Node]:
    """Return the items that belong to one of ``classes``, inferences included."""
    found: set[Node] = set()
    for cls in classes:
        found |= set(store.select("SELECT ?x WHERE { ?x a ?c }", {"c": cls}).column("x"))
    return found & items


def pairs(
    store: OxigraphStore, properties: set[URIRef], items: set[Node]
) -> set[tuple[Node, Node]]:
    """Return the pairs one of ``properties`` (or a sub-property) links, subject an item."""
    found: set[tuple[Node, Node]] = set()
    for prop in properties:
        rows = store.select(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?s ?o WHERE { ?q rdfs:subPropertyOf* ?p . ?s ?q ?o }",
            {"p": prop},
        ).rows
        found |= {(row["s"], row["o"]) for row in rows if row["s"] in items}
    return found


def test_the_ontology_aligns_classes_and_properties_with_every_standard(
    ontology: Graph,
) -> None:
    classes = links(ontology, RDFS.subClassOf)
    properties = links(ontology, RDFS.subPropertyOf)
    namespaces = {str(t).rsplit("#", 1)[0] for t in classes} | {str(t) for t in properties}
    assert {s for s in SCOPE if any(n.startswith(s.rstrip("#")) for n in namespaces)} == set(SCOPE)
    # The two links the exports did not honour before are settled in the ontology:
    # a private actor's conceptual service is no public service (sam:PublicService is),
    # and a realised service is no dcat:DataService (no endpoint URL is recorded).
    assert classes[URIRef("http://purl.org/vocab/cpsv#PublicService")] == {SAM.PublicService}
    assert DCAT.DataService not in classes


def test_each_aligned_class_has_exactly_the_items_the_exports_type_with_it(
    ontology: Graph, store: OxigraphStore, exported: Graph, items: set[Node]
) -> None:
    compared = {}
    for standard, ours in links(ontology, RDFS.subClassOf).items():
        expected = members(store, ours, items)
        typed = set(exported.subjects(RDF.type, standard)) & items
        assert typed == expected, (standard, expected ^ typed)
        compared[standard] = len(expected)
    # Not a comparison of empty sets: public services, events, channels, actors, catalogs,
    # records and regulations are all there (the example has no requirement).
    assert compared[URIRef("http://purl.org/vocab/cpsv#PublicService")] == 12
    assert compared[URIRef("http://data.europa.eu/m8g/Channel")] == 21
    assert compared[URIRef("http://www.w3.org/ns/org#Organization")] == 7
    assert compared[DCAT.CatalogRecord] == 124
    assert sum(1 for count in compared.values() if count > 0) >= 10


def test_each_aligned_property_links_exactly_the_pairs_the_exports_state(
    ontology: Graph, store: OxigraphStore, exported: Graph, items: set[Node]
) -> None:
    compared = {}
    for standard, ours in links(ontology, RDFS.subPropertyOf).items():
        expected = pairs(store, ours, items)
        stated = {(s, o) for s, o in exported.subject_objects(standard) if s in items}
        assert stated == expected, (standard, expected ^ stated)
        compared[standard] = len(expected)
    assert compared[URIRef("http://data.europa.eu/m8g/hasChannel")] == 84
    assert compared[URIRef("http://data.europa.eu/m8g/hasLegalResource")] == 24


def test_every_standard_class_the_exports_give_an_item_follows_from_the_alignment(
    ontology: Graph, store: OxigraphStore, exported: Graph, items: set[Node]
) -> None:
    hierarchy = Graph().parse(STANDARDS / "cpsv-ap" / "3.2.0" / "cpsv-ap.ttl")
    belongs: dict[Node, set[Node]] = {}
    for standard, ours in links(ontology, RDFS.subClassOf).items():
        for item in members(store, ours, items):
            belongs.setdefault(item, set()).add(standard)
    for item in items:
        aligned = belongs.get(item, set())
        entailed = {
            broader
            for cls in aligned
            for broader in hierarchy.transitive_objects(cls, RDFS.subClassOf)
        }
        given = {c for c in exported.objects(item, RDF.type) if in_scope(c)}
        assert given <= entailed, (item, given - entailed)


# --- life events and the SEMIC taxonomies --------------------------------------------------


@pytest.fixture(scope="module")
def taxonomy() -> Graph:
    graph = Graph()
    for name in ("LifeEvents-2023-03-22.ttl", "BusinessEvents-2023-03-22.ttl"):
        graph.parse(TAXONOMY / name)
    return graph


@pytest.mark.parametrize(
    ("event", "concept"),
    [
        ("digg/life-event/having-a-baby", "http://data.europa.eu/ox8/life-event/BIR"),
        ("digg/life-event/moving-house", "http://data.europa.eu/ox8/life-event/MOV"),
        (
            "digg/business-event/starting-a-business",
            "http://data.europa.eu/m58/business-event/STBU",
        ),
    ],
)
def test_each_event_is_matched_with_its_semic_concept_and_exported_as_its_type(
    federation: Graph, exported: Graph, taxonomy: Graph, event: str, concept: str
) -> None:
    item, matched = URIRef(ID + event), URIRef(concept)
    matches = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch}
    assert {o for p in matches for o in federation.objects(item, p)} == {matched}
    scheme = taxonomy.value(matched, SKOS.inScheme)
    assert (matched, RDF.type, SKOS.Concept) in taxonomy and scheme is not None
    assert exported.value(item, DCTERMS.type) == matched
    assert exported.value(matched, SKOS.inScheme) == scheme


def test_every_event_of_the_federation_is_matched(federation: Graph, taxonomy: Graph) -> None:
    events = set(federation.subjects(RDF.type, SAM.LifeEvent)) | set(
        federation.subjects(RDF.type, SAM.BusinessEvent)
    )
    assert len(events) == 3
    concepts = set(taxonomy.subjects(RDF.type, SKOS.Concept))
    for event in events:
        matched = {
            o
            for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
            for o in federation.objects(event, p)
        }
        assert matched and matched <= concepts, event
