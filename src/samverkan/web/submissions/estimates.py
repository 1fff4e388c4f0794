"""How long the rest of a job will take, from how long earlier jobs' phases took.

Each finished job teaches the server how many seconds each of its phases took per byte of
its request body; the estimate of a running job is the current phase's share still to go
(from its own count when it counts, ``done`` of ``total``, else from the learnt rate) plus
the learnt time of every phase after it. Until every phase ahead has been seen once, there
is no estimate (``None``): a guess nobody can check is not shown.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

#: Weight of the newest job in the learnt rate (an exponentially weighted mean).
NEWEST = 0.3


@dataclass(frozen=True)
class Where:
    """Where a running job is: its phases, the current one, and how far in it."""

    kind: str
    phases: tuple[str, ...]
    phase: str
    phase_seconds: float
    size: int
    done: int | None = None
    total: int | None = None


class Rates:
    """Seconds per byte of each phase of each kind of work, learnt from finished jobs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rates: dict[tuple[str, str], float] = {}

    def learn(self, kind: str, durations: dict[str, float], size: int) -> None:
        """Take notice of how long each phase of a finished job took."""
        with self.lock:
            for phase, seconds in durations.items():
                rate = seconds / max(size, 1)
                old = self.rates.get((kind, phase))
                self.rates[(kind, phase)] = rate if old is None else old + NEWEST * (rate - old)

    def remaining(self, where: Where) -> float | None:
        """Return the seconds the job probably still needs, or None when unknown."""
        if where.phase not in where.phases:
            return None
        later = where.phases[where.phases.index(where.phase) + 1 :]
        with self.lock:
            ahead = [self.rates.get((where.kind, phase)) for phase in later]
            rate = self.rates.get((where.kind, where.phase))
        if any(r is None for r in ahead):
            return None
        current = _current(where, rate)
        if current is None:
            return None
        return current + sum(r * where.size for r in ahead if r is not None)


def _current(where: Where, rate: float | None) -> float | None:
    """Return the seconds the current phase probably still needs."""
    if where.done and where.total and where.total >= where.done:
        return where.phase_seconds * (where.total - where.done) / where.done
    if rate is None:
        return None
    return max(rate * where.size - where.phase_seconds, 0.0)
