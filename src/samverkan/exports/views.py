"""The exports by name, as the command line and the web offer them."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from samverkan.config import Settings
from samverkan.exports.cpsv import cpsv_view
from samverkan.exports.dcat import dcat_view
from samverkan.storage import Store


def _cpsv(store: Store, settings: Settings) -> Graph:
    return cpsv_view(store)


#: Each export's name and the function that builds it from the store.
VIEWS: dict[str, Callable[[Store, Settings], Graph]] = {
    "cpsv-ap": _cpsv,
    "dcat-ap": dcat_view,
}

#: The syntaxes an export can be written in, by the name the command line takes.
SYNTAXES = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}


def export(name: str, store: Store, settings: Settings, syntax: str = "turtle") -> bytes:
    """Build export ``name`` from ``store`` and serialise it in ``syntax``."""
    return VIEWS[name](store, settings).serialize(format=SYNTAXES[syntax], encoding="utf-8")
