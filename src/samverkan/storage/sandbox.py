"""Run public SPARQL queries in worker processes that can be stopped at the time limit.

Oxigraph cannot interrupt a running query, so each public query runs in a worker process
that reads a checkpoint of the store (:mod:`samverkan.storage.checkpoints`: a hard-linked,
immutable copy made in milliseconds). A query past its time limit is stopped by ending its
worker, and a fresh worker is started in the background to take its place; the server's own
threads keep answering other clients meanwhile. The pool is told of every newer checkpoint
(published by this process after a write, or by the writer of another), and each worker
moves to it before its next query.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from samverkan.errors import (
    ForbiddenOperationError,
    NotAcceptableError,
    QueryMemoryError,
    QuerySyntaxError,
    QueryTimeoutError,
    RefusedQueryError,
    StoreError,
)
from samverkan.query_policy import CheckedQuery, resolved
from samverkan.storage import rdfxml
from samverkan.storage.base import is_internal
from samverkan.storage.checkpoints import Checkpoint
from samverkan.storage.isolation import isolate
from samverkan.storage.protocol import (
    BOOLEAN,
    FORM_QUERIES,
    SOLUTIONS,
    TRIPLES,
    ProtocolAnswer,
    ProtocolQuery,
    syntax_message,
)
from samverkan.terms import graph_from_triples

_CONTEXT = multiprocessing.get_context("spawn")
#: Seconds a new worker may take to start (imports and opening the checkpoint).
STARTUP_SECONDS = 60.0
#: Python's recursion limit in a worker: rdflib's parser recurses once per triple pattern of a
#: block, so at the default 1 000 a query of about 100 patterns would not parse; at this one
#: some 1 000 patterns do, while groups nested some hundreds deep are still refused.
PARSER_RECURSION = 20_000


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, snapshot: Path, memory_bytes: int = 0) -> None:
        """Start the process and wait until it has opened ``snapshot``.

        ``memory_bytes`` caps the process's address space (0: no cap).
        """
        self.conn, child = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(
            target=serve, args=(child, str(snapshot), memory_bytes), daemon=True
        )
        self.process.start()
        child.close()
        self.snapshot = snapshot
        try:
            answer = self.ask(("ping",), STARTUP_SECONDS)
        except OSError:
            answer = None
        ready = answer is not None and answer[0] == "ready"
        #: Whether the process left the network (:mod:`samverkan.storage.isolation`).
        self.offline = bool(ready and answer and answer[1])
        if not ready:
            self.stop()
            cap = (
                f" within its memory cap of {memory_bytes} bytes (if the store needs more, "
                "raise SAMVERKAN_QUERY_MEMORY_BYTES)"
                if memory_bytes
                else ""
            )
            raise StoreError(f"a query worker could not open the checkpoint {snapshot}{cap}")

    def ask(self, message: tuple[Any, ...], timeout: float) -> tuple[Any, ...] | None:
        """Send a message and wait for the answer; None when ``timeout`` passed first."""
        self.conn.send(message)
        if not self.conn.poll(timeout):
            return None
        try:
            answer: tuple[Any, ...] = self.conn.recv()
        except EOFError:
            return ("ended",)
        return answer

    def stop(self) -> None:
        """End the process at once, whatever it is doing."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Sandbox:
    """A pool of workers reading the newest checkpoint they were told of."""

    def __init__(self, size: int, memory_bytes: int = 0) -> None:
        self._size = size
        self._memory_bytes = memory_bytes
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._current: Checkpoint | None = None
        self._closed = False
        self._starters: list[threading.Thread] = []
        self._said_online = False

    def use(self, checkpoint: Checkpoint) -> None:
        """Let the next queries read ``checkpoint`` if it is newer than the one they read.

        The first call starts the workers and waits until they are ready.
        """
        with self._lock:
            first = self._current is None
            if self._current is None or checkpoint.number > self._current.number:
                self._current = checkpoint
        if first:
            self._fill()

    def run(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Answer ``query`` within ``timeout`` seconds, or stop it and raise."""
        worker = self._acquire(timeout)
        answer = worker.ask(("query", query), timeout)
        if answer is not None and answer[0] not in _DEAD and worker.process.is_alive():
            self._idle.put(worker)
            return unpack(answer)
        worker.stop()
        self._start_worker()
        if answer is None:
            raise QueryTimeoutError(
                f"the query ran for more than {timeout:g} s and was stopped; "
                "narrow it down (add LIMIT, bind more variables) or use the data dumps"
            )
        if answer[0] == "memory" or worker.process.exitcode == -signal.SIGABRT:
            raise self._too_much_memory()  # Rust aborts when an allocation fails
        if answer[0] == "ended":
            raise StoreError(f"the query worker ended unexpectedly ({worker.process.exitcode})")
        return unpack(answer)

    def _too_much_memory(self) -> QueryMemoryError:
        limit = f" ({self._memory_bytes // 2**20} MiB)" if self._memory_bytes else ""
        return QueryMemoryError(
            f"the query needed more memory than a query may use{limit} and was stopped; "
            "narrow it down (add LIMIT, bind more variables, avoid ORDER BY over a large "
            "join) or use the data dumps"
        )

    def close(self) -> None:
        """Stop the idle workers (the checkpoints are their publisher's to remove)."""
        self._closed = True
        for starter in self._starters:
            starter.join(STARTUP_SECONDS)
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break

    def _acquire(self, timeout: float) -> Worker:
        try:
            worker = self._idle.get(timeout=STARTUP_SECONDS + timeout)
        except queue.Empty:
            raise StoreError(
                f"all {self._size} query workers stayed busy; try again in a moment"
            ) from None
        current = self._current
        if current is not None and worker.snapshot != current.path:
            worker.ask(("open", str(current.path)), STARTUP_SECONDS)
            worker.snapshot = current.path
        return worker

    def _fill(self) -> None:
        """Start every worker at once and wait until they are ready."""
        for starter in [self._start_worker() for _ in range(self._size)]:
            starter.join()

    def _start_worker(self) -> threading.Thread:
        """Start a worker in the background; it joins the idle ones once it is ready."""
        starter = threading.Thread(target=self._add_worker, daemon=True)
        with self._lock:
            self._starters = [*(s for s in self._starters if s.is_alive()), starter]
        starter.start()
        return starter

    def _add_worker(self) -> None:
        current = self._current
        if current is None or self._closed:
            return
        try:
            worker = Worker(current.path, self._memory_bytes)
        except (StoreError, OSError) as error:
            if not self._closed:
                print(f"samverkan: {error}", file=sys.stderr)
            return
        if not worker.offline and not self._said_online:
            self._said_online = True
            print(
                "samverkan: query workers could not leave the network (no unshare, or no "
                "privilege for it); the query policy alone keeps SERVICE out",
                file=sys.stderr,
            )
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)


def unpack(answer: tuple[Any, ...]) -> ProtocolAnswer:
    """Turn a worker's reply into an answer, or raise the error it reports."""
    kind = answer[0]
    if kind == "ok":
        return ProtocolAnswer(answer[1], answer[2], answer[3])
    if kind in _REFUSALS:
        raise _REFUSALS[kind](answer[1])
    if kind == "not-acceptable":
        raise NotAcceptableError(_not_acceptable(answer[1]))
    if kind == "unwritable":  # an answer the format asked for cannot express (RDF/XML)
        raise NotAcceptableError(answer[1])
    raise StoreError(answer[1])


#: Answers after which a worker is replaced: it ended, or ran out of memory.
_DEAD = frozenset({"ended", "memory"})
#: How a worker names each refusal of the query policy, and the error it stands for.
_REFUSALS: dict[str, type[Exception]] = {
    "syntax": QuerySyntaxError,
    "read-only": ForbiddenOperationError,
    "refused": RefusedQueryError,
}


def _not_acceptable(form: str) -> str:
    formats = _RDF_FORMATS if form == TRIPLES else _RESULTS_FORMATS
    offered = ", ".join(media_type.split(";")[0] for media_type in formats)
    return (
        f"a {FORM_QUERIES[form]} query is answered as {offered}; the request (Accept or "
        "format) asks for none of these"
    )


# --- the worker process -------------------------------------------------------------------

_RESULTS_FORMATS = {
    f.media_type: f
    for f in (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    )
}
_RDF_FORMATS = {
    f.media_type: f
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.RDF_XML,
    )
}


def serve(conn: Connection, snapshot: str, memory_bytes: int = 0) -> None:
    """Answer messages from the server until the pipe closes (runs in the worker process).

    The process first gives up the network and caps its memory (:mod:`.isolation`).
    """
    offline = isolate(memory_bytes)
    sys.setrecursionlimit(PARSER_RECURSION)
    exit_with_parent()
    try:
        store = ox.Store.read_only(snapshot)
    except OSError:
        return  # the server sees the pipe close and reports that the worker did not start
    public = public_graphs(store)  # a checkpoint never changes: once per checkpoint
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == "ping":
            conn.send(("ready", offline))
        elif message[0] == "open":
            store = ox.Store.read_only(message[1])
            public = public_graphs(store)
            conn.send(("opened",))
        else:
            conn.send(execute(store, message[1], public))


def exit_with_parent() -> None:
    """End this process once its parent is gone, even in the middle of work."""
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def execute(
    store: ox.Store, query: ProtocolQuery, public: list[ox.NamedNode] | None = None
) -> tuple[Any, ...]:
    """Check one protocol query against the policy, run it on ``store`` over its ``public``
    graphs (read from the store when None), serialise its answer."""
    try:
        checked = query.policy()
    except (QuerySyntaxError, ForbiddenOperationError, RefusedQueryError) as error:
        name = next(name for name, kind in _REFUSALS.items() if isinstance(error, kind))
        return (name, error.message or str(error))
    try:
        shown = public_graphs(store) if public is None else public
        options = dataset(query, checked, shown)
        result = store.query(checked.text, base_iri=query.base_iri, **options)
        form = _form(result)
        media_type = query.formats.get(form)
        if media_type is None:
            return ("not-acceptable", form)
        return ("ok", form, media_type, _serialise(result, media_type))
    except NotAcceptableError as error:
        return ("unwritable", str(error))
    except SyntaxError as error:
        return ("syntax", syntax_message(error))
    except MemoryError:
        return ("memory",)
    except (OSError, RuntimeError, ValueError) as error:
        return ("error", f"the query failed: {error}")


def dataset(
    query: ProtocolQuery, checked: CheckedQuery, public: list[ox.NamedNode]
) -> dict[str, Any]:
    """Return the dataset options for Oxigraph (SPARQL 1.1 Protocol, section 2.1.4).

    A dataset given by the protocol replaces the query's own (an absent part is empty); else
    the query's ``FROM`` and ``FROM NAMED`` apply; else the default graph is the union of
    the ``public`` graphs, and they are the named graphs. An internal graph is in no
    dataset: named in any of these ways, it is an empty graph (:func:`is_internal`).
    """
    if query.has_protocol_dataset:
        default, named = list(query.default_graphs), list(query.named_graphs)
    elif checked.names_dataset:
        default = resolved(checked.default_graphs, query.base_iri)
        named = resolved(checked.named_graphs, query.base_iri)
    else:
        return {"default_graph": public, "named_graphs": public}
    return {"default_graph": _shown(default), "named_graphs": _shown(named)}


def public_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """Return the named graphs of ``store`` that a public query may read."""
    graphs = store.named_graphs()
    return [g for g in graphs if isinstance(g, ox.NamedNode) and not is_internal(g.value)]


def _shown(names: list[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(name) for name in names if not is_internal(name)]


def _form(result: object) -> str:
    if isinstance(result, ox.QueryBoolean):
        return BOOLEAN
    return TRIPLES if isinstance(result, ox.QueryTriples) else SOLUTIONS


def _serialise(result: object, media_type: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        if _RDF_FORMATS[media_type] == ox.RdfFormat.RDF_XML:
            return rdfxml.serialise(graph_from_triples(result))
        body = result.serialize(format=_RDF_FORMATS[media_type])
    else:
        assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        body = result.serialize(format=_RESULTS_FORMATS[media_type])
    assert body is not None
    return body
