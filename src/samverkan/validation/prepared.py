"""rdflib's SPARQL processor, parsing each query text once.

pySHACL asks each SPARQL constraint once per focus node: the same text, with the node as an
initial binding. rdflib parses the text every time, which was half of a 1 000-triple
submission's validation (2 s of 4 s, in pyparsing). This processor keeps the parsed and
translated queries for the texts it has seen; rdflib's prepared queries are made to be
evaluated many times with different bindings, so the answers are the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier

#: How many query texts are kept (the shapes have a few dozen SPARQL constraints).
KEPT = 256


class PreparedProcessor(SPARQLProcessor):
    """The SPARQL processor with a cache of prepared queries, by text, base and prefixes."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 - rdflib's name
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        query = strOrQuery
        if isinstance(query, str):
            prefixes = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            query = _prepared(query, base, prefixes)
        return super().query(query, initBindings, initNs, base, DEBUG)


@lru_cache(maxsize=KEPT)
def _prepared(text: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(prefixes))


def parsed() -> int:
    """How many query texts have been parsed so far (the cache's misses)."""
    return _prepared.cache_info().misses


def install() -> None:
    """Make this the processor every rdflib graph of the process queries with."""
    plugin.register("sparql", Processor, __name__, PreparedProcessor.__name__)
