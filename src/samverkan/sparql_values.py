"""Fill the VALUES blocks of the project's own query templates with terms, safely.

Style rule: values reach SPARQL as bindings, never by formatting request input into query
text. Lists of values cannot be bound, so templates carry ``#NAME#`` markers inside VALUES
blocks, and only terms serialised by Oxigraph (which validates IRIs and escapes literals)
are put there. :func:`bound` shows a named query with its parameters' values written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from samverkan.queries import for_base

_MARKER = re.compile(r"#[A-Z]+#")
#: The outermost WHERE of a query: the first one on a line that no comment starts before it.
_WHERE = re.compile(r"^[^#\n]*?\bWHERE\s*\{", re.IGNORECASE | re.MULTILINE)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def template(package: str, name: str) -> str:
    """Return ``<package>/queries/<name>`` as text."""
    return (resources.files(package) / "queries" / name).read_text(encoding="utf-8")


def fill(query: str, base_iri: str, **blocks: str) -> str:
    """Rebase ``query`` and put each block where its ``#NAME#`` marker stands."""
    filled = for_base(query, base_iri)
    for name, block in blocks.items():
        filled = filled.replace(f"#{name}#", block)
    if _MARKER.search(filled):
        raise ValueError(f"a VALUES block of the template was left unfilled: {filled[:200]}")
    return filled


def iris(terms: Iterable[URIRef]) -> str:
    """Return IRIs as a VALUES row list, each checked and written by Oxigraph."""
    return " ".join(str(ox.NamedNode(str(term))) for term in sorted(set(terms)))


def literal(text: str, language: str | None = None) -> str:
    """Return a string literal as SPARQL, escaped by Oxigraph."""
    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def term(node: Node) -> str:
    """Return an rdflib IRI or literal as SPARQL, checked and written by Oxigraph."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal) and node.language:
        return literal(str(node), node.language)
    if isinstance(node, Literal) and node.datatype:
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
    if isinstance(node, Literal):
        return literal(str(node))
    raise ValueError(f"only IRIs and literals can be written into a query, not {node!r}")


def bound(query: str, bindings: Mapping[str, Node]) -> str:
    """Return ``query`` with ``bindings`` as a VALUES block opening its WHERE clause.

    For showing a named query with its parameters' values in place (in an editor, say): the
    text stays the project's own, the variables keep their names, and every value is
    written by Oxigraph. The block joins the values with the rest of the outermost group,
    which gives the same answer as binding them, for queries that match each bound variable
    in a triple pattern (as the named queries do; the tests check each one).
    """
    if not bindings:
        return query
    if bad := [name for name in bindings if not _VARIABLE.fullmatch(name)]:
        raise ValueError(f"not a SPARQL variable name: {bad[0]!r}")
    where = _WHERE.search(query)
    if where is None:
        raise ValueError("the query has no WHERE clause to put the values in")
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(term(value) for value in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({row}) }}"
    return query[: where.end()] + block + query[where.end() :]
