"""Page a named query's answer by keyset: a page size and a cursor, never an OFFSET.

A query pages on its ``ORDER BY`` variables, followed by the rest of its projected variables
so that every row has a key of its own (ties would otherwise fall between two pages). The
cursor is the key of the last row of a page, as N-Triples terms (``null`` for an unbound
value), in URL-safe base64 JSON. The next page is the same query with a ``FILTER`` keeping
the rows whose key comes after the cursor, and a ``LIMIT`` of one row more than the page,
which says whether there is a page after it. The cursor's terms reach the query in a VALUES
block written by :func:`samverkan.storage.values.inject_values` (pyoxigraph's term writer),
never as text from the request.

The comparison follows SPARQL's order for the columns a named query sorts on: unbound
first, numbers by value, IRIs and literals by their text. A query without a plain
``ORDER BY ?a ?b …`` cannot be paged (:class:`~samverkan.errors.QueryParameterError`).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.term import Node

from samverkan.errors import QueryParameterError
from samverkan.storage.values import inject_values
from samverkan.terms import to_oxigraph, to_rdflib

#: The largest page a client may ask for.
MAX_PAGE_SIZE = 10_000
_ORDER = re.compile(r"\bORDER\s+BY\s+((?:\?\w+\s*)+)(?:#[^\n]*\s*)*$", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\s*\bWHERE\b", re.I | re.S)
_VARIABLE = re.compile(r"\?(\w+)")
_PREFIX = "pageAfter"


@dataclass(frozen=True)
class PagedQuery:
    """A named query's text for one page, and the variables of its row keys."""

    text: str
    key: tuple[str, ...]


def parse_page_size(raw: str | None) -> int | None:
    """Read a page size: a whole number from 1 to :data:`MAX_PAGE_SIZE`, or None for all."""
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise QueryParameterError(
            f"page size must be a whole number from 1 to {MAX_PAGE_SIZE}, not {raw!r}"
        )
    return int(raw)


def row_key(text: str, fixed: Collection[str] = ()) -> tuple[str, ...]:
    """Return the variables a query's rows are keyed on: its ORDER BY, then the rest it
    projects, less the ``fixed`` ones (its parameters: the same in every row)."""
    order = _ORDER.search(_without_comments(text))
    select = _SELECT.search(_blank_comments(text))
    if order is None or select is None or "(" in select.group(2) or "*" in select.group(2):
        raise QueryParameterError(
            "this query cannot be paged: it needs a projection of plain variables and an "
            "ORDER BY of plain variables at its end"
        )
    ordered = _VARIABLE.findall(order.group(1))
    projected = _VARIABLE.findall(select.group(2))
    key = (*ordered, *(name for name in projected if name not in ordered))
    return tuple(name for name in key if name not in fixed)


def page_query(text: str, size: int, cursor: str | None, fixed: Collection[str] = ()) -> PagedQuery:
    """Return ``text`` limited to the page of ``size`` rows after ``cursor`` (None: the
    first page), fetching one row more to tell whether another page follows. ``fixed``
    names the query's parameters, which are bound, so no part of the key."""
    key = row_key(text, fixed)
    after = decode_cursor(cursor, len(key)) if cursor else None
    select = _SELECT.search(_blank_comments(text))
    assert select is not None
    projected = set(_VARIABLE.findall(select.group(2)))
    missing = " ".join(f"?{name}" for name in key if name not in projected)
    body = text
    if missing:
        start = select.start(2)
        body = body[:start] + missing + " " + body[start:]
    order = _ORDER.search(_without_comments(body))
    assert order is not None
    clause = "ORDER BY " + " ".join(f"?{name}" for name in key)
    head = _without_comments(body)[: order.start()]
    if after is not None:
        close = head.rstrip().rfind("}")
        head = head[:close] + f"  FILTER ({_after(key, after)})\n" + head[close:]
        bindings = {f"{_PREFIX}{i}": term for i, term in enumerate(after) if term is not None}
        head = inject_values(head, bindings)
    return PagedQuery(f"{head}{clause}\nLIMIT {size + 1}\n", key)


def encode_cursor(values: Sequence[Node | None]) -> str:
    """Return the cursor naming the row whose key has ``values``."""
    terms = [None if value is None else str(to_oxigraph(value)) for value in values]
    raw = json.dumps(terms, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Node | None]:
    """Read a cursor back into the terms of a row key of ``length`` variables."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        terms = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error):
        raise QueryParameterError(f"cursor {cursor[:40]!r} is not one this server gave") from None
    if not isinstance(terms, list) or len(terms) != length:
        raise QueryParameterError("the cursor does not fit this query: start from the first page")
    return [None if term is None else _term(term) for term in terms]


def next_cursor(rows: Sequence[Mapping[str, Node]], key: Sequence[str], size: int) -> str | None:
    """Return the cursor of the page after ``rows`` (fetched with one row extra), or None."""
    if len(rows) <= size:
        return None
    last = rows[size - 1]
    return encode_cursor([last.get(name) for name in key])


def _term(text: object) -> Node:
    if not isinstance(text, str):
        raise QueryParameterError("the cursor holds something that is not an RDF term")
    try:
        quad = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    except (SyntaxError, StopIteration, ValueError):
        raise QueryParameterError(f"the cursor holds {text[:40]!r}, not an RDF term") from None
    if isinstance(quad.object, ox.BlankNode):
        raise QueryParameterError("a cursor never holds a blank node")
    return to_rdflib(quad.object)


def _after(key: Sequence[str], after: Sequence[Node | None]) -> str:
    """Return the condition that a row's key comes after the cursor's, in SPARQL's order."""
    alternatives = []
    for position, name in enumerate(key):
        equal = [_same(key[i], i, after[i]) for i in range(position)]
        alternatives.append(" && ".join([*equal, _greater(name, position, after[position])]))
    return " || ".join(f"({alternative})" for alternative in alternatives)


def _greater(name: str, position: int, value: Node | None) -> str:
    if value is None:
        return f"BOUND(?{name})"
    cursor = f"?{_PREFIX}{position}"
    return (
        f"(BOUND(?{name}) && IF(isNumeric(?{name}) && isNumeric({cursor}), "
        f"?{name} > {cursor}, STR(?{name}) > STR({cursor})))"
    )


def _same(name: str, position: int, value: Node | None) -> str:
    if value is None:
        return f"!BOUND(?{name})"
    cursor = f"?{_PREFIX}{position}"
    return (
        f"(BOUND(?{name}) && IF(isNumeric(?{name}) && isNumeric({cursor}), "
        f"?{name} = {cursor}, sameTerm(?{name}, {cursor})))"
    )


def _blank_comments(text: str) -> str:
    """Return ``text`` with its comment lines blanked, every character in its place (so that
    "sub-select" in a comment is never taken for the query's SELECT)."""
    return "\n".join(
        " " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n")
    )


def _without_comments(text: str) -> str:
    """Return ``text`` less its trailing comment lines and blank lines."""
    lines = text.rstrip().splitlines()
    while lines and lines[-1].lstrip().startswith("#"):
        lines.pop()
    return "\n".join(lines) + "\n"
