"""The content of every accepted version, kept as files beside the store.

Each version of an actor's part is written once, as sorted N-Triples, before the store
switches to it; a file that no recorded version names (a crash between the two steps) is
simply never read. Files are written to a temporary name, flushed to disk and renamed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from samverkan.rdfio import parse_quads
from samverkan.terms import graph_from_triples, to_oxigraph


class Archive:
    """Version files under ``root/<actor>/<number>.nt``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, actor: str, number: int, content: bytes) -> Path:
        """Store a version's content durably; return its path."""
        path = self._path(actor, number)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_durably(path, content)
        return path

    def read(self, actor: str, number: int) -> Graph:
        """Return the content of one version."""
        path = self._path(actor, number)
        return graph_from_triples(parse_quads(path.read_bytes(), ox.RdfFormat.N_TRIPLES, str(path)))

    def write_report(self, actor: str, number: int, turtle: str) -> None:
        """Keep the validation report that accepted a version."""
        _write_durably(self._path(actor, number).with_suffix(".report.ttl"), turtle.encode())

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


def _write_durably(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
