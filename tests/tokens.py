"""Make credentials in a store that is not open elsewhere (before a server opens it)."""

from __future__ import annotations

from pathlib import Path

from samverkan.storage import OxigraphStore
from samverkan.submissions.credentials import Credentials


def token_for(store_path: Path, actor: str) -> str:
    """Make a credential for ``actor`` in the embedded store at ``store_path``; return it."""
    store = OxigraphStore(store_path)
    try:
        return Credentials(store).create(actor)
    finally:
        store.close()
