"""Locks that hold across processes and machines with only the store shared: leases.

A process that wants lock ``name`` writes a **claim** (a record of its own: the lock's
name, the holder, and when it was last renewed, by the store's clock), then reads every
claim of that lock. It holds the lock when its claim is the only live one; otherwise it
withdraws its claim, waits a random while, and tries again. A claim is live while it was
renewed within the lease (:data:`LEASE_SECONDS`); the holder renews it every third of the
lease, so a holder that dies (SIGKILL, a lost machine) stops renewing and its claim lapses:
nothing deadlocks. Lapsed claims are removed by whoever sees them.

**Why it is safe.** Writing a claim and reading the claims are two requests, each of which
every engine here runs atomically and shows to every request that starts after it has
returned: Oxigraph (embedded, and ``oxigraph serve``) runs each update as a transaction and
each query on a snapshot taken when it starts; Virtuoso commits each SPARQL update request
before it answers, and reads committed data. Suppose two contenders A and B both held the
lock, A having written its claim first. B wrote its claim after A's had been written, so
B's read, later still, sees A's claim, which A withdraws only on release: B cannot have
found its own claim alone. So at most one holds the lock at a time. No conditional update
is needed, which matters: Oxigraph's transactions are snapshot-isolated (two conditional
updates "insert if no other claim" can both succeed) and Virtuoso's update requests are not
even one transaction each. Contenders that see each other both back off, at random, so one
soon finds itself alone.

**What it does not cover.** A holder stopped for longer than the lease (a machine frozen,
never renewing) loses the lock while it still thinks it holds it; it notices at its next
renewal and logs it. Leases are long against the work they guard (a submission's
read-modify-write of one actor's part and history; the writer's one store transaction).
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import URIRef

from samverkan.errors import BusyError
from samverkan.state.records import NOW, ST, Record, Records, text
from samverkan.storage.base import Store

#: Seconds a claim stays live unrenewed.
LEASE_SECONDS = 30.0
#: Seconds a contender waits for a lock before giving up (503).
WAIT_SECONDS = 300.0

log = logging.getLogger(__name__)


def holder_id() -> str:
    """Return a name for this process: its host, its process id, and a random part."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


class Leases:
    """The locks of one store, as claims in its state graph ``locks``."""

    def __init__(
        self, store: Store, lease_seconds: float = LEASE_SECONDS, holder: str | None = None
    ) -> None:
        self.records = Records(store, "locks")
        self.lease_seconds = lease_seconds
        self.holder = holder or holder_id()
        self._local: dict[str, threading.Lock] = {}
        self._local_guard = threading.Lock()

    @contextmanager
    def hold(self, name: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
        """Hold lock ``name`` for the ``with`` block (waiting up to ``wait`` seconds)."""
        with self._local_lock(name):  # threads of this process queue here, not in the store
            claim = self._acquire(name, wait)
            renewing = Renewal(self, name, claim)
            renewing.start()
            try:
                yield
            finally:
                renewing.stop()
                self.records.remove([claim])

    def live(self, record: Record) -> bool:
        """Say whether a claim was renewed within the lease."""
        age = record.age(ST.renewed)
        return age is not None and age <= self.lease_seconds

    def _acquire(self, name: str, wait: float) -> URIRef:
        deadline = time.monotonic() + wait
        pause = 0.02
        while True:
            claim = self.records.subject(secrets.token_hex(12))
            lock = text(name)
            self.records.set(claim, {ST.lock: lock, ST.holder: text(self.holder), ST.renewed: NOW})
            claims = self.records.find(ST.lock, lock)
            lapsed = [c.subject for c in claims if not self.live(c) and c.subject != claim]
            if lapsed:
                self.records.remove(lapsed)
            others = [c for c in claims if c.subject != claim and self.live(c)]
            if not others:
                return claim
            self.records.remove([claim])
            if time.monotonic() > deadline:
                raise BusyError(f"lock {name!r} stayed held for {wait:g} s; try again later")
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, 1.0)

    def _local_lock(self, name: str) -> threading.Lock:
        with self._local_guard:
            return self._local.setdefault(name, threading.Lock())


class Renewal:
    """Renew a held claim every third of the lease, until stopped."""

    def __init__(self, leases: Leases, name: str, claim: URIRef) -> None:
        self.leases, self.name, self.claim = leases, name, claim
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"lease {name}")

    def start(self) -> None:
        """Start renewing."""
        self.thread.start()

    def stop(self) -> None:
        """Stop renewing (before the claim is withdrawn)."""
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        records = self.leases.records
        while not self.stopped.wait(self.leases.lease_seconds / 3):
            try:
                record = records.read(self.claim)
                if record is None or not self.leases.live(record):
                    log.error("lost lock %r: its lease lapsed before it was renewed", self.name)
                    return
                records.add(self.claim, {ST.renewed: NOW})
            except Exception:  # a store that is away: try again at the next turn
                log.exception("could not renew lock %r", self.name)
