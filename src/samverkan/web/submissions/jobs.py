"""Long work in the background: one job per asynchronous request, polled for its progress.

A client that sends a validation or a submission with ``Prefer: respond-async`` (RFC 7240)
gets, once the body has arrived and the credential has been checked, ``202 Accepted`` with
``Preference-Applied: respond-async`` and ``Location:`` the job. Then:

- ``GET /jobs/<id>`` — the job's state as JSON: ``state`` (``queued``, ``running``,
  ``finished``), ``phase`` and its ``label`` in the page's language, ``step`` of ``steps``,
  ``percent`` (the share of the phases behind it), how far within the phase (``done`` of
  ``total`` ``unit``, ``detail`` in words), ``elapsed`` seconds, ``remaining`` (an
  estimate, :mod:`samverkan.web.estimates`, or null), ``cancel`` (where to cancel it, while
  it can be), and once finished the ``status`` the answer has and ``result``, where to
  fetch it;
- ``POST /jobs/<id>/cancel`` (or ``DELETE /jobs/<id>``) — stop the job at its next step:
  its answer becomes 409, phase ``cancelled``, and nothing was changed. From the phase
  ``storing`` on (the commit point: :data:`COMMITTING`) a cancel is refused (409);
- ``GET /jobs/<id>/result`` — the answer the request would have had without
  ``Prefer: respond-async`` (the same status, headers and body, negotiated by this
  request's ``Accept``, ``?format=`` and ``?lang=``); 202 with the state while unfinished.

**Where jobs live.** In the memory of the serving process (``samverkan serve`` is one
process with threads): a restart forgets them, though an accepted version is durable
either way and listed in the actor's history; several processes behind one address would
need sticky routing. A finished job is kept :data:`KEPT_SECONDS` (the newest
:data:`MAX_KEPT` of them), and at most :data:`MAX_UNFINISHED` wait or run at once (503
beyond that), :data:`WORKERS` of them at a time. Jobs run in daemon threads, as waitress's
own request threads do: a job cut off by a shutdown is like a request cut off, and the
store's transaction leaves the old version or the new.

**Who may see a job.** Whoever knows its id, which is 128 random bits and given only to
the client that started it. A job holds only what that client sent and the answer about
it, and the credential was checked before the job began; the answers carry
``Cache-Control: no-store`` and ``Referrer-Policy: no-referrer`` so that the id leaks
neither into caches nor to the sites a report links to.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from samverkan.errors import (
    BusyError,
    CancelledError,
    CancelRefusedError,
    NotFoundError,
    SamverkanError,
)
from samverkan.messages import message
from samverkan.progress import UNITS, Progress, silent, step
from samverkan.web.common import language
from samverkan.web.common.errors import status_of
from samverkan.web.common.services import services
from samverkan.web.submissions.estimates import Rates, Where

bp = Blueprint("jobs", __name__)

#: Seconds a finished job is kept for its client to fetch.
KEPT_SECONDS = 600
#: Finished jobs kept at most (the oldest are forgotten first), each holding its answer.
MAX_KEPT = 64
#: Jobs that may wait or run at once; beyond, a request is refused (503) rather than queued.
MAX_UNFINISHED = 16
#: Jobs that run at the same time (the others wait, phase ``queued``).
WORKERS = 2


@dataclass(frozen=True)
class Answer:
    """The outcome of some work: the status it answers with, and how to render it (in the
    request that asks for it, so that it is negotiated there)."""

    status: int
    render: Callable[[], Response]


#: Work to be done: told its phases as they begin, returns its answer (or raises).
Work = Callable[[Progress], Answer]


#: Statuses of jobs whose phases ran their whole course, so that their times teach the
#: estimates (a malformed body stops early, and would make later estimates too short).
LEARNT_FROM = (200, 201, 422)
#: Phases after whose start a job can no longer be cancelled: the commit point.
COMMITTING = ("storing",)


@dataclass
class Job:
    """One piece of work started by one request, and how far it has come."""

    id: str
    kind: str
    phases: tuple[str, ...]
    size: int = 0
    phase: str = "queued"
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    started: float = field(default_factory=time.monotonic)
    phase_started: float = field(default_factory=time.monotonic)
    done: int | None = None
    total: int | None = None
    durations: dict[str, float] = field(default_factory=dict)
    cancelled: bool = False
    finished: float | None = None
    answer: Answer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        """Record that the work is in ``phase`` (``done`` of ``total`` units); raise
        :class:`CancelledError` instead when its client has cancelled it."""
        with self.lock:
            if self.cancelled:
                raise CancelledError(message("job_cancelled"))
            now = time.monotonic()
            if phase != self.phase:
                self.durations[self.phase] = now - self.phase_started
                self.phase, self.phase_started = phase, now
            self.done, self.total = done, total

    def cancel(self) -> None:
        """Stop the work at its next step; refuse when it is past its commit point."""
        with self.lock:
            if self.answer is not None:
                raise CancelRefusedError(message("job_finished"))
            if self.phase in COMMITTING:
                raise CancelRefusedError(message("job_committing"))
            self.cancelled = True

    def state(self) -> str:
        """Return ``queued``, ``running`` or ``finished``."""
        if self.answer is not None:
            return "finished"
        return "queued" if self.phase == "queued" else "running"

    def where(self) -> Where:
        """Return where the job is, for an estimate."""
        with self.lock:
            seconds = time.monotonic() - self.phase_started
            return Where(
                self.kind, self.phases, self.phase, seconds, self.size, self.done, self.total
            )


class Jobs:
    """The jobs of one app, in memory, with a bounded number of workers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.turns = threading.BoundedSemaphore(WORKERS)
        self.rates = Rates()

    def start(
        self, app: Flask, kind: str, phases: tuple[str, ...], work: Work, size: int = 0
    ) -> Job:
        """Start ``work`` in a thread of its own; return its job at once."""
        job = Job(secrets.token_urlsafe(16), kind, phases, size)
        with self.lock:
            self._forget_old()
            if sum(1 for j in self.jobs.values() if j.answer is None) >= MAX_UNFINISHED:
                raise BusyError(message("busy", limit=MAX_UNFINISHED))
            self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(app, job, work), daemon=True).start()
        return job

    def get(self, job_id: str) -> Job:
        """Return the job, or raise :class:`NotFoundError`."""
        with self.lock:
            self._forget_old()
            found = self.jobs.get(job_id)
        if found is None:
            raise NotFoundError(
                f"there is no job {job_id!r}: jobs are kept {KEPT_SECONDS // 60} minutes "
                "after they finish, in the memory of the server that ran them"
            )
        return found

    def _run(self, app: Flask, job: Job, work: Work) -> None:
        with self.turns, app.app_context():
            answer = _answer(job, work)
            with job.lock:
                job.durations[job.phase] = time.monotonic() - job.phase_started
                job.answer, job.finished = answer, time.monotonic()
            if not job.cancelled and answer.status in LEARNT_FROM:
                self.rates.learn(job.kind, job.durations, job.size)

    def _forget_old(self) -> None:
        now = time.monotonic()
        done = sorted(
            (job.finished, job.id) for job in self.jobs.values() if job.finished is not None
        )
        for position, (finished, job_id) in enumerate(done):
            if now - finished > KEPT_SECONDS or position < len(done) - MAX_KEPT:
                del self.jobs[job_id]


def _answer(job: Job, work: Work) -> Answer:
    """Do the work; turn an error into the answer it would have been."""
    try:
        return work(job.advance)
    except SamverkanError as error:
        return Answer(status_of(error), _raiser(error))
    except Exception:
        current_app.logger.exception("job %s (%s) failed", job.id, job.kind)
        failure = SamverkanError("the server failed on this work; its log says why")
        return Answer(500, _raiser(failure))


def _raiser(error: SamverkanError) -> Callable[[], Response]:
    def render() -> Response:
        raise error

    return render


def jobs() -> Jobs:
    """Return the current app's jobs."""
    return services().held(Jobs, Jobs)


def wants_async() -> bool:
    """Say whether the request asks to be answered asynchronously (``Prefer``, RFC 7240)."""
    preferences = ",".join(request.headers.getlist("Prefer")).lower()
    return any(p.split(";")[0].strip() == "respond-async" for p in preferences.split(","))


def run(kind: str, phases: tuple[str, ...], work: Work, size: int = 0) -> Response:
    """Do ``work`` now and answer with its outcome, or, when the client prefers, start it
    as a job and answer 202 with where to follow it (``size``, the body's bytes, scales
    its estimate)."""
    if not wants_async():
        return work(silent).render()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    job = jobs().start(app, kind, phases, work, size)
    response = private(jsonify(describe(job)))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs.status", job_id=job.id)
    response.headers["Preference-Applied"] = "respond-async"
    return response


@bp.get("/jobs/<job_id>")
def status(job_id: str) -> Response:
    """The job's state and progress."""
    return jsonify(describe(jobs().get(job_id)))


@bp.post("/jobs/<job_id>/cancel")
@bp.delete("/jobs/<job_id>")
def cancel(job_id: str) -> Response:
    """Cancel the job: it stops at its next step, before its commit point, changing nothing."""
    job = jobs().get(job_id)
    job.cancel()
    response = jsonify(describe(job))
    response.status_code = 202
    return response


@bp.get("/jobs/<job_id>/result")
def result(job_id: str) -> Response:
    """The job's answer, as the request that started it would have had it."""
    job = jobs().get(job_id)
    if job.answer is None:
        response = jsonify(describe(job))
        response.status_code = 202
        return response
    return job.answer.render()


def describe(job: Job) -> dict[str, Any]:
    """Return the job's state for its client."""
    phase = _shown_phase(job)
    now = step(job.phases, phase)
    lang = language.current()
    document: dict[str, Any] = {
        "id": job.id,
        "kind": job.kind,
        "state": job.state(),
        "phase": phase,
        "label": language.text(f"phase_{phase}", lang),
        "step": min(now.number, now.total),
        "steps": now.total,
        "percent": now.percent,
        "created": job.created.isoformat(),
        **counts(job, lang),
        "cancelled": job.cancelled,
        "cancel": None,
        "status": None,
        "result": None,
    }
    if job.answer is not None:
        document["status"] = job.answer.status
        document["result"] = url_for("jobs.result", job_id=job.id)
    elif not job.cancelled and job.phase not in COMMITTING:
        document["cancel"] = url_for("jobs.cancel", job_id=job.id, _method="POST")
    return document


def _shown_phase(job: Job) -> str:
    if job.answer is None:
        return job.phase
    return "cancelled" if job.cancelled and job.answer.status == 409 else "finished"


def counts(job: Job, lang: str) -> dict[str, Any]:
    """Return how far the job is within its phase, how long it has run, and the estimate."""
    where = job.where()
    unit = UNITS.get(where.phase)
    detail = None
    if where.done is not None and unit and job.answer is None:
        key = "progress_done" if where.total is not None else "progress_count"
        words = language.text(f"unit_{unit}", lang)
        detail = language.text(key, lang).format(done=where.done, total=where.total, unit=words)
    end = job.finished if job.finished is not None else time.monotonic()
    remaining = None if job.answer is not None else jobs().rates.remaining(where)
    return {
        "done": where.done,
        "total": where.total,
        "unit": unit,
        "detail": detail,
        "elapsed": round(end - job.started, 1),
        "remaining": None if remaining is None else round(remaining, 1),
    }


@bp.after_request
def private(response: Response) -> Response:
    """Keep a job's answers (errors too) out of caches and its id out of ``Referer``."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
