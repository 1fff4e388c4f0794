"""Apply the rule set to a graph until a fixpoint, and check disjointness."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from samverkan.errors import InconsistencyError
from samverkan.terms import graph_from_triples, to_oxigraph, to_rdflib

MAX_ROUNDS = 20


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
    for _ in range(MAX_ROUNDS):
        before = len(scratch)
        for rule in _rules():
            scratch.update(rule)
        if len(scratch) == before:
            break
    else:
        raise InconsistencyError(f"reasoning did not reach a fixpoint in {MAX_ROUNDS} rounds")
    inferred = graph_from_triples(scratch)
    return inferred - asserted


def check_consistency(graph: Graph) -> list[Clash]:
    """Return every individual of ``graph`` (asserted plus inferred) in two disjoint classes."""
    scratch = _scratch_store(graph)
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
