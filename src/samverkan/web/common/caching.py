"""Caching headers for every answer, in one place: ETags tied to the store's generation.

Every public read (``GET`` or ``HEAD`` without a credential, outside the job and health
routes) is an answer made from the store, so it stays right while the store's generation
(:mod:`samverkan.storage.generation`) is the same. Its ``ETag`` is a hash of that
generation together with what chooses the representation: the path and query string, the
``Accept`` and ``Accept-Language`` headers (hence ``Vary: Accept, Accept-Language``), the
deployment's base IRI and the software's version. A request whose ``If-None-Match`` names
the current tag is answered ``304 Not Modified`` before any work is done: one look-up of the
generation. An answer sent with a ``Content-Encoding`` (a dump gzipped for a client that
takes it) has the encoding added to its tag, since its bytes differ.

``Cache-Control`` is ``public, no-cache`` by default (``cache_max_age`` 0): any cache may
keep the answer but must revalidate it before each use, so a cache serves the body it holds
only after the server said, with a 304, that the store has not changed since; after a write,
the next read gets the new answer. With ``cache_max_age`` N above 0 it is
``public, max-age=N``: caches then answer without asking for N seconds, and may serve an
answer up to N seconds older than a write.

Every answer also says the same to nginx in nginx's own header, ``X-Accel-Expires``, which
nginx reads and does not pass on: ``@1`` (expired since 1970: keep it, revalidate before each
use) for ``no-cache``, N for ``max-age=N``, ``0`` (never keep) for the rest. nginx does not
keep an answer whose ``Cache-Control`` says ``no-cache``, and nginx 1.22 (Debian 12) lets
that win over ``X-Accel-Expires`` when it comes first, as it does from waitress, which sends
headers sorted by name; so nginx is told ``proxy_ignore_headers Cache-Control`` and goes by
``X-Accel-Expires`` alone (README, Caching).

Search answers come from the search index, which is refreshed just after the store is
written; their tag also covers the index file's state (size, time of change), so a search
answered between the write and the refresh is not kept under the new generation.

Everything else (writes, answers to a request with a credential, jobs, health) is
``private, no-store``. Static files have their own policies (:mod:`samverkan.web.common.assets`),
set here too (:func:`apply`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, g, request

from samverkan import __version__, search
from samverkan.storage import generation
from samverkan.web.common.services import services

#: Blueprints not tied to the store's generation: jobs and health change without a write
#: (they are private), static files have policies of their own (:mod:`.assets`).
PRIVATE_BLUEPRINTS = frozenset({"jobs", "health", "assets"})
#: The request headers that choose a representation.
VARY = ("Accept", "Accept-Language")


@dataclass(frozen=True)
class Policy:
    """What caches may do with an answer: for every cache, and for nginx in its own words."""

    cache_control: str
    #: ``X-Accel-Expires``: seconds to keep, ``@<time>`` kept until then, ``0`` never kept.
    nginx: str


PRIVATE = Policy("private, no-store", "0")
#: A public answer that has no tag (an error, a store without a generation).
UNTAGGED = Policy("no-cache", "0")
#: Keep, and revalidate before each use (``@1``: an absolute time long past).
REVALIDATE = Policy("public, no-cache", "@1")
#: A year, for what never changes at its URL (a static file by its hash).
IMMUTABLE = Policy("public, max-age=31536000, immutable", "31536000")


def fresh_for(seconds: int) -> Policy:
    """Return the policy that lets caches answer for ``seconds`` without asking."""
    return Policy(f"public, max-age={seconds}", str(seconds))


def apply(response: Response, policy: Policy) -> None:
    """Give ``response`` the caching headers of ``policy``."""
    response.headers["Cache-Control"] = policy.cache_control
    response.headers["X-Accel-Expires"] = policy.nginx


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


def _search_index_state() -> str:
    """Return what changes whenever the search index is written (absent: "none")."""
    try:
        found = os.stat(search.index_path(services().settings))
    except OSError:
        return "none"
    return f"{found.st_ino}:{found.st_size}:{found.st_mtime_ns}"


#: What a blueprint's answers are made from besides the store, read into their tags.
DERIVED_STATE: dict[str, Callable[[], str]] = {"search": _search_index_state}


def _tag(token: str) -> str:
    derived = DERIVED_STATE.get(request.blueprint or "")
    parts = [
        __version__,
        services().settings.base_iri,
        token,
        derived() if derived else "",
        request.full_path,
        *(request.headers.get(name, "") for name in VARY),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def encoded(tag: str, encoding: str | None) -> str:
    """Return the tag of the answer sent in ``encoding`` (its bytes differ: so must its tag)."""
    return f"{tag}-{encoding}" if encoding else tag


def _answer_unchanged() -> Response | None:
    if not is_public():
        return None
    # Read before the answer is made: a write landing while it is made then leaves the answer
    # under the older tag (revalidated next time), never the older answer under the new tag.
    tag = current_tag()
    if tag is None:
        return None
    # Any encoding of the current answer that the client holds is still right.
    held = request.if_none_match.as_set(include_weak=True)
    matched = next((t for t in (tag, encoded(tag, "gzip")) if t in held), None)
    if matched is None:
        return None
    response = Response(status=304)
    response.set_etag(matched)
    return response


def _mark(response: Response) -> Response:
    if request.blueprint == "assets":
        return response
    if not is_public():
        if "Cache-Control" not in response.headers:
            apply(response, PRIVATE)
        response.headers.setdefault("X-Accel-Expires", PRIVATE.nginx)
        return response
    response.vary.update(VARY)
    tag = current_tag() if response.status_code in {200, 304} else None
    if tag is None:
        apply(response, UNTAGGED)
        return response
    if response.status_code == 200:
        response.set_etag(encoded(tag, response.headers.get("Content-Encoding")))
    max_age = services().settings.cache_max_age
    apply(response, fresh_for(max_age) if max_age else REVALIDATE)
    return response
