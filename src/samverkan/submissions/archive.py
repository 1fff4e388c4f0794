"""The content of every accepted version, kept as files beside the store.

Each version of an actor's part is written once, as sorted N-Triples, before the store
switches to it; a file that no recorded version names (a crash between the two steps) is
never read, and its number is never given again (:meth:`Archive.largest`).

The files are write-once. Each is written to a temporary file of its own (created with
``O_CREAT | O_EXCL``), flushed to disk, then given its name with a hard link, which the
system refuses when the name exists: a version file appears whole or not at all, and an
existing one is never replaced (:class:`~samverkan.errors.ArchiveConflictError`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from samverkan.errors import ArchiveConflictError
from samverkan.rdfio import parse_quads
from samverkan.terms import graph_from_triples, to_oxigraph

#: The name of a version's files: its number in six digits, then ``.nt`` or ``.report.ttl``.
_NUMBERED = re.compile(r"^(\d{6,})\.(?:nt|report\.ttl)$")


class Archive:
    """Version files under ``root/<actor>/<number>.nt``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, actor: str, number: int, content: bytes) -> Path:
        """Store a version's content durably, once; return its path.

        Raise :class:`ArchiveConflictError`, and change nothing, when the version has a file.
        """
        path = self._path(actor, number)
        _create_durably(path, content, f"version {number} of {actor!r}")
        return path

    def largest(self, actor: str) -> int:
        """Return the largest version number that has a file for ``actor`` (0 for none)."""
        folder = self.root / actor
        numbers = (
            int(found.group(1))
            for entry in (folder.iterdir() if folder.is_dir() else ())
            if (found := _NUMBERED.match(entry.name))
        )
        return max(numbers, default=0)

    def read(self, actor: str, number: int) -> Graph:
        """Return the content of one version."""
        path = self._path(actor, number)
        return graph_from_triples(parse_quads(path.read_bytes(), ox.RdfFormat.N_TRIPLES, str(path)))

    def read_bytes(self, actor: str, number: int) -> bytes:
        """Return the content of one version as archived (canonical N-Triples)."""
        return self._path(actor, number).read_bytes()

    def write_report(self, actor: str, number: int, turtle: str) -> None:
        """Keep the validation report that accepted a version (once, like its content)."""
        path = self._path(actor, number).with_suffix(".report.ttl")
        _create_durably(path, turtle.encode(), f"the report of version {number} of {actor!r}")

    def read_report(self, actor: str, number: int) -> str:
        return self._path(actor, number).with_suffix(".report.ttl").read_text(encoding="utf-8")

    def _path(self, actor: str, number: int) -> Path:
        return self.root / actor / f"{number:06d}.nt"


def canonical_bytes(graph: Graph) -> bytes:
    """Return ``graph`` as canonical N-Triples (RDFC-1.0 blank nodes, sorted lines)."""
    dataset = ox.Dataset(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in dataset)
    return "".join(lines).encode("utf-8")


def content_hash(content: bytes) -> str:
    """Return the SHA-256 of canonical content, hex-encoded."""
    return hashlib.sha256(content).hexdigest()


def _create_durably(path: Path, content: bytes, what: str) -> None:
    """Give ``content`` the name ``path``, on disk, unless that name exists already."""
    if path.exists():
        raise _conflict(path, what)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # mkstemp's 0600 would hide the history from backups
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise _conflict(path, what) from None
    finally:
        os.unlink(temporary)
    _sync_folder(path.parent)


def _conflict(path: Path, what: str) -> ArchiveConflictError:
    return ArchiveConflictError(
        f"{what} is archived already ({path}); an archived version is never overwritten, "
        "and nothing was changed"
    )


def _sync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
