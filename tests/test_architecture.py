"""The house's layout holds: no import runs upward, and the web layer's rooms stay apart.

Every module under ``src/samverkan`` is parsed (its imports read with :mod:`ast`, those inside
functions too), and the rules are checked on what it imports:

1. Nothing outside ``web/`` imports ``samverkan.web``, except the two entry points that start
   the server on top of it (``server.py`` and ``workers.py``; the command line reaches the
   server only through ``server.py``).
2. ``presentation/`` imports neither Flask (nor Werkzeug, Jinja) nor ``samverkan.web``: pages,
   exports and the specification share it.
3. A room of ``web/`` (``linked_data``, ``sparql``, ``catalog``, ``submissions``, ``search``)
   imports from ``web/common/`` and from below ``web/``, never from another room;
   ``web/common/`` imports no room; only the app factory (``web/__init__.py``) sees them all.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "samverkan"
#: The entry points that start the server, on top of ``web/``.
ENTRY_POINTS = frozenset({"samverkan.server", "samverkan.workers"})
WEB = "samverkan.web"
COMMON = "samverkan.web.common"
PRESENTATION = "samverkan.presentation"
FLASK_FAMILY = ("flask", "werkzeug", "jinja2")
ROOMS = ("linked_data", "sparql", "catalog", "submissions", "search")


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under ``src/``."""
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(name: str, source: str, modules: frozenset[str]) -> Iterator[str]:
    """Yield every module that the module ``name`` imports (``from p import m`` is ``p.m``
    when ``p.m`` is a module of the tree, else ``p``)."""
    is_package = any(other.startswith(name + ".") for other in modules)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in modules else base


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - (level - 1)]
    return ".".join([*anchor, *([module] if module else [])])


def within(name: str, package: str) -> bool:
    """Say whether module ``name`` is ``package`` or inside it."""
    return name == package or name.startswith(package + ".")


def room_of(name: str) -> str | None:
    """Return the web room a module belongs to (``common`` too), or None."""
    for room in (*ROOMS, "common"):
        if within(name, f"{WEB}.{room}"):
            return room
    return None


def violations(sources: Mapping[str, str]) -> list[str]:
    """Return every import that breaks a rule, as ``importer -> imported: rule``."""
    names = frozenset(sources)
    found: list[str] = []
    for name, source in sorted(sources.items()):
        for target in sorted(set(imported(name, source, names))):
            found.extend(f"{name} -> {target}: {why}" for why in _broken(name, target))
    return found


def _broken(name: str, target: str) -> Iterator[str]:
    if within(target, WEB) and not within(name, WEB) and name not in ENTRY_POINTS:
        yield "only web/ and the entry points import samverkan.web"
    if within(name, PRESENTATION) and target.split(".")[0] in FLASK_FAMILY:
        yield "presentation/ is Flask-free"
    mine, theirs = room_of(name), room_of(target)
    if mine and theirs and mine != theirs and theirs != "common":
        yield f"web/{mine}/ imports from web/{theirs}/: rooms meet only in web/common/"
    if mine and target == WEB:
        yield "a room imports the app factory"


def tree() -> dict[str, str]:
    """Return the source of every module of the package, by dotted name."""
    return {module_name(path): path.read_text("utf-8") for path in PACKAGE.rglob("*.py")}


def test_no_module_imports_upward_and_the_rooms_stay_apart() -> None:
    sources = tree()
    assert {f"{WEB}.{room}" for room in ROOMS} <= set(sources), "the rooms are packages"
    assert violations(sources) == []


@pytest.mark.parametrize(
    ("importer", "line", "rule"),
    [
        ("samverkan.exports.dcat", "from samverkan.web.linked_data import dumps", "only web/"),
        ("samverkan.cli", "    from samverkan.web.common.services import open_store", "only web/"),
        ("samverkan.specification.diagram", "import samverkan.web", "only web/"),
        ("samverkan.presentation.texts", "from flask import request", "Flask-free"),
        ("samverkan.presentation.links", "from samverkan.web import common", "only web/"),
        ("samverkan.web.catalog.items", "from samverkan.web.submissions import submit", "rooms"),
        ("samverkan.web.search.page", "from ..catalog.types import listing_href", "rooms"),
        ("samverkan.web.common.errors", "from samverkan.web.sparql import named", "rooms"),
        ("samverkan.web.sparql.named", "from samverkan.web import create_app", "factory"),
    ],
)
def test_an_import_that_breaks_a_rule_is_found(importer: str, line: str, rule: str) -> None:
    sources = tree()
    source = sources[importer]
    if line.startswith("    "):
        line = f"def later() -> None:\n{line}\n"
    sources[importer] = f"{source}\n{line}\n"
    found = violations(sources)
    assert len(found) == 1 and found[0].startswith(f"{importer} -> ")
    assert rule in found[0]


def test_the_entry_points_and_the_factory_may_import_the_web_layer() -> None:
    sources = tree()
    sources["samverkan.server"] += "\nfrom samverkan.web.common.services import open_store\n"
    sources["samverkan.web"] += "\nfrom samverkan.web.search import suggest\n"
    sources["samverkan.web.search.page"] += "\nfrom samverkan.web.common import rq\n"
    assert violations(sources) == []
