"""The linked-data server: an app factory with one blueprint per surface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

from samverkan.config import Settings, load_settings
from samverkan.storage import Store
from samverkan.web import (
    errors,
    exports,
    graphs,
    health,
    history,
    hygiene,
    jobs,
    lod,
    named,
    pages,
    query,
    resources,
    search,
    security,
    sparql,
    specification,
    submissions,
    tracing,
)
from samverkan.web.services import Services, open_store


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
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        TESTING=bool((test_config or {}).get("TESTING", False)),
    )
    app.extensions["samverkan"] = Services(settings, store)
    # Submissions and history before resources, whose /id/<path:...> would take their routes.
    blueprints = (
        health,
        sparql,
        graphs,
        lod,
        pages,
        query,
        named,
        submissions,
        history,
        jobs,
        exports,
        search,
        tracing,
        specification,
        resources,
    )
    for module in blueprints:
        app.register_blueprint(module.bp)
    errors.register(app)
    hygiene.register(app)
    app.after_request(_cross_origin)
    app.before_request(security.refuse_bad_bytes)
    app.after_request(security.secure)
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
