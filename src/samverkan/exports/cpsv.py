"""CPSV-AP 3.2.0: the federation's public services out, an actor's CPSV-AP data in.

:func:`cpsv_view` gives every item the standard classes and properties the ontology aligns
its own with (``cpsv-alignment.rq``: public services, events, actors, channels, regulations,
requirements), and what CPSV-AP asks of each (the other ``cpsv-*.rq`` queries).
:func:`import_cpsv` maps CPSV-AP data the other way, into an actor's own part, for the
submission workflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from samverkan import metamodel as mm
from samverkan.exports.queries import construct_all
from samverkan.namespaces import CPSV, CV, DCTERMS, PREFIXES, RDF, RDFS, SAM, SAMK, SKOS
from samverkan.storage import Store

#: The queries whose answers together make the CPSV-AP view.
VIEW_QUERIES = (
    "cpsv-alignment",
    "cpsv-public-services",
    "cpsv-events",
    "cpsv-organisations",
    "cpsv-channels",
    "cpsv-rules",
    "cpsv-service-types",
    "cpsv-imported",
)

ELI_PREFIX = "http://data.europa.eu/eli/ontology#"


def cpsv_view(store: Store) -> Graph:
    """Return the federation's public services and what they link to, in CPSV-AP 3.2.0."""
    graph = construct_all(store, VIEW_QUERIES)
    for prefix, namespace in (("cpsv", CPSV), ("cv", CV), ("dct", DCTERMS), ("skos", SKOS)):
        graph.bind(prefix, namespace)
    graph.bind("eli", ELI_PREFIX)
    return graph


# ---------------------------------------------------------------------------------------
# Import: CPSV-AP 3.2.0 into an actor's part
# ---------------------------------------------------------------------------------------

ELI = Namespace(ELI_PREFIX)

#: CPSV-AP class → our class and the kind segment of the IRIs minted for it.
KINDS: dict[URIRef, tuple[URIRef, str]] = {
    CPSV.PublicService: (mm.PUBLIC_SERVICE, "service"),
    CV.Channel: (mm.CHANNEL, "channel"),
    CV.LifeEvent: (mm.LIFE_EVENT, "life-event"),
    CV.BusinessEvent: (mm.BUSINESS_EVENT, "business-event"),
    ELI.LegalResource: (mm.REGULATION, "regulation"),
    CPSV.Rule: (mm.REGULATION, "regulation"),
    CV.Requirement: (mm.REQUIREMENT, "requirement"),
}

#: Properties whose literal values are copied as they are (languages kept).
LITERALS: dict[URIRef, URIRef] = {
    DCTERMS.title: RDFS.label,
    SKOS.prefLabel: RDFS.label,
    DCTERMS.description: DCTERMS.description,
    DCTERMS.identifier: DCTERMS.identifier,
}

#: Links between imported items.
LINKS: dict[URIRef, URIRef] = {
    CV.hasChannel: SAM.channel,
    CPSV.follows: SAM.governedBy,
    CV.hasLegalResource: SAM.governedBy,
    CV.holdsRequirement: SAM.hasRequirement,
}

#: ``dct:type`` values taken over when they come from our own concept schemes.
TYPE_SCHEMES: dict[str, URIRef] = {
    f"{SAMK}service-type/": SAM.serviceType,
    f"{SAMK}channel-kind/": SAM.channelKind,
}

#: Why a CPSV-AP property has no counterpart in our model (the statement is kept as it is).
REASONS: dict[URIRef, str] = {
    CV.hasCompetentAuthority: "our model records the owner (sam:owner: the submitting "
    "actor), not a competent authority of another",
    CV.isGroupedBy: "events group processes here (sam:realisesEvent), not services",
    CV.hasRelatedService: "events group processes here (sam:realisesEvent), not services",
    DCTERMS.type: "not a concept of our service-type or channel-kind schemes",
}


class ImportedGraph(Graph):
    """An actor's part mapped from CPSV-AP, with ``notes`` on what could not be kept.

    ``kept`` lists, item by item, the statements kept as they are (in their own vocabulary,
    the item renamed into the actor's space) because our model has no counterpart for them.
    """

    notes: list[str]
    kept: list[str]


@dataclass(frozen=True)
class _Mapping:
    """What mapping one item needs: the minted IRIs and our concept schemes' namespaces."""

    minted: dict[Node, URIRef]
    type_schemes: dict[str, URIRef]
    names: Graph


def import_cpsv(graph: Graph, actor_slug: str, base_iri: str) -> ImportedGraph:
    """Map CPSV-AP 3.2.0 data into actor ``actor_slug``'s part of the federation.

    Every resource the data describes under an IRI gets an IRI under
    ``{base_iri}id/{actor_slug}/<kind>/``, the actor as owner and ``dct:source`` pointing to
    its original IRI. Public services, channels, events, legal resources, rules and
    requirements become our classes, with their names and descriptions in their languages
    and the links between them. What has no counterpart in our model is kept as it is, in
    its own vocabulary (blank nodes with all that hangs from them), and listed in ``kept``;
    what cannot be kept at all (a blank node no described resource leads to) in ``notes``.
    """
    actor = URIRef(f"{base_iri}id/{actor_slug}")
    mapping = _Mapping(_mint(graph, f"{actor}/"), TYPE_SCHEMES, _prefixes(graph))
    result = ImportedGraph()
    result.notes = []
    result.kept = []
    for source, item in mapping.minted.items():
        _map_item(graph, source, item, mapping, result)
        result.add((item, SAM.owner, actor))
    result.notes += _unreachable(graph, mapping)
    return result


def _mint(graph: Graph, space: str) -> dict[Node, URIRef]:
    """Give every resource described under an IRI an IRI in the actor's space."""
    minted: dict[Node, URIRef] = {}
    taken: set[str] = set()
    for source in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str):
        slug = _unique(f"{_kind(graph, source)}/{_slug(graph, source)}", taken)
        minted[source] = URIRef(space + slug)
    return minted


def _kind(graph: Graph, source: Node) -> str:
    """Return the kind segment of a resource's minted IRI: ours, else its class's name."""
    classes = sorted(graph.objects(source, RDF.type), key=str)
    for cls in classes:
        if isinstance(cls, URIRef) and cls in KINDS:
            return KINDS[cls][1]
    if not classes:
        return "resource"
    name = re.split(r"[/#]", str(classes[0]).rstrip("/#"))[-1]
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-") or "resource"


def _slug(graph: Graph, source: Node) -> str:
    """Derive a readable slug from a resource's identifier or the end of its IRI."""
    identifier = graph.value(source, DCTERMS.identifier)
    text = str(identifier) if identifier is not None else ""
    if not text and isinstance(source, URIRef):
        text = re.split(r"[/#]", str(source).rstrip("/#"))[-1]
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _map_item(
    graph: Graph, source: Node, item: URIRef, mapping: _Mapping, result: ImportedGraph
) -> None:
    """Add ``item``'s statements to ``result``: mapped where we can, else kept as they are."""
    for cpsv_class in graph.objects(source, RDF.type):
        if isinstance(cpsv_class, URIRef) and cpsv_class in KINDS:
            result.add((item, RDF.type, KINDS[cpsv_class][0]))
    result.add((item, DCTERMS.source, source))
    ours = any(cls in KINDS for cls in graph.objects(source, RDF.type))
    for predicate, value in graph.predicate_objects(source):
        if predicate == RDF.type and value in KINDS:
            continue
        mapped = _map_statement(item, predicate, value, mapping) if ours else None
        if mapped is not None:
            result.add(mapped)
            continue
        if _in_our_vocabulary(predicate, value):
            result.notes.append(
                f"{_name(mapping.names, source)} {_name(mapping.names, predicate)} "
                f"{_name(mapping.names, value)}: not kept (our own vocabulary is not taken "
                "from imported data; submit it as a part of your own)"
            )
            continue
        result.add((item, predicate, _renamed(value, mapping)))
        _copy_tree(graph, value, mapping, result, set())
        if predicate != RDF.type:
            result.kept.append(_note(mapping.names, source, predicate, value))


def _in_our_vocabulary(predicate: Node, value: Node) -> bool:
    """Say whether a statement uses one of our terms (a property, or a class as its type)."""
    ours = str(predicate).startswith(str(SAM))
    return ours or (predicate == RDF.type and str(value).startswith(str(SAM)))


def _renamed(term: Node, mapping: _Mapping) -> Node:
    return mapping.minted.get(term, term)


def _copy_tree(
    graph: Graph, node: Node, mapping: _Mapping, result: ImportedGraph, seen: set[Node]
) -> None:
    """Copy what hangs from a blank node (other blank nodes included) as it is."""
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for predicate, value in graph.predicate_objects(node):
        result.add((node, predicate, _renamed(value, mapping)))
        _copy_tree(graph, value, mapping, result, seen)


def _map_statement(
    item: URIRef, predicate: Node, value: Node, mapping: _Mapping
) -> tuple[Node, Node, Node] | None:
    """Return the statement ``predicate value`` becomes on ``item`` in our model, or None."""
    if isinstance(value, Literal) and (ours := LITERALS.get(URIRef(str(predicate)))):
        return item, ours, value
    if value in mapping.minted and (ours := LINKS.get(URIRef(str(predicate)))):
        return item, ours, mapping.minted[value]
    if predicate == DCTERMS.type and isinstance(value, URIRef):
        for namespace, ours in mapping.type_schemes.items():
            if str(value).startswith(namespace):
                return item, ours, value
    return None


def _note(names: Graph, source: Node, predicate: Node, value: Node) -> str:
    """Say which statement was kept as it is, and why."""
    reason = REASONS.get(URIRef(str(predicate)), "no counterpart in our model")
    return (
        f"{_name(names, source)} {_name(names, predicate)} {_name(names, value)}: "
        f"kept as it is ({reason})"
    )


def _unreachable(graph: Graph, mapping: _Mapping) -> list[str]:
    """List the statements about blank nodes that no described resource leads to."""
    reached: set[Node] = set()
    for source in mapping.minted:
        for value in graph.objects(source):
            _reach(graph, value, reached)
    return [
        f"{_name(mapping.names, s)} {_name(mapping.names, p)} {_name(mapping.names, o)}: "
        "not kept (a blank node no described resource leads to)"
        for s, p, o in sorted(graph, key=str)
        if isinstance(s, BNode) and s not in reached
    ]


def _reach(graph: Graph, node: Node, reached: set[Node]) -> None:
    if isinstance(node, BNode) and node not in reached:
        reached.add(node)
        for value in graph.objects(node):
            _reach(graph, value, reached)


def _prefixes(graph: Graph) -> Graph:
    """Return an empty graph that knows the input's prefixes and the project's own."""
    names = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        names.bind(prefix, namespace)
    for prefix, iri in {**PREFIXES, "eli": ELI_PREFIX}.items():
        names.bind(prefix, iri, override=False)
    return names


def _name(graph: Graph, term: Node) -> str:
    """Write a term compactly (prefixed where a prefix is known, else as N-Triples)."""
    if isinstance(term, BNode):
        return "a blank node"
    return term.n3(graph.namespace_manager)


def merged(part: Graph, imported: Graph) -> Graph:
    """Return an actor's ``part`` with the imported items' statements replaced by ``imported``.

    Re-importing the same data mints the same IRIs, so it replaces what the last import
    brought instead of adding a copy; the actor's other items stay as they are.
    """
    replaced = set(imported.subjects())
    result = Graph()
    for triple in part:
        if triple[0] not in replaced:
            result.add(triple)
    for triple in imported:
        result.add(triple)
    return result
