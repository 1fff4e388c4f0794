"""Apply the rules (:mod:`samverkan.reasoning.rules`) to a graph, and check disjointness.

:func:`materialise` works on rdflib graphs (a submission's neighbourhood, the example
federation); :func:`materialise_store` does the same for a whole store, reading its graphs as
N-Triples text and bulk-loading the conclusions, for federations too large to copy through
rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from samverkan.errors import InconsistencyError
from samverkan.reasoning.rules import Delta, Facts, Triple, clashes, closure
from samverkan.storage.layout import GraphLayout
from samverkan.terms import graph_from_triples, to_oxigraph, to_rdflib


@dataclass(frozen=True)
class Clash:
    """An individual found in two disjoint classes."""

    individual: Node
    first: Node
    second: Node

    def __str__(self) -> str:
        return f"{self.individual} is both a {self.first} and a {self.second}, declared disjoint"


def materialise(asserted: Graph) -> Graph:
    """Return the triples the rules entail from ``asserted`` that it does not already hold."""
    facts = Facts(_triples(_n_triples(asserted)))
    return _graph(_lines(closure(facts)))


def materialise_store(store: ox.Store, layout: GraphLayout) -> int:
    """Replace the inferred graph of ``store`` with what the rules entail from its ontology and
    actor parts; return the number of inferred triples.

    The result equals ``without_blank_nodes(materialise(ontology + parts))``, as
    :func:`samverkan.federation.build` computes it (a test compares both), at a fraction of
    the cost for a large federation: the graphs are read as N-Triples text, not as objects.
    The inferred graph is rewritten with a bulk load, which is not one transaction: use it for
    building a store, not on one being served. Individuals in two disjoint classes raise
    :class:`InconsistencyError` and change nothing.
    """
    facts = Facts()
    for graph in _premise_graphs(store, layout):
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert text is not None
        facts.add(_by_predicate(_triples(text.decode())))
    added = closure(facts)
    if found := clashes(facts):
        raise InconsistencyError("; ".join(str(_clash(*clash)) for clash in found[:10]))
    lines = _lines(added, blank_nodes=False)
    write_graph(store, ox.NamedNode(str(layout.inferred)), set(lines))
    return len(lines)


def write_graph(store: ox.Store, graph: ox.NamedNode, lines: set[str]) -> None:
    """Make ``graph`` hold exactly ``lines`` (N-Triples), writing only what differs.

    Rebuilding a store's inferences mostly finds what it holds already; deleting 1.1 M
    triples to load them again took longer than deriving them. A graph that loses most of
    its triples is dropped and bulk-loaded instead.
    """
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    held = set((text or b"").decode().splitlines(keepends=True))
    stale, missing = held - lines, lines - held
    if len(stale) > len(held) // 2:
        store.update(f"DROP SILENT GRAPH {graph}")
        stale, missing = set(), lines
    for quad in ox.parse("".join(stale).encode(), format=ox.RdfFormat.N_TRIPLES):
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    if missing:
        data = "".join(sorted(missing)).encode()
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _premise_graphs(store: ox.Store, layout: GraphLayout) -> list[ox.NamedNode]:
    """Return the graphs the inferences follow from: the ontology and the actor parts."""
    return [
        graph
        for graph in store.named_graphs()
        if isinstance(graph, ox.NamedNode)
        and (graph.value == str(layout.ontology) or graph.value.startswith(layout.actor_prefix))
    ]


def _triples(text: str) -> Iterator[Triple]:
    """Split N-Triples as Oxigraph writes them: one space apart, subjects and predicates
    without spaces, each line ending in ``" ."``."""
    for line in text.splitlines():
        s, p, rest = line.split(" ", 2)
        yield s, p, rest[:-2]


def _by_predicate(triples: Iterable[Triple]) -> Delta:
    pairs: Delta = {}
    for s, p, o in triples:
        pairs.setdefault(p, set()).add((s, o))
    return pairs


def _lines(triples: Delta, *, blank_nodes: bool = True) -> list[str]:
    """Return ``triples`` as N-Triples lines, those with a blank node left out unless asked."""
    return [
        f"{s} {p} {o} .\n"
        for p, pairs in triples.items()
        for s, o in pairs
        if blank_nodes or not (s.startswith("_:") or o.startswith("_:"))
    ]


def _n_triples(graph: Graph) -> str:
    """Return ``graph`` as N-Triples (generalised triples with literal subjects, which other
    reasoners may produce, have no place in RDF and are left out)."""
    store = ox.Store()
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
        if not isinstance(s, Literal)
    )
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert text is not None
    return text.decode()


def _graph(lines: list[str]) -> Graph:
    quads = ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    return graph_from_triples(quads)


def check_consistency(graph: Graph) -> list[Clash]:
    """Return every individual of ``graph`` (asserted plus inferred) in two disjoint classes."""
    return [_clash(*clash) for clash in clashes(Facts(_triples(_n_triples(graph))))]


def _clash(individual: str, first: str, second: str) -> Clash:
    """Return the clash of terms written as N-Triples."""
    text = f"{individual} <urn:x:is> {first} .\n{individual} <urn:x:is> {second} .\n"
    one, two = ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return Clash(to_rdflib(one.subject), to_rdflib(one.object), to_rdflib(two.object))
