"""Decide what a public query may do from its parsed form: no SERVICE, no update, ever.

A query is read by a real SPARQL parser (rdflib's, a pyparsing grammar of SPARQL 1.1) and
its parse tree is walked: a ``SERVICE`` anywhere (a subquery, ``OPTIONAL``, ``UNION``,
``MINUS``, ``FILTER EXISTS``) refuses it, as does any update operation (``LOAD`` fetches a
document). What the parser cannot read is refused too: nothing runs that the policy did not
see.

Two parsers must see the same query, so the text is first brought to one form that both
read alike, and the engine runs *that* text, never the client's:

- codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are replaced before parsing, as SPARQL 1.1
  section 19.2 requires (Oxigraph replaces them only inside strings and IRIs, which is how a
  text guard was once misled); an escape that spells another escape is refused;
- every line end becomes LF (rdflib ends a comment only at LF, Oxigraph also at CR, so
  ``# …<CR>SERVICE`` was a comment to one and a SERVICE to the other);
- control characters (NUL among them) are refused.

The query workers have no network where the OS allows (:mod:`samverkan.storage.isolation`),
so a SERVICE that got past this module could still not connect there. (Oxigraph itself
cannot be told to refuse SERVICE: pyoxigraph 0.5's ``Store.query`` has no such option, nor a
service handler to replace; it opens an HTTP connection itself.)
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from samverkan.errors import ForbiddenOperationError, QuerySyntaxError, RefusedQueryError
from samverkan.messages import Message, message

READ_ONLY = message("sparql_read_only")
NO_SERVICE = message("sparql_service")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class CheckedQuery:
    """A query the policy admits: the text the engine is to run, and what it asks for."""

    #: The query in the one form both parsers read alike; run this, not the client's text.
    text: str
    #: "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE".
    form: str
    #: Whether the query names its own dataset (``FROM`` or ``FROM NAMED``).
    names_dataset: bool
    #: The graphs of its ``FROM`` and ``FROM NAMED`` clauses, as the query resolves them
    #: (relative ones against the base given with the request, by :func:`resolved`).
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


#: How many verdicts a process keeps, and the longest text it keeps one for.
VERDICTS = 512
VERDICT_TEXT_CHARS = 64 * 1024


def check_query(text: str) -> CheckedQuery:
    """Return ``text`` as the engine is to run it; raise if it is refused or does not parse.

    Raises :class:`RefusedQueryError` for a SERVICE, :class:`ForbiddenOperationError` for
    an update, :class:`QuerySyntaxError` for what does not parse. The verdict on a text is
    kept (an LRU of :data:`VERDICTS`, texts up to :data:`VERDICT_TEXT_CHARS`), so a text
    asked again is not parsed again: rdflib's parser takes 3 ms for ``ASK {}`` and 100-150 ms
    for a named query. The verdict depends on the text alone (and this process's recursion
    limit, which is fixed), so it is the one :func:`decide_query` gives.
    """
    if len(text) > VERDICT_TEXT_CHARS:
        return decide_query(text)
    verdict = _verdict(text)
    if isinstance(verdict, CheckedQuery):
        return verdict
    raise copy.copy(verdict) from None


@lru_cache(maxsize=VERDICTS)
def _verdict(text: str) -> CheckedQuery | Exception:
    try:
        return decide_query(text)
    except (QuerySyntaxError, ForbiddenOperationError, RefusedQueryError) as error:
        return error


def decide_query(text: str) -> CheckedQuery:
    """Decide on ``text`` by parsing it, as :func:`check_query` does, without a kept verdict."""
    canonical = canonical_text(text)
    try:
        parsed = parseQuery(canonical)
    except ParseException as error:
        if _is_update(canonical):
            raise ForbiddenOperationError(READ_ONLY) from None
        raise QuerySyntaxError(_syntax_message(error)) from None
    except RecursionError:
        raise QuerySyntaxError(message("query_too_nested")) from None
    except ValueError as error:
        raise QuerySyntaxError(message("query_syntax", detail=error)) from None
    query = parsed[1]
    if _has_service(parsed):
        raise RefusedQueryError(NO_SERVICE)
    default, named = _dataset_clauses(parsed)
    return CheckedQuery(canonical, _FORMS[query.name], "datasetClause" in query, default, named)


def _dataset_clauses(parsed: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the IRIs of a parsed query's FROM and FROM NAMED clauses (prefixes expanded,
    resolved against the query's own BASE)."""
    prologue = translatePrologue(parsed[0], None)
    found: dict[str, list[str]] = {"default": [], "named": []}
    query = parsed[1]
    # Not query.get(name, default): a CompValue's get takes no default, it gives the name.
    for clause in query["datasetClause"] if "datasetClause" in query else ():  # noqa: SIM401
        kind = "default" if "default" in clause else "named"
        found[kind].append(str(prologue.absolutize(clause[kind])))
    return tuple(found["default"]), tuple(found["named"])


def resolved(graphs: tuple[str, ...], base_iri: str | None) -> list[str]:
    """Return ``graphs`` resolved against ``base_iri``; leave out what stays relative."""
    absolute = (urljoin(base_iri, graph) if base_iri else graph for graph in graphs)
    return [graph for graph in absolute if urlsplit(graph).scheme]


def canonical_text(text: str) -> str:
    """Replace codepoint escapes and line ends; refuse control characters and nested escapes."""
    try:
        expanded = _ESCAPE.sub(_codepoint, text)
    except ValueError as error:
        raise QuerySyntaxError(message("query_syntax", detail=error)) from None
    if _ESCAPE.search(expanded):
        raise QuerySyntaxError(message("query_escape_escape"))
    expanded = expanded.replace("\r\n", "\n").replace("\r", "\n")
    if control := _CONTROL.search(expanded):
        line = expanded.count("\n", 0, control.start()) + 1
        codepoint = f"{ord(control.group()):04X}"
        raise QuerySyntaxError(message("query_control", codepoint=codepoint, line=line))
    return expanded


def _codepoint(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise ValueError(f"{match.group()} is not a Unicode character")
    return chr(code)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseException, ValueError, RecursionError):
        return False
    return True


def _has_service(node: Any) -> bool:
    """Say whether a SERVICE pattern occurs anywhere in a parse tree."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                return True
            pending.extend(current.values())
        elif isinstance(current, ParseResults | list | tuple):
            pending.extend(current)
    return False


def _syntax_message(error: ParseException) -> Message:
    detail = " ".join(str(error.msg).split())
    found = error.line[error.col - 1 : error.col + 19].strip() if error.line else ""
    near = f", found {found!r}" if found else " at the end"
    said = f"{detail[:1].lower()}{detail[1:]}{near}"
    return message("query_syntax_at", line=error.lineno, column=error.col, detail=said)
