"""The store interface every implementation provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from samverkan import rq
from samverkan.errors import StoreError
from samverkan.sparql_values import fill, iris, literal
from samverkan.storage.protocol import (
    INTERNAL_PREFIX,
    ProtocolAnswer,
    ProtocolQuery,
    ProtocolStream,
)
from samverkan.terms import to_oxigraph
from samverkan.triples import Triples

Bindings = Mapping[str, Node]
#: Where a looked-up item stands in the statements :meth:`Store.match` returns.
Role = Literal["subject", "object"]


#: The internal state graphs (credentials, leases, jobs) start so; no public read shows them,
#: as no other internal graph (:func:`is_internal`).
STATE_GRAPH_PREFIX = f"{INTERNAL_PREFIX}state:"


def is_state_graph(name: str) -> bool:
    """Say whether ``name`` is one of the store's internal state graphs."""
    return name.startswith(STATE_GRAPH_PREFIX)


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


@dataclass(frozen=True)
class GraphScope:
    """Which named graphs a lookup reads: those whose names start with ``prefix``, less
    ``exclude`` (all actors' parts but one, say; or exactly one graph, named in full)."""

    prefix: str
    exclude: frozenset[URIRef] = frozenset()

    def admits(self, name: str) -> bool:
        """Whether the graph named ``name`` is read."""
        return name.startswith(self.prefix) and URIRef(name) not in self.exclude


def is_internal(name: str) -> bool:
    """Say whether the graph named ``name`` is internal, hidden from every public read."""
    return name.startswith(INTERNAL_PREFIX)


#: How many items one lookup query names at most (a remote store's request stays small).
MATCH_CHUNK = 500


class Store(ABC):
    """A quad store holding the federation as named graphs.

    Queries see the union of all graphs as their default graph. Values reach a query as
    bindings for its variables, never as text pasted into it; a bound variable stays in the
    answer (SPARQL SEP-0007), so a SELECT query must project every variable it binds.
    """

    #: Whether every write is refused (a replica: its writer is another process).
    read_only: bool = False
    #: The graph recording the base IRI the store was made for (:mod:`.identity`); its
    #: name depends on no base.
    identity_graph: URIRef = URIRef("urn:x-samverkan:store:identity")

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

    def internal_graph(self, local: str) -> URIRef:
        """Return the name of this store's internal graph ``local`` (``archive:kivra:3``):
        ``urn:x-samverkan:<local>``, or under a remote store's own registry, so that stores
        sharing an endpoint keep apart."""
        return URIRef(f"{INTERNAL_PREFIX}{local}")

    def public_graph_names(self) -> set[URIRef]:
        """Return the names of the graphs a public read may show (not the internal ones)."""
        return {name for name in self.graph_names() if not is_internal(name)}

    def create_graph(self, name: URIRef, graph: Graph) -> None:
        """Write ``graph`` (no blank nodes) as the graph ``name`` unless that graph holds
        triples already, in one conditional update (``INSERT … WHERE`` the graph's count of
        triples is 0, :func:`creation` and ``queries/create-graph.rq``).

        Which of the two happened is not said: the caller reads the graph back (a graph
        written once carries a token of its writer, :mod:`samverkan.submissions.archive`).
        """
        raise NotImplementedError(f"{type(self).__name__} cannot create graphs")

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

    def protocol_stream(self, query: ProtocolQuery, timeout: float) -> ProtocolStream:
        """Answer a public SPARQL protocol query as :meth:`protocol_query` does, the body in
        chunks as they are made (here: all at once; the embedded store streams)."""
        return ProtocolStream.whole(self.protocol_query(query, timeout))

    @abstractmethod
    def graph(self, name: URIRef) -> Graph:
        """Return a copy of one named graph."""

    @abstractmethod
    def dump(self, output: BinaryOutput, names: Iterable[URIRef] | None = None) -> None:
        """Write the named graphs ``names`` (all graphs when None) to ``output`` as N-Quads."""

    @abstractmethod
    def count(self, name: URIRef | None = None) -> int:
        """Count the triples of one named graph, or of the whole store."""

    def match(
        self,
        nodes: Iterable[URIRef],
        role: Role,
        scope: GraphScope,
        predicate: URIRef | None = None,
    ) -> Triples:
        """Return every statement of the graphs in ``scope`` with one of ``nodes`` as its
        subject or object (``role``), and with ``predicate`` when one is given.

        This is how the submission workflow reads the neighbourhood of what it changes: a
        store answers it by index lookups, item by item, whatever the size of the federation.
        """
        found = Triples()
        ordered = sorted(set(nodes))
        for start in range(0, len(ordered), MATCH_CHUNK):
            chunk = ordered[start : start + MATCH_CHUNK]
            query = fill(rq.packaged("samverkan.storage", f"match-{role}"), NODES=iris(chunk))
            for row in self.select(query).rows:
                if scope.admits(str(row["g"])) and predicate in (None, row["p"]):
                    found.add((row["s"], row["p"], row["o"]))
        return found

    def properties_towards(
        self, nodes: Iterable[URIRef], scope: GraphScope
    ) -> set[tuple[URIRef, URIRef]]:
        """Return the (property, node) pairs of the statements in the graphs in ``scope``
        that have one of ``nodes`` as object: what links to them, not every link (an item
        that thousands link to costs a few rows)."""
        found: set[tuple[URIRef, URIRef]] = set()
        ordered = sorted(set(nodes))
        for start in range(0, len(ordered), MATCH_CHUNK):
            chunk = ordered[start : start + MATCH_CHUNK]
            query = fill(rq.packaged("samverkan.storage", "properties-towards"), NODES=iris(chunk))
            found |= admitted_pairs(self.select(query).rows, scope)
        return found

    def labelled(self, keys: Iterable[tuple[str, str]], scope: GraphScope) -> Triples:
        """Return the ``rdfs:label`` statements of the graphs in ``scope`` whose label, in
        lower case, with its language tag ("" for none), is one of ``keys``."""
        rows = " ".join(f"({literal(text)} {literal(language)})" for text, language in keys)
        found = Triples()
        if not rows:
            return found
        query = fill(rq.packaged("samverkan.storage", "labelled"), KEYS=rows)
        for row in self.select(query).rows:
            if scope.admits(str(row["g"])):
                found.add((row["s"], RDFS.label, row["label"]))
        return found

    def state_graph(self, name: str) -> URIRef:
        """Return the name of internal state graph ``name`` (credentials, leases, jobs:
        :mod:`samverkan.state`), ``urn:x-samverkan:state:<name>``."""
        return URIRef(f"{STATE_GRAPH_PREFIX}{name}")

    def state_update(self, update: str, *, replicated: bool = False) -> None:
        """Run one update request on internal state graphs only.

        Unlike :meth:`apply`, it gives the store no new generation (state is no published
        content, so caches stay valid), and every process over the store sees it as soon
        as the call returns. ``replicated``: replicas of an embedded store
        (``serve --workers``) must see it too (credentials), so a checkpoint is published.
        """
        raise StoreError(f"{type(self).__name__} keeps no state")

    def state_select(self, query: str, graphs: Iterable[URIRef]) -> SelectResult:
        """Run a SELECT query whose ``GRAPH`` patterns read the internal graphs ``graphs``."""
        raise StoreError(f"{type(self).__name__} keeps no state")

    def publish_to_replicas(self) -> None:  # noqa: B027 - optional hook
        """Let replicas in other processes see every write from now on, as soon as it is
        made (nothing to do for a store that other processes reach anyway, like a remote one).
        """

    def warm_up(self) -> None:  # noqa: B027 - optional hook
        """Start reading, in the background, what a first request would otherwise wait for."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store's resources."""


def admitted_pairs(
    rows: Iterable[Mapping[str, Node]], scope: GraphScope
) -> set[tuple[URIRef, URIRef]]:
    """Return the (?p, ?o) of the rows whose graph ?g is in ``scope``."""
    return {
        (row["p"], row["o"])
        for row in rows
        if scope.admits(str(row["g"]))
        and isinstance(row["p"], URIRef)
        and isinstance(row["o"], URIRef)
    }


def creation(name: URIRef, graph: Graph, also: str = "") -> str:
    """Return the conditional update of :meth:`Store.create_graph` (``also``: more quads
    written with the graph, as SPARQL). The triples go in after the template is filled, so
    nothing in their literals is taken for one of its markers."""
    slot = "\x00"  # never in SPARQL text: Oxigraph writes control characters escaped
    template = rq.packaged("samverkan.storage", "create-graph")
    text = fill(template, GRAPH=iris([name]), ALSO=also, TRIPLES=slot)
    lines = (" ".join(str(to_oxigraph(term)) for term in triple) + " ." for triple in graph)
    return text.replace(slot, "\n".join(lines), 1)
