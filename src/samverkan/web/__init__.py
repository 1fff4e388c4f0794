"""The linked-data server: an app factory over rooms of blueprints, by what they serve.

``common/`` is what every room uses (services, errors, negotiation, caching, the page's
language, addresses); the rooms are ``linked_data/``, ``sparql/``, ``catalog/`` (catalogs
and items), ``submissions/`` (submissions and history) and ``search/``. A room imports
from ``common/`` and from below ``web/``, never from another room; nothing below ``web/``
imports from it (``tests/test_architecture.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

from samverkan.config import Settings, load_settings
from samverkan.storage import Store
from samverkan.web.catalog import items, pages, tracing, types
from samverkan.web.common import assets, caching, errors, health, hygiene, security
from samverkan.web.common.services import EXTENSION, Services, open_store
from samverkan.web.linked_data import dumps, graph_store, specification
from samverkan.web.search import page as search
from samverkan.web.search import suggest
from samverkan.web.sparql import named, protocol, query_page
from samverkan.web.submissions import exchange, history, jobs, restore, submit


def create_app(
    test_config: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    store: Store | None = None,
) -> Flask:
    """Build the app; settings come from ``test_config`` over the environment over defaults."""
    settings = settings or load_settings(test_config)
    if store is None:
        store, settings = open_store(settings)
    app = Flask(__name__, static_folder=None)  # static files: samverkan.web.common.assets
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        TESTING=bool((test_config or {}).get("TESTING", False)),
    )
    app.extensions[EXTENSION] = Services(settings, store)
    # Submissions and history before items, whose /id/<path:...> would take their routes.
    blueprints = (
        assets,
        health,
        protocol,
        graph_store,
        dumps,
        pages,
        query_page,
        named,
        submit,
        history,
        restore,
        jobs,
        exchange,
        suggest,
        search,
        tracing,
        types,
        specification,
        items,
    )
    for module in blueprints:
        app.register_blueprint(module.bp)
    errors.register(app)
    hygiene.register(app)
    app.after_request(_cross_origin)
    app.before_request(security.refuse_bad_bytes)
    app.after_request(security.secure)
    # Last: its 304s come after the checks of the request above.
    caching.register(app)
    return app


#: Request headers a cross-origin script may set (``Content-Type`` for direct POST queries).
CORS_HEADERS = "Content-Type, Accept, Accept-Language"


def _cross_origin(response: Response) -> Response:
    """Let browser-based tools on any origin read what this server publishes (all read-only).

    A preflight (``OPTIONS``, answered by Flask for every route) learns which methods the
    route takes and which headers a script may send.
    """
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Location, Link, ETag, Vary"
    if request.method == "OPTIONS":
        methods = [m for m in response.allow if m not in {"HEAD", "OPTIONS"}]
        response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted(methods))
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
