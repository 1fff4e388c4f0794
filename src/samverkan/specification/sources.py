"""What the specification is made of: the project's own files, as they are.

The vocabulary's IRIs are fixed (:data:`samverkan.namespaces.VOCABULARY`), so the package is
the same whatever base IRI a deployment serves it under.

The ontology folder holds the data vocabulary (the file with the ``owl:Ontology``) and the
controlled lists; INSPEC wants each terminology in a dataset of its own with a single concept
scheme (rule TE-2), so the lists are split, one graph per scheme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from samverkan.config import Settings
from samverkan.errors import SamverkanError
from samverkan.namespaces import PREFIXES, SAMK, SPEC_IRI
from samverkan.rdfio import parse_file, parse_files


class SpecificationError(SamverkanError):
    """The project's files cannot be packaged as an interoperable specification."""


@dataclass(frozen=True)
class Sources:
    """The parts of the specification as graphs."""

    vocabulary: Graph
    terminologies: dict[URIRef, Graph]
    shapes: Graph

    @property
    def spec(self) -> URIRef:
        """Return the IRI of the specification (and of the application profile, rule AP-2)."""
        return SPEC_IRI

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
        return bind(graph)


def read_sources(settings: Settings) -> Sources:
    """Read ``ontology/`` and ``shapes/``."""
    vocabularies: list[Path] = []
    lists: list[Path] = []
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        (vocabularies if _declares_ontology(path) else lists).append(path)
    if len(vocabularies) != 1:
        raise SpecificationError(
            f"{settings.ontology_dir} must hold exactly one file with an owl:Ontology "
            f"(the data vocabulary, INSPEC rule DV-2); found {len(vocabularies)}"
        )
    shapes = parse_files(sorted(settings.shapes_dir.glob("*.ttl")))
    return Sources(
        vocabulary=bind(parse_file(vocabularies[0])),
        terminologies=split_schemes(parse_files(lists)),
        shapes=bind(shapes),
    )


def _declares_ontology(path: Path) -> bool:
    return (None, RDF.type, OWL.Ontology) in parse_file(path)


def split_schemes(graph: Graph) -> dict[URIRef, Graph]:
    """Return one graph per concept scheme: the scheme's triples and its concepts' triples."""
    schemes: dict[URIRef, Graph] = {}
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        if not isinstance(scheme, URIRef):
            raise SpecificationError(f"a concept scheme has no IRI (rule TE-4): {scheme}")
        part = Graph()
        for member in {scheme, *graph.subjects(SKOS.inScheme, scheme)}:
            for triple in graph.triples((member, None, None)):
                part.add(triple)
        schemes[scheme] = bind(part)
    return schemes


def bind(graph: Graph) -> Graph:
    """Bind the project's prefixes."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("samk", SAMK, override=True, replace=True)
    return graph
