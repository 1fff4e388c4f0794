"""The ontology: every term labelled and defined in both languages, every term used defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from samverkan.namespaces import ONTOLOGY_IRI, SAM, SAMK

PROJECT = Path(__file__).resolve().parents[1]
DECLARED_AS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def sam_terms(ontology: Graph) -> set[URIRef]:
    return {
        term
        for kind in DECLARED_AS
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and term.startswith(str(SAM))
    }


def concepts(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(SAMK))}


def languages(graph: Graph, term: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(term, predicate) if isinstance(o, Literal)}


def test_the_ontology_carries_version_and_licence(ontology: Graph) -> None:
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.modified) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_term_and_concept_speaks_swedish_and_english(
    ontology: Graph, predicate: URIRef
) -> None:
    lacking = sorted(
        str(term)
        for term in sam_terms(ontology) | concepts(ontology)
        if not {"sv", "en"} <= languages(ontology, term, predicate)
    )
    assert lacking == []


def test_every_link_has_its_inverse(ontology: Graph) -> None:
    links = {p for p in ontology.subjects(RDFS.subPropertyOf, SAM.tracesTo)} | {
        p for p in ontology.subjects(RDFS.subPropertyOf, SAM.tracedFrom)
    }
    without = sorted(
        str(p)
        for p in links
        if ontology.value(p, OWL.inverseOf) is None
        and ontology.value(None, OWL.inverseOf, p) is None
    )
    assert len(links) >= 12
    assert without == []


def test_traceability_rolls_up_into_one_transitive_property(ontology: Graph) -> None:
    assert (SAM.tracesTo, RDF.type, OWL.TransitiveProperty) in ontology
    assert (SAM.tracesTo, OWL.inverseOf, SAM.tracedFrom) in ontology


@pytest.mark.parametrize(
    ("ours", "standard"),
    [
        (SAM.LifeEvent, URIRef("http://data.europa.eu/m8g/LifeEvent")),
        (SAM.BusinessEvent, URIRef("http://data.europa.eu/m8g/BusinessEvent")),
        (SAM.PublicService, URIRef("http://purl.org/vocab/cpsv#PublicService")),
        (SAM.Regulation, URIRef("http://purl.org/vocab/cpsv#Rule")),
        (SAM.Concept, SKOS.Concept),
        (SAM.Actor, URIRef("http://www.w3.org/ns/org#Organization")),
        (SAM.PublicActor, URIRef("http://data.europa.eu/m8g/PublicOrganisation")),
        (SAM.Catalog, URIRef("http://www.w3.org/ns/dcat#Catalog")),
        (SAM.CatalogEntry, URIRef("http://www.w3.org/ns/dcat#CatalogRecord")),
        (SAM.DevelopmentInitiative, URIRef("http://www.w3.org/ns/prov#Activity")),
    ],
)
def test_classes_are_aligned_to_the_standards(
    ontology: Graph, ours: URIRef, standard: URIRef
) -> None:
    assert (ours, RDFS.subClassOf, standard) in ontology


_SAM_NAME = re.compile(r"\bsam:([A-Za-z][A-Za-z0-9]*)")
_SAM_IRI = re.compile(re.escape(str(SAM)) + r"([A-Za-z][A-Za-z0-9]*)")


def used_terms() -> dict[str, set[str]]:
    """Every sam: term named in the code, shapes, data, queries and tests, by file."""
    used: dict[str, set[str]] = {}
    folders = ("src", "shapes", "data", "queries", "ontology", "bench")
    for folder in folders:
        for path in (PROJECT / folder).rglob("*"):
            if path.suffix in {".py", ".ttl", ".rq", ".ru"}:
                text = path.read_text(encoding="utf-8")
                names = set(_SAM_NAME.findall(text)) | set(_SAM_IRI.findall(text))
                names |= {m for m in re.findall(r"\bSAM\.([A-Za-z]\w*)", text)}
                if names:
                    used[str(path.relative_to(PROJECT))] = names
    return used


def test_every_term_the_project_uses_is_defined_in_the_ontology(ontology: Graph) -> None:
    defined = {str(t)[len(str(SAM)) :] for t in sam_terms(ontology)}
    undefined = {
        f"{path}: sam:{name}" for path, names in used_terms().items() for name in names - defined
    }
    assert sorted(undefined) == []
