"""The web layer's own SPARQL, kept as ``.rq`` files in ``web/queries/`` (read by
:mod:`samverkan.rq`).

Each file starts with a comment saying what it answers and which variables are bound. Values
always reach a query as bindings.
"""

from __future__ import annotations

from samverkan import rq

PACKAGE = "samverkan.web"


def query(name: str) -> str:
    """Return the text of ``web/queries/<name>.rq``."""
    return rq.packaged(PACKAGE, name)


def names() -> list[str]:
    """Return the names of every query file (for the tests that parse them all)."""
    return rq.names(rq.folder(PACKAGE))
