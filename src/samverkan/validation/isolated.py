"""Validate what anyone sends in a worker process bounded in memory and time.

pySHACL holds the whole data graph in Python, and its cost grows faster than the
submission: 1 000 generated services (7 500 triples) sent to ``/validate`` kept a core
busy for more than 80 s, in the server's process and under its one validation lock. So the
server validates in a worker process of its own (multiprocessing's "spawn", loading the
same shapes and ontology), whose address space is limited by ``setrlimit`` and whose every
validation has a time limit:

- a validation past :attr:`Bounds.seconds` ends the worker; one that runs out of memory or
  crashes ends with it. The request gets a 413 naming the limit, and the next validation
  starts a fresh worker; the server itself goes on;
- a worker whose peak memory has passed half its limit ends after answering, so that the
  memory of a large validation goes back to the system.

The worker gets the data graph and sends back the results and the report graph by pickle
(rdflib terms as they are: blank nodes keep their identifiers, literals their datatypes),
so a report is the same as the one :class:`~samverkan.validation.Validator` makes in this
process (tests/test_validation_isolated.py). Validations run one at a time per worker, as
pySHACL's do in one process.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.errors import BusyError, InputLimitError
from samverkan.messages import message
from samverkan.namespaces import PREFIXES
from samverkan.storage.sandbox import exit_with_parent
from samverkan.triples import Readable
from samverkan.validation.report import Report
from samverkan.validation.validator import Validator

MIB = 1024 * 1024
_CONTEXT = multiprocessing.get_context("spawn")
#: Seconds a worker may take to start (imports, shapes and ontology).
STARTUP_SECONDS = 120.0
#: Seconds to wait for a worker that closed its end to finish.
STOP_SECONDS = 5.0
#: The worker's exit status when Python ran out of memory.
OUT_OF_MEMORY = 3
#: Exit statuses of a worker that ran out of memory: ours, Python's on an uncaught
#: MemoryError, an abort or segfault in native code, the kernel's OOM killer.
MEMORY_DEATHS = {OUT_OF_MEMORY, 1, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL}


@dataclass(frozen=True)
class Bounds:
    """What one validation may use: the worker's address space and the wall-clock time."""

    memory_bytes: int
    seconds: float

    @classmethod
    def for_server(cls, settings: Settings) -> Bounds:
        """Return the bounds of validations on the server, as configured."""
        return cls(settings.validation_memory_mib * MIB, settings.validation_seconds)


@dataclass(frozen=True)
class Plan:
    """What a worker validates with (the project's shapes and ontology, the engine) and in."""

    project_dir: Path
    engine: str
    bounds: Bounds

    def validator(self) -> Validator:
        """Return the validator of this plan, loaded in the calling process."""
        return Validator.from_project(
            replace(Settings(), project_dir=self.project_dir, validation_engine=self.engine)
        )


def for_server(settings: Settings) -> Validator:
    """Return the validator of the server: isolated unless configured otherwise."""
    if not settings.validation_isolated:
        return Validator.from_project(settings)
    return IsolatedValidator(
        Plan(settings.project_dir, settings.validation_engine, Bounds.for_server(settings))
    )


#: The workers of this process, one per plan, shared by every app that validates with it.
_WORKERS: dict[Plan, Worker] = {}
_WORKERS_LOCK = threading.Lock()


def worker_for(plan: Plan) -> Worker:
    """Return this process's worker for ``plan`` (started when it first validates)."""
    with _WORKERS_LOCK:
        return _WORKERS.setdefault(plan, Worker(plan))


class IsolatedValidator(Validator):
    """A :class:`Validator` whose validations run in a bounded worker (see module doc)."""

    def __init__(self, plan: Plan) -> None:
        model = plan.validator()
        super().__init__(model.shapes, model.ontology, plan.engine)
        self.worker = worker_for(plan)

    def validate(self, data: Readable, focus_nodes: Iterable[Node] | None = None) -> Report:
        """Validate ``data`` in the worker; raise :class:`InputLimitError` past its bounds."""
        focus = None if focus_nodes is None else [n for n in focus_nodes if isinstance(n, URIRef)]
        if focus == []:
            return Report()
        results, graph = self.worker.validate(data, focus)
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        return Report(results, graph)


class Worker:
    """One worker process, started when first needed and again after it ends."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.bounds = plan.bounds
        self.lock = threading.Lock()
        self.process: BaseProcess | None = None
        self.connection: Connection | None = None

    def validate(self, data: Readable, focus: list[URIRef] | None) -> tuple[Any, Graph]:
        """Return the results and the report graph of validating ``data`` in the worker."""
        with self.lock:
            connection = self._started()
            try:
                connection.send((data, focus))
            except OSError:  # it ended while reading what was sent
                raise self._ended() from None
            if not connection.poll(self.bounds.seconds):
                self.stop()
                seconds = f"{self.bounds.seconds:g}"
                raise InputLimitError(message("validation_time", seconds=seconds))
            try:
                kind, results, graph = connection.recv()
            except (EOFError, OSError):
                raise self._ended() from None
            if kind == "failed":
                raise RuntimeError(f"the validation engine failed: {results}")
            if kind == "retire":
                self.stop()
            return results, graph

    def _started(self) -> Connection:
        if self.connection is not None and self.process is not None and self.process.is_alive():
            return self.connection
        self.stop()
        ours, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=serve, args=(theirs, self.plan), daemon=True)
        process.start()
        theirs.close()
        if not ours.poll(STARTUP_SECONDS) or _ready(ours) is not True:
            process.kill()
            raise BusyError("the validator could not start; try again in a minute")
        self.process, self.connection = process, ours
        return ours

    def _ended(self) -> InputLimitError:
        """Say why the worker ended without an answer, and forget it."""
        process = self.process
        if process is not None:
            process.join(STOP_SECONDS)  # its own status, if it is ending
        self.stop()
        code = process.exitcode if process is not None else None
        if code in MEMORY_DEATHS:
            mib = self.bounds.memory_bytes // MIB
            return InputLimitError(message("validation_memory", mib=mib))
        return InputLimitError(message("validator_stopped", status=code))

    def stop(self) -> None:
        """End the worker process, if there is one."""
        if self.connection is not None:
            self.connection.close()
        if self.process is not None:
            self.process.kill()
            self.process.join()
        self.process, self.connection = None, None


def _ready(connection: Connection) -> object:
    try:
        return connection.recv()
    except (EOFError, OSError):
        return None


def serve(connection: Connection, plan: Plan) -> None:
    """Run in the worker: limit this process, load the validator, validate until told to end."""
    exit_with_parent()
    memory_bytes = plan.bounds.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    validator = plan.validator()
    connection.send(True)
    while True:
        try:
            data, focus = connection.recv()
        except EOFError:
            return
        try:
            report = validator.validate(data, focus)
        except MemoryError:
            raise SystemExit(OUT_OF_MEMORY) from None
        except Exception as error:  # the engine's own failure: told, as in one process
            connection.send(("failed", repr(error), None))
            continue
        retire = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 > memory_bytes // 2
        connection.send(("retire" if retire else "ok", report.results, report.graph))
        if retire:
            return
