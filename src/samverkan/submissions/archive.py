"""The content of every accepted version, and the report that accepted it, kept in the store.

Each version of an actor's part is written once, as sorted N-Triples, before the store
switches to it; content that no recorded version names (a crash between the two steps) is
never read, and its number is never given again (:meth:`Archive.largest`).

Each version's content is an internal graph of its own, ``urn:x-samverkan:archive:<actor>:
<number>``, and its report another, ``urn:x-samverkan:report:<actor>:<number>`` (a remote
store of a registry of its own puts them under it, :meth:`Store.internal_graph`); internal
graphs are never shown by a public read (:func:`samverkan.storage.base.is_internal`). A graph
holds the document's text, exactly as archived, in literals of at most
:data:`PART_CHARACTERS` characters (a store would rewrite the triples themselves: Oxigraph
and Virtuoso write ``"01"^^xsd:integer`` as ``"1"``, and the content hash would no longer
match), with its SHA-256, its length, and a token naming its writer::

    <urn:x-samverkan:archive:kivra:3> state:sha256 "…" ;
        state:characters 18231 ; state:writer "9f…" .
    <urn:x-samverkan:archive:kivra:3#part-0> state:order 0 ; state:text "<…> <…> <…> .\\n…" .

The graphs are write-once. A graph is written by one conditional update that writes nothing
when the graph exists (:meth:`Store.create_graph`); its writer then reads the token back, and
a token not its own means another writer was first (:class:`ArchiveConflictError`). An
existing version is never replaced, and the version is recorded (the history graph) only
after the update writing its content has returned.

Every statement of these graphs is about an internal IRI and names no public one (no type
either), so that the federation's own queries, which read the union of all graphs, never
meet them; public reads leave the graphs out by name.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from samverkan import rq
from samverkan.errors import ArchiveConflictError, StoreError
from samverkan.rdfio import parse_quads
from samverkan.storage import Store
from samverkan.terms import graph_from_triples, to_oxigraph

#: The internal vocabulary of what a server keeps in the store (never the public ontology).
STATE = Namespace("urn:x-samverkan:state#")
#: The longest literal a document is cut into (requests stay small for remote stores).
PART_CHARACTERS = 16_000
_CONTENT, _REPORT = "archive", "report"
#: The files of the archive folder that earlier releases kept beside the store:
#: ``<actor>/<number>.nt`` (content) and ``<actor>/<number>.report.ttl`` (its report).
_NUMBERED = re.compile(r"^(\d{6,})\.(nt|report\.ttl)$")


class Archive:
    """Versions' content and reports, as write-once internal graphs of ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def write(self, actor: str, number: int, content: bytes) -> URIRef:
        """Store a version's content, once; return the name of its graph.

        Raise :class:`ArchiveConflictError`, and change nothing, when the version has content.
        """
        name = self._graph(_CONTENT, actor, number)
        self._create(name, content.decode("utf-8"), f"version {number} of {actor!r}")
        return name

    def largest(self, actor: str) -> int:
        """Return the largest version number that has content for ``actor`` (0 for none)."""
        prefix = str(self._graph(_CONTENT, actor, 0))[:-1]
        numbers = (
            int(rest)
            for name in self.store.graph_names()
            if str(name).startswith(prefix) and (rest := str(name)[len(prefix) :]).isdigit()
        )
        return max(numbers, default=0)

    def read(self, actor: str, number: int) -> Graph:
        """Return the content of one version."""
        content = self.read_bytes(actor, number)
        return graph_from_triples(
            parse_quads(content, ox.RdfFormat.N_TRIPLES, f"version {number} of {actor!r}")
        )

    def read_bytes(self, actor: str, number: int) -> bytes:
        """Return the content of one version as archived (canonical N-Triples)."""
        text = self._read(self._graph(_CONTENT, actor, number))
        if text is None:
            raise StoreError(f"version {number} of {actor!r} is recorded but has no content")
        return text.encode("utf-8")

    def has(self, actor: str, number: int) -> bool:
        """Say whether version ``number`` of ``actor`` has content."""
        return self._writer(self._graph(_CONTENT, actor, number)) is not None

    def write_report(self, actor: str, number: int, turtle: str) -> None:
        """Keep the validation report that accepted a version (once, like its content)."""
        name = self._graph(_REPORT, actor, number)
        self._create(name, turtle, f"the report of version {number} of {actor!r}")

    def read_report(self, actor: str, number: int) -> str | None:
        """Return the report a version was accepted with (None: none was kept)."""
        return self._read(self._graph(_REPORT, actor, number))

    def documents(self, actor: str) -> dict[str, bytes]:
        """Return every document kept for ``actor`` (content and reports), by graph name."""
        kept = (self._graph(kind, actor, 0) for kind in (_CONTENT, _REPORT))
        prefixes = tuple(str(name)[:-1] for name in kept)
        return {
            str(name): text.encode("utf-8")
            for name in sorted(self.store.graph_names())
            if str(name).startswith(prefixes)
            and str(name).rsplit(":", 1)[1].isdigit()
            and (text := self._read(name)) is not None
        }

    def _graph(self, kind: str, actor: str, number: int) -> URIRef:
        """Return the name of the internal graph keeping a version's content or report."""
        return self.store.internal_graph(f"{kind}:{actor}:{number}")

    def _create(self, name: URIRef, text: str, what: str) -> None:
        if self._writer(name) is not None:
            raise _conflict(name, what)
        token = secrets.token_hex(16)
        self.store.create_graph(name, document(name, text, token))
        if self._writer(name) != token:
            raise _conflict(name, what)

    def _writer(self, name: URIRef) -> str | None:
        query = rq.packaged("samverkan.storage", "graph-writer")
        rows = self.store.select(query, {"graph": name}).rows
        return str(rows[0]["writer"]) if rows else None

    def _read(self, name: URIRef) -> str | None:
        """Return the text a graph holds, checked against its hash (None: no such graph)."""
        graph = self.store.graph(name)
        if len(graph) == 0:
            return None
        parts = sorted(
            (int(str(graph.value(part, STATE.order))), str(text))
            for part, text in graph.subject_objects(STATE.text)
        )
        text = "".join(piece for _, piece in parts)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != str(graph.value(name, STATE.sha256)):
            raise StoreError(
                f"the archived document <{name}> does not match its SHA-256: the store lost "
                "or changed part of it; restore the store from a backup"
            )
        return text


def import_folder(archive: Archive, folder: Path) -> int:
    """Import into the store every file of an archive folder of an earlier release that it
    does not hold yet; return how many were imported.

    Each is written once, like any version, then read back and compared with the file, byte
    for byte: a difference raises :class:`StoreError` and nothing more is imported. The
    files are kept as they are; a file whose graph the store holds is not read again.
    """
    held = archive.store.graph_names()
    imported = 0
    for path in sorted(folder.glob("*/*")):
        if (found := _NUMBERED.match(path.name)) is None:
            continue
        actor, number = path.parent.name, int(found.group(1))
        kind = _CONTENT if found.group(2) == "nt" else _REPORT
        name = archive._graph(kind, actor, number)
        if name in held:
            continue
        text = path.read_bytes().decode("utf-8")
        archive._create(name, text, f"{path}")
        if archive._read(name) != text:
            raise StoreError(
                f"{path} was imported into the store as <{name}>, but reads back otherwise; "
                "the files are kept, and nothing more was imported"
            )
        imported += 1
    if imported:
        print(
            f"samverkan: imported {imported} archived versions and reports from {folder} "
            "into the store, each compared with its file; the files are kept",
            file=sys.stderr,
        )
    return imported


def document(name: URIRef, text: str, token: str) -> Graph:
    """Return the graph that keeps ``text`` under ``name``, written by ``token``."""
    graph = Graph()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    graph.add((name, STATE.sha256, Literal(digest)))
    graph.add((name, STATE.characters, Literal(len(text), datatype=XSD.integer)))
    graph.add((name, STATE.writer, Literal(token)))
    for order, start in enumerate(range(0, len(text), PART_CHARACTERS)):
        part = URIRef(f"{name}#part-{order}")
        graph.add((part, STATE.order, Literal(order, datatype=XSD.integer)))
        graph.add((part, STATE.text, Literal(text[start : start + PART_CHARACTERS])))
    return graph


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


def _conflict(name: URIRef, what: str) -> ArchiveConflictError:
    return ArchiveConflictError(
        f"{what} is archived already (<{name}>); an archived version is never overwritten, "
        "and nothing was changed"
    )
