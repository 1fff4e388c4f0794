"""File locks that serialise writers, across threads and processes alike."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Locks:
    """One lock per actor (its submissions run one at a time) and one for the store."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @contextmanager
    def actor(self, slug: str) -> Iterator[None]:
        """Hold actor ``slug``'s lock: its submissions are serialised."""
        with self._hold(f"actor-{slug}.lock"):
            yield

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the store's write lock: one version lands at a time."""
        with self._hold("writer.lock"):
            yield

    @contextmanager
    def _hold(self, name: str) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / name, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
