"""What the web layer needs at hand: settings, the store, and derived helpers."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property

from flask import current_app

from samverkan import storage
from samverkan.config import Settings
from samverkan.federation import build
from samverkan.namespaces import VOCABULARY
from samverkan.storage import GraphLayout, Store

#: Where this server publishes the vocabulary's documents: ``<base>def/...``.
DEF = "def/"


@dataclass
class Services:
    """Per-app state, kept in ``app.extensions['samverkan']``."""

    settings: Settings
    store: Store
    cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def layout(self) -> GraphLayout:
        return GraphLayout(self.settings.base_iri)

    def iri(self, path: str) -> str:
        """Return the identifier that a request path under this server stands for.

        ``/def/...`` stands for the vocabulary, whose IRIs are fixed (:data:`VOCABULARY`);
        every other path for an instance under this deployment's base.
        """
        local = path.lstrip("/")
        if local.startswith(DEF):
            return VOCABULARY + local[len(DEF) :]
        return self.settings.base_iri + local

    def path(self, iri: str) -> str | None:
        """Return the local path of an identifier this server publishes, else None."""
        if iri.startswith(VOCABULARY):
            return "/" + DEF + iri[len(VOCABULARY) :]
        base = self.settings.base_iri
        return "/" + iri[len(base) :] if iri.startswith(base) else None


def services() -> Services:
    """Return the current app's services."""
    found: Services = current_app.extensions["samverkan"]
    return found


def open_store(settings: Settings) -> Store:
    """Open the configured store; build it from the project's files if it lacks the federation."""
    store = storage.open_store(settings)
    if GraphLayout(settings.base_iri).ontology not in store.graph_names():
        # First start, or a new base IRI: every identifier changes, so start afresh.
        print(f"samverkan: building the store at {settings.store_path}", file=sys.stderr)
        for name in store.graph_names():
            store.drop_graph(name)
        build(store, settings)
    store.warm_up()
    return store
