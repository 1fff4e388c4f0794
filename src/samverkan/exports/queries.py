"""The exports' queries (the views' CONSTRUCTs, the SELECTs of :mod:`samverkan.exports.void`),
kept as ``.rq`` files in ``exports/queries/`` (read by :mod:`samverkan.rq`).

Each file starts with a comment saying what it builds and which variables are bound.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from samverkan import rq
from samverkan.metamodel import catalog_classes
from samverkan.sparql_values import fill
from samverkan.storage import Store
from samverkan.storage.base import Bindings

PACKAGE = "samverkan.exports"
#: Where a query lists the catalogs' classes.
CATALOGS_MARKER = "#CATALOGS#"


def query(name: str) -> str:
    """Return the text of ``exports/queries/<name>.rq``, its catalogs' ``VALUES`` block (where
    it has one) filled with :data:`samverkan.metamodel.CATALOGS`."""
    text = rq.packaged(PACKAGE, name)
    return fill(text, CATALOGS=catalog_classes()) if CATALOGS_MARKER in text else text


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
