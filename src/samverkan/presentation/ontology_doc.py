"""The HTML documentation of the ontology (``/def/samverkan``) and of the shapes (``/def/shapes``).

Built from the named graphs themselves, so the page always says what the Turtle says: every
class and property with its name, definition, place in the hierarchies, domain and range,
inverse and alignment to the standards; every controlled list with its concepts; every
guideline rule with the shapes that enforce it, their severity and messages.

Where a name links to is up to a *linker*: on the server,
:func:`samverkan.web.common.addresses.link` (the term's page on this server); in the static
documentation of the specification package, anchors within the page and IRIs elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from samverkan.namespaces import ONTOLOGY_IRI, SAMK
from samverkan.presentation.links import Link
from samverkan.presentation.ontology import Ontology
from samverkan.presentation.texts import pick, text

#: Makes a link to an IRI with a name.
Linker = Callable[[str, str], Link]

ALIGNMENT = (SKOS.exactMatch, SKOS.closeMatch, OWL.equivalentClass, OWL.equivalentProperty)


@dataclass
class Fact:
    """One line about a term: what it says, and the terms (or words) it names."""

    heading: str
    links: list[Link] = field(default_factory=list)


@dataclass
class TermDoc:
    """The documentation of one class or property."""

    anchor: str
    iri: str
    label: str
    definition: str | None
    also: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class SchemeDoc:
    """A controlled list and its concepts."""

    scheme: Link
    definition: str | None
    concepts: list[TermDoc]


@dataclass
class OntologyDoc:
    """The whole ontology page."""

    iri: str
    title: str
    description: str | None
    version: str | None
    sections: list[tuple[str, str, list[TermDoc]]]
    schemes: list[SchemeDoc]
    namespace: str


class Documenter:
    """Writes the documentation of the terms of one graph in one language."""

    def __init__(self, graph: Graph, ontology: Ontology, lang: str, linker: Linker) -> None:
        self.graph, self.ontology, self.lang, self.linker = graph, ontology, lang, linker
        self.namespace = ontology.sam("")

    def literal(self, subject: Node, predicate: URIRef) -> str | None:
        values = [o for o in self.graph.objects(subject, predicate) if isinstance(o, Literal)]
        found = pick(values, self.lang)
        return str(found) if found is not None else None

    def own(self, term: Node) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(self.namespace)

    def term_link(self, term: URIRef) -> Link:
        """Link a term: by name when it is defined here, by its short form otherwise."""
        if self.own(term) or term in self.ontology.labels:
            return self.linker(str(term), self.ontology.label(term, self.lang))
        return Link(str(term), self.ontology.curie(term), str(term))

    def links(self, terms: Iterator[Node]) -> list[Link]:
        found: list[Link] = []
        for term in terms:
            if isinstance(term, BNode):
                found += self.links(iter(self.members(term)))
            elif isinstance(term, URIRef):
                found.append(self.term_link(term))
        return sorted(found, key=lambda found_link: found_link.label.casefold())

    def members(self, node: BNode) -> list[Node]:
        """Return the classes of an ``owl:unionOf`` (or the node itself, unread)."""
        union = self.graph.value(node, OWL.unionOf)
        return list(Collection(self.graph, union)) if union is not None else []

    def fact(self, key: str, terms: Iterator[Node]) -> Fact | None:
        found = self.links(terms)
        return Fact(text(key, self.lang), found) if found else None

    def term_doc(self, term: URIRef, facts: list[Fact | None]) -> TermDoc:
        alt = [o for o in self.graph.objects(term, SKOS.altLabel) if isinstance(o, Literal)]
        return TermDoc(
            anchor=str(term).rpartition("#")[2] or str(term).rpartition("/")[2],
            iri=str(term),
            label=self.ontology.label(term, self.lang),
            definition=self.ontology.definition(term, self.lang),
            also=[str(a) for a in alt if a.language == self.lang],
            facts=[f for f in facts if f is not None],
        )

    def hierarchy(self, term: URIRef, up: URIRef, key_up: str, key_down: str) -> list[Fact | None]:
        supers = list(self.graph.objects(term, up))
        return [
            self.fact(key_up, (s for s in supers if self.own(s))),
            self.fact(key_down, (s for s in self.graph.subjects(up, term) if self.own(s))),
            self.fact(
                "alignment",
                iter(
                    [s for s in supers if not self.own(s)]
                    + [o for p in (*ALIGNMENT, RDFS.seeAlso) for o in self.graph.objects(term, p)]
                ),
            ),
        ]

    def class_doc(self, term: URIRef) -> TermDoc:
        sam = self.ontology.sam
        place = [*self.graph.objects(term, sam("metamodelColumn"))]
        place += self.graph.objects(term, sam("metamodelLevel"))
        return self.term_doc(
            term,
            [
                *self.hierarchy(term, RDFS.subClassOf, "superclasses", "subclasses"),
                self.fact("metamodel", iter(place)),
            ],
        )

    def property_doc(self, term: URIRef) -> TermDoc:
        inverse = [*self.graph.objects(term, OWL.inverseOf)]
        inverse += self.graph.subjects(OWL.inverseOf, term)
        kind = []
        if (term, RDF.type, OWL.TransitiveProperty) in self.graph:
            transitive = Link("", text("transitive", self.lang), "")
            kind = [Fact(text("characteristics", self.lang), [transitive])]
        return self.term_doc(
            term,
            [
                self.fact("domain", self.graph.objects(term, RDFS.domain)),
                self.fact("range", self.graph.objects(term, RDFS.range)),
                self.fact("inverse", iter(inverse)),
                *kind,
                *self.hierarchy(term, RDFS.subPropertyOf, "superproperties", "subproperties"),
            ],
        )

    def terms(self, kind: URIRef) -> list[URIRef]:
        found = {t for t in self.graph.subjects(RDF.type, kind) if self.own(t)}
        return sorted(found, key=lambda t: str(t).casefold())  # type: ignore[arg-type]

    def scheme_doc(self, scheme: URIRef) -> SchemeDoc:
        concepts = sorted(
            (c for c in self.graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
            key=lambda c: str(self.graph.value(c, SKOS.notation) or c),
        )
        docs = [self.term_doc(concept, []) for concept in concepts]
        return SchemeDoc(
            self.linker(str(scheme), self.ontology.label(scheme, self.lang)),
            self.literal(scheme, SKOS.definition) or self.literal(scheme, DCTERMS.description),
            docs,
        )


def ontology_doc(graph: Graph, ontology: Ontology, lang: str, linker: Linker) -> OntologyDoc:
    """Document every class, property and controlled list of the ontology graph."""
    writer = Documenter(graph, ontology, lang, linker)
    iri = ONTOLOGY_IRI
    sections = [
        ("classes", OWL.Class, writer.class_doc),
        ("object_properties", OWL.ObjectProperty, writer.property_doc),
        ("datatype_properties", OWL.DatatypeProperty, writer.property_doc),
        ("annotation_properties", OWL.AnnotationProperty, writer.property_doc),
    ]
    schemes = sorted(
        (s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
        key=lambda s: ontology.label(s, lang).casefold(),
    )
    return OntologyDoc(
        iri=str(iri),
        title=writer.literal(iri, DCTERMS.title) or "Samverkan",
        description=writer.literal(iri, DCTERMS.description),
        version=str(graph.value(iri, OWL.versionInfo) or "") or None,
        sections=[
            (key, text(key, lang), [document(t) for t in writer.terms(kind)])
            for key, kind, document in sections
        ],
        schemes=[writer.scheme_doc(s) for s in schemes],
        namespace=writer.namespace,
    )


@dataclass
class ShapeDoc:
    """One shape: what it checks, how severe a failure is and what it says."""

    anchor: str
    iri: str
    label: str
    kind: str
    targets: list[Link]
    path: str | None
    severity: str | None
    message: str | None


@dataclass
class RuleDoc:
    """A guideline rule and the shapes that enforce it."""

    code: str
    rule: Link
    definition: str | None
    shapes: list[ShapeDoc]


def shapes_doc(shapes: Graph, ontology: Ontology, lang: str, linker: Linker) -> list[RuleDoc]:
    """Document the shapes graph rule by rule (rules from the guideline-rule scheme)."""
    writer = Documenter(shapes, ontology, lang, linker)
    scheme = SAMK["guideline-rule"]
    enforces = ontology.sam("enforcesRule")
    docs = []
    for rule, code in ontology_pairs(ontology, scheme):
        found = [s for s in shapes.subjects(enforces, rule) if isinstance(s, URIRef)]
        docs.append(
            RuleDoc(
                code,
                linker(str(rule), ontology.label(rule, lang)),
                ontology.definition(rule, lang),
                [_shape(writer, s) for s in sorted(found, key=str)],
            )
        )
    return docs


def ontology_pairs(ontology: Ontology, scheme: URIRef) -> list[tuple[URIRef, str]]:
    """Return the concepts of ``scheme`` (by IRI prefix) in the order of their codes."""
    prefix = str(scheme) + "/"
    concepts = [t for t in ontology.labels if str(t).startswith(prefix)]
    return sorted(((c, str(c)[len(prefix) :]) for c in concepts), key=_code)


def _code(pair: tuple[URIRef, str]) -> tuple[int, str]:
    code = pair[1]
    return (int(code), code) if code.isdigit() else (10**6, code)


def _shape(writer: Documenter, shape: URIRef) -> ShapeDoc:
    graph = writer.graph
    kinds = [t for t in graph.objects(shape, RDF.type) if isinstance(t, URIRef)]
    severity = graph.value(shape, SH.severity)
    severity_name = str(severity).rpartition("#")[2] if isinstance(severity, URIRef) else None
    path = graph.value(shape, SH.path)
    return ShapeDoc(
        anchor=str(shape).rpartition("#")[2],
        iri=str(shape),
        label=writer.literal(shape, RDFS.label) or str(shape),
        kind=", ".join(writer.ontology.curie(k) for k in kinds),
        targets=writer.links(graph.objects(shape, SH.targetClass)),
        path=_path(writer, path) if path is not None else None,
        severity=severity_name,
        message=writer.literal(shape, SH.message),
    )


def _path(writer: Documenter, path: Node) -> str:
    """Write a SHACL property path in SPARQL's path syntax."""
    graph = writer.graph
    if isinstance(path, URIRef):
        return writer.ontology.curie(path)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(_path(writer, p) for p in Collection(graph, alternatives))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(writer, inverse)
    return "…"
