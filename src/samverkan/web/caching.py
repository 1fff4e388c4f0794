"""Caching headers for every answer, in one place: ETags tied to the store's generation.

Every public read (``GET`` or ``HEAD`` without a credential, outside the job and health
routes) is an answer made from the store, so it stays right while the store's generation
(:mod:`samverkan.storage.generation`) is the same. Its ``ETag`` is a hash of that
generation together with what chooses the representation: the path and query string, the
``Accept`` and ``Accept-Language`` headers (hence ``Vary: Accept, Accept-Language``), the
deployment's base IRI and the software's version. A request whose ``If-None-Match`` names
the current tag is answered ``304 Not Modified`` before any work is done: one look-up of the
generation.

``Cache-Control`` is ``public, no-cache`` by default (``cache_max_age`` 0): any cache may
keep the answer but must revalidate it before each use, so a cache serves the body it holds
only after the server said, with a 304, that the store has not changed since; after a write,
the next read gets the new answer. nginx does not store answers marked ``no-cache``, so they
also carry nginx's own ``X-Accel-Expires: @1`` (expired since 1970: keep it, revalidate each
time), which nginx reads instead of ``Cache-Control`` and does not pass on. With
``cache_max_age`` N above 0 the answer is ``public, max-age=N``: caches then answer without
asking for N seconds, and may serve an answer up to N seconds older than a write.

Everything else (writes, answers to a request with a credential, jobs, health) is
``private, no-store``. Static files have their own headers (:mod:`samverkan.web.assets`).
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request

from samverkan import __version__
from samverkan.storage import generation
from samverkan.web.services import services

#: Blueprints whose answers change without a write to the store, or are for one client.
PRIVATE_BLUEPRINTS = frozenset({"jobs", "health", "assets"})
#: The request headers that choose a representation.
VARY = ("Accept", "Accept-Language")
PRIVATE = "private, no-store"
REVALIDATE = "public, no-cache"
#: nginx's own expiry header: an absolute time (seconds since 1970) in the past.
NGINX_EXPIRED = "@1"


def register(app: Flask) -> None:
    """Answer unchanged public reads with 304, and mark every answer for caches."""
    app.before_request(_answer_unchanged)
    app.after_request(_mark)


def is_public() -> bool:
    """Say whether the current request is a public read, the same for everyone."""
    return (
        request.method in {"GET", "HEAD"}
        and "Authorization" not in request.headers
        and request.endpoint is not None
        and request.blueprint not in PRIVATE_BLUEPRINTS
    )


def current_tag() -> str | None:
    """Return the ETag of the current request's answer now, or None while the store has no
    generation (then nothing is cached)."""
    if "samverkan_etag" not in g:
        token = generation.current(services().store)
        g.samverkan_etag = None if token is None else _tag(token)
    tag: str | None = g.samverkan_etag
    return tag


def _tag(token: str) -> str:
    parts = [
        __version__,
        services().settings.base_iri,
        token,
        request.full_path,
        *(request.headers.get(name, "") for name in VARY),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _answer_unchanged() -> Response | None:
    if not is_public() or not request.if_none_match:
        return None
    tag = current_tag()
    if tag is None or tag not in request.if_none_match.as_set(include_weak=True):
        return None
    return Response(status=304)


def _mark(response: Response) -> Response:
    if request.blueprint == "assets":
        return response
    if not is_public():
        response.headers.setdefault("Cache-Control", PRIVATE)
        return response
    response.vary.update(VARY)
    tag = current_tag() if response.status_code in {200, 304} else None
    del response.headers["Cache-Control"]
    if tag is None:
        response.headers["Cache-Control"] = "no-cache"
        return response
    response.set_etag(tag)
    max_age = services().settings.cache_max_age
    if max_age:
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    else:
        # Before Cache-Control: nginx takes the first of the two it meets.
        response.headers["X-Accel-Expires"] = NGINX_EXPIRED
        response.headers["Cache-Control"] = REVALIDATE
    return response
