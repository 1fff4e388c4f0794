"""Checkpoints: immutable copies of an embedded store, published for readers elsewhere.

The process that writes the store publishes a checkpoint after every write: a folder
``generation-N`` made by RocksDB's backup (hard links to the store's immutable files, made
in milliseconds), and then a marker file, ``current``, naming it. The marker is written
beside and renamed into place, so a reader finds the old name or the new one, never half of
one. Readers (the query workers of :mod:`samverkan.storage.sandbox`, and
:class:`~samverkan.storage.replica.ReplicaStore` in other server processes) read the marker
before each operation and move to the newest checkpoint when it names a newer one; a write
published before its answer went out is thus seen by every operation that begins after it.

A superseded checkpoint is removed once it has been superseded for :data:`RETIRE_SECONDS`,
so that an operation begun on it just before (a long query, a dump) can finish.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from samverkan.errors import StoreError

#: The file naming the newest checkpoint.
MARKER = "current"
#: Each checkpoint's folder is this prefix and its number.
PREFIX = "generation-"
#: Seconds a superseded checkpoint stays for the operations that began on it.
RETIRE_SECONDS = 120.0


@dataclass(frozen=True)
class Checkpoint:
    """One published checkpoint: its number (a newer one has a larger number) and folder."""

    number: int
    path: Path


def checkpoints_folder(store_path: Path) -> Path:
    """Return where the checkpoints of the store at ``store_path`` are published."""
    return store_path.with_name(store_path.name + "-checkpoints")


class Checkpoints:
    """The checkpoints of one store in one folder: published by its writer, read by anyone."""

    def __init__(self, folder: Path, retire_seconds: float = RETIRE_SECONDS) -> None:
        self.folder = folder
        self._retire_seconds = retire_seconds
        self._lock = threading.Lock()
        self._published: Checkpoint | None = None
        self._superseded: list[tuple[float, Path]] = []

    def publish(self, store: ox.Store) -> Checkpoint:
        """Make a checkpoint of ``store``, name it in the marker, and return it."""
        with self._lock:
            previous = self._published
            number = (previous.number if previous else self._last_number()) + 1
            checkpoint = Checkpoint(number, self.folder / f"{PREFIX}{number}")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                store.backup(str(checkpoint.path))
                self._mark(checkpoint)
            except OSError as error:
                raise StoreError(
                    f"cannot publish a checkpoint in {self.folder}: {error}"
                ) from error
            self._published = checkpoint
            self._retire(previous, checkpoint)
        return checkpoint

    def newest(self) -> Checkpoint | None:
        """Return the checkpoint the marker names (None before the first is published)."""
        try:
            name = (self.folder / MARKER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(
                f"cannot read the checkpoint marker in {self.folder}: {error}"
            ) from None
        try:
            return Checkpoint(int(name.removeprefix(PREFIX)), self.folder / name)
        except ValueError:
            raise StoreError(
                f"the checkpoint marker {self.folder / MARKER} names {name!r}, not a checkpoint"
            ) from None

    def remove(self) -> None:
        """Remove every checkpoint and the marker (when the writer closes the store)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _mark(self, checkpoint: Checkpoint) -> None:
        scratch = self.folder / f".{MARKER}.{os.getpid()}"
        scratch.write_text(checkpoint.path.name + "\n", encoding="utf-8")
        os.replace(scratch, self.folder / MARKER)

    def _last_number(self) -> int:
        """Return the largest number in the folder (left by an earlier run), else 0."""
        numbers = (p.name.removeprefix(PREFIX) for p in self.folder.glob(PREFIX + "*"))
        return max((int(n) for n in numbers if n.isdigit()), default=0)

    def _retire(self, previous: Checkpoint | None, newest: Checkpoint) -> None:
        """Note that ``previous`` is superseded; remove what was superseded long enough ago.

        The first checkpoint this process publishes supersedes those of an earlier run, which
        no one reads any more (the store was closed, so their readers have ended).
        """
        now = time.monotonic()
        if previous is None:
            leftovers = (p for p in self.folder.glob(PREFIX + "*") if p != newest.path)
            self._superseded += [(now - self._retire_seconds, p) for p in leftovers]
        else:
            self._superseded.append((now, previous.path))
        kept = []
        for since, path in self._superseded:
            if now - since >= self._retire_seconds:
                shutil.rmtree(path, ignore_errors=True)
            else:
                kept.append((since, path))
        self._superseded = kept
