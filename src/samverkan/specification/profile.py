"""The specification described with the Profiles Vocabulary, as PROF-INSPEC asks.

The specification resource (``SPEC_IRI``, fixed) is a ``prof:Profile`` conforming to
``inspec:PROF`` (rule PROF-1) whose parts are resource descriptors (PROF-2): the data
vocabulary (``inspec:RDFS``, PROF-3), one terminology per controlled list (``inspec:SKOS``,
PROF-4), the application profile (``inspec:SHACL``, PROF-5, PROF-8), the diagram
(``inspec:SVG``, PROF-6), the documentation, and the vocabularies it reuses, each inherited
from the specification that introduced it (PROF-9, PROF-10). It lists the terms it
introduces and reuses and its public shapes (ENRICH-1 to ENRICH-3). Title, description,
publisher, licence, version and dates come from the application profile resource in
``shapes/`` (rule AP-2: the two are the same resource).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROF, RDF, SH, VANN
from rdflib.term import Node

from samverkan.namespaces import INSPEC, PROFROLE
from samverkan.specification import terms
from samverkan.specification.sources import Sources, SpecificationError, bind

IANA = "http://www.iana.org/assignments/media-types/"
#: The EU Publications Office's names of the languages the documents are written in.
LANGUAGES = {
    "sv": URIRef("http://publications.europa.eu/resource/authority/language/SWE"),
    "en": URIRef("http://publications.europa.eu/resource/authority/language/ENG"),
}
#: What the application profile resource says that the description repeats.
COPIED = (DCTERMS.publisher, DCTERMS.license, OWL.versionInfo, DCTERMS.issued, DCTERMS.modified)


@dataclass(frozen=True)
class Part:
    """One part of the specification: a file of the package and what INSPEC makes of it."""

    key: str
    path: str
    media_type: str
    title: dict[str, str]
    roles: tuple[str, ...]
    conforms_to: URIRef | None = None
    subject: URIRef | None = None
    language: str | None = None
    namespace: str | None = None


def artifact(spec: URIRef, path: str) -> URIRef:
    """Return where the package's file ``path`` is published."""
    return URIRef(f"{spec}/{path}")


def descriptor(spec: URIRef, key: str) -> URIRef:
    """Return the IRI of the resource descriptor of a part."""
    return URIRef(f"{spec}#{key}")


def describe(sources: Sources, parts: Sequence[Part]) -> Graph:
    """Describe the specification, its parts and its terms with PROF and INSPEC."""
    spec = sources.spec
    graph = bind(Graph())
    for prefix, namespace in (("prof", PROF), ("role", PROFROLE), ("inspec", INSPEC)):
        graph.bind(prefix, namespace)
    _resource(graph, spec, sources.shapes)
    for part in parts:
        _part(graph, spec, part)
    own = terms.introduced(sources.vocabulary, sources.ontology)
    reused = terms.reused(sources.vocabulary, sources.shapes, own)
    graph += _relations(spec, INSPEC.introduces, own)
    graph += _relations(spec, INSPEC.reuses, reused)
    graph += _relations(spec, DCTERMS.hasPart, terms.public_shapes(sources.shapes))
    for inherited in inherited_parts(spec, reused):
        graph += inherited
    return graph


def _resource(graph: Graph, spec: URIRef, shapes: Graph) -> None:
    """State what the specification is, from the application profile resource (AP-2)."""
    profiles = set(shapes.subjects(RDF.type, PROF.Profile))
    if profiles != {spec}:
        raise SpecificationError(
            f"the shapes must declare exactly one application profile resource, {spec}, "
            f"as a prof:Profile (INSPEC rule AP-2); they declare {sorted(map(str, profiles))}"
        )
    graph.add((spec, RDF.type, PROF.Profile))
    graph.add((spec, DCTERMS.conformsTo, INSPEC.PROF))
    graph.add((spec, PROF.hasToken, Literal("samverkan")))
    for source, target in ((SH.name, DCTERMS.title), (SH.description, DCTERMS.description)):
        for value in shapes.objects(spec, source):
            graph.add((spec, target, value))
    for predicate in COPIED:
        for value in shapes.objects(spec, predicate):
            graph.add((spec, predicate, value))


def _part(graph: Graph, spec: URIRef, part: Part) -> None:
    node = descriptor(spec, part.key)
    graph.add((spec, PROF.hasResource, node))
    graph.add((node, RDF.type, PROF.ResourceDescriptor))
    for lang, title in part.title.items():
        graph.add((node, DCTERMS.title, Literal(title, lang=lang)))
    graph.add((node, DCTERMS.format, URIRef(IANA + part.media_type)))
    graph.add((node, PROF.hasArtifact, artifact(spec, part.path)))
    for role in part.roles:
        graph.add((node, PROF.hasRole, PROFROLE[role]))
    optional = {
        DCTERMS.conformsTo: part.conforms_to,
        DCTERMS.subject: part.subject,
        DCTERMS.language: LANGUAGES.get(part.language or ""),
        VANN.preferredNamespaceUri: Literal(part.namespace) if part.namespace else None,
    }
    for predicate, value in optional.items():
        if value is not None:
            graph.add((node, predicate, value))


def _relations(spec: URIRef, predicate: URIRef, objects: Iterable[Node]) -> Graph:
    graph = Graph()
    for value in objects:
        if isinstance(value, URIRef):
            graph.add((spec, predicate, value))
    return graph


def known_vocabularies() -> Graph:
    """Return the descriptions of the vocabularies the specification may reuse."""
    text = (resources.files("samverkan.specification") / "vocabularies.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def inherited_parts(spec: URIRef, reused: set[URIRef]) -> list[Graph]:
    """Describe each vocabulary that ``reused`` draws on as an inherited part (PROF-10)."""
    known = known_vocabularies()
    found, covered = [], set()
    for entry in known.subjects(RDF.type, PROF.ResourceDescriptor):
        namespace = str(known.value(entry, VANN.preferredNamespaceUri))
        used = {t for t in reused if str(t).startswith(namespace)}
        if used:
            covered |= used
            prefix = str(known.value(entry, VANN.preferredNamespacePrefix))
            found.append(_inherited(known, entry, spec, descriptor(spec, f"vocabulary-{prefix}")))
    missing = sorted(str(t) for t in reused - covered)
    if missing:
        raise SpecificationError(
            f"no description of the vocabulary that defines {', '.join(missing)}; describe it "
            "in src/samverkan/specification/vocabularies.ttl (INSPEC rule PROF-9)"
        )
    return found


def _inherited(known: Graph, entry: Node, spec: URIRef, node: URIRef) -> Graph:
    graph = Graph()
    graph.add((spec, PROF.hasResource, node))
    for predicate, value in known.predicate_objects(entry):
        if predicate != VANN.preferredNamespacePrefix:
            graph.add((node, predicate, value))
    graph.add((node, DCTERMS.conformsTo, INSPEC.RDFS))
    graph.add((node, PROF.hasRole, PROFROLE.vocabulary))
    graph.add((node, PROF.hasRole, PROFROLE.schema))
    return graph
