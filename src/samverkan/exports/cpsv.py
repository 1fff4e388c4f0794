"""CPSV-AP 3.2.0: the federation's public services out, an actor's CPSV-AP data in.

:func:`cpsv_view` maps our conceptual services of public actors to ``cpsv:PublicService``
with the events that group them, their competent organisations, channels and rules (see
the ``cpsv-*.rq`` queries for each mapping). :func:`import_cpsv` maps CPSV-AP data the other
way, into an actor's own part, for the submission workflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from samverkan.exports.queries import construct_all
from samverkan.namespaces import CPSV, CV, DCTERMS, PREFIXES, RDF, RDFS, SAM, SAMK, SKOS
from samverkan.storage import Store

#: The queries whose answers together make the CPSV-AP view.
VIEW_QUERIES = (
    "cpsv-public-services",
    "cpsv-events",
    "cpsv-organisations",
    "cpsv-channels",
    "cpsv-rules",
    "cpsv-service-types",
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
    CPSV.PublicService: (SAM.ConceptualService, "service"),
    CV.Channel: (SAM.Channel, "channel"),
    CV.LifeEvent: (SAM.LifeEvent, "life-event"),
    CV.BusinessEvent: (SAM.BusinessEvent, "business-event"),
    ELI.LegalResource: (SAM.Regulation, "regulation"),
    CPSV.Rule: (SAM.Regulation, "regulation"),
    CV.Requirement: (SAM.Requirement, "requirement"),
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

#: Why a CPSV-AP property has no place in our model.
REASONS: dict[URIRef, str] = {
    CV.hasCompetentAuthority: "the submitting actor owns the description (sam:owner); "
    "the competent authority is not recorded",
    CV.isGroupedBy: "events group processes here (sam:realisesEvent), not services",
    CV.hasRelatedService: "events group processes here (sam:realisesEvent), not services",
    DCTERMS.type: "not a concept of our service-type or channel-kind schemes",
}


#: Why resources of a CPSV-AP class are not imported.
CLASS_REASONS: dict[URIRef, str] = {
    CV.PublicOrganisation: "actors join the federation through its operators, not by submission",
}


class ImportedGraph(Graph):
    """An actor's part mapped from CPSV-AP, with ``notes`` on what could not be mapped."""

    notes: list[str]


@dataclass(frozen=True)
class _Mapping:
    """What mapping one item needs: the minted IRIs and our concept schemes' namespaces."""

    minted: dict[Node, URIRef]
    type_schemes: dict[str, URIRef]
    names: Graph


def import_cpsv(graph: Graph, actor_slug: str, base_iri: str) -> ImportedGraph:
    """Map CPSV-AP 3.2.0 data into actor ``actor_slug``'s part of the federation.

    Each public service, channel, event, legal resource, rule and requirement gets an IRI
    under ``{base_iri}id/{actor_slug}/<kind>/``, the actor as owner, its names and
    descriptions in their languages, and ``dct:source`` pointing to its original IRI. What
    has no place in our model is listed in the result's ``notes``.
    """
    actor = URIRef(f"{base_iri}id/{actor_slug}")
    mapping = _Mapping(_mint(graph, f"{actor}/"), TYPE_SCHEMES, _prefixes(graph))
    result = ImportedGraph()
    result.notes = []
    for source, item in mapping.minted.items():
        _map_item(graph, source, item, mapping, result)
        result.add((item, SAM.owner, actor))
    result.notes += _unmapped_resources(graph, mapping)
    return result


def _mint(graph: Graph, space: str) -> dict[Node, URIRef]:
    """Give every resource of a mapped class an IRI in the actor's space."""
    minted: dict[Node, URIRef] = {}
    taken: set[str] = set()
    for cpsv_class, (_, kind) in KINDS.items():
        for source in sorted(set(graph.subjects(RDF.type, cpsv_class)), key=str):
            if source in minted:
                continue
            slug = _unique(f"{kind}/{_slug(graph, source)}", taken)
            minted[source] = URIRef(space + slug)
    return minted


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
    """Add ``item``'s mapped statements to ``result`` and note the ones left out."""
    for cpsv_class in graph.objects(source, RDF.type):
        if isinstance(cpsv_class, URIRef) and cpsv_class in KINDS:
            result.add((item, RDF.type, KINDS[cpsv_class][0]))
    if isinstance(source, URIRef):
        result.add((item, DCTERMS.source, source))
    for predicate, value in graph.predicate_objects(source):
        mapped = _map_statement(item, predicate, value, mapping)
        if mapped is not None:
            result.add(mapped)
        elif predicate != RDF.type:
            result.notes.append(_note(mapping.names, source, predicate, value))


def _map_statement(
    item: URIRef, predicate: Node, value: Node, mapping: _Mapping
) -> tuple[Node, Node, Node] | None:
    """Return the statement ``predicate value`` becomes on ``item``, or None."""
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
    """Say which statement was left out and why."""
    reason = REASONS.get(URIRef(str(predicate)), "no counterpart in our model")
    return f"{_name(names, source)} {_name(names, predicate)} {_name(names, value)}: {reason}"


def _unmapped_resources(graph: Graph, mapping: _Mapping) -> list[str]:
    """List the typed resources of classes we have no counterpart for."""
    notes = []
    for source, cpsv_class in sorted(graph.subject_objects(RDF.type), key=str):
        if source not in mapping.minted and isinstance(source, URIRef):
            reason = CLASS_REASONS.get(URIRef(str(cpsv_class)), "no counterpart in our model")
            notes.append(
                f"{_name(mapping.names, source)} ({_name(mapping.names, cpsv_class)}) "
                f"not imported: {reason}"
            )
    return notes


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
