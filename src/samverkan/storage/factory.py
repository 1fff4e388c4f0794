"""Open the store that the settings choose: embedded (the default) or a remote endpoint."""

from __future__ import annotations

from collections.abc import Callable

from samverkan.config import Settings
from samverkan.storage.base import Store
from samverkan.storage.endpoint import dialect_named
from samverkan.storage.oxigraph import OxigraphStore
from samverkan.storage.remote import RemoteStore


def open_store(settings: Settings) -> Store:
    """Open the store of kind ``settings.store_kind`` (as it is; nothing is built)."""
    return _OPENERS[settings.store_kind](settings)


def _embedded(settings: Settings) -> Store:
    return OxigraphStore(settings.store_path, query_workers=settings.query_workers)


def _remote(settings: Settings) -> Store:
    return RemoteStore(
        settings.store_query_url,
        settings.store_update_url or None,
        timeout=max(60.0, settings.query_timeout),
        user=settings.store_user or None,
        password=settings.store_password or None,
        dialect=dialect_named(settings.store_dialect),
    )


_OPENERS: dict[str, Callable[[Settings], Store]] = {"embedded": _embedded, "remote": _remote}
