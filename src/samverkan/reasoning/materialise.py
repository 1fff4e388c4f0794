"""Apply the rule set to a graph until a fixpoint, and check disjointness.

:func:`materialise` works on rdflib graphs (a submission's neighbourhood, the example
federation); :func:`materialise_store` does the same for a whole store inside Oxigraph, for
federations too large to copy through rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from samverkan.errors import InconsistencyError
from samverkan.storage.layout import GraphLayout
from samverkan.terms import graph_from_triples, to_oxigraph, to_rdflib

MAX_ROUNDS = 20
#: Where the scratch store keeps a copy of the premises, to tell them from the conclusions.
_PREMISES = ox.NamedNode("urn:x-samverkan:premises")
_TRANSITIVE = ox.NamedNode("http://www.w3.org/2002/07/owl#TransitiveProperty")
#: Where a rule written for one property names it.
_PROPERTY = "#PROPERTY#"


@dataclass(frozen=True)
class Clash:
    """An individual found in two disjoint classes."""

    individual: Node
    first: Node
    second: Node

    def __str__(self) -> str:
        return f"{self.individual} is both a {self.first} and a {self.second}, declared disjoint"


@cache
def _rules() -> tuple[str, ...]:
    folder = resources.files("samverkan.reasoning") / "rules"
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".ru"))
    return tuple((folder / name).read_text(encoding="utf-8") for name in names)


def _clash_query() -> str:
    return (resources.files("samverkan.reasoning") / "clashes.rq").read_text(encoding="utf-8")


def materialise(asserted: Graph) -> Graph:
    """Return the triples the rules entail from ``asserted`` that it does not already hold."""
    scratch = _scratch_store(asserted)
    _apply_rules(scratch)
    inferred = graph_from_triples(scratch)
    return inferred - asserted


def materialise_store(store: ox.Store, layout: GraphLayout) -> int:
    """Replace the inferred graph of ``store`` with what the rules entail from its ontology and
    actor parts, inside Oxigraph; return the number of inferred triples.

    The result equals ``without_blank_nodes(materialise(ontology + parts))``, as
    :func:`samverkan.federation.build` computes it (a test compares both), at a fraction of
    the cost for a large federation. The inferred graph is rewritten with a bulk load, which
    is not one transaction: use it for building a store, not on one being served.
    Individuals in two disjoint classes raise :class:`InconsistencyError` and change nothing.
    """
    scratch = ox.Store()
    for graph in _premise_graphs(store, layout):
        # Copied as N-Triples inside Oxigraph: no Python object per triple.
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        scratch.bulk_load(text, format=ox.RdfFormat.N_TRIPLES)
        scratch.bulk_load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=_PREMISES)
    _apply_rules(scratch)
    if clashes := _clashes(scratch):
        raise InconsistencyError("; ".join(str(clash) for clash in clashes[:10]))
    scratch.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {_PREMISES} {{ ?s ?p ?o }} }}")
    inferred = ox.NamedNode(str(layout.inferred))
    store.update(f"DROP SILENT GRAPH {inferred}")
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, inferred)
        for q in scratch.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if not _has_blank_node(q)
    )
    return _count(store, inferred)


def _premise_graphs(store: ox.Store, layout: GraphLayout) -> list[ox.NamedNode]:
    """Return the graphs the inferences follow from: the ontology and the actor parts."""
    return [
        graph
        for graph in store.named_graphs()
        if isinstance(graph, ox.NamedNode)
        and (graph.value == str(layout.ontology) or graph.value.startswith(layout.actor_prefix))
    ]


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    solutions = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    count = next(iter(solutions))["n"]
    assert isinstance(count, ox.Literal)
    return int(count.value)


def _apply_rules(scratch: ox.Store) -> None:
    """Apply every rule to the default graph of ``scratch`` until nothing new follows."""
    rules = _expanded(scratch)
    for _ in range(MAX_ROUNDS):
        before = len(scratch)
        for rule in rules:
            scratch.update(rule)
        if len(scratch) == before:
            return
    raise InconsistencyError(f"reasoning did not reach a fixpoint in {MAX_ROUNDS} rounds")


def _expanded(scratch: ox.Store) -> list[str]:
    """Return the rules, those written for one property (``#PROPERTY#``) once per transitive
    property that ``scratch`` declares."""
    solutions = scratch.query(f"SELECT DISTINCT ?p WHERE {{ ?p a {_TRANSITIVE} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    transitive = sorted(str(row["p"]) for row in solutions if isinstance(row["p"], ox.NamedNode))
    rules: list[str] = []
    for rule in _rules():
        if _PROPERTY in rule:
            rules += (rule.replace(_PROPERTY, p) for p in transitive)
        else:
            rules.append(rule)
    return rules


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def check_consistency(graph: Graph) -> list[Clash]:
    """Return every individual of ``graph`` (asserted plus inferred) in two disjoint classes."""
    return _clashes(_scratch_store(graph))


def _clashes(scratch: ox.Store) -> list[Clash]:
    """Return the clashes in the default graph of ``scratch``."""
    solutions = scratch.query(_clash_query())
    assert isinstance(solutions, ox.QuerySolutions)
    return [
        Clash(to_rdflib(row["individual"]), to_rdflib(row["class"]), to_rdflib(row["other"]))
        for row in solutions
    ]


def _scratch_store(graph: Graph) -> ox.Store:
    """Copy ``graph`` into an in-memory store (generalised triples with literal subjects, which
    other reasoners may produce, have no place in RDF and are left out)."""
    store = ox.Store()
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
        if not isinstance(s, Literal)
    )
    return store
