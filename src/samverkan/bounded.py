"""Parse untrusted documents in a process of their own, bounded in memory and CPU time.

A document sent to the server is parsed in a fresh child process
(:mod:`samverkan.bounded_child`, which imports only the parser) whose address space and CPU
time are limited by ``setrlimit``; it streams the quads out as N-Quads and stops at the
limits on triples and on bytes (:class:`samverkan.limits.Limits`). A parser that crashes,
runs out of memory or loops ends only its own process: the request gets a 413 or 422 saying
which limit it met, and the server goes on.

A fresh process per document costs about 25 ms on a 2-core machine, against about 1 ms
for a pooled worker: it was chosen because every parse then starts with its whole budget
of CPU time, nothing of one document is left in a process that parses the next, and its
memory goes back to the system when it ends (nothing to recycle, nothing to replace).
At most :data:`CONCURRENT` parses run at once, so that their memory is bounded too.

The canonical blank node labels that skolemisation derives identifiers from
(:func:`canonicalize`, RDFC-1.0) are computed in such a child too: the algorithm's worst
case is exponential in the number of blank nodes (a Turtle collection of 1 600 members
took 56 s, of 5 000 more than half an hour), and pyoxigraph holds the interpreter's lock
while it runs, so in the server's process it stopped every thread from answering.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from samverkan.bounded_child import PlacedSyntaxError
from samverkan.errors import BusyError, InputLimitError, RefusedConstructError
from samverkan.limits import MIB, Limits
from samverkan.messages import Message, message

#: Parses that may run at once (each may use :attr:`Limits.memory_bytes`).
CONCURRENT = 2
#: Seconds a request waits for a turn before it is told to come back.
WAIT_SECONDS = 60.0
#: Seconds of wall-clock time a parse may take beyond its CPU time.
GRACE_SECONDS = 5.0
CHILD = (sys.executable, "-I", "-m", "samverkan.bounded_child")

#: The child's whole environment: nothing of the server's, no backtraces on a crash.
CHILD_ENVIRONMENT = {"RUST_BACKTRACE": "0", "LC_ALL": "C.UTF-8"}

_TURNS = threading.BoundedSemaphore(CONCURRENT)


@dataclass(frozen=True)
class Job:
    """What the child is told: the syntax, the base, and what it may produce and use."""

    format: str
    base_iri: str | None
    max_triples: int | None
    max_output_bytes: int
    memory_bytes: int
    cpu_seconds: int
    #: ``parse``, or ``canonicalize`` (N-Quads in, the same with canonical labels out).
    task: str = "parse"


def parse(
    data: bytes,
    rdf_format: ox.RdfFormat,
    source: str | Message,
    base_iri: str | None,
    limits: Limits,
) -> bytes:
    """Parse ``data`` in a bounded child process; return its quads as N-Quads.

    Raise :class:`~samverkan.bounded_child.PlacedSyntaxError` as the parser did (with its
    line and column, or the line it had read to), or an
    :class:`~samverkan.errors.InputError` naming the limit the document met.
    """
    job = Job(
        rdf_format.file_extension,
        base_iri,
        limits.max_triples,
        limits.max_output_bytes(len(data)),
        limits.memory_bytes,
        limits.cpu_seconds,
    )
    return _answer(_in_turn(job, data), job, source, limits, len(data))


def canonicalize(nquads: bytes, source: str | Message, limits: Limits) -> bytes:
    """Return ``nquads`` with RDFC-1.0 canonical blank node labels, computed in a child.

    Raise :class:`~samverkan.errors.InputLimitError` when it needs more CPU time or memory
    than ``limits`` give a parse.
    """
    job = Job(
        "nq",
        None,
        None,
        2 * len(nquads) + MIB,
        limits.memory_bytes,
        limits.cpu_seconds,
        task="canonicalize",
    )
    finished = _in_turn(job, nquads)
    kind = "time"
    if finished is not None and finished.returncode == 0:
        head, _, canonical = finished.stdout.partition(b"\n")
        kind = json.loads(head)["kind"] if head else "memory"
        if kind == "ok":
            return canonical
    if kind == "memory" or (finished is not None and finished.returncode == -signal.SIGABRT):
        needed = message("more_memory", mib=limits.memory_bytes // MIB)
    else:
        needed = message("more_cpu", seconds=limits.cpu_seconds)
    raise InputLimitError(message("skolem_limit", source=source, needed=needed))


def _in_turn(job: Job, data: bytes) -> subprocess.CompletedProcess[bytes] | None:
    """Run the child on ``data`` once one of the :data:`CONCURRENT` turns is free."""
    if not _TURNS.acquire(timeout=WAIT_SECONDS):
        raise BusyError(message("busy_parsing"))
    try:
        return _run(job, data)
    finally:
        _TURNS.release()


def _run(job: Job, data: bytes) -> subprocess.CompletedProcess[bytes] | None:
    """Run the child on ``data``; None when it ran out of wall-clock time and was killed."""
    message = json.dumps(asdict(job)).encode() + b"\n" + data
    try:
        return subprocess.run(
            CHILD,
            input=message,
            capture_output=True,
            timeout=job.cpu_seconds + GRACE_SECONDS,
            check=False,
            env=CHILD_ENVIRONMENT,
        )
    except subprocess.TimeoutExpired:
        return None


def _answer(
    finished: subprocess.CompletedProcess[bytes] | None,
    job: Job,
    source: str | Message,
    limits: Limits,
    size: int,
) -> bytes:
    """Return the N-Quads of a finished parse, or raise the error it met."""
    if finished is None:
        raise _death(-signal.SIGXCPU, source, limits)
    head, _, nquads = finished.stdout.partition(b"\n")
    if finished.returncode != 0 or not head:
        raise _death(finished.returncode, source, limits, finished.stderr)
    outcome: dict[str, Any] = json.loads(head)
    kind = outcome["kind"]
    if kind == "ok":
        return nquads
    if kind == "syntax":
        place = (str(source), outcome["line"], outcome["column"], None)
        raise PlacedSyntaxError(outcome["message"], place, outcome.get("approximate", False))
    if kind == "triples":
        raise InputLimitError(message("too_many_triples", source=source, limit=job.max_triples))
    if kind == "output":
        raise InputLimitError(
            message(
                "grows_too_much",
                source=source,
                size=size,
                limit=job.max_output_bytes,
                factor=limits.max_expansion,
            )
        )
    raise _death(-signal.SIGABRT, source, limits)


def _death(
    returncode: int, source: str | Message, limits: Limits, stderr: bytes = b""
) -> Exception:
    """Say why a parse ended without an answer."""
    # Rust names a stack overflow where its guard page handler runs; elsewhere the
    # recursive parser overflows with a plain SIGSEGV (its parsers are safe Rust: a SIGSEGV
    # in the parse child is the stack).
    if b"overflowed its stack" in stderr or returncode == -signal.SIGSEGV:
        return RefusedConstructError(message("parser_stack", source=source))
    if returncode in {-signal.SIGXCPU, -signal.SIGKILL}:
        return InputLimitError(message("parse_cpu", source=source, seconds=limits.cpu_seconds))
    if returncode == -signal.SIGABRT:
        mib = limits.memory_bytes // MIB
        return InputLimitError(message("parse_memory", source=source, mib=mib))
    return RefusedConstructError(message("parser_failed", source=source, status=returncode))
