"""Move identifiers from one base IRI to another (the committed files use the canonical one)."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.validation import Report


def move(term: Node, old: str, new: str) -> Node:
    """Return ``term`` moved under ``new`` if it is an IRI under ``old``."""
    if isinstance(term, URIRef) and str(term).startswith(old):
        return URIRef(new + str(term)[len(old) :])
    return term


def rebase(graph: Graph, old: str, new: str) -> Graph:
    """Return ``graph`` with every IRI under ``old`` moved under ``new``."""
    if old == new:
        return graph
    moved = Graph()
    for s, p, o in graph:
        moved.add((move(s, old, new), move(p, old, new), move(o, old, new)))
    return moved


def rebase_report(report: Report, old: str, new: str) -> Report:
    """Return ``report`` with its focus nodes, values, shapes and graph moved under ``new``."""
    if old == new:
        return report
    results = [
        replace(
            result,
            focus=move(result.focus, old, new),
            value=None if result.value is None else move(result.value, old, new),
            shape=move(result.shape, old, new),
        )
        for result in report.results
    ]
    graph = rebase(report.graph, old, new)
    for prefix, namespace in report.graph.namespaces():
        graph.bind(prefix, namespace, replace=True)
    return Report(results, graph)
