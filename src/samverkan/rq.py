"""Read SPARQL files (``.rq``) by name: the one loader of the project's queries.

The code's own queries are package data, a ``queries`` folder beside the modules that run
them (``samverkan.web``, ``samverkan.exports``, ``samverkan.search``, ``samverkan.storage``);
the named queries, the integrators' API, are the project's ``queries/`` folder. Each file
starts with a comment saying what it answers and which variables are bound. The files name
the vocabulary's fixed IRIs and are used as they are; values reach them as bindings.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from samverkan.errors import UnknownQueryError

SUFFIX = ".rq"


def read(folder: Traversable | Path, name: str) -> str:
    """Return the text of ``<folder>/<name>.rq``, or say which queries the folder holds.

    Only a name the folder lists is read, so a name from a request never leaves it.
    """
    known = names(folder)
    if name not in known:
        raise UnknownQueryError(
            f"no query named {name!r}; known queries: {', '.join(known) or 'none'}"
        )
    return (folder / f"{name}{SUFFIX}").read_text(encoding="utf-8")


def names(folder: Traversable | Path) -> list[str]:
    """Return the names of the ``.rq`` files of ``folder``, sorted."""
    if not folder.is_dir():
        return []
    found = (entry.name for entry in folder.iterdir() if entry.is_file())
    return sorted(name[: -len(SUFFIX)] for name in found if name.endswith(SUFFIX))


def folder(package: str) -> Traversable:
    """Return the ``queries`` folder of ``package`` (package data)."""
    return resources.files(package) / "queries"


@cache
def packaged(package: str, name: str) -> str:
    """Return the text of the package's query ``name`` (read once per process)."""
    return read(folder(package), name)
