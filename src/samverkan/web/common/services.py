"""What the web layer needs at hand: settings, the store, and what is made from them once.

The app factory makes one :class:`Services` per app; a request reaches it through
:func:`services` (outside a request, :func:`of_app`). What a room keeps for the app's
lifetime (its jobs, its admissions, its workflow) it holds with :meth:`Services.held`,
keyed by the type of what is kept, so that what comes back is typed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from flask import Flask, current_app

from samverkan.config import Settings
from samverkan.federation import open_federation
from samverkan.namespaces import VOCABULARY
from samverkan.presentation.ontology import Ontology, build
from samverkan.storage import GraphLayout, Store
from samverkan.submissions.credentials import import_beside

#: Where this server publishes the vocabulary's documents: ``<base>def/...``.
DEF = "def/"


#: Where the app keeps its :class:`Services` (``app.extensions[EXTENSION]``).
EXTENSION = "samverkan"

T = TypeVar("T")


@dataclass
class Services:
    """Per-app state: the settings, the store, and what is made from them once."""

    settings: Settings
    store: Store
    _held: dict[type[Any], object] = field(default_factory=dict, init=False, repr=False)
    _holding: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    @cached_property
    def layout(self) -> GraphLayout:
        return GraphLayout(self.settings.base_iri)

    @cached_property
    def ontology(self) -> Ontology:
        """The ontology model pages name terms by, read from the store the first time."""
        return build(self.store.graph(self.layout.ontology))

    def held(self, kind: type[T], make: Callable[[], T]) -> T:
        """Return the app's one ``kind``, made by ``make`` the first time it is asked for."""
        with self._holding:
            found = self._held.get(kind)
            if not isinstance(found, kind):
                found = make()
                self._held[kind] = found
            return found

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
    return of_app(current_app)


def of_app(app: Flask) -> Services:
    """Return the services of ``app`` (made by the app factory)."""
    found = app.extensions[EXTENSION]
    assert isinstance(found, Services), "the app was not made by samverkan.web.create_app"
    return found


def open_store(settings: Settings) -> tuple[Store, Settings]:
    """Open the store to serve it, under the base IRI it was made for (built when it holds
    nothing, never rebuilt); return it and the settings with that base."""
    store, settled = open_federation(settings)
    if settled.store_kind == "embedded" and not store.read_only:
        import_beside(store, settled.state_dir)
    store.warm_up()
    return store, settled
