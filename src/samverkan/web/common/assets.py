"""Static files, served like a real site: named by a hash of their content, compressed, and
kept by browsers and caches for a year; and the site's icon at ``/favicon.ico``.

Templates name a file with ``static_url(name)``: ``/static/<name>?v=<hash>``. The hash is
that of the file's bytes, so a changed file gets a new URL and an answer at the hashed URL
never changes: it is sent with ``Cache-Control: public, max-age=31536000, immutable``. A URL
without the current hash (an old page, a hand-typed address) gets the file with
``public, no-cache`` instead (:mod:`samverkan.web.common.caching` sets both). Text files go
gzipped to a client that accepts gzip (``Vary: Accept-Encoding``); each encoding has its
own ``ETag``.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, request, url_for
from werkzeug.security import safe_join

from samverkan.errors import NotFoundError
from samverkan.web.common import caching

bp = Blueprint("assets", __name__)

#: The folder of the static files (package data, ``web/static/``).
FOLDER = Path(__file__).resolve().parent.parent / "static"
#: Media types worth compressing besides ``text/*``.
COMPRESSIBLE = frozenset({"application/javascript", "application/json", "image/svg+xml"})
#: Below this many bytes gzip saves nothing worth a header.
MIN_COMPRESSED = 256


@dataclass(frozen=True)
class Asset:
    """One static file as served: its bytes, their gzip form if worth it, type and hash."""

    body: bytes
    gzipped: bytes | None
    media_type: str
    digest: str


def find(name: str) -> Asset:
    """Return the static file ``name`` (a path inside the folder), or raise NotFoundError."""
    joined = safe_join(str(FOLDER), name)
    path = Path(joined) if joined is not None else None
    if path is None or not path.is_file():
        raise NotFoundError(f"no static file {name!r}")
    return _read(path, path.stat().st_mtime_ns)


@cache
def _read(path: Path, mtime_ns: int) -> Asset:
    """Read a file once per version of it (``mtime_ns`` tells versions apart)."""
    body = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    compressible = media_type.startswith("text/") or media_type in COMPRESSIBLE
    gzipped = None
    if compressible and len(body) >= MIN_COMPRESSED:
        gzipped = gzip.compress(body, compresslevel=9, mtime=0)
    if media_type.startswith("text/") or media_type == "application/javascript":
        media_type += "; charset=utf-8"
    digest = hashlib.sha256(body).hexdigest()[:16]
    return Asset(body, gzipped, media_type, digest)


@bp.app_template_global("static_url")
def static_url(name: str) -> str:
    """Return the URL of static file ``name``, named by its content's hash."""
    return url_for("assets.static", name=name, v=find(name).digest)


@bp.get("/static/<path:name>")
def static(name: str) -> Response:
    """Send a static file, gzipped when the client accepts it."""
    return _send(find(name))


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Send the site's icon where browsers look for it without being told."""
    return _send(find("favicon.ico"))


def _send(asset: Asset) -> Response:
    zipped = asset.gzipped is not None and request.accept_encodings["gzip"] > 0
    response = Response(asset.gzipped if zipped else asset.body, content_type=asset.media_type)
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(asset.digest + ("-gzip" if zipped else ""))
    immutable = request.args.get("v") == asset.digest
    caching.apply(response, caching.IMMUTABLE if immutable else caching.REVALIDATE)
    response.make_conditional(request)
    return response
