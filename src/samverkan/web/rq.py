"""The web layer's own SPARQL, kept as ``.rq`` files in ``web/queries/`` and loaded by name.

Each file starts with a comment saying what it answers and which variables are bound. The
files name terms under the canonical base; :func:`query` rewrites them to the deployment's
base, as the named queries of ``queries/`` are. Values always reach a query as bindings.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from samverkan.queries import for_base


@cache
def _source(name: str) -> str:
    return (resources.files("samverkan.web") / "queries" / f"{name}.rq").read_text("utf-8")


def query(name: str, base_iri: str) -> str:
    """Return the text of ``web/queries/<name>.rq`` for identifiers under ``base_iri``."""
    return for_base(_source(name), base_iri)


def names() -> list[str]:
    """Return the names of every query file (for the tests that parse them all)."""
    folder = resources.files("samverkan.web") / "queries"
    return sorted(p.name[: -len(".rq")] for p in folder.iterdir() if p.name.endswith(".rq"))
