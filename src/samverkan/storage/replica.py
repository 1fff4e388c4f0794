"""A read-only replica of an embedded store that another process writes.

``samverkan serve --workers N`` runs one writer process, which holds the store open for
writing and publishes a checkpoint after every write (:mod:`samverkan.storage.checkpoints`),
and N reader processes, each reading the store through a :class:`ReplicaStore`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NoReturn

from rdflib import Graph, URIRef

from samverkan.errors import StoreError
from samverkan.storage.base import BinaryOutput, Bindings, GraphScope, Role, SelectResult, Store
from samverkan.storage.checkpoints import Checkpoint, Checkpoints
from samverkan.storage.oxigraph import OxigraphStore
from samverkan.storage.protocol import ProtocolAnswer, ProtocolQuery, ProtocolStream
from samverkan.storage.sandbox import Sandbox
from samverkan.triples import Triples


class ReplicaStore(Store):
    """Reads the newest checkpoint the writer published; refuses every write.

    Before each operation it reads the checkpoints' marker (one small file) and, when that
    names a newer checkpoint, opens it; an operation that began on the older one finishes
    there. So whatever began after a write was published sees it. Public queries run in this
    process's own query workers, which follow the same checkpoints, under the time limit.
    """

    read_only = True

    def __init__(
        self, checkpoints: Path, query_workers: int = 1, query_memory_bytes: int = 0
    ) -> None:
        self._checkpoints = Checkpoints(checkpoints)
        self._query_workers = query_workers
        self._query_memory_bytes = query_memory_bytes
        self._lock = threading.Lock()
        self._opened: tuple[Checkpoint, OxigraphStore] | None = None
        self._sandbox: Sandbox | None = None
        self._newest()  # fail now, not at the first request, when nothing was published

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        _refuse()

    def apply(
        self,
        replace: Mapping[URIRef, Graph],
        remove: Mapping[URIRef, Graph],
        add: Mapping[URIRef, Graph],
    ) -> None:
        _refuse()

    def drop_graph(self, name: URIRef) -> None:
        _refuse()

    def graph_names(self) -> set[URIRef]:
        return self._reader().graph_names()

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        return self._reader().select(query, bindings)

    def state_select(self, query: str, graphs: Iterable[URIRef]) -> SelectResult:
        return self._reader().state_select(query, graphs)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self._reader().ask(query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        return self._reader().construct(query, bindings)

    def protocol_query(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Run a public query in a worker process reading the newest checkpoint, stopped
        after ``timeout`` seconds."""
        checkpoint, _ = self._newest()
        sandbox = self._open_sandbox()
        sandbox.use(checkpoint)
        return sandbox.run(query, timeout)

    def protocol_stream(self, query: ProtocolQuery, timeout: float) -> ProtocolStream:
        """Run a public query as :meth:`protocol_query` does, its answer in chunks."""
        checkpoint, _ = self._newest()
        sandbox = self._open_sandbox()
        sandbox.use(checkpoint)
        return sandbox.stream(query, timeout)

    def graph(self, name: URIRef) -> Graph:
        return self._reader().graph(name)

    def dump(self, output: BinaryOutput, names: Iterable[URIRef] | None = None) -> None:
        self._reader().dump(output, names)

    def count(self, name: URIRef | None = None) -> int:
        return self._reader().count(name)

    def match(
        self,
        nodes: Iterable[URIRef],
        role: Role,
        scope: GraphScope,
        predicate: URIRef | None = None,
    ) -> Triples:
        return self._reader().match(nodes, role, scope, predicate)

    def properties_towards(
        self, nodes: Iterable[URIRef], scope: GraphScope
    ) -> set[tuple[URIRef, URIRef]]:
        return self._reader().properties_towards(nodes, scope)

    def labelled(self, keys: Iterable[tuple[str, str]], scope: GraphScope) -> Triples:
        return self._reader().labelled(keys, scope)

    def close(self) -> None:
        """Stop the query workers (the checkpoints are the writer's to remove)."""
        if self._sandbox is not None:
            self._sandbox.close()
        self._opened = None

    def _reader(self) -> OxigraphStore:
        return self._newest()[1]

    def _newest(self) -> tuple[Checkpoint, OxigraphStore]:
        """Return the newest published checkpoint, opened (opening it if it is new to us)."""
        published = self._checkpoints.newest()
        if published is None:
            raise StoreError(
                f"no checkpoint of the store has been published in {self._checkpoints.folder}; "
                "the writer process publishes one when it starts"
            )
        opened = self._opened
        if opened is not None and opened[0].number >= published.number:
            return opened
        with self._lock:
            if self._opened is None or self._opened[0].number < published.number:
                # Threads still reading the older one keep it until they are done.
                self._opened = (published, OxigraphStore(published.path, read_only=True))
            return self._opened

    def _open_sandbox(self) -> Sandbox:
        with self._lock:
            if self._sandbox is None:
                self._sandbox = Sandbox(self._query_workers, self._query_memory_bytes)
            return self._sandbox


def _refuse() -> NoReturn:
    raise StoreError(
        "this server process reads a read-only replica of the store; writes go to the writer "
        "process (samverkan serve --workers forwards them there)"
    )
