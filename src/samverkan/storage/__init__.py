"""Storage: one interface, an embedded on-disk store (Oxigraph) and a remote SPARQL store,
and a read-only replica of the embedded one for the other processes of a server."""

from samverkan.storage.base import GraphScope, SelectResult, Store
from samverkan.storage.factory import open_replica, open_store
from samverkan.storage.layout import GraphLayout
from samverkan.storage.oxigraph import OxigraphStore
from samverkan.storage.remote import RemoteStore
from samverkan.storage.replica import ReplicaStore

__all__ = [
    "GraphLayout",
    "GraphScope",
    "OxigraphStore",
    "RemoteStore",
    "ReplicaStore",
    "SelectResult",
    "Store",
    "open_replica",
    "open_store",
]
