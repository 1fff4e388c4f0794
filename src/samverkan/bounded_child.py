"""The child process of :mod:`samverkan.bounded`: limit itself, parse, answer, end.

Run as ``python -I -m samverkan.bounded_child``; it imports nothing of the package but
this module, so that it starts in about 10 ms. Standard input is one line of JSON (the
job) followed by the document; standard output one line of JSON (the outcome) followed,
for a document that parsed, by its quads as N-Quads. A job whose ``task`` is
``canonicalize`` gets N-Quads and answers them with RDFC-1.0 canonical blank node labels
(whose worst case is exponential in the number of blank nodes).
"""

from __future__ import annotations

import io
import json
import resource
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


def main() -> None:
    """Read the job, set its limits on this process, parse and write the outcome."""
    job = json.loads(sys.stdin.buffer.readline())
    limit(job["memory_bytes"], job["cpu_seconds"])
    data = sys.stdin.buffer.read()
    task = canonicalize if job.get("task") == "canonicalize" else parse
    try:
        outcome, nquads = task(data, job)
    except MemoryError:
        outcome, nquads = {"kind": "memory"}, b""
    sys.stdout.buffer.write(json.dumps(outcome).encode() + b"\n" + nquads)
    sys.stdout.buffer.flush()


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    """Bound this process's address space, data segment and CPU time."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def parse(data: bytes, job: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Parse the document into N-Quads within the job's limits; return outcome and quads."""
    rdf_format = ox.RdfFormat.from_extension(job["format"])
    assert rdf_format is not None
    output = Capped(job["max_output_bytes"])
    quads = ox.parse(data, format=rdf_format, base_iri=job["base_iri"])
    try:
        ox.serialize(
            counted(quads, job["max_triples"]),
            cast(IO[bytes], output),  # a RawIOBase that only writes
            format=ox.RdfFormat.N_QUADS,
        )
    except SyntaxError as error:
        place = {"line": error.lineno, "column": error.offset, "approximate": False}
        if error.lineno is None:
            place = located(data, rdf_format, job["base_iri"]) or place
        return {"kind": "syntax", "message": str(error.msg or error), **place}, b""
    except TooManyError:
        return {"kind": "triples"}, b""
    except TooLongError:
        return {"kind": "output"}, b""
    if rdf_format == ox.RdfFormat.RDF_XML and (broken := xml_error(data)) is not None:
        line, column, said = broken
        place = {"line": line, "column": column, "approximate": False}
        return {"kind": "syntax", "message": said, **place}, b""
    return {"kind": "ok"}, b"".join(output.parts)


def canonicalize(data: bytes, job: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Give the blank nodes of N-Quads their RDFC-1.0 canonical labels; return the quads."""
    dataset = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    output = Capped(job["max_output_bytes"])
    try:
        ox.serialize(dataset, cast(IO[bytes], output), format=ox.RdfFormat.N_QUADS)
    except TooLongError:
        return {"kind": "output"}, b""
    return {"kind": "ok"}, b"".join(output.parts)


class PlacedSyntaxError(SyntaxError):
    """A parser's syntax error; ``approximate`` when its line is only how far it had read."""

    def __init__(self, msg: str, place: tuple[str, Any, Any, None], approximate: bool) -> None:
        super().__init__(msg, place)
        self.approximate = approximate


def located(data: bytes, rdf_format: ox.RdfFormat, base_iri: str | None) -> dict[str, Any] | None:
    """Find where a parse that failed without a position (RDF/XML, some JSON-LD) failed.

    Parse again from a reader that gives the parser one line at a time: when it fails, the
    line it had read to is where it noticed the problem, which is on that line or before.
    For RDF/XML, an XML error that expat finds on that very line gives its column as well
    (the document has no DTD: :func:`samverkan.limits.refuse_dtd` refused it).
    """
    lines = LineReader(data)
    try:
        for _ in ox.parse(cast(IO[bytes], lines), format=rdf_format, base_iri=base_iri):
            pass
    except SyntaxError:
        line = max(1, data.count(b"\n", 0, max(lines.position - 1, 0)) + 1)
        exact = xml_error(data) if rdf_format == ox.RdfFormat.RDF_XML else None
        if exact is not None and exact[0] == line:
            return {"line": exact[0], "column": exact[1], "approximate": False}
        return {"line": line, "column": None, "approximate": True}
    return None


def xml_error(data: bytes) -> tuple[int, int, str] | None:
    """Return the 1-based line and column of the first XML error expat finds, and what it
    is, if any (Oxigraph's RDF/XML parser takes a document that is cut short as it is).

    The document has no DTD (:func:`samverkan.limits.refuse_dtd` refused it), so expat
    expands no entity.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        return error.lineno, error.offset + 1, expat.ErrorString(error.code) or "not XML"
    return None


class LineReader(io.RawIOBase):
    """A readable that gives at most one line of ``data`` per read, and says how far it is."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        end = self.data.find(b"\n", self.position)
        end = len(self.data) if end < 0 else end + 1
        end = min(end, self.position + len(buffer))
        size = end - self.position
        buffer[:size] = self.data[self.position : end]
        self.position = end
        return size


class TooManyError(Exception):
    """More triples than the job may have."""


class TooLongError(Exception):
    """More bytes of N-Quads than the job may become."""


def counted(quads: Iterator[ox.Quad], most: int | None) -> Iterator[ox.Quad]:
    """Pass the quads on, and raise :class:`TooManyError` at one more than ``most``."""
    for number, quad in enumerate(quads, 1):
        if most is not None and number > most:
            raise TooManyError
        yield quad


class Capped(io.RawIOBase):
    """A writable that keeps what it is given, and refuses more than ``most`` bytes."""

    def __init__(self, most: int) -> None:
        super().__init__()
        self.most = most
        self.size = 0
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, chunk: ReadableBuffer) -> int:
        part = bytes(chunk)
        self.size += len(part)
        if self.size > self.most:
            raise TooLongError
        self.parts.append(part)
        return len(part)


if __name__ == "__main__":
    main()
