"""Open the store that the settings choose: embedded (the default) or a remote endpoint."""

from __future__ import annotations

from collections.abc import Callable

from samverkan.config import Settings
from samverkan.storage.base import Store
from samverkan.storage.checkpoints import checkpoints_folder
from samverkan.storage.endpoint import dialect_named
from samverkan.storage.oxigraph import OxigraphStore
from samverkan.storage.remote import RemoteStore
from samverkan.storage.replica import ReplicaStore


def open_store(settings: Settings) -> Store:
    """Open the store of kind ``settings.store_kind`` (as it is; nothing is built)."""
    return _OPENERS[settings.store_kind](settings)


def open_replica(settings: Settings, query_workers: int) -> Store:
    """Open the store as a process that is not its writer sees it (``serve --workers``):
    an embedded store through the checkpoints its writer publishes, read-only; a remote
    store as it is, since every process reaches it alike."""
    return _REPLICA_OPENERS[settings.store_kind](settings, query_workers)


def _embedded(settings: Settings) -> Store:
    return OxigraphStore(
        settings.store_path,
        query_workers=settings.query_workers,
        query_memory_bytes=settings.query_memory_bytes,
    )


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


def _embedded_replica(settings: Settings, query_workers: int) -> Store:
    return ReplicaStore(
        checkpoints_folder(settings.store_path), query_workers, settings.query_memory_bytes
    )


def _remote_replica(settings: Settings, query_workers: int) -> Store:
    return _remote(settings)


_REPLICA_OPENERS: dict[str, Callable[[Settings, int], Store]] = {
    "embedded": _embedded_replica,
    "remote": _remote_replica,
}
