"""What changed between two archived versions, as sorted N-Triples lines.

Archived versions are canonical N-Triples (:func:`~samverkan.submissions.archive.canonical_bytes`),
one triple a line, sorted. Without blank nodes a triple is its line, so the change is the
difference of the two sets of lines: milliseconds for tens of thousands of triples. With blank
nodes a line's labels depend on the whole graph, so :func:`graph_changes` (rdflib's
isomorphic ``graph_diff``, the plain standard way) decides; it is also the reference the fast
path is tested against.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from samverkan.rdfio import parse_quads
from samverkan.submissions.archive import canonical_bytes
from samverkan.terms import graph_from_triples


@dataclass(frozen=True)
class Changes:
    """The triples added and removed, each a sorted tuple of N-Triples lines (no newline)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]


def changes(before: bytes, after: bytes) -> Changes:
    """Return what changed from ``before`` to ``after`` (two archived versions' bytes)."""
    if b"_:" in before or b"_:" in after:
        return graph_changes(_graph(before), _graph(after))
    old, new = _lines(before), _lines(after)
    return Changes(added=tuple(sorted(new - old)), removed=tuple(sorted(old - new)))


def graph_changes(before: Graph, after: Graph) -> Changes:
    """Return what changed, by rdflib's isomorphic comparison (blank nodes matched)."""
    _, removed, added = graph_diff(to_isomorphic(before), to_isomorphic(after))
    return Changes(added=_canonical_lines(added), removed=_canonical_lines(removed))


def as_graph(lines: tuple[str, ...] | list[str]) -> Graph:
    """Return the triples of some N-Triples lines as a graph."""
    text = "\n".join(lines)
    return graph_from_triples(parse_quads(text, ox.RdfFormat.N_TRIPLES, "changes"))


def _lines(content: bytes) -> set[str]:
    """Return the lines of N-Triples: split at line feeds only (``str.splitlines`` would
    also split inside literals holding U+2028, U+0085 or a form feed, which stay raw)."""
    return {line for line in content.decode("utf-8").split("\n") if line}


def _canonical_lines(graph: Graph) -> tuple[str, ...]:
    return tuple(sorted(_lines(canonical_bytes(graph))))


def _graph(content: bytes) -> Graph:
    return graph_from_triples(parse_quads(content, ox.RdfFormat.N_TRIPLES, "version"))
