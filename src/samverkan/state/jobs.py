"""Jobs in the store: what each is, how far it has come, its answer, who runs it.

A job is a record (:mod:`samverkan.state.records`) in the state graph ``jobs``: its kind
and phases, the body's size, who submitted it, its phase (and when, by the store's clock,
the phase began), the counts within it, whether its client cancelled it, and the runner's
heartbeat (renewed while the runner lives, :data:`~samverkan.state.leases.LEASE_SECONDS`).
Once finished, its status and its answer, rendered in every form and language a client may
ask for, each rendering a record of its own. So any server process over the store answers
``GET /jobs/<id>`` and its result, and a cancel sent to any of them reaches the runner.

A job whose runner stops (its process killed, its machine gone) stops renewing its
heartbeat; once the heartbeat is older than the lease, every process reports the job as
**failed** (:attr:`JobState.lost`), none takes it over: a job past its commit point may have
stored its version already, so running it again could store it twice. The client sends it
again; a version that was stored is in the actor's history either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from samverkan.errors import NotFoundError
from samverkan.state.records import NOW, ST, Record, Records, integer, text
from samverkan.storage.base import Store


@dataclass(frozen=True)
class Rendering:
    """One form of a job's answer: for a language and a media type, status, headers, body."""

    lang: str
    media_type: str
    status: int
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class JobState:
    """A job as the store has it, read at one moment of the store's clock."""

    id: str
    kind: str
    phases: tuple[str, ...]
    size: int
    owner: str | None
    phase: str
    created: str
    elapsed: float
    phase_seconds: float
    done: int | None
    total: int | None
    cancelled: bool
    status: int | None
    #: Seconds since the runner last said it lives.
    silent_for: float
    lease_seconds: float

    @property
    def finished(self) -> bool:
        return self.status is not None

    @property
    def lost(self) -> bool:
        """Whether the runner stopped before the job finished (no heartbeat within the lease)."""
        return not self.finished and self.silent_for > self.lease_seconds


class JobRecords:
    """The jobs of one store."""

    def __init__(self, store: Store, lease_seconds: float) -> None:
        self.records = Records(store, "jobs")
        self.lease_seconds = lease_seconds

    def subject(self, job_id: str) -> URIRef:
        """Return the record's IRI, or raise :class:`NotFoundError` for a malformed id."""
        try:
            return self.records.subject(job_id)
        except ValueError:
            raise NotFoundError(f"there is no job {job_id!r}") from None

    def create(
        self,
        job_id: str,
        kind: str,
        phases: tuple[str, ...],
        size: int,
        owner: str | None,
        runner: str,
        created: str,
    ) -> None:
        """Record a new job, queued, run by ``runner``."""
        values: dict[URIRef, Node | None] = {
            ST.kind: text(kind),
            ST.phases: text(" ".join(phases)),
            ST.size: integer(size),
            ST.phase: text("queued"),
            ST.created: text(created),
            ST.started: NOW,
            ST.phaseStarted: NOW,
            ST.runner: text(runner),
            ST.renewed: NOW,
        }
        if owner is not None:
            values[ST.owner] = text(owner)
        self.records.set(self.subject(job_id), values)

    def advance(self, job_id: str, phase: str | None, done: int | None, total: int | None) -> None:
        """Record the counts within the phase, and the phase if it begins now."""
        counts = {ST.done: done, ST.total: total}
        values: dict[URIRef, Node | None] = {
            p: integer(n) for p, n in counts.items() if n is not None
        }
        if phase is not None:
            values |= {ST.phase: text(phase), ST.phaseStarted: NOW}
        unset = [p for p, n in counts.items() if n is None]
        self.records.set(self.subject(job_id), values, unset)

    def heartbeat(self, job_id: str) -> None:
        """Say that the runner lives."""
        self.records.add(self.subject(job_id), {ST.renewed: NOW})

    def cancel(self, job_id: str) -> None:
        """Record that the client cancelled the job."""
        self.records.set(self.subject(job_id), {ST.cancelled: text("true")})

    def finish(self, job_id: str, status: int, renderings: Iterable[Rendering]) -> None:
        """Record the job's answer in each of its forms, then its status (so that a job
        that says it is finished has its answer)."""
        subject = self.subject(job_id)
        for n, rendering in enumerate(renderings):
            self.records.set(
                self.records.subject(f"{job_id}-{n}"),
                {
                    ST.job: subject,
                    ST.lang: text(rendering.lang),
                    ST.mediaType: text(rendering.media_type),
                    ST.status: integer(rendering.status),
                    ST.headers: text(json.dumps(rendering.headers)),
                    ST.body: text(rendering.body),
                },
            )
        self.records.set(subject, {ST.status: integer(status), ST.finished: NOW})

    def read(self, job_id: str) -> JobState:
        """Return the job's state, or raise :class:`NotFoundError`."""
        record = self.records.read(self.subject(job_id))
        if record is None or record.text(ST.kind) is None:
            raise NotFoundError(f"there is no job {job_id!r}")
        return self._state(job_id, record)

    def rendering(self, job_id: str, lang: str, media_type: str) -> Rendering | None:
        """Return the job's answer for ``lang`` and ``media_type``, if it has one."""
        for record in self.records.find(ST.job, self.subject(job_id)):
            if (record.text(ST.lang), record.text(ST.mediaType)) == (lang, media_type):
                return Rendering(
                    lang,
                    media_type,
                    record.number(ST.status) or 500,
                    json.loads(record.text(ST.headers) or "{}"),
                    record.text(ST.body) or "",
                )
        return None

    def forget_old(self, kept_seconds: float, most: int) -> None:
        """Forget finished jobs older than ``kept_seconds`` or beyond the newest ``most``,
        and lost ones silent for longer than ``kept_seconds``."""
        records = self.records.find(ST.kind)
        finished = sorted(
            (r for r in records if ST.finished in r.values),
            key=lambda r: r.age(ST.finished) or 0.0,
        )
        old = [
            r
            for position, r in enumerate(finished)
            if position >= most or (r.age(ST.finished) or 0.0) > kept_seconds
        ]
        old += [
            r
            for r in records
            if ST.finished not in r.values and (r.age(ST.renewed) or 0.0) > kept_seconds
        ]
        self.forget(r.subject for r in old)

    def forget(self, subjects: Iterable[URIRef]) -> None:
        """Remove jobs and their answers."""
        for subject in subjects:
            answers = [r.subject for r in self.records.find(ST.job, subject)]
            self.records.remove([*answers, subject])

    def _state(self, job_id: str, record: Record) -> JobState:
        return JobState(
            id=job_id,
            kind=record.text(ST.kind) or "",
            phases=tuple((record.text(ST.phases) or "").split()),
            size=record.number(ST.size) or 0,
            owner=record.text(ST.owner),
            phase=record.text(ST.phase) or "queued",
            created=record.text(ST.created) or "",
            elapsed=_seconds(record, ST.started, ST.finished),
            phase_seconds=record.age(ST.phaseStarted) or 0.0,
            done=record.number(ST.done),
            total=record.number(ST.total),
            cancelled=record.text(ST.cancelled) == "true",
            status=record.number(ST.status),
            silent_for=record.age(ST.renewed) or 0.0,
            lease_seconds=self.lease_seconds,
        )


def _seconds(record: Record, start: URIRef, end: URIRef) -> float:
    """Return the seconds from ``start`` to ``end`` (to now while there is no ``end``)."""
    began = record.age(start) or 0.0
    ended = record.age(end)
    return began - (ended or 0.0)
