"""Storage: one interface, with an embedded on-disk implementation (Oxigraph)."""

from samverkan.storage.base import SelectResult, Store
from samverkan.storage.layout import GraphLayout
from samverkan.storage.oxigraph import OxigraphStore

__all__ = ["GraphLayout", "OxigraphStore", "SelectResult", "Store"]
