"""Validate files from the command line as the server would judge them, in context.

The context is the store at ``--store`` when it holds a federation (or the remote store the
settings name); when there is none, the example federation in ``data/``, built in memory
under the base IRI its files are written with.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph

from samverkan.config import Settings
from samverkan.errors import InputError
from samverkan.federation import build
from samverkan.namespaces import CANONICAL_BASE
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore, Store, identity, open_store
from samverkan.submissions.service import validate_submission
from samverkan.validation import Report, Validator


@dataclass(frozen=True)
class Judged:
    """A report, and the federation it was judged against, in words."""

    report: Report
    context: str


def validate_files(
    settings: Settings, validator: Validator, data: Graph, actor: str | None = None
) -> Judged:
    """Validate ``data`` as actor ``actor``'s new part (or each described actor's)."""
    if actor is not None:
        try:
            GraphLayout(settings.base_iri).actor(actor)
        except ValueError as error:
            raise InputError(str(error)) from None
    with federation(settings) as (store, context, base_iri):
        data = to_deployment(data, base_iri)
        report = validate_submission(validator, store, GraphLayout(base_iri), data, actor)
    return Judged(report, context)


@contextmanager
def federation(settings: Settings) -> Iterator[tuple[Store, str, str]]:
    """Open the federation to validate against; say which it is and its base IRI."""
    if settings.store_kind == "remote":
        store: Store = open_store(settings)
        context = f"the store at {settings.store_query_url}"
    elif _holds_a_store(settings):  # read-only: a server may hold the store open
        store = OxigraphStore(settings.store_path, read_only=True)
        context = f"the store at {settings.store_path}"
    else:
        context = (
            f"the example federation in {settings.data_dir} (no store at {settings.store_path})"
        )
        store = OxigraphStore(None)
        with tempfile.TemporaryDirectory(prefix="samverkan-validate-") as scratch:
            # Building writes the search index beside the store (and imports an archive
            # folder of an earlier release from there): here a folder of its own that goes
            # away, so that validating writes nothing.
            example = Path(scratch) / "store"
            build(store, replace(settings, base_iri=CANONICAL_BASE, store_path=example))
        settings = replace(settings, base_iri=CANONICAL_BASE)
    try:
        settings = identity.settle(settings, store)
        if GraphLayout(settings.base_iri).ontology not in store.graph_names():
            raise InputError(
                f"{context} holds no federation under {settings.base_iri}; "
                "build it with samverkan load, or give the base IRI it was built with"
            )
        yield store, context, settings.base_iri
    finally:
        store.close()


def _holds_a_store(settings: Settings) -> bool:
    path = settings.store_path
    return path.is_dir() and any(path.iterdir())
