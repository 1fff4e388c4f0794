"""Fill the VALUES blocks of the project's own query templates with terms, safely.

Style rule: values reach SPARQL as bindings, never by formatting request input into query
text. Lists of values cannot be bound, so templates carry ``#NAME#`` markers inside VALUES
blocks, and only terms serialised by Oxigraph (which validates IRIs and escapes literals)
are put there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import URIRef

_MARKER = re.compile(r"#[A-Z]+#")


def fill(query: str, **blocks: str) -> str:
    """Return ``query`` with each block where its ``#NAME#`` marker stands."""
    filled = query
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
