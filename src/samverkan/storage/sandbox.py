"""Run public SPARQL queries in worker processes that can be stopped at the time limit.

Oxigraph cannot interrupt a running query, so each public query runs in a worker process
that reads a checkpoint of the store (a hard-linked, immutable copy made in milliseconds).
A query past its time limit is stopped by ending its worker, which is then replaced; the
server's own threads keep answering other clients meanwhile. After every write the store
makes a new checkpoint and the workers move to it before their next query.
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from samverkan.errors import (
    NotAcceptableError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolAnswer, ProtocolQuery

_CONTEXT = multiprocessing.get_context("spawn")


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, snapshot: Path) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(
            target=serve, args=(child, str(snapshot)), daemon=True
        )
        self.process.start()
        child.close()
        self.snapshot = snapshot

    def ask(self, message: tuple[Any, ...], timeout: float) -> tuple[Any, ...] | None:
        """Send a message and wait for the answer; None when ``timeout`` passed first."""
        self.conn.send(message)
        if not self.conn.poll(timeout):
            return None
        answer: tuple[Any, ...] = self.conn.recv()
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Sandbox:
    """A pool of workers reading the newest checkpoint of one store."""

    def __init__(self, checkpoints: Path, size: int) -> None:
        self._checkpoints = checkpoints
        self._size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._current: Path | None = None
        self._generation = 0
        self._started = 0

    def publish(self, store: ox.Store) -> None:
        """Make a checkpoint of ``store``; the next queries read it."""
        with self._lock:
            self._generation += 1
            target = self._checkpoints / f"generation-{self._generation}"
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            store.backup(str(target))
            previous, self._current = self._current, target
        if previous is not None:
            self._remove_unused(previous)

    def run(self, query: ProtocolQuery, timeout: float) -> ProtocolAnswer:
        """Answer ``query`` within ``timeout`` seconds, or stop it and raise."""
        worker = self._acquire()
        answer = worker.ask(("query", query), timeout)
        if answer is None:
            worker.stop()
            with self._lock:
                self._started -= 1
            raise QueryTimeoutError(
                f"the query ran for more than {timeout:g} s and was stopped; "
                "narrow it down (add LIMIT, bind more variables) or use the data dumps"
            )
        self._idle.put(worker)
        return unpack(answer)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break
        shutil.rmtree(self._checkpoints, ignore_errors=True)

    def _acquire(self) -> Worker:
        with self._lock:
            current = self._current
            assert current is not None, "publish() a checkpoint before running queries"
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                return Worker(current)
        worker = self._idle.get()
        if worker.snapshot != current:
            worker.ask(("open", str(current)), 30)
            worker.snapshot = current
        return worker

    def _remove_unused(self, old: Path) -> None:
        # A worker still reading ``old`` keeps its files open; Linux frees them when it lets go.
        shutil.rmtree(old, ignore_errors=True)


def unpack(answer: tuple[Any, ...]) -> ProtocolAnswer:
    """Turn a worker's reply into an answer, or raise the error it reports."""
    kind = answer[0]
    if kind == "ok":
        return ProtocolAnswer(answer[1], answer[2], answer[3])
    if kind == "syntax":
        raise QuerySyntaxError(answer[1])
    if kind == "not-acceptable":
        raise NotAcceptableError(answer[1])
    raise StoreError(answer[1])


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


def serve(conn: Connection, snapshot: str) -> None:
    """Answer messages from the server until the pipe closes (runs in the worker process)."""
    store = ox.Store.read_only(snapshot)
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == "open":
            store = ox.Store.read_only(message[1])
            conn.send(("opened",))
        else:
            conn.send(execute(store, message[1]))


def execute(store: ox.Store, query: ProtocolQuery) -> tuple[Any, ...]:
    """Run one protocol query against ``store`` and serialise its answer."""
    options: dict[str, Any] = {"base_iri": query.base_iri}
    if query.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in query.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if query.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in query.named_graphs]
    try:
        result = store.query(query.text, **options)
        form = _form(result)
        media_type = query.formats.get(form)
        if media_type is None:
            return ("not-acceptable", f"no acceptable format for {form} answers was requested")
        return ("ok", form, media_type, _serialise(result, media_type))
    except SyntaxError as error:
        return ("syntax", f"the query does not parse: {error}")
    except (OSError, RuntimeError, ValueError) as error:
        return ("error", f"the query failed: {error}")


def _form(result: object) -> str:
    if isinstance(result, ox.QueryBoolean):
        return BOOLEAN
    return TRIPLES if isinstance(result, ox.QueryTriples) else SOLUTIONS


def _serialise(result: object, media_type: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        body = result.serialize(format=_RDF_FORMATS[media_type])
    else:
        assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
        body = result.serialize(format=_RESULTS_FORMATS[media_type])
    assert body is not None
    return body
