"""An indexed set of rdflib triples: what validation reads of a graph, at a set's cost.

Validating a submission reads its neighbourhood in the federation, joins it with the
submission and hands the whole to the validator, tens of thousands of statements each
time. An rdflib :class:`~rdflib.Graph` keeps contexts and dispatches an event for every
statement added, about 20 µs each; :class:`Triples` keeps the statements in a set with an
index by subject, by predicate and by object, and answers the part of Graph's reading
interface the validator uses (``triples``, ``subjects``, ``objects``, ``subject_objects``,
``predicate_objects``). :meth:`Triples.graph` gives a real Graph where one is needed
(pySHACL, serialisation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from rdflib import Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Node | None, Node | None]


class Triples:
    """A set of triples, indexed by subject, predicate and object.

    Each index is built when a pattern first needs it, and kept up to date from then on:
    most sets are only added to, joined and handed on.
    """

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._all: set[Triple] = set()
        self._by: list[defaultdict[Node, set[Triple]] | None] = [None, None, None]
        self.update(triples)

    def add(self, triple: Triple) -> None:
        """Add one triple (nothing happens if it is there)."""
        self.update((triple,))

    def update(self, triples: Iterable[Triple]) -> None:
        """Add every triple of ``triples`` (a Graph, a Triples or any iterable)."""
        indexes = [(p, index) for p, index in enumerate(self._by) if index is not None]
        if not indexes:
            self._all.update(triples)
            return
        new = set(triples) - self._all
        self._all |= new
        for position, index in indexes:
            for triple in new:
                index[triple[position]].add(triple)

    def _index(self, position: int) -> defaultdict[Node, set[Triple]]:
        index = self._by[position]
        if index is None:
            index = self._by[position] = defaultdict(set)
            for triple in self._all:
                index[triple[position]].add(triple)
        return index

    def __iadd__(self, triples: Iterable[Triple]) -> Triples:
        self.update(triples)
        return self

    def __add__(self, triples: Iterable[Triple]) -> Triples:
        union = Triples(self._all)
        union.update(triples)
        return union

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, triple: object) -> bool:
        return triple in self._all

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        """Yield the triples that match ``pattern`` (None matches any term), as
        :meth:`rdflib.Graph.triples` does."""
        bound = [(position, term) for position, term in enumerate(pattern) if term is not None]
        if not bound:
            yield from self._all
            return
        first, key = min(bound, key=lambda bound: _SELECTIVE[bound[0]])
        for triple in self._index(first).get(key, _NONE):
            if all(triple[position] == term for position, term in bound):
                yield triple

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        """Yield the subjects of the triples with ``predicate`` and ``obj`` (each once)."""
        if predicate is None and obj is None:
            yield from self._index(0)
            return
        yield from {s for s, _, _ in self.triples((None, predicate, obj))}

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        """Yield the objects of the triples with ``subject`` and ``predicate`` (each once)."""
        yield from {o for _, _, o in self.triples((subject, predicate, None))}

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """Yield the (subject, object) pairs of the triples with ``predicate``."""
        yield from {(s, o) for s, _, o in self.triples((None, predicate, None))}

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """Yield the (predicate, object) pairs of the triples with ``subject``."""
        yield from {(p, o) for _, p, o in self.triples((subject, None, None))}

    def __getstate__(self) -> list[Triple]:
        """Pickle the triples only (a worker process indexes them again)."""
        return list(self._all)

    def __setstate__(self, state: list[Triple]) -> None:
        self.__init__(state)  # type: ignore[misc]

    def graph(self) -> Graph:
        """Return the triples as an rdflib Graph."""
        graph = Graph()
        graph += self._all
        return graph


_NONE: frozenset[Triple] = frozenset()
#: Which bound term of a pattern to look up first: the subject, else the object, else the
#: predicate (a few statements have a given subject; thousands, a given predicate).
_SELECTIVE = (0, 2, 1)

#: What validation reads from: an rdflib Graph, or Triples.
Readable: TypeAlias = Graph | Triples
