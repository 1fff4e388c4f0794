"""Bring the inferred graph up to date after one actor's part changed, touching little else.

The rules are local except transitivity, so a change can alter only these inferences:

- the traceability chains through a changed link: those that start at its lower end or at any
  item tracing up to it, and run up through its upper end (everything about these items is
  dropped and derived anew);
- the local inferences (types, inverses, super-properties) about the subjects of the changed
  statements (their chains stay, unless they are among the items above);
- the types of the objects of the changed statements (from the ranges of the links to them).

Call the first two sets the *affected* items. The premises are small: the ontology, the new part,
every asserted statement about the affected items, the statements *from* the items above
them (the chains run up through those only) and from the objects, and, for each object, one
link per property that points at it (enough for its ranges; a much-linked item such as a
shared life event has thousands). A test checks the result equals a full rebuild on random
changes; the cost follows the change, not the federation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from samverkan.reasoning.materialise import materialise
from samverkan.storage import GraphLayout, GraphScope, Store


@dataclass(frozen=True)
class InferenceChange:
    """What to take out of, and put into, the inferred graph."""

    remove: Graph
    add: Graph


@dataclass(frozen=True)
class _Scope:
    """The items whose inferences a change can alter, and what is read to derive them."""

    affected: set[URIRef]
    objects: set[URIRef]
    above: set[URIRef]
    #: The affected items whose traceability chains may have changed (the lower ends of the
    #: changed links and the items below them); for the others only local inferences change.
    chained: set[URIRef]
    #: The transitive properties, whose closure is the chains.
    transitive: set[Node]


def inference_change(
    store: Store, layout: GraphLayout, ontology: Graph, actor: str, old: Graph, new: Graph
) -> InferenceChange:
    """Return how the inferred graph changes when actor's part goes from ``old`` to ``new``."""
    scope = _scope(store, layout, ontology, old ^ new)
    if not scope.affected and not scope.objects:
        return InferenceChange(Graph(), Graph())
    parts = GraphScope(layout.actor_prefix, frozenset({layout.actor(actor)}))
    premises = Graph()  # filled in place: each ``+`` of rdflib graphs copies both
    for part in (
        ontology,
        new,
        store.match(scope.affected, "subject", parts),
        store.match(scope.affected, "object", parts),
        store.match(scope.above | scope.objects, "subject", parts),
        _witnesses(store.properties_towards(scope.objects, parts)),
    ):
        premises += part
    derived = materialise(premises)
    return InferenceChange(
        remove=_stale(store, layout, scope),
        add=_about(derived, scope.affected) + _types(derived, scope.objects),
    )


def _stale(store: Store, layout: GraphLayout, scope: _Scope) -> Graph:
    """Return the inferred statements the change may have made wrong: everything about the
    items whose chains may have changed; all but the chains about the other affected items;
    the types of the objects."""
    inferred = GraphScope(str(layout.inferred))
    stale = Graph()
    stale += store.match(scope.chained, "subject", inferred)
    stale += store.match(scope.chained, "object", inferred)
    local = scope.affected - scope.chained
    around = store.match(local, "subject", inferred) + store.match(local, "object", inferred)
    stale += ((s, p, o) for s, p, o in around if p not in scope.transitive)
    stale += store.match(scope.objects, "subject", inferred, RDF.type)
    return stale


def _scope(store: Store, layout: GraphLayout, ontology: Graph, changed: Graph) -> _Scope:
    """Return the affected items, the other objects, and the items above them (from the
    materialised chains as they stand, plus the upper ends of the changed links)."""
    terms = set(ontology.subjects())
    up, down = chain_properties(ontology, layout.sam.tracesTo, layout.sam.tracedFrom)
    lower: set[URIRef] = set()
    upper: set[URIRef] = set()
    for s, p, o in changed:
        if p in up or p in down:
            low, high = (s, o) if p in up else (o, s)
            lower.update(_items((low,), terms))
            upper.update(_items((high,), terms))
    subjects = _items(changed.subjects(), terms)
    chained = lower | _reach(store, layout, lower, layout.sam.tracedFrom)
    affected = subjects | chained
    objects = _items(changed.objects(), terms) - affected
    above = upper | _reach(store, layout, affected | upper, layout.sam.tracesTo)
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    return _Scope(affected, objects, above - affected, chained, transitive)


def chain_properties(
    ontology: Graph, traces_to: URIRef, traced_from: URIRef
) -> tuple[set[Node], set[Node]]:
    """Return the properties whose statements are traceability links upwards (subject traces
    to object) and downwards (object traces to subject): sub-properties of ``traces_to`` and
    of ``traced_from``, and inverses of either."""
    up: set[Node] = {traces_to}
    down: set[Node] = {traced_from}
    while True:
        grown_up = up | _below(ontology, up) | _inverses(ontology, down)
        grown_down = down | _below(ontology, down) | _inverses(ontology, up)
        if grown_up == up and grown_down == down:
            return up, down
        up, down = grown_up, grown_down


def _below(ontology: Graph, properties: set[Node]) -> set[Node]:
    return {p for q in properties for p in ontology.subjects(RDFS.subPropertyOf, q)}


def _inverses(ontology: Graph, properties: set[Node]) -> set[Node]:
    return {
        other
        for p in properties
        for other in (*ontology.subjects(OWL.inverseOf, p), *ontology.objects(p, OWL.inverseOf))
    }


def _items(nodes: Iterable[Node], terms: set[Node]) -> set[URIRef]:
    """Return the IRIs among ``nodes`` that are not the ontology's own terms."""
    return {node for node in nodes if isinstance(node, URIRef) and node not in terms}


def _reach(store: Store, layout: GraphLayout, start: set[URIRef], direction: URIRef) -> set[URIRef]:
    """Return the items one ``direction`` link away from ``start``, in the actors' parts or
    the inferred graph (which holds the transitive closure)."""
    links = store.match(start, "subject", GraphScope(f"{layout.base_iri}graph/"), direction)
    return {node for node in links.objects() if isinstance(node, URIRef)}


def _witnesses(links: set[tuple[URIRef, URIRef]]) -> Graph:
    """Return, for each property and object of ``links``, one link from a stand-in subject:
    enough to derive the object's types from the properties' ranges."""
    witnesses = Graph()
    for p, o in links:
        witnesses.add((BNode(), p, o))
    return witnesses


def _about(graph: Graph, nodes: set[URIRef]) -> Graph:
    """Return the statements of ``graph`` with a subject or object in ``nodes``."""
    kept = Graph()
    for s, p, o in graph:
        if s in nodes or o in nodes:
            kept.add((s, p, o))
    return kept


def _types(graph: Graph, nodes: set[URIRef]) -> Graph:
    """Return the type statements of ``graph`` about ``nodes``."""
    kept = Graph()
    for s, o in graph.subject_objects(RDF.type):
        if s in nodes:
            kept.add((s, RDF.type, o))
    return kept


def without_blank_nodes(graph: Graph) -> Graph:
    """Return ``graph`` less statements with blank nodes (inferences about ontology internals)."""
    kept = Graph()
    for triple in graph:
        if not any(_blank(term) for term in triple):
            kept.add(triple)
    return kept


def _blank(term: Node) -> bool:
    return isinstance(term, BNode)
