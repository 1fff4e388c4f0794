"""Who the actors of the federation are, as an operator's command sees the store.

``samverkan credentials add SLUG`` makes a credential only for an actor the store knows
(its part is a graph, or something is a ``sam:Actor`` under that slug), so that a mistyped
slug does not make a ghost actor. The store may be open in a running server: then it is
read through the newest checkpoint the server published.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from samverkan import metamodel as mm
from samverkan.config import Settings
from samverkan.errors import StoreError
from samverkan.storage import OxigraphStore, Store, open_store
from samverkan.storage.checkpoints import Checkpoints, checkpoints_folder

ACTORS = f"SELECT DISTINCT ?actor WHERE {{ ?actor a <{mm.ACTOR}> }}"


def is_actor(settings: Settings, slug: str) -> bool:
    """Say whether ``slug`` names an actor of the federation in the store."""
    with reading(settings) as store:
        graphs = {str(name) for name in store.graph_names()}
        if any(name.endswith(f"/graph/actor/{slug}") for name in graphs):
            return True
        actors = store.select(ACTORS).column("actor")
        return any(str(actor).endswith(f"/id/{slug}") for actor in actors)


@contextmanager
def reading(settings: Settings) -> Iterator[Store]:
    """Open the store for reading: itself, or the newest checkpoint while a server has it."""
    try:
        store = open_store(settings)
    except StoreError as error:  # held by a running server (RocksDB's lock), say
        store = _newest_checkpoint(settings, error)
    try:
        yield store
    finally:
        store.close()


def _newest_checkpoint(settings: Settings, error: StoreError) -> Store:
    newest = Checkpoints(checkpoints_folder(settings.store_path)).newest()
    if newest is None:
        raise StoreError(
            f"{error}; and no server has published a checkpoint of it to read instead"
        ) from error
    return OxigraphStore(newest.path, read_only=True)
