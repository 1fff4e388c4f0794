"""Bring the inferred graph up to date after one actor's part changed, touching little else.

When a part changes, only inferences about some items can change: the items named in the
changed statements (N), and everything that traces up to them (their traceability may run
through a changed link). Call that set A: N and what traces to N. Every inference with a subject
or object in A is dropped and derived anew from a small neighbourhood: the ontology, the new
part, and every asserted statement about A and about what A traces up to. That neighbourhood
holds every premise of those inferences (the rules are local, and the transitive chains of A
run only through nodes above A), so the result equals a full rebuild (a test checks this on
random changes), at the cost of the change rather than of the federation.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from samverkan.reasoning.materialise import materialise
from samverkan.sparql_values import fill, iris, template
from samverkan.storage import GraphLayout, Store

PACKAGE = "samverkan.reasoning"


@dataclass(frozen=True)
class InferenceChange:
    """What to take out of, and put into, the inferred graph."""

    remove: Graph
    add: Graph


def inference_change(
    store: Store, layout: GraphLayout, ontology: Graph, actor: str, old: Graph, new: Graph
) -> InferenceChange:
    """Return how the inferred graph changes when actor's part goes from ``old`` to ``new``."""
    seeds = _items(old ^ new, ontology)
    if not seeds:
        return InferenceChange(Graph(), Graph())
    affected = seeds | _reach(store, layout, seeds, layout.sam.tracedFrom)
    above = _reach(store, layout, affected, layout.sam.tracesTo)
    premises = ontology + new + _neighbourhood(store, layout, actor, affected | above)
    derived = materialise(premises)
    return InferenceChange(
        remove=_inferred_about(store, layout, affected),
        add=_about(derived, affected),
    )


def _items(changed: Graph, ontology: Graph) -> set[URIRef]:
    """Return the IRIs the changed statements name, less the ontology's own terms."""
    terms = set(ontology.subjects())
    return {
        node
        for triple in changed
        for node in (triple[0], triple[2])
        if isinstance(node, URIRef) and node not in terms
    }


def _reach(store: Store, layout: GraphLayout, start: set[URIRef], direction: URIRef) -> set[URIRef]:
    query = fill(
        template(PACKAGE, "reach.rq"),
        layout.base_iri,
        DIRECTION=iris({direction}),
        NODES=iris(start),
    )
    return {node for node in store.select(query).column("reached") if isinstance(node, URIRef)}


def _neighbourhood(store: Store, layout: GraphLayout, actor: str, nodes: set[URIRef]) -> Graph:
    graphs = f"({iris({layout.actor(actor)})} {iris({URIRef(layout.actor_prefix)})})"
    query = fill(
        template(PACKAGE, "neighbourhood.rq"), layout.base_iri, GRAPHS=graphs, NODES=iris(nodes)
    )
    return store.construct(query)


def _inferred_about(store: Store, layout: GraphLayout, nodes: set[URIRef]) -> Graph:
    query = fill(
        template(PACKAGE, "inferred-about.rq"),
        layout.base_iri,
        GRAPH=iris({layout.inferred}),
        NODES=iris(nodes),
    )
    return store.construct(query)


def _about(graph: Graph, nodes: set[URIRef]) -> Graph:
    """Return the statements of ``graph`` with a subject or object in ``nodes``."""
    kept = Graph()
    for s, p, o in graph:
        if s in nodes or o in nodes:
            kept.add((s, p, o))
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
