"""Fair shares: how much work one client, and all anonymous clients together, may have.

Public queries and validations are open to anyone, so no one client may take every query
worker or every job: each has a share of work under way at once (``client_queries``,
``client_jobs``), and anonymous clients together have a pool (``anonymous_queries``,
``anonymous_jobs``). Past either, the request is answered 429 with ``Retry-After``. A request
with a valid actor credential counts against its actor's own share only, never the anonymous
pool, so actors keep capacity however many anonymous clients there are. Of its queries
under way, a client *runs* at most one fewer than there are query workers (at least one),
the others waiting their turn here: so one client's slow queries always leave a worker to
the others.

The client is the connection's remote address; the last ``X-Forwarded-For`` entry (what the
proxy in front added) only when ``trust_forwarded_for`` says a proxy sets it.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import request

from samverkan.config import Settings
from samverkan.errors import TooManyRequestsError
from samverkan.submissions.credentials import Credentials
from samverkan.web.common.services import services


@dataclass(frozen=True)
class Client:
    """Who a request counts against: an address, or an actor named by a valid credential."""

    key: str
    actor: bool


class Admission:
    """Counts of work under way, by client, with a share each and a pool for anonymous ones."""

    def __init__(
        self, what: str, per_client: int, anonymous: int, retry_after: int, running: int = 0
    ) -> None:
        """``running`` caps what one client runs at once in :meth:`admitted` (0: no cap)."""
        self.what = what
        self.per_client, self.anonymous = per_client, anonymous
        self.retry_after = retry_after
        self.running = running
        self._lock = threading.Lock()
        self._under_way: Counter[str] = Counter()
        self._turns: dict[str, threading.Semaphore] = {}
        self._anonymous_under_way = 0

    def enter(self, client: Client) -> Callable[[], None]:
        """Count one more piece of work for ``client``, or raise if it is over a share.

        Return what counts it as done; calling that more than once counts it once.
        """
        with self._lock:
            if self._under_way[client.key] >= self.per_client:
                raise self._refusal(f"this client has {self.per_client} {self.what} under way")
            if not client.actor and self._anonymous_under_way >= self.anonymous:
                raise self._refusal(
                    f"anonymous clients have {self.anonymous} {self.what} under way together "
                    "(an actor's credential has a share of its own)"
                )
            self._under_way[client.key] += 1
            self._anonymous_under_way += 0 if client.actor else 1
            if self.running:
                self._turns.setdefault(client.key, threading.Semaphore(self.running))
        done = threading.Event()

        def release() -> None:
            if not done.is_set():
                done.set()
                self._leave(client)

        return release

    def _leave(self, client: Client) -> None:
        with self._lock:
            self._under_way[client.key] -= 1
            if self._under_way[client.key] <= 0:
                del self._under_way[client.key]
                self._turns.pop(client.key, None)
            self._anonymous_under_way -= 0 if client.actor else 1

    @contextmanager
    def admitted(self, client: Client) -> Iterator[None]:
        """Hold one share of ``client`` while the block runs, once it is the client's turn."""
        release = self.enter(client)
        try:
            with self._turns.get(client.key) or contextlib.nullcontext():
                yield
        finally:
            release()

    def _refusal(self, why: str) -> TooManyRequestsError:
        return TooManyRequestsError(
            f"{why}, as many as it may; try again in {self.retry_after} s, once some have finished",
            self.retry_after,
        )


@dataclass(frozen=True)
class Admissions:
    """The app's admissions: of public queries, and of validations (``POST /validate``)."""

    queries: Admission
    validations: Admission

    @classmethod
    def of(cls, settings: Settings) -> Admissions:
        """Return the admissions that ``settings`` allow."""
        return cls(
            Admission(
                "queries",
                settings.client_queries,
                settings.anonymous_queries,
                max(1, math.ceil(settings.query_timeout)),
                running=max(1, settings.query_workers - 1),
            ),
            Admission("validations", settings.client_jobs, settings.anonymous_jobs, 30),
        )


def queries() -> Admission:
    """Return the current app's admission of public queries."""
    return _admissions().queries


def validations() -> Admission:
    """Return the current app's admission of validations (``POST /validate``)."""
    return _admissions().validations


def _admissions() -> Admissions:
    settings = services().settings
    return services().held(Admissions, lambda: Admissions.of(settings))


def current_client() -> Client:
    """Return who the current request counts against."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        keys = Credentials(services().store)
        actor = keys.actor_for(token.strip())
        if actor is not None:
            return Client(f"actor:{actor}", actor=True)
    return Client(f"address:{_address()}", actor=False)


def _address() -> str:
    forwarded = request.headers.get("X-Forwarded-For", "")
    return client_address(forwarded, request.remote_addr, services().settings.trust_forwarded_for)


def client_address(forwarded: str, remote: str | None, trusted: bool) -> str:
    """Return the client's address: the last ``X-Forwarded-For`` entry if ``trusted``
    (what the proxy in front added), else the connection's remote address."""
    if trusted and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return remote or "unknown"
