"""Progress of long work: named phases, reported as each begins, and shown on a terminal.

Work that may take long (loading the federation, validating or submitting a big part) takes
a :class:`Progress` callback and calls it with the name of each phase as the phase begins,
and again within a phase with how far it has come (``done`` of ``total`` of the phase's
:data:`UNITS`, ``total`` None when not known yet). A callback may raise to stop the work
(a cancelled job does, :mod:`samverkan.web.submissions.jobs`); work calls it only where stopping
leaves everything as it was.
The phases of each kind of work are listed here, in order, so that whoever shows progress
can say "step 3 of 5" and how much of the work lies behind. The web layer reports them
through job resources (:mod:`samverkan.web.submissions.jobs`); the command line through
:class:`TerminalProgress` on standard error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, Protocol, TextIO


class Progress(Protocol):
    """Told the name of each phase as it begins, and how far within it the work has come."""

    def __call__(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        """Take notice that the work is in ``phase``, with ``done`` of ``total`` units."""


#: The phases of validating a body of RDF (changing nothing).
VALIDATION = ("parsing", "validating")
#: The phases of making a body of RDF an actor's new part.
SUBMISSION = ("parsing", "sovereignty", "validating", "inferring", "storing")
#: The phases of building the store from the project's files (``samverkan load``).
LOAD = ("reading", "inferring", "consistency", "recording", "storing", "indexing")
#: What the counts within each phase count.
UNITS = {
    "parsing": "triples",
    "sovereignty": "items",
    "validating": "items",
    "inferring": "triples",
    "storing": "triples",
}
#: Inputs from this size on are large: their progress is shown on a terminal unasked.
LARGE_INPUT = 256 * 1024
#: Every phase's name in English, for the command line (the web pages speak Swedish too).
NAMES = {
    "queued": "waiting for its turn",
    "uploading": "uploading",
    "waiting": "waiting for the server",
    "parsing": "parsing",
    "sovereignty": "checking sovereignty (rule 8)",
    "validating": "validating against the guideline rules",
    "inferring": "updating the inferences",
    "storing": "storing the new version",
    "reading": "reading the project's files",
    "consistency": "checking consistency",
    "recording": "recording versions",
    "indexing": "indexing for search",
    "finished": "finished",
}


def silent(phase: str, done: int | None = None, total: int | None = None) -> None:
    """Take no notice of progress."""


@dataclass(frozen=True)
class Step:
    """Where a piece of work is: its phase, the phase's place among all, the share done."""

    phase: str
    number: int
    total: int

    @property
    def percent(self) -> int:
        """Return the share of the phases already finished, in percent."""
        return 100 * max(self.number - 1, 0) // self.total if self.total else 0


def step(phases: tuple[str, ...], phase: str) -> Step:
    """Return the step that ``phase`` is among ``phases`` (0 of n when it is not one of them,
    as while queued; n+1 of n when finished)."""
    if phase == "finished":
        return Step(phase, len(phases) + 1, len(phases))
    number = phases.index(phase) + 1 if phase in phases else 0
    return Step(phase, number, len(phases))


def wanted(asked: bool | None, stream: TextIO, size: int) -> bool:
    """Say whether to show progress: as asked (``--progress`` / ``--no-progress``), else
    when ``stream`` is a terminal and the input is large."""
    if asked is not None:
        return asked
    return stream.isatty() and size >= LARGE_INPUT


class TerminalProgress:
    """Show phases and upload progress on a stream (standard error), when ``enabled``.

    On a terminal one line is rewritten in place and erased at the end, so that what the
    command prints otherwise is unchanged; elsewhere (``--progress`` into a file) each
    phase gets a line of its own, and uploads one line per tenth. Use it as a context
    manager, so that the line is erased however the work ends.
    """

    def __init__(self, stream: TextIO, phases: tuple[str, ...], enabled: bool = True) -> None:
        self.stream = stream
        self.phases = phases
        self.enabled = enabled
        self.live = stream.isatty()
        self.shown = ""
        self.tenth = -1

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __call__(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        """Show that ``phase`` has begun (and, on a terminal, how far it has come)."""
        current = step(self.phases, phase)
        where = f"[{current.number}/{current.total}] " if phase in self.phases else ""
        count = ""
        if done is not None and self.live:
            count = f" ({done}{f' of {total}' if total is not None else ''} {UNITS.get(phase, '')})"
        self.show(f"samverkan: {where}{NAMES.get(phase, phase)}{count}")

    def uploaded(self, sent: int, total: int) -> None:
        """Show how much of an upload has been sent."""
        percent = 100 * sent // total if total else 100
        if self.live or percent // 10 != self.tenth:
            self.tenth = percent // 10
            self.show(f"samverkan: uploading {percent}% ({_size(sent)} of {_size(total)})")

    def show(self, line: str) -> None:
        """Show one line of progress (in place on a terminal)."""
        if not self.enabled or line == self.shown:
            return
        self.shown = line
        if self.live:
            self.stream.write("\r\x1b[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Erase the line shown on a terminal."""
        if self.live and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self.shown = ""


class ReadingProgress:
    """A file wrapper that reports how many bytes have been read, to show an upload."""

    def __init__(
        self, file: BinaryIO, total: int, report: Callable[[int, int], None], every: float = 0.1
    ) -> None:
        self.file = file
        self.total = total
        self.report = report
        self.every = every
        self.sent = 0
        self._last = 0.0

    def read(self, size: int = -1) -> bytes:
        """Read from the file and report the bytes read so far (at most every ``every`` s)."""
        chunk = self.file.read(size)
        self.sent += len(chunk)
        now = time.monotonic()
        if now - self._last >= self.every or not chunk or self.sent == self.total:
            self._last = now
            self.report(self.sent, self.total)
        return chunk


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"
