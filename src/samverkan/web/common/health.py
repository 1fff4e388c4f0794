"""``/health``: whether the store answers and the state can be written, for load balancers
and monitoring.

Besides a trivial query, the state directory (version archives and the search index, beside
the store) is written to: a small file written, flushed to disk and removed. Where that
fails (the disk is full, say) the answer is 503 ``degraded`` with the reason, until a
write succeeds again; the outcome is kept :data:`WRITE_CHECK_SECONDS`, so that a monitor
polling often does not write each time.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Response, jsonify

from samverkan.errors import SamverkanError
from samverkan.web.common.services import services

bp = Blueprint("health", __name__)

#: Seconds the outcome of a write check is kept.
WRITE_CHECK_SECONDS = 2.0


@bp.route("/health")
def health() -> tuple[Response, int]:
    """Answer 200 when a trivial query succeeds and the state can be written, 503
    otherwise; name the process that answered (``serve --workers`` runs several)."""
    started = time.perf_counter()
    try:
        graphs = len(services().store.graph_names())
        answers = services().store.ask("ASK { ?s ?p ?o }")
    except SamverkanError as error:
        return jsonify(status="unavailable", store=str(error)), 503
    unwritable = write_problem()
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    if unwritable is not None:
        document = jsonify(status="degraded", reason=unwritable, process=os.getpid())
        return document, 503
    status = 200 if answers else 503
    state = "ok" if answers else "empty"
    document = jsonify(status=state, graphs=graphs, milliseconds=elapsed, process=os.getpid())
    return document, status


def write_problem() -> str | None:
    """Return why the state directory cannot be written, or None (checked at most every
    :data:`WRITE_CHECK_SECONDS`; the last outcome is kept in the app's services)."""
    check = services().held(WriteCheck, WriteCheck)
    with check.lock:
        now = time.monotonic()
        if check.at is None or now - check.at > WRITE_CHECK_SECONDS:
            check.at, check.problem = now, _try_write(services().settings.state_dir)
        return check.problem


@dataclass
class WriteCheck:
    """The last check that the state directory can be written: when, and what failed."""

    at: float | None = None
    problem: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _try_write(folder: Path) -> str | None:
    """Write a small file durably into ``folder`` and remove it; return what failed."""
    probe = folder / f".health-{os.getpid()}-{threading.get_ident()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as out:
            out.write(b"\0" * 4096)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        return f"the state directory {folder} cannot be written: {error.strerror or error}"
    finally:
        probe.unlink(missing_ok=True)
    return None
