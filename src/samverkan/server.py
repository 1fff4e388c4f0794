"""Serve the app under waitress, a production WSGI server."""

from __future__ import annotations

import sys

import waitress

from samverkan.config import Settings
from samverkan.web import create_app
from samverkan.web.common.services import open_store
from samverkan.web.sparql.warming import warm


def serve(settings: Settings, threads: int = 8) -> None:
    """Open the store (building it if it holds nothing), then serve until interrupted.

    With ``settings.workers`` above 1, serve in that many reader processes and one writer
    (:mod:`samverkan.workers`); else in this one process.
    """
    if settings.workers > 1:
        from samverkan.workers import serve_workers

        serve_workers(settings, threads)
        return
    store, settings = open_store(settings)
    # A checkpoint now and after every write: `samverkan query` and `export` read it meanwhile.
    store.publish_to_replicas()
    app = create_app(settings=settings, store=store)
    warm(app)  # before listening: /health answers once the first query is quick
    print(
        f"samverkan: serving {settings.base_iri} on http://{settings.host}:{settings.port}/ "
        f"(store {settings.store_path})",
        file=sys.stderr,
        flush=True,
    )
    try:
        waitress.serve(
            app,
            host=settings.host,
            port=settings.port,
            threads=threads,
            max_request_body_size=settings.transport_body_bytes,
            ident="samverkan",
        )
    finally:
        store.close()
