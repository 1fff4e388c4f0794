"""``samverkan serve --workers N``: one writer process and N reader processes on one port.

On the embedded store, which one process at a time may hold open for writing:

- This process is the **writer**. It opens the store for writing, publishes a checkpoint of
  it (:mod:`samverkan.storage.checkpoints`), and from then on one after every write, before
  the write is answered; it serves the whole app on an internal loopback port, which only
  the readers use.
- N **reader** processes (multiprocessing's "spawn") serve the app over a
  :class:`~samverkan.storage.ReplicaStore`, which moves to the newest checkpoint before each
  operation: a client answered 201 sees its version at any reader at once. Each reader binds
  its own socket to the public host and port with ``SO_REUSEPORT``, so the kernel spreads
  new connections over them. A reader answers what only reads and passes the rest to the
  writer (:mod:`samverkan.web.common.forwarding`): what writes, validations (the writer holds the
  index of labels they read), and what starts or follows a job (jobs live in the writer's memory).
- Public SPARQL queries keep their time limit: each reader runs them in query workers of its
  own, ``query_workers`` shared out among the readers (at least one each).
- SIGTERM or SIGINT stops the readers, then the writer. A reader that ends while the server
  runs (killed, out of memory) is replaced, and the server goes on; if its replacement cannot
  start, the server stops with the reason, as it does when a reader cannot start at first.

On a remote store every process reaches the store alike: the readers open their own
:class:`~samverkan.storage.RemoteStore` and answer writes themselves (the submission locks
are file locks in ``state_dir``, which hold across the processes of one machine); only jobs
go to the writer process.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import waitress

from samverkan import search
from samverkan.config import Settings
from samverkan.errors import SamverkanError, ServerError
from samverkan.storage import GraphLayout, Store, open_replica
from samverkan.storage.sandbox import exit_with_parent
from samverkan.web import create_app
from samverkan.web.common import forwarding
from samverkan.web.common.services import open_store
from samverkan.web.sparql.warming import warm

_CONTEXT = multiprocessing.get_context("spawn")
#: Seconds a reader may take to start (imports, opening the newest checkpoint, binding).
STARTUP_SECONDS = 120.0
#: Seconds a reader may take to finish its requests once told to stop.
STOP_SECONDS = 15.0
#: Seconds between two looks at whether every reader still runs.
CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class ReaderPlan:
    """What a reader process is given: the settings, where the writer is, its share."""

    settings: Settings
    writer_port: int
    threads: int
    query_workers: int


def serve_workers(settings: Settings, threads: int) -> None:
    """Serve with one writer and ``settings.workers`` readers until SIGTERM or SIGINT."""
    store, settings = open_store(settings)  # building it, on a first start, may be interrupted
    stop = _stop_on_signals()
    try:
        store.publish_to_replicas()
        search.for_settings(settings).ensure(store, GraphLayout(settings.base_iri))
        writer, writer_thread = _start_writer(settings, store, threads)
        try:
            plan = _plan(settings, writer.effective_port, threads)
            _serve_readers(settings, plan, writer_thread, stop)
        finally:
            writer.task_dispatcher.shutdown()
    finally:
        store.close()


def _plan(settings: Settings, writer_port: int, threads: int) -> ReaderPlan:
    share = max(1, math.ceil(settings.query_workers / settings.workers))
    return ReaderPlan(settings, writer_port, threads, share)


def _start_writer(settings: Settings, store: Store, threads: int) -> tuple[Any, threading.Thread]:
    """Serve the whole app on a loopback port the system picks, in a thread; return the
    server (waitress's) and the thread."""
    # Only the readers reach the writer's loopback port; each names its client in
    # X-Forwarded-For (forwarding), so the writer counts fair shares by the real client.
    server = waitress.create_server(
        create_app(settings=replace(settings, trust_forwarded_for=True), store=store),
        host="127.0.0.1",
        port=0,
        threads=threads,
        max_request_body_size=settings.transport_body_bytes,
        ident="samverkan",
    )
    running = threading.Thread(target=server.run, name="samverkan-writer", daemon=True)
    running.start()
    return server, running


def _serve_readers(
    settings: Settings, plan: ReaderPlan, writer: threading.Thread, stop: threading.Event
) -> None:
    with readers(plan, settings.workers) as running:
        pids = ", ".join(str(process.pid) for process in running)
        print(
            f"samverkan: serving {settings.base_iri} on http://{settings.host}:{settings.port}/ "
            f"with {settings.workers} reader processes ({pids}) and this writer process "
            f"({os.getpid()}, on 127.0.0.1:{plan.writer_port}) (store {settings.store_path})",
            file=sys.stderr,
            flush=True,
        )
        while not stop.wait(CHECK_SECONDS):
            if not writer.is_alive():
                raise ServerError("the writer's server stopped; its messages are above")
            _replace_ended(running, plan)


def _stop_on_signals() -> threading.Event:
    """Return an event set when SIGTERM or SIGINT arrives."""
    stop = threading.Event()

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


# --- the readers, seen from the writer ------------------------------------------------------


@contextmanager
def readers(plan: ReaderPlan, count: int) -> Iterator[list[BaseProcess]]:
    """Start ``count`` readers and wait until each listens; stop them all on leaving."""
    running: list[BaseProcess] = []
    try:
        started = [_launch(plan) for _ in range(count)]
        running += [process for process, _ in started]
        for process, ready in started:
            _await_ready(process, ready)
        yield running
    finally:
        _stop(running)


def _replace_ended(running: list[BaseProcess], plan: ReaderPlan) -> None:
    """Start a new reader in place of each that has ended."""
    for index, process in enumerate(running):
        if process.is_alive():
            continue
        print(
            f"samverkan: reader process {process.pid} ended ({_how(process.exitcode)}); "
            "starting another",
            file=sys.stderr,
            flush=True,
        )
        replacement, ready = _launch(plan)
        running[index] = replacement
        _await_ready(replacement, ready)


def _launch(plan: ReaderPlan) -> tuple[BaseProcess, Connection]:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=run_reader, args=(plan, sender), name="samverkan-reader")
    process.start()
    sender.close()
    return process, receiver


def _await_ready(process: BaseProcess, ready: Connection) -> None:
    """Wait until the reader listens; raise :class:`ServerError` with its reason if it
    cannot."""
    try:
        if not ready.poll(STARTUP_SECONDS):
            raise ServerError(f"a reader process did not start within {STARTUP_SECONDS:g} s")
        message = ready.recv()
    except EOFError:
        process.join(STOP_SECONDS)
        message = ("failed", f"it ended ({_how(process.exitcode)})")
    finally:
        ready.close()
    if message[0] != "ready":
        raise ServerError(f"a reader process could not start: {message[1]}")


def _stop(running: list[BaseProcess]) -> None:
    """Ask every reader to stop (SIGTERM), and kill those that do not in time."""
    for process in running:
        if process.is_alive():
            process.terminate()
    for process in running:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()


def _how(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    return f"signal {-exitcode}" if exitcode < 0 else f"exit status {exitcode}"


# --- a reader process -----------------------------------------------------------------------


def run_reader(plan: ReaderPlan, ready: Connection) -> None:
    """Serve as one reader until SIGTERM or SIGINT (the body of a reader process)."""
    exit_with_parent()
    signal.signal(signal.SIGTERM, _leave)
    store: Store | None = None
    try:
        store = open_replica(plan.settings, plan.query_workers)
        server = _reader_server(plan, store)
    except (SamverkanError, OSError) as error:
        ready.send(("failed", str(error)))
        if store is not None:
            store.close()
        return
    ready.send(("ready",))
    ready.close()
    try:
        server.run()  # returns on SystemExit or KeyboardInterrupt
    finally:
        store.close()


def _reader_server(plan: ReaderPlan, store: Store) -> Any:
    app = create_app(settings=plan.settings, store=store)
    rule = forwarding.replica_passes_on if store.read_only else forwarding.uses_jobs
    forwarding.install(app, plan.writer_port, rule)
    warm(app)  # before the reader says it is ready: its first query is quick
    return waitress.create_server(
        app,
        sockets=[shared_socket(plan.settings.host, plan.settings.port)],
        threads=plan.threads,
        max_request_body_size=plan.settings.transport_body_bytes,
        ident="samverkan",
    )


def shared_socket(host: str, port: int) -> socket.socket:
    """Return a socket bound to ``host:port`` with ``SO_REUSEPORT``: every reader binds one,
    and the kernel spreads new connections over them."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        bound = socket.socket(family, kind, proto)
    except OSError as error:
        raise ServerError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        bound.bind(address)
    except OSError as error:
        bound.close()
        raise ServerError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return bound


def _leave(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
