"""The exports' CONSTRUCT queries, kept as ``.rq`` files in ``exports/queries/``.

Each file starts with a comment saying what it builds. The files name our terms under the
canonical base; :func:`query` rewrites them to the deployment's base.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph

from samverkan.queries import for_base
from samverkan.storage import Store


@cache
def _source(name: str) -> str:
    return (resources.files("samverkan.exports") / "queries" / f"{name}.rq").read_text("utf-8")


def query(name: str, base_iri: str) -> str:
    """Return the text of ``exports/queries/<name>.rq`` for identifiers under ``base_iri``."""
    return for_base(_source(name), base_iri)


def names() -> list[str]:
    """Return the names of every query file (for the tests that parse them all)."""
    folder = resources.files("samverkan.exports") / "queries"
    return sorted(p.name[: -len(".rq")] for p in folder.iterdir() if p.name.endswith(".rq"))


def construct_all(store: Store, base_iri: str, query_names: tuple[str, ...]) -> Graph:
    """Run each named CONSTRUCT query on ``store`` and return the union of their answers."""
    graph = Graph()
    for name in query_names:
        graph += store.construct(query(name, base_iri))
    return graph
