"""Long work in the background: one job per asynchronous request, polled for its progress.

A client that sends a validation or a submission with ``Prefer: respond-async`` (RFC 7240)
gets, once the body has arrived and the credential has been checked, ``202 Accepted`` with
``Preference-Applied: respond-async`` and ``Location:`` the job. Then:

- ``GET /jobs/<id>`` — the job's state as JSON: ``state`` (``queued``, ``running``,
  ``finished``), ``phase`` and its ``label`` in the page's language, ``step`` of ``steps``,
  ``percent`` (the share of the phases behind it), how far within the phase (``done`` of
  ``total`` ``unit``, ``detail`` in words), ``elapsed`` seconds, ``remaining`` (an
  estimate, :mod:`samverkan.web.submissions.estimates`, or null), ``cancel`` (where to cancel it,
  while it can be), and once finished the ``status`` the answer has and ``result``, where to fetch
  it;
- ``POST /jobs/<id>/cancel`` (or ``DELETE /jobs/<id>``) — stop the job at its next step:
  its answer becomes 409, phase ``cancelled``, and nothing was changed. From the phase
  ``storing`` on (the commit point: :data:`COMMITTING`) a cancel is refused (409);
- ``GET /jobs/<id>/result`` — the answer the request would have had without
  ``Prefer: respond-async`` (the same status, headers and body, negotiated by this
  request's ``Accept``, ``?format=`` and ``?lang=``); 202 with the state while unfinished.

**Where jobs live.** In the store (:mod:`samverkan.state.jobs`): a job's kind, phase,
counts, who submitted it, whether it was cancelled, and once finished its answer, rendered
in every form and language a client may ask for, and its report kept for the report page's
other pages and filters (:mod:`samverkan.web.submissions.report_views`). So any
``samverkan serve`` process over the store answers for any job, and a cancel sent to any of
them stops the job where it runs.
The job runs in a thread of the process that took the request, which renews the job's
heartbeat while it lives; a job whose process died (no heartbeat within the lease,
``SAMVERKAN_LEASE_SECONDS``) is reported by every process as finished with status 500,
phase ``failed``, and a result saying so; it is not taken over (it may have stored its
version already). A finished job is kept :data:`KEPT_SECONDS` (the newest :data:`MAX_KEPT`
of the store's), and each process runs at most :data:`MAX_UNFINISHED` at once (503 beyond
that), :data:`WORKERS` of them at a time. The estimates each process learns from the jobs
it ran itself.

**Who may see a job.** Whoever knows its id, which is 128 random bits and given only to
the client that started it. A job holds only what that client sent and the answer about
it, and the credential was checked before the job began; the answers carry
``Cache-Control: no-store`` and ``Referrer-Policy: no-referrer`` so that the id leaks
neither into caches nor to the sites a report links to.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from samverkan import messages
from samverkan.errors import (
    BusyError,
    CancelledError,
    CancelRefusedError,
    JobLostError,
    NotFoundError,
    SamverkanError,
)
from samverkan.messages import message
from samverkan.progress import UNITS, Progress, silent, step
from samverkan.state.jobs import JobRecords, JobState, Rendering
from samverkan.state.leases import Leases, holder_id
from samverkan.web.common import language
from samverkan.web.common.errors import status_of
from samverkan.web.common.negotiation import HTML
from samverkan.web.common.services import services
from samverkan.web.submissions.estimates import Rates, Where
from samverkan.web.submissions.report_views import REPORT_VIEW, asks_for_another_view, read_kept
from samverkan.web.submissions.reports import (
    KEPT_FORMS,
    REPORT_NAMES,
    REPORT_OFFERS,
    choose_media_type,
    report_response,
)

bp = Blueprint("jobs", __name__)
log = logging.getLogger(__name__)

#: Seconds a finished job is kept for its client to fetch.
KEPT_SECONDS = 600
#: Finished jobs kept at most (the oldest are forgotten first), each holding its answer.
MAX_KEPT = 64
#: Jobs that may wait or run at once in one process; beyond, a request is refused (503).
MAX_UNFINISHED = 16
#: Jobs that run at the same time (the others wait, phase ``queued``).
WORKERS = 2
#: Seconds between two writes of a job's counts within one phase (a phase's start is
#: written at once), and so between two looks at its cancel flag.
WRITE_SECONDS = 0.25


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
    """One piece of work started by one request, as the process running it follows it."""

    id: str
    kind: str
    phases: tuple[str, ...]
    records: JobRecords
    leases: Leases
    size: int = 0
    phase: str = "queued"
    phase_started: float = field(default_factory=time.monotonic)
    written: float = 0.0
    durations: dict[str, float] = field(default_factory=dict)

    def advance(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        """Record that the work is in ``phase`` (``done`` of ``total`` units); raise
        :class:`CancelledError` instead when its client has cancelled it."""
        now = time.monotonic()
        begins = phase != self.phase
        if not begins and now - self.written < WRITE_SECONDS:
            return
        if begins and phase in COMMITTING:
            with self.leases.hold(f"job:{self.id}"):  # a cancel decides under the same lock
                self._check_cancelled()
                self.records.advance(self.id, phase, done, total)
        else:
            if self.phase not in COMMITTING:
                self._check_cancelled()
            self.records.advance(self.id, phase if begins else None, done, total)
        if begins:
            self.durations[self.phase] = now - self.phase_started
            self.phase, self.phase_started = phase, now
        self.written = now

    def _check_cancelled(self) -> None:
        if self.records.read(self.id).cancelled:
            raise CancelledError(message("job_cancelled"))


def cancel_job(records: JobRecords, leases: Leases, job_id: str) -> None:
    """Cancel the job: it stops at its next step. Refuse when it is past its commit point
    (decided under the job's lock, which the runner holds as it enters that point)."""
    records.subject(job_id)  # a malformed id is refused before it names a lock
    with leases.hold(f"job:{job_id}"):
        state = records.read(job_id)
        if state.finished or state.lost:
            raise CancelRefusedError(message("job_finished"))
        if state.phase in COMMITTING:
            raise CancelRefusedError(message("job_committing"))
        records.cancel(job_id)


class Jobs:
    """The jobs of the store, as one process starts, runs and reports them."""

    def __init__(self, records: JobRecords, leases: Leases) -> None:
        self.records = records
        self.leases = leases
        self.runner = holder_id()
        self.lock = threading.Lock()
        self.running: set[str] = set()
        self.turns = threading.BoundedSemaphore(WORKERS)
        self.rates = Rates()
        self._beating = threading.Thread(target=self._heartbeats, daemon=True, name="jobs")
        self._beating.start()

    def start(
        self,
        app: Flask,
        kind: str,
        phases: tuple[str, ...],
        work: Work,
        size: int = 0,
        owner: str | None = None,
    ) -> JobState:
        """Start ``work`` in a thread of its own; return its job at once."""
        job = Job(secrets.token_urlsafe(16), kind, phases, self.records, self.leases, size)
        with self.lock:
            if len(self.running) >= MAX_UNFINISHED:
                raise BusyError(message("busy", limit=MAX_UNFINISHED))
            self.running.add(job.id)
        try:
            created = datetime.now(UTC).isoformat()
            self.records.create(job.id, kind, phases, size, owner, self.runner, created)
            state = self.records.read(job.id)
        except BaseException:
            self._done(job.id)
            raise
        threading.Thread(target=self._run, args=(app, job, work), daemon=True).start()
        return state

    def get(self, job_id: str) -> JobState:
        """Return the job's state, or raise :class:`NotFoundError`."""
        try:
            state = self.records.read(job_id)
        except NotFoundError:
            raise NotFoundError(
                f"there is no job {job_id!r}: jobs are kept {KEPT_SECONDS // 60} minutes "
                "after they finish"
            ) from None
        return state

    def _run(self, app: Flask, job: Job, work: Work) -> None:
        try:
            with self.turns, app.app_context():
                answer = _answer(job, work)
                job.durations[job.phase] = time.monotonic() - job.phase_started
                renderings = render_all(app, job.id, answer)
                self.records.forget_old(KEPT_SECONDS, MAX_KEPT - 1)  # room for this one
                self.records.finish(job.id, answer.status, renderings)
                cancelled = answer.status == 409 and self.records.read(job.id).cancelled
                if not cancelled and answer.status in LEARNT_FROM:
                    self.rates.learn(job.kind, job.durations, job.size)
        except Exception:  # the store is away: the job lapses and is reported as failed
            log.exception("job %s (%s) could not be recorded as finished", job.id, job.kind)
        finally:
            self._done(job.id)

    def _done(self, job_id: str) -> None:
        with self.lock:
            self.running.discard(job_id)

    def _heartbeats(self) -> None:
        """Renew the heartbeat of every job this process runs, every third of the lease."""
        while True:
            time.sleep(self.records.lease_seconds / 3)
            with self.lock:
                running = sorted(self.running)
            for job_id in running:
                try:
                    self.records.heartbeat(job_id)
                except Exception:
                    log.exception("could not renew the heartbeat of job %s", job_id)


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


def render_all(app: Flask, job_id: str, answer: Answer) -> list[Rendering]:
    """Render the answer in every language and form a client of the job may ask for, as
    the result's request would (``Accept``, ``?lang=``), for any process to serve."""
    renderings = []
    with app.test_request_context():
        where = url_for("jobs.result", job_id=job_id)
    for lang in messages.LANGUAGES:
        for media_type in KEPT_FORMS:
            with app.test_request_context(
                where, headers={"Accept": media_type}, query_string={"lang": lang}
            ):
                try:
                    response = answer.render()
                except Exception as error:  # rendered as the app renders errors
                    response = app.make_response(app.handle_user_exception(error))
                headers = {k: v for k, v in response.headers.items() if k not in {"Content-Length"}}
                body = response.get_data(as_text=True)
                renderings.append(Rendering(lang, media_type, response.status_code, headers, body))
    return renderings


def jobs() -> Jobs:
    """Return the current app's jobs."""
    svc = services()

    def make() -> Jobs:
        lease = svc.settings.lease_seconds
        return Jobs(JobRecords(svc.store, lease), Leases(svc.store, lease))

    return svc.held(Jobs, make)


def wants_async() -> bool:
    """Say whether the request asks to be answered asynchronously (``Prefer``, RFC 7240)."""
    preferences = ",".join(request.headers.getlist("Prefer")).lower()
    return any(p.split(";")[0].strip() == "respond-async" for p in preferences.split(","))


def run(
    kind: str, phases: tuple[str, ...], work: Work, size: int = 0, owner: str | None = None
) -> Response:
    """Do ``work`` now and answer with its outcome, or, when the client prefers, start it
    as a job and answer 202 with where to follow it (``size``, the body's bytes, scales
    its estimate; ``owner``, the actor who submitted it, if any)."""
    if not wants_async():
        return work(silent).render()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    state = jobs().start(app, kind, phases, work, size, owner)
    response = private(jsonify(describe(state)))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs.status", job_id=state.id)
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
    found = jobs()
    found.get(job_id)
    cancel_job(found.records, found.leases, job_id)
    response = jsonify(describe(found.get(job_id)))
    response.status_code = 202
    return response


@bp.get("/jobs/<job_id>/result")
def result(job_id: str) -> Response:
    """The job's answer, as the request that started it would have had it."""
    state = jobs().get(job_id)
    if state.lost:
        raise JobLostError(message("job_lost", seconds=round(state.silent_for)))
    if not state.finished:
        response = jsonify(describe(state))
        response.status_code = 202
        return response
    media_type = choose_media_type(REPORT_OFFERS, REPORT_NAMES)
    if media_type == HTML and asks_for_another_view():
        view = jobs().records.rendering(job_id, language.of_messages(), REPORT_VIEW)
        if view is not None and view.headers.get("Content-Type") == REPORT_VIEW:
            shown = read_kept(view.body, services().store.graph(services().layout.shapes))
            return report_response(shown.report, shown.status, names=shown.names, page=shown.page)
    found = jobs().records.rendering(job_id, language.of_messages(), media_type)
    if found is None:
        raise NotFoundError(f"job {job_id!r} has no answer as {media_type}")
    return Response(found.body, found.status, headers=found.headers)


def describe(job: JobState) -> dict[str, Any]:
    """Return the job's state for its client."""
    phase = _shown_phase(job)
    now = step(job.phases, phase)
    lang = language.current()
    finished = job.finished or job.lost
    document: dict[str, Any] = {
        "id": job.id,
        "kind": job.kind,
        "state": "finished" if finished else "queued" if job.phase == "queued" else "running",
        "phase": phase,
        "label": language.text(f"phase_{phase}", lang),
        "step": min(now.number, now.total),
        "steps": now.total,
        "percent": now.percent,
        "created": job.created,
        **counts(job, lang),
        "cancelled": job.cancelled,
        "cancel": None,
        "status": 500 if job.lost else job.status,
        "result": None,
    }
    if finished:
        document["result"] = url_for("jobs.result", job_id=job.id)
    elif not job.cancelled and job.phase not in COMMITTING:
        document["cancel"] = url_for("jobs.cancel", job_id=job.id, _method="POST")
    return document


def _shown_phase(job: JobState) -> str:
    if job.lost:
        return "failed"
    if not job.finished:
        return job.phase
    return "cancelled" if job.cancelled and job.status == 409 else "finished"


def counts(job: JobState, lang: str) -> dict[str, Any]:
    """Return how far the job is within its phase, how long it has run, and the estimate."""
    where = Where(job.kind, job.phases, job.phase, job.phase_seconds, job.size, job.done, job.total)
    unit = UNITS.get(where.phase)
    detail = None
    finished = job.finished or job.lost
    if where.done is not None and unit and not finished:
        key = "progress_done" if where.total is not None else "progress_count"
        words = language.text(f"unit_{unit}", lang)
        detail = language.text(key, lang).format(done=where.done, total=where.total, unit=words)
    remaining = None if finished else jobs().rates.remaining(where)
    return {
        "done": where.done,
        "total": where.total,
        "unit": unit,
        "detail": detail,
        "elapsed": round(job.elapsed, 1),
        "remaining": None if remaining is None else round(remaining, 1),
    }


@bp.after_request
def private(response: Response) -> Response:
    """Keep a job's answers (errors too) out of caches and its id out of ``Referer``."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
