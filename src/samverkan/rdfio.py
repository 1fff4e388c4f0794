"""Read RDF safely: every syntax by one parser that never fetches anything.

Parsing goes through Oxigraph's parsers: JSON-LD remote contexts are refused (no document
loader is installed) and RDF/XML external entities are not resolved, so reading input never
opens a connection. Syntax errors name the source, the line and the column.

Files read by the command line are checked first (:func:`samverkan.limits.check`: UTF-8,
no DTD, bounded nesting) and parsed in this process; documents sent to the server are
checked the same way and then parsed in a bounded child process (:func:`parse_untrusted`).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from samverkan import bounded, limits
from samverkan.bounded_child import PlacedSyntaxError, located, xml_error
from samverkan.errors import RdfSyntaxError, SourcePosition, UnsupportedFormatError
from samverkan.limits import Limits
from samverkan.messages import Message, message
from samverkan.terms import graph_from_triples

#: Media types and file extensions accepted as input, by syntax.
FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def format_for_media_type(media_type: str) -> ox.RdfFormat:
    """Return the syntax for a ``Content-Type`` value (parameters ignored)."""
    bare = media_type.split(";", 1)[0].strip().lower()
    try:
        return FORMATS[bare]
    except KeyError:
        accepted = ", ".join(sorted(FORMATS))
        raise UnsupportedFormatError(
            message("media_type_not_rdf", media_type=bare, accepted=accepted)
        ) from None


def format_for_path(path: Path) -> ox.RdfFormat:
    """Return the syntax for a file name by its extension."""
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        accepted = ", ".join(sorted(EXTENSIONS))
        raise UnsupportedFormatError(
            message("extension_not_rdf", path=path, extension=path.suffix, accepted=accepted)
        ) from None


#: What a file read by the command line may be (its user is no attacker: no limit on size).
FILE_LIMITS = Limits()


def parse_quads(
    data: bytes | str,
    rdf_format: ox.RdfFormat,
    source: str | Message,
    base_iri: str | None = None,
    checked: Limits | None = None,
) -> list[ox.Quad]:
    """Parse a document into quads, or raise :class:`RdfSyntaxError` saying where it failed.

    With ``checked``, the document is first checked against those limits (bytes only).
    """
    if checked is not None and isinstance(data, bytes):
        limits.check(data, rdf_format, source, checked)
        data = data.removeprefix(codecs.BOM_UTF8)  # allowed by the check, not by every parser
    try:
        quads = list(ox.parse(data, format=rdf_format, base_iri=base_iri))
        if rdf_format == ox.RdfFormat.RDF_XML:
            _refuse_ill_formed(data, source)
        return quads
    except SyntaxError as error:
        if error.lineno is None and (place := _located(data, rdf_format, base_iri)):
            where = ("", place["line"], place["column"], None)
            error = PlacedSyntaxError(str(error.msg or error), where, bool(place["approximate"]))
        raise syntax_error(error, source) from None


def _refuse_ill_formed(data: bytes | str, source: str | Message) -> None:
    """Refuse RDF/XML that is not well-formed XML (cut short, say), naming where."""
    if broken := xml_error(data.encode() if isinstance(data, str) else data):
        line, column, said = broken
        raise RdfSyntaxError(SourcePosition(source, line, column), said)


def _located(
    data: bytes | str, rdf_format: ox.RdfFormat, base_iri: str | None
) -> dict[str, object] | None:
    """Find the line of an error the parser gave no position for (in this process: a file
    of the command line's, or of the store's own)."""
    return located(data.encode() if isinstance(data, str) else data, rdf_format, base_iri)


def parse_untrusted(
    data: bytes,
    rdf_format: ox.RdfFormat,
    source: str | Message,
    base_iri: str | None,
    bounds: Limits,
) -> list[ox.Quad]:
    """Check and parse a document sent by anyone, in a bounded process (see module doc).

    Every refusal, of the limits' or the parser's, names ``source`` (and, for syntax, the
    line) in the language of whoever reads it."""
    limits.check(data, rdf_format, source, bounds)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        nquads = bounded.parse(data, rdf_format, source, base_iri, bounds)
    except SyntaxError as error:
        raise syntax_error(error, source) from None
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into an rdflib graph (graph names of TriG/N-Quads are merged)."""
    return graph_from_triples(_read(path))


def parse_files(paths: list[Path]) -> Graph:
    """Parse several RDF files into one graph."""
    graph = Graph()
    for path in paths:
        graph_from_triples(_read(path), graph)
    return graph


def _read(path: Path) -> list[ox.Quad]:
    return parse_quads(path.read_bytes(), format_for_path(path), str(path), checked=FILE_LIMITS)


_POSITION = re.compile(r"line (\d+)(?:,)? (?:column|between columns) (\d+)")


def syntax_error(error: SyntaxError, source: str | Message) -> RdfSyntaxError:
    """Return the parser's error as ours, naming the source, line and column."""
    message = str(error.msg if error.msg else error)
    line, column = error.lineno, error.offset
    if line is None:
        match = _POSITION.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
    detail = re.sub(r"^Parser error (?:at|between) [^:]*: ", "", message)
    approximate = isinstance(error, PlacedSyntaxError) and error.approximate
    return RdfSyntaxError(SourcePosition(source, line, column, approximate), detail)
