"""What the specification is made of: the project's own files, under a deployment's base IRI.

The ontology folder holds the data vocabulary (the file with the ``owl:Ontology``) and the
controlled lists; INSPEC wants each terminology in a dataset of its own with a single concept
scheme (rule TE-2), so the lists are split, one graph per scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS, VANN

from samverkan.config import Settings
from samverkan.errors import SamverkanError
from samverkan.namespaces import CANONICAL_BASE, PREFIXES, SPEC_IRI
from samverkan.rdfio import parse_file, parse_files
from samverkan.rebasing import rebase

#: Properties whose literal values spell out a namespace, to be moved with the IRIs.
NAMESPACE_VALUES = (VANN.preferredNamespaceUri, SH.namespace)


class SpecificationError(SamverkanError):
    """The project's files cannot be packaged as an interoperable specification."""


@dataclass(frozen=True)
class Sources:
    """The parts of the specification as graphs, under one base IRI."""

    base_iri: str
    vocabulary: Graph
    terminologies: dict[URIRef, Graph]
    shapes: Graph

    @property
    def spec(self) -> URIRef:
        """Return the IRI of the specification (and of the application profile, rule AP-2)."""
        return URIRef(self.base_iri + SPEC_IRI[len(CANONICAL_BASE) :])

    @property
    def ontology(self) -> URIRef:
        """Return the IRI of the data vocabulary resource (rule DV-2)."""
        [ontology] = self.vocabulary.subjects(RDF.type, OWL.Ontology)
        assert isinstance(ontology, URIRef)
        return ontology

    def merged(self) -> Graph:
        """Return the vocabulary and every terminology in one graph."""
        graph = Graph()
        graph += self.vocabulary
        for terminology in self.terminologies.values():
            graph += terminology
        return bind(graph, self.base_iri)


def read_sources(settings: Settings) -> Sources:
    """Read ``ontology/`` and ``shapes/`` and move them under ``settings.base_iri``."""
    vocabularies: list[Path] = []
    lists: list[Path] = []
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        (vocabularies if _declares_ontology(path) else lists).append(path)
    if len(vocabularies) != 1:
        raise SpecificationError(
            f"{settings.ontology_dir} must hold exactly one file with an owl:Ontology "
            f"(the data vocabulary, INSPEC rule DV-2); found {len(vocabularies)}"
        )
    base = settings.base_iri
    shapes = parse_files(sorted(settings.shapes_dir.glob("*.ttl")))
    return Sources(
        base_iri=base,
        vocabulary=_moved(parse_file(vocabularies[0]), base),
        terminologies=split_schemes(_moved(parse_files(lists), base), base),
        shapes=_moved(shapes, base),
    )


def _declares_ontology(path: Path) -> bool:
    return (None, RDF.type, OWL.Ontology) in parse_file(path)


def _moved(graph: Graph, base_iri: str) -> Graph:
    """Return ``graph`` under ``base_iri``: its IRIs, and the namespaces it spells out."""
    moved = rebase(graph, CANONICAL_BASE, base_iri)
    for predicate in NAMESPACE_VALUES:
        for subject, value in list(moved.subject_objects(predicate)):
            if isinstance(value, Literal) and str(value).startswith(CANONICAL_BASE):
                spelled = base_iri + str(value)[len(CANONICAL_BASE) :]
                moved.remove((subject, predicate, value))
                moved.add((subject, predicate, Literal(spelled, datatype=value.datatype)))
    return bind(moved, base_iri)


def split_schemes(graph: Graph, base_iri: str) -> dict[URIRef, Graph]:
    """Return one graph per concept scheme: the scheme's triples and its concepts' triples."""
    schemes: dict[URIRef, Graph] = {}
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        if not isinstance(scheme, URIRef):
            raise SpecificationError(f"a concept scheme has no IRI (rule TE-4): {scheme}")
        part = Graph()
        for member in {scheme, *graph.subjects(SKOS.inScheme, scheme)}:
            for triple in graph.triples((member, None, None)):
                part.add(triple)
        schemes[scheme] = bind(part, base_iri)
    return schemes


def bind(graph: Graph, base_iri: str) -> Graph:
    """Bind the project's prefixes, those of its own namespaces under ``base_iri``."""
    for prefix, namespace in PREFIXES.items():
        if namespace.startswith(CANONICAL_BASE):
            namespace = base_iri + namespace[len(CANONICAL_BASE) :]
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("samk", base_iri + "def/concepts/", override=True, replace=True)
    return graph
