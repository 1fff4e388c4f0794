"""Storage: one interface, an embedded on-disk store (Oxigraph) and a remote SPARQL store."""

from samverkan.storage.base import GraphScope, SelectResult, Store
from samverkan.storage.factory import open_store
from samverkan.storage.layout import GraphLayout
from samverkan.storage.oxigraph import OxigraphStore
from samverkan.storage.remote import RemoteStore

__all__ = [
    "GraphLayout",
    "GraphScope",
    "OxigraphStore",
    "RemoteStore",
    "SelectResult",
    "Store",
    "open_store",
]
