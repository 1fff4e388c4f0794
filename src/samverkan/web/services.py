"""What the web layer needs at hand: settings, the store, and derived helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flask import current_app

from samverkan.config import Settings
from samverkan.federation import open_federation
from samverkan.namespaces import VOCABULARY
from samverkan.storage import GraphLayout, Store
from samverkan.submissions.credentials import import_beside

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


def open_store(settings: Settings) -> tuple[Store, Settings]:
    """Open the store to serve it, under the base IRI it was made for (built when it holds
    nothing, never rebuilt); return it and the settings with that base."""
    store, settled = open_federation(settings)
    if settled.store_kind == "embedded" and not store.read_only:
        import_beside(store, settled.state_dir)
    store.warm_up()
    return store, settled
