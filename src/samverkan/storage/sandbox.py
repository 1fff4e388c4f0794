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
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, Any, cast

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
    ProtocolStream,
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
#: Bytes of a streamed answer a worker sends at a time.
CHUNK_BYTES = 256 * 1024


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
        return self.receive(timeout)

    def receive(self, timeout: float) -> tuple[Any, ...] | None:
        """Wait for the next message; None when ``timeout`` passed first."""
        if not self.conn.poll(max(timeout, 0.0)):
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
        self._replace(worker)
        raise self._failure(worker, answer, timeout)

    def stream(self, query: ProtocolQuery, timeout: float) -> ProtocolStream:
        """Answer ``query`` in chunks as the worker serialises it, all within ``timeout``
        seconds of now; the worker serves no other query until the answer is read or
        closed. Errors found before the first chunk raise here, as :meth:`run` raises."""
        deadline = time.monotonic() + timeout
        worker = self._acquire(timeout)
        answer = worker.ask(("stream", query), timeout)
        if answer is not None and answer[0] == "head" and worker.process.is_alive():
            chunks = _Chunks(self, worker, deadline, timeout)
            return ProtocolStream(answer[1], answer[2], chunks)
        if answer is not None and answer[0] not in _DEAD and worker.process.is_alive():
            self._idle.put(worker)
            unpack(answer)  # raises the error the worker reports
            raise StoreError(f"the query worker answered {answer[0]!r} to a streamed query")
        self._replace(worker)
        raise self._failure(worker, answer, timeout)

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        self._start_worker()

    def _failure(self, worker: Worker, answer: tuple[Any, ...] | None, timeout: float) -> Exception:
        """Return the error for a worker that gave no answer, or ended, or ran out of memory."""
        if answer is None:
            return QueryTimeoutError(
                f"the query ran for more than {timeout:g} s and was stopped; "
                "narrow it down (add LIMIT, bind more variables) or use the data dumps"
            )
        if answer[0] == "memory" or worker.process.exitcode == -signal.SIGABRT:
            return self._too_much_memory()  # Rust aborts when an allocation fails
        if answer[0] == "ended":
            return StoreError(f"the query worker ended unexpectedly ({worker.process.exitcode})")
        if answer[0] == "broken":
            return StoreError(f"the answer broke off: {answer[1]}")
        try:
            unpack(answer)
        except Exception as error:
            return error
        return StoreError("the query worker ended after answering")

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


class _Chunks:
    """The chunks of one streamed answer as its worker sends them.

    Read to the end, the worker goes back to the pool; closed before (the client went away,
    or a HEAD request never read it), or past the deadline, the worker is stopped and
    replaced, since it is still writing the answer.
    """

    def __init__(self, sandbox: Sandbox, worker: Worker, deadline: float, timeout: float):
        self._sandbox, self._worker = sandbox, worker
        self._deadline, self._timeout = deadline, timeout
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        while not self._done:
            message = self._worker.receive(self._deadline - time.monotonic())
            if message is not None and message[0] == "chunk":
                yield message[1]
            elif message is not None and message[0] == "end":
                self._finish(complete=True)
            else:
                self._finish(complete=False)
                raise self._sandbox._failure(self._worker, message, self._timeout)

    def close(self) -> None:
        """Give the worker up unless the answer was read to its end."""
        self._finish(complete=False)

    def __del__(self) -> None:
        # An answer dropped unclosed (a caller that never read it) still frees its worker.
        self._finish(complete=False)

    def _finish(self, complete: bool) -> None:
        if self._done:
            return
        self._done = True
        if complete and self._worker.process.is_alive():
            self._sandbox._idle.put(self._worker)
        else:
            self._sandbox._replace(self._worker)


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
        elif message[0] == "stream":
            stream(store, message[1], conn, public)
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
    started = _start(store, query, public)
    if started[0] != "started":
        return started
    _, result, form, media_type = started
    try:
        return ("ok", form, media_type, _serialise(result, media_type))
    except Exception as error:
        return _failed(error)


def stream(
    store: ox.Store,
    query: ProtocolQuery,
    conn: Connection,
    public: list[ox.NamedNode] | None = None,
) -> None:
    """Answer one protocol query on ``conn`` as the engine produces it: ``("head", form,
    media type)``, then ``("chunk", bytes)`` of up to :data:`CHUNK_BYTES`, then ``("end",)``.

    The head goes with the first full chunk (or the whole answer, when it is smaller), so an
    answer of less than a chunk, and a query that fails or runs past its time limit before
    its first chunk, is answered with its true status. What fails before the head is
    reported as :func:`execute` reports it; after, as ``("broken", why)`` or ``("memory",)``.
    """
    started = _start(store, query, public)
    if started[0] != "started":
        conn.send(started)
        return
    _, result, form, media_type = started
    sink = _ChunkSink(conn, ("head", form, media_type))
    try:
        _serialise_into(result, media_type, sink)
        sink.flush(last=True)
    except Exception as error:
        failure = _failed(error)
        if sink.headed and failure[0] != "memory":
            failure = ("broken", failure[-1])
        conn.send(failure)
        return
    conn.send(("end",))


class _ChunkSink:
    """A binary file whose bytes go to the server in chunks of :data:`CHUNK_BYTES`, the
    first after ``head``."""

    def __init__(self, conn: Connection, head: tuple[Any, ...]) -> None:
        self._conn = conn
        self._head = head
        self._buffer = bytearray()
        #: Whether the head was sent (the server has answered 200 by then).
        self.headed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self, last: bool = False) -> None:
        """Send what is written so far (pyoxigraph also calls this, with nothing to send
        yet or with less than a chunk: then only at the ``last`` call)."""
        if len(self._buffer) < CHUNK_BYTES and not last:
            return
        if not self.headed:
            self._conn.send(self._head)
            self.headed = True
        if self._buffer:
            self._conn.send(("chunk", bytes(self._buffer)))
            self._buffer.clear()


def _start(
    store: ox.Store, query: ProtocolQuery, public: list[ox.NamedNode] | None
) -> tuple[Any, ...]:
    """Check ``query`` against the policy and start it over the ``public`` graphs (read from
    the store when None): ``("started", result, form, media type)``, or the refusal or
    failure as the server is told of it."""
    try:
        checked = query.policy()
    except (QuerySyntaxError, ForbiddenOperationError, RefusedQueryError) as error:
        name = next(name for name, kind in _REFUSALS.items() if isinstance(error, kind))
        return (name, error.message or str(error))
    try:
        shown = public_graphs(store) if public is None else public
        options = dataset(query, checked, shown)
        result = store.query(checked.text, base_iri=query.base_iri, **options)
    except Exception as error:
        return _failed(error)
    form = _form(result)
    media_type = query.formats.get(form)
    if media_type is None:
        return ("not-acceptable", form)
    return ("started", result, form, media_type)


def _failed(error: Exception) -> tuple[Any, ...]:
    """Say how a query failed, as the server is told of it; raise what is not a failure of
    the query."""
    if isinstance(error, NotAcceptableError):
        return ("unwritable", str(error))
    if isinstance(error, SyntaxError):
        return ("syntax", syntax_message(error))
    if isinstance(error, MemoryError):
        return ("memory",)
    if isinstance(error, OSError | RuntimeError | ValueError):
        return ("error", f"the query failed: {error}")
    raise error


def dataset(
    query: ProtocolQuery, checked: CheckedQuery, public: list[ox.NamedNode]
) -> dict[str, Any]:
    """Return the dataset options for Oxigraph (SPARQL 1.1 Protocol, section 2.1.4).

    A dataset given by the protocol replaces the query's own (an absent part is empty); else
    the query's ``FROM`` and ``FROM NAMED`` apply (as :mod:`samverkan.query_policy` resolved
    them: the engine is given them, so it reads no graph the policy did not see); else the
    default graph is the union of the store's default graph and the ``public`` graphs, which
    are also the named graphs. An internal graph is in no dataset: named in any of these
    ways, it is an empty graph (:func:`is_internal`; :meth:`ProtocolQuery.policy` refuses
    such a query before it gets here).
    """
    if query.has_protocol_dataset:
        default, named = list(query.default_graphs), list(query.named_graphs)
    elif checked.names_dataset:
        default = resolved(checked.default_graphs, query.base_iri)
        named = resolved(checked.named_graphs, query.base_iri)
    else:
        return {"default_graph": [ox.DefaultGraph(), *public], "named_graphs": public}
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


def _serialise_into(result: object, media_type: str, sink: _ChunkSink) -> None:
    """Write ``result`` into ``sink`` as the engine produces it (RDF/XML is written whole:
    rdflib writes it, from a graph)."""
    if isinstance(result, ox.QueryTriples):
        if _RDF_FORMATS[media_type] == ox.RdfFormat.RDF_XML:
            sink.write(rdfxml.serialise(graph_from_triples(result)))
        else:
            result.serialize(cast(IO[bytes], sink), format=_RDF_FORMATS[media_type])
        return
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    result.serialize(cast(IO[bytes], sink), format=_RESULTS_FORMATS[media_type])


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
