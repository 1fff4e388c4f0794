"""What the pages need to know of the ontology: names, definitions and the two hierarchies.

Built from the ontology graph (which holds the controlled lists too); the server builds it
once per app (:mod:`samverkan.web.common.vocabulary`). Terms of other vocabularies that the
data uses get names here, so that every property on a page has a label in both languages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from samverkan.namespaces import PREFIXES, SAM
from samverkan.presentation.texts import pick

#: Names of the standard terms that item descriptions use, in Swedish and English.
STANDARD_NAMES: dict[URIRef, tuple[str, str]] = {
    RDF.type: ("typ", "type"),
    RDFS.label: ("namn", "name"),
    RDFS.seeAlso: ("se även", "see also"),
    DCTERMS.description: ("beskrivning", "description"),
    DCTERMS.title: ("titel", "title"),
    DCTERMS.identifier: ("identifierare", "identifier"),
    DCTERMS.format: ("format", "format"),
    DCTERMS.modified: ("ändrad", "modified"),
    DCTERMS.created: ("skapad", "created"),
    DCTERMS.publisher: ("utgivare", "publisher"),
    DCTERMS.conformsTo: ("följer", "conforms to"),
    DCTERMS.license: ("licens", "licence"),
    SKOS.prefLabel: ("föredragen term", "preferred label"),
    SKOS.altLabel: ("alternativ term", "alternative label"),
    SKOS.definition: ("definition", "definition"),
    SKOS.notation: ("kod", "notation"),
    SKOS.inScheme: ("ingår i", "in scheme"),
    SKOS.topConceptOf: ("toppbegrepp i", "top concept of"),
    SKOS.hasTopConcept: ("toppbegrepp", "top concept"),
    FOAF.homepage: ("webbplats", "homepage"),
    FOAF.primaryTopic: ("beskriver", "primary topic"),
    DCAT.record: ("katalogpost", "catalog record"),
    DCAT.downloadURL: ("nedladdningsadress", "download URL"),
    PROV.startedAtTime: ("startade", "started at"),
    OWL.Class: ("klass", "class"),
}


@dataclass
class Ontology:
    """Names, definitions and closed hierarchies of the ontology's terms."""

    labels: dict[URIRef, list[Literal]] = field(default_factory=dict)
    definitions: dict[URIRef, list[Literal]] = field(default_factory=dict)
    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    superproperties: dict[URIRef, set[URIRef]] = field(default_factory=dict)

    def sam(self, name: str) -> URIRef:
        """Return the term ``sam:<name>`` (the same on every deployment)."""
        return SAM[name]

    def label(self, term: URIRef, lang: str) -> str:
        """Return the term's name in ``lang`` (or the best other), else its short form."""
        found = pick(self.labels.get(term, []), lang)
        if found is not None:
            return str(found)
        if term in STANDARD_NAMES:
            sv, en = STANDARD_NAMES[term]
            return sv if lang == "sv" else en
        return self.curie(term)

    def definition(self, term: URIRef, lang: str) -> str | None:
        """Return the term's definition in ``lang`` (or the best other), if it has one."""
        found = pick(self.definitions.get(term, []), lang)
        return str(found) if found is not None else None

    def curie(self, term: URIRef) -> str:
        """Return ``prefix:name`` for a term of a known vocabulary, else the IRI."""
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text

    def most_specific(self, types: Iterable[URIRef]) -> list[URIRef]:
        """Drop every type that is a super-class of another of ``types``."""
        given = set(types)
        supers = set().union(*(self.superclasses.get(t, set()) - {t} for t in given))
        return sorted(given - supers)

    def is_subproperty(self, narrower: URIRef, broader: URIRef) -> bool:
        """Say whether ``narrower`` is a strict sub-property of ``broader``."""
        return narrower != broader and broader in self.superproperties.get(narrower, set())


def build(graph: Graph) -> Ontology:
    """Read the ontology graph into an :class:`Ontology`."""
    ontology = Ontology()
    labels: dict[URIRef, list[Literal]] = defaultdict(list)
    for predicate in (RDFS.label, SKOS.prefLabel):
        for term, label in graph.subject_objects(predicate):
            if not (isinstance(term, URIRef) and isinstance(label, Literal)):
                continue
            if label not in labels[term]:
                labels[term].append(label)
    ontology.labels = dict(labels)
    definitions: dict[URIRef, list[Literal]] = defaultdict(list)
    for term, text in graph.subject_objects(SKOS.definition):
        if isinstance(term, URIRef) and isinstance(text, Literal):
            definitions[term].append(text)
    ontology.definitions = dict(definitions)
    ontology.superclasses = closure(graph, RDFS.subClassOf)
    ontology.superproperties = closure(graph, RDFS.subPropertyOf)
    return ontology


def closure(graph: Graph, predicate: URIRef) -> dict[URIRef, set[URIRef]]:
    """Return, for every subject of ``predicate``, everything it reaches (transitively)."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for narrower, broader in graph.subject_objects(predicate):
        if isinstance(narrower, URIRef) and isinstance(broader, URIRef):
            direct[narrower].add(broader)
    closed: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            term = todo.pop()
            if term not in seen:
                seen.add(term)
                todo.extend(direct.get(term, ()))
        closed[start] = seen
    return closed
