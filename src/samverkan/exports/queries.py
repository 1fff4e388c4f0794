"""The exports' CONSTRUCT queries, kept as ``.rq`` files in ``exports/queries/`` (read by
:mod:`samverkan.rq`).

Each file starts with a comment saying what it builds and which variables are bound.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from samverkan import rq
from samverkan.storage import Store
from samverkan.storage.base import Bindings

PACKAGE = "samverkan.exports"


def query(name: str) -> str:
    """Return the text of ``exports/queries/<name>.rq``."""
    return rq.packaged(PACKAGE, name)


def names() -> list[str]:
    """Return the names of every query file (for the tests that parse them all)."""
    return rq.names(rq.folder(PACKAGE))


def construct_all(
    store: Store, query_names: tuple[str, ...], bindings: Mapping[str, Bindings] | None = None
) -> Graph:
    """Run each named CONSTRUCT query on ``store`` and return the union of their answers.

    ``bindings`` gives, by query name, the values a query takes (its header says which).
    """
    graph = Graph()
    for name in query_names:
        graph += store.construct(query(name), (bindings or {}).get(name))
    return graph
