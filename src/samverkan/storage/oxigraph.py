"""The embedded store: Oxigraph on RocksDB, on disk, no server needed."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, TypeVar, cast

import pyoxigraph as ox
from rdflib import Graph, URIRef

from samverkan import rq
from samverkan.errors import (
    InsufficientStorageError,
    QuerySyntaxError,
    StoreError,
    is_disk_full,
)
from samverkan.storage import generation
from samverkan.storage.base import (
    BinaryOutput,
    Bindings,
    GraphScope,
    Role,
    SelectResult,
    Store,
    admitted_pairs,
    creation,
    is_state_graph,
)
from samverkan.storage.checkpoints import Checkpoint, Checkpoints, checkpoints_folder
from samverkan.storage.labels import LabelIndex
from samverkan.storage.protocol import (
    ProtocolAnswer,
    ProtocolQuery,
    ProtocolStream,
    syntax_message,
)
from samverkan.storage.sandbox import Sandbox, execute, unpack
from samverkan.storage.values import fold_values, mentions
from samverkan.terms import (
    graph_from_triples,
    quads_for_graph,
    rdflib_triples,
    to_oxigraph,
    to_rdflib,
)
from samverkan.triples import Triples

T = TypeVar("T")


class OxigraphStore(Store):
    """A store in a directory on disk (or in memory when ``path`` is None).

    ``read_only`` opens a checkpoint for reading only (what a replica reads); its writes fail.
    ``query_memory_bytes`` caps each query worker's address space (0: no cap).
    """

    def __init__(
        self,
        path: Path | None = None,
        query_workers: int = 2,
        *,
        read_only: bool = False,
        query_memory_bytes: int = 0,
    ) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        self.path = path
        self.read_only = read_only
        self._query_workers = query_workers
        self._query_memory_bytes = query_memory_bytes
        self._sandbox: Sandbox | None = None
        self._checkpoints: Checkpoints | None = None
        self._sandbox_lock = threading.Lock()
        self._labels = LabelIndex(self._store)
        #: Set when a write met a full disk: RocksDB then refuses every write, even once
        #: space is freed, until the store is opened anew (done before the next write).
        self._disk_was_full = False
        self._reopening = threading.Lock()

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.apply(replace=graphs, remove={}, add={})

    def apply(
        self,
        replace: Mapping[URIRef, Graph],
        remove: Mapping[URIRef, Graph],
        add: Mapping[URIRef, Graph],
    ) -> None:
        operations = []
        for name, graph in replace.items():
            operations.append(f"DROP SILENT GRAPH <{name}>")
            operations += _data("INSERT", graph, name)
        for name, graph in remove.items():
            operations += _data("DELETE", graph, name)
        for name, graph in add.items():
            operations += _data("INSERT", graph, name)
        # One update request is one transaction: readers see all old graphs or all new ones,
        # and the old generation or the new one with them.
        if operations:
            operations.append(generation.stamp(self.identity_graph))
            self._update(" ;\n".join(operations), [*replace, *remove, *add])

    def create_graph(self, name: URIRef, graph: Graph) -> None:
        """Write ``graph`` unless the graph exists: one update, so one transaction."""
        self._update(creation(name, graph), [name])

    def drop_graph(self, name: URIRef) -> None:
        stamp = generation.stamp(self.identity_graph)
        self._update(f"DROP SILENT GRAPH <{name}> ;\n{stamp}", [name])

    def protocol_query(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Run a public query in a worker process, stopped after ``timeout`` seconds.

        A store in memory has no checkpoints to share, so it answers in this process and
        cannot enforce the limit; every deployment uses a store on disk.
        """
        if self.path is None:
            return unpack(execute(self._store, query))
        return self._open_sandbox(self.path).run(query, timeout)

    def protocol_stream(self, query: ProtocolQuery, timeout: float) -> ProtocolStream:
        """Run a public query in a worker process, its answer sent on in chunks as the
        worker writes it (the web process never holds the whole answer)."""
        if self.path is None:
            return ProtocolStream.whole(self.protocol_query(query, timeout))
        return self._open_sandbox(self.path).stream(query, timeout)

    def publish_to_replicas(self) -> None:
        """Publish a checkpoint now and after every write, for replicas in other processes."""
        if self.path is None:
            raise StoreError("a store in memory has no checkpoints to share; give it a path")
        with self._sandbox_lock:
            self._publish(self.path)

    def _open_sandbox(self, path: Path) -> Sandbox:
        """Return the worker pool, starting it on first use (once, whatever the threads)."""
        with self._sandbox_lock:
            if self._sandbox is None:
                sandbox = Sandbox(self._query_workers, self._query_memory_bytes)
                sandbox.use(self._publish(path))
                self._sandbox = sandbox
            return self._sandbox

    def _publish(self, path: Path) -> Checkpoint:
        """Publish a checkpoint of the store as it is now, and from then on after every write."""
        if self._checkpoints is None:
            self._checkpoints = Checkpoints(checkpoints_folder(path))
        return self._checkpoints.publish(self._store)

    def graph_names(self) -> set[URIRef]:
        """Return the names of the graphs that hold triples, less the internal state graphs
        (as a remote store, which keeps them out of its registry). Public reads list
        :meth:`public_graph_names`, without any internal graph."""
        return {
            URIRef(g.value)
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and not is_state_graph(g.value)
        }

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        solutions = self._query(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [
            {name: to_rdflib(value) for name in variables if (value := row[name]) is not None}
            for row in solutions
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        answer = self._query(query, bindings)
        if not isinstance(answer, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(answer)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        triples = self._query(query, bindings)
        if not isinstance(triples, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return graph_from_triples(triples)

    def match(
        self,
        nodes: Iterable[URIRef],
        role: Role,
        scope: GraphScope,
        predicate: URIRef | None = None,
    ) -> Triples:
        """Answer by Oxigraph's index lookups, one per item (a query naming many items in a
        VALUES block is evaluated as a join over every matching statement of the store)."""
        wanted = ox.NamedNode(str(predicate)) if predicate is not None else None
        quads: list[ox.Quad] = []
        for node in set(nodes):
            term = ox.NamedNode(str(node))
            found = (
                self._store.quads_for_pattern(term, wanted, None, None)
                if role == "subject"
                else self._store.quads_for_pattern(None, wanted, term, None)
            )
            quads += (q for q in found if _in_scope(q.graph_name, scope))
        return Triples(rdflib_triples(quads))

    def properties_towards(
        self, nodes: Iterable[URIRef], scope: GraphScope
    ) -> set[tuple[URIRef, URIRef]]:
        """Answer item by item, the item written into the pattern (a VALUES block of items is
        joined with every statement of the store); Oxigraph scans the links and keeps the
        distinct properties several times faster than reading them out."""
        query = rq.packaged("samverkan.storage", "properties-towards-one")
        found: set[tuple[URIRef, URIRef]] = set()
        for node in set(nodes):
            found |= admitted_pairs(self.select(query, {"o": node}).rows, scope)
        return found

    def warm_up(self) -> None:
        """Index the labels in a thread (several seconds at 1 M triples)."""
        threading.Thread(target=self._labels.read, daemon=True).start()

    def labelled(self, keys: Iterable[tuple[str, str]], scope: GraphScope) -> Triples:
        """Answer from the labels indexed in memory (:mod:`samverkan.storage.labels`)."""
        return Triples(rdflib_triples(self._labels.find(keys, scope)))

    def graph(self, name: URIRef) -> Graph:
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
        return graph_from_triples(quads)

    def dump(self, output: BinaryOutput, names: Iterable[URIRef] | None = None) -> None:
        sink = cast(IO[bytes], output)
        if names is None:
            default = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            ox.serialize(default, sink, format=ox.RdfFormat.N_QUADS)
            names = sorted(self.graph_names())
        for name in names:
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))
            ox.serialize(quads, sink, format=ox.RdfFormat.N_QUADS)

    def count(self, name: URIRef | None = None) -> int:
        graph = ox.NamedNode(str(name)) if name is not None else None
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def state_update(self, update: str, *, replicated: bool = False) -> None:
        """Run ``update`` in one transaction; replicas see it at once when ``replicated``,
        else at their next checkpoint (locks and jobs: replicas forward every request that
        needs them to the writer, :mod:`samverkan.web.forwarding`)."""
        if self.read_only:
            raise StoreError("a read-only store keeps no state")
        try:
            self._write(update)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error, "update")) from None
        except OSError as error:
            if is_disk_full(error):
                raise InsufficientStorageError(
                    f"the disk is full: writing the store's state failed ({error}); nothing "
                    "was changed, and the server takes writes again once space is freed"
                ) from error
            raise StoreError(f"the store could not be written: {error}") from error
        if replicated:
            self._publish_write()

    def state_select(self, query: str, graphs: Iterable[URIRef]) -> SelectResult:
        return self.select(query)

    def bulk(self, work: Callable[[ox.Store], T]) -> T:
        """Run ``work`` on the pyoxigraph store itself (bulk loads, dumps by graph: what has no
        SPARQL form), then forget what is kept in memory and publish a checkpoint. Bulk loads
        are not transactions: for offline work, not on a store being served."""
        try:
            return work(self._store)
        finally:
            self._labels.forget(None)
            self._store.update(generation.stamp(self.identity_graph))
            self._publish_write()

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (used by bulk builds)."""
        self._store.extend(quads)
        self._store.update(generation.stamp(self.identity_graph))
        self._labels.forget(None)

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        if self.path is not None and not self.read_only and not self._disk_was_full:
            self._store.flush()

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
        if self._checkpoints is not None:
            self._checkpoints.remove()
        self.flush()
        self._labels.close()
        del self._store

    def _query(
        self, query: str, bindings: Bindings | None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
        try:
            if bindings:
                # The values written into the patterns let Oxigraph start from them; the
                # substitutions keep them in the answer where the text still names them.
                with contextlib.suppress(SyntaxError, ValueError):
                    folded = fold_values(query, bindings)
                    kept = {v: t for v, t in substitutions.items() if mentions(folded, v.value)}
                    return self._evaluate(folded, kept)
            return self._evaluate(query, substitutions)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error)) from None
        except OSError as error:
            raise StoreError(f"the store could not answer: {error}") from error

    def _evaluate(
        self,
        query: str,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple],
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self._store.query(
            query, use_default_graph_as_union=True, substitutions=substitutions or None
        )

    def _update(self, update: str, graphs: Iterable[URIRef]) -> None:
        """Run ``update``, which writes only the named ``graphs``."""
        try:
            self._write(update)
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(error, "update")) from None
        except OSError as error:
            raise StoreError(f"the store could not be written: {error}") from error
        finally:
            self._labels.forget(str(name) for name in graphs)
        self._publish_write()

    def _write(self, update: str) -> None:
        """Run ``update``; after a write that met a full disk, open the store anew first."""
        if self._disk_was_full:
            self._reopen()
        try:
            self._store.update(update)
        except OSError as error:
            if is_disk_full(error) and self.path is not None:
                self._disk_was_full = True
            raise

    def _reopen(self) -> None:
        """Open the store's folder anew, so that RocksDB forgets a write that met a full
        disk. Where it cannot be opened for writing yet (the disk is still full, or a reader
        still holds the old store), it stays open for reading, the error is raised, and the
        next write tries again."""
        assert self.path is not None
        with self._reopening:
            if not self._disk_was_full:
                return
            self._labels.close()
            # Readers see the same data, read-only, while the writable store is let go.
            old, self._store = self._store, ox.Store.read_only(str(self.path))
            del old
            try:
                self._store = ox.Store(str(self.path))
                self._disk_was_full = False
            finally:
                self._labels = LabelIndex(self._store)

    def _publish_write(self) -> None:
        """Show the store as it is now to the query workers and replicas."""
        with self._sandbox_lock:
            if self._checkpoints is not None:
                published = self._checkpoints.publish(self._store)
                if self._sandbox is not None:
                    self._sandbox.use(published)


def _data(verb: str, graph: Graph, name: URIRef) -> list[str]:
    quads = quads_for_graph(graph, name)
    return [f"{verb} DATA {{ {_quad_block(quads)} }}"] if quads else []


def _quad_block(quads: list[ox.Quad]) -> str:
    graph = quads[0].graph_name
    triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"GRAPH {graph} {{\n{triples}\n}}"


def _in_scope(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, scope: GraphScope) -> bool:
    return isinstance(name, ox.NamedNode) and scope.admits(name.value)
