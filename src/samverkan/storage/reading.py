"""Open the store for reading, also while a running server holds it.

RocksDB lets one process open a store for writing, and ``samverkan serve`` keeps it open;
opening it read-only beside a writer is undefined behaviour in Oxigraph. But a server
publishes a checkpoint of the store when it starts and after every write, before the write
is answered (:mod:`samverkan.storage.checkpoints`). So a command that only reads (``query``,
``export``) opens the store itself when no one holds it, and otherwise reads the newest
checkpoint (:func:`open_checkpoint`): the store as the server has it, with the same answers.
"""

from __future__ import annotations

from samverkan.config import Settings
from samverkan.errors import StoreError
from samverkan.storage.base import Store
from samverkan.storage.checkpoints import Checkpoints, checkpoints_folder
from samverkan.storage.replica import ReplicaStore


def open_checkpoint(settings: Settings) -> Store:
    """Open the newest checkpoint that the server holding the store published."""
    folder = checkpoints_folder(settings.store_path)
    if Checkpoints(folder).newest() is None:
        raise StoreError(
            f"the store at {settings.store_path} is held by another process, which publishes "
            f"no checkpoint in {folder}; stop it, or ask the server itself (--server URL)"
        )
    return ReplicaStore(folder, query_workers=1)


def held_by_another(error: StoreError) -> bool:
    """Say whether opening failed because another process holds RocksDB's lock."""
    cause = error.__cause__
    return isinstance(cause, OSError) and "lock" in str(cause).lower()
