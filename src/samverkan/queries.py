"""Named queries: the ``.rq`` files under ``queries/`` are the integrators' API.

Each file starts with a comment block: a title line, a description, and a ``Parameters:``
section with one line per parameter, ``?name (iri|string|integer) what it is``. Lines
starting ``sv:`` give the title (the first of them) and the description in Swedish, for the
query page. Parameter
values are checked against their type and reach the query as variable bindings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from samverkan import rq
from samverkan.errors import QueryParameterError
from samverkan.messages import message

_PARAMETER = re.compile(r"^#\s+\?(?P<name>\w+)\s+\((?P<type>iri|string|integer)\)\s+(?P<doc>.*)$")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_EXAMPLE = re.compile(r"\be\.g\.\s+(\S+)")
#: A header line in another language than English: ``sv: text``.
_TRANSLATED = re.compile(r"^(?P<lang>sv):\s+(?P<text>.*)$")


@dataclass(frozen=True)
class Parameter:
    """A value a named query needs, with its type."""

    name: str
    type: str
    doc: str

    @property
    def example(self) -> str:
        """Return the example value the header gives after "e.g.", or an empty string."""
        found = _EXAMPLE.search(self.doc)
        return found.group(1).rstrip(".,;)") if found else ""

    def bind(self, raw: str) -> Node:
        """Turn a command-line or request value into a term of this parameter's type."""
        value = raw.strip()
        if self.type == "iri":
            value = value.removeprefix("<").removesuffix(">")
            if not _IRI.match(value):
                raise QueryParameterError(message("query_parameter_iri", name=self.name, raw=raw))
            return URIRef(value)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryParameterError(
                    message("query_parameter_integer", name=self.name, raw=raw)
                )
            return Literal(int(value), datatype=XSD.integer)
        return Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name, what it answers, its parameters and its text."""

    name: str
    title: str
    description: str
    source: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    #: The title and description in other languages, by language (``sv:`` header lines).
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        """Return the title in ``lang`` when the header gives one, else in English."""
        return self.translations.get(lang, (self.title, ""))[0]

    def description_in(self, lang: str) -> str:
        """Return the description in ``lang`` when the header gives one, else in English."""
        return self.translations.get(lang, ("", self.description))[1]

    def text(self) -> str:
        """Return the query's text (the same on every deployment: the vocabulary is fixed)."""
        return self.source

    def bindings(self, values: dict[str, str]) -> dict[str, Node]:
        """Check ``values`` against the parameters and return them as bindings."""
        known = {p.name: p for p in self.parameters}
        if unknown := sorted(set(values) - set(known)):
            takes = ", ".join(known) or message("query_parameters_none")
            raise QueryParameterError(
                message(
                    "query_parameter_unknown",
                    query=self.name,
                    unknown=", ".join(unknown),
                    known=takes,
                )
            )
        if missing := sorted(set(known) - set(values)):
            raise QueryParameterError(
                message("query_parameter_missing_cli", query=self.name, name=missing[0])
            )
        return {name: known[name].bind(raw) for name, raw in values.items()}


def load_query(folder: Path, name: str) -> NamedQuery:
    """Read the named query ``name`` of ``folder`` and its header comment."""
    source = rq.read(folder, name)
    header = []
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    parameters = tuple(
        Parameter(m["name"], m["type"], m["doc"].strip())
        for line in header
        if (m := _PARAMETER.match(line))
    )
    prose = [line.lstrip("#").strip() for line in header if not _PARAMETER.match(line)]
    prose = [line for line in prose if line != "Parameters:"]
    translated = [found for line in prose if (found := _TRANSLATED.match(line))]
    prose = [line for line in prose if not _TRANSLATED.match(line)]
    title = prose[0] if prose else name
    description = " ".join(line for line in prose[1:] if line).strip()
    return NamedQuery(name, title, description, source, parameters, _translations(translated))


def _translations(lines: list[re.Match[str]]) -> dict[str, tuple[str, str]]:
    """Return each language's title (its first line) and description (the others)."""
    by_language: dict[str, list[str]] = {}
    for line in lines:
        by_language.setdefault(line["lang"], []).append(line["text"].strip())
    return {lang: (texts[0], " ".join(texts[1:])) for lang, texts in by_language.items()}


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Read every ``.rq`` file of ``folder``, by name (each as :func:`find_query` keeps it)."""
    return {name: find_query(folder, name) for name in _listing(folder, _stamp(folder))}


def find_query(folder: Path, name: str) -> NamedQuery:
    """Return the named query ``name``, or say which names exist.

    What was read is kept per version of the folder and of the file (their modification
    time, size and inode), so a request reads no file unless one changed: reading and
    parsing the headers of every file took 0.5-0.7 ms a request. Only a name the folder
    lists is looked up.
    """
    if name not in _listing(folder, _stamp(folder)):
        return load_query(folder, name)  # raises, naming the queries there are
    return _loaded(folder, name, _stamp(folder / f"{name}{rq.SUFFIX}"))


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


@lru_cache(maxsize=64)
def _listing(folder: Path, stamp: tuple[int, int, int] | None) -> tuple[str, ...]:
    return tuple(rq.names(folder))


@lru_cache(maxsize=1024)
def _loaded(folder: Path, name: str, stamp: tuple[int, int, int] | None) -> NamedQuery:
    return load_query(folder, name)
