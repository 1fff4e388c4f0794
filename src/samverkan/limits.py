"""Check a document before any parser sees it: its encoding, DTDs and nesting depth.

Parsers are the weak point of untrusted input: pyoxigraph's JSON-LD parser crashes the
process on a few thousand nested objects, its RDF/XML parser expands the entities of an
internal DTD (a kilobyte grows to gigabytes), and its Turtle parser spends seconds and a
gigabyte on deeply nested blank nodes. So, before parsing:

- every text must be UTF-8 (a BOM allowed) without NUL characters: the syntaxes are UTF-8
  by their specifications, and a document in UTF-16 could hide a ``<!DOCTYPE`` from a scan;
- RDF/XML may not carry a DTD at all (``<!DOCTYPE`` or ``<!ENTITY`` anywhere);
- JSON-LD, Turtle and TriG may nest ``{`` ``[`` ``(`` at most :attr:`Limits.max_depth`
  deep, counted outside strings, IRIs and comments.

What a parse may produce (triples, bytes) and use (memory, CPU time) is bounded where it
runs (:mod:`samverkan.bounded`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from samverkan.config import Settings
from samverkan.errors import RdfSyntaxError, RefusedConstructError, SourcePosition
from samverkan.messages import Message, message

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may be and produce."""

    #: Deepest nesting of ``{`` ``[`` ``(`` in JSON-LD, Turtle and TriG.
    max_depth: int = 64
    #: Most triples (or quads) a document may hold; None: no limit (the command line).
    max_triples: int | None = None
    #: Most bytes of N-Quads a document may become per byte of its own ...
    max_expansion: int = 32
    #: ... though any document may become this much, and none more than the ceiling.
    min_output_bytes: int = 4 * MIB
    max_output_bytes_ceiling: int = 64 * MIB
    #: Address space and CPU time of the process that parses it.
    memory_bytes: int = 512 * MIB
    cpu_seconds: int = 30

    def max_output_bytes(self, input_bytes: int) -> int:
        """Return how many bytes of N-Quads a document of ``input_bytes`` may become."""
        allowed = max(self.min_output_bytes, self.max_expansion * input_bytes)
        return min(allowed, self.max_output_bytes_ceiling)


def for_server(settings: Settings) -> Limits:
    """Return the limits of documents sent to the server, as configured."""
    return Limits(
        max_depth=settings.max_nesting,
        max_triples=settings.max_triples,
        max_expansion=settings.max_expansion,
        memory_bytes=settings.parse_memory_mib * MIB,
        cpu_seconds=settings.parse_cpu_seconds,
    )


def check(data: bytes, rdf_format: ox.RdfFormat, source: str | Message, limits: Limits) -> None:
    """Refuse what no parser should see; raise with the place where it was found."""
    text = decoded(data, source)
    if rdf_format == ox.RdfFormat.RDF_XML:
        refuse_dtd(text, source)
    elif rdf_format == ox.RdfFormat.JSON_LD:
        check_depth(text, _JSON_TOKENS, "{[", source, limits.max_depth)
    elif rdf_format in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3}:
        check_depth(text, _TURTLE_TOKENS, "{[(", source, limits.max_depth)


def decoded(data: bytes, source: str | Message) -> str:
    """Return ``data`` as text: UTF-8 (a BOM allowed), no NUL; else say where it is not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RdfSyntaxError(SourcePosition(source, 1, 1), message("utf16"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RdfSyntaxError(
            _position(data, error.start, source),
            message("not_utf8_byte", byte=f"{data[error.start]:02x}"),
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        raise RdfSyntaxError(
            _position(text, nul, source),
            message("nul_character"),
        )
    return text


_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_dtd(text: str, source: str | Message) -> None:
    """Refuse RDF/XML with a document type declaration or an entity declaration."""
    found = _DTD.search(text)
    if found:
        where = _position(text, found.start(), source).as_message()
        raise RefusedConstructError(
            message("dtd_refused", where=where, construct=found.group(1).upper())
        )


#: Strings, and the brackets outside them, of JSON.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
#: Long and short strings, IRIs, comments, escaped characters, and the brackets outside them,
#: of Turtle and TriG.
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<(?:[^<>\"{}|^`\\\s]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
    r"|\#[^\n\r]*"
    r"|\\."
    r"|[\[\](){}]",
    re.DOTALL,
)


def check_depth(
    text: str, tokens: re.Pattern[str], openers: str, source: str | Message, max_depth: int
) -> None:
    """Refuse a document nested deeper than ``max_depth`` (brackets outside strings)."""
    if sum(text.count(opener) for opener in openers) <= max_depth:
        return
    depth = 0
    for token in tokens.finditer(text):
        kind = token.group()
        if kind in openers:
            depth += 1
            if depth > max_depth:
                where = _position(text, token.start(), source).as_message()
                raise RefusedConstructError(message("too_deep", where=where, depth=max_depth))
        elif len(kind) == 1 and kind in "]})":
            depth = max(depth - 1, 0)


def _position(data: str | bytes, offset: int, source: str | Message) -> SourcePosition:
    """Return the 1-based line and column of ``offset`` in ``data``."""
    newline: str | bytes = "\n" if isinstance(data, str) else b"\n"
    line_start = data.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return SourcePosition(source, line, offset - line_start + 1)
