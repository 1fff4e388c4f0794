"""Locks that serialise writers, across threads, processes and machines alike.

They are leases in the store (:mod:`samverkan.state.leases`), so servers that share only
the store serialise their writes as one process would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from samverkan.state.leases import Leases


class Locks:
    """One lock per actor (its submissions run one at a time) and one for the store."""

    def __init__(self, leases: Leases) -> None:
        self.leases = leases

    @contextmanager
    def actor(self, slug: str) -> Iterator[None]:
        """Hold actor ``slug``'s lock: its submissions are serialised."""
        with self.leases.hold(f"actor:{slug}"):
            yield

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the store's write lock: one version lands at a time."""
        with self.leases.hold("writer"):
            yield
