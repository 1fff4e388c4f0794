"""The store interface every implementation provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.storage.protocol import ProtocolAnswer, ProtocolQuery

Bindings = Mapping[str, Node]


class BinaryOutput(Protocol):
    """Anything bytes can be written to (a file, a gzip stream, a buffer)."""

    def write(self, data: bytes, /) -> int: ...


@dataclass
class SelectResult:
    """The answer to a SELECT query: variable names in order, and one dict per solution."""

    variables: list[str]
    rows: list[dict[str, Node]] = field(default_factory=list)

    def column(self, name: str) -> list[Node]:
        """Return the values bound to ``name``, one per row (rows without it are skipped)."""
        return [row[name] for row in self.rows if name in row]


class Store(ABC):
    """A quad store holding the federation as named graphs.

    Queries see the union of all graphs as their default graph. Values reach a query as
    bindings for its variables, never as text pasted into it; a bound variable stays in the
    answer (SPARQL SEP-0007), so a SELECT query must project every variable it binds.
    """

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace each named graph's content, all in one transaction."""

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Replace one named graph's content atomically."""
        self.replace_graphs({name: graph})

    def apply(
        self,
        replace: Mapping[URIRef, Graph],
        remove: Mapping[URIRef, Graph],
        add: Mapping[URIRef, Graph],
    ) -> None:
        """Replace some graphs, and remove and add triples in others, in one transaction."""
        raise NotImplementedError(f"{type(self).__name__} cannot apply changes yet")

    @abstractmethod
    def drop_graph(self, name: URIRef) -> None:
        """Remove a named graph and its triples (no error if it is absent)."""

    @abstractmethod
    def graph_names(self) -> set[URIRef]:
        """Return the names of all graphs that hold triples."""

    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT query."""

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""

    @abstractmethod
    def protocol_query(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Answer a public SPARQL protocol query, serialised; stop it after ``timeout`` s."""

    @abstractmethod
    def graph(self, name: URIRef) -> Graph:
        """Return a copy of one named graph."""

    @abstractmethod
    def dump(self, output: BinaryOutput, names: Iterable[URIRef] | None = None) -> None:
        """Write the named graphs ``names`` (all graphs when None) to ``output`` as N-Quads."""

    @abstractmethod
    def count(self, name: URIRef | None = None) -> int:
        """Count the triples of one named graph, or of the whole store."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store's resources."""
