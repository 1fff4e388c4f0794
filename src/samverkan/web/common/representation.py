"""Serving one resource in several representations: the dereferencing pattern.

Every IRI under the base resolves on this server by **direct content negotiation**: a GET on
the IRI itself answers 200 with the representation that ``Accept`` prefers (HTML for
browsers; Turtle, N-Triples, JSON-LD or RDF/XML for data clients; ``?format=`` overrides),
with ``Vary: Accept, Accept-Language`` and ``Content-Location`` naming the representation
served. No 303 redirect is involved. Each representation also has its own URL, the IRI's
path plus a suffix, where the suffix wins over ``Accept``::

    /id/skatteverket/service/navet          negotiated
    /id/skatteverket/service/navet.html     the HTML page (language from ?lang / Accept-Language)
    /id/skatteverket/service/navet.ttl      Turtle        .nt   N-Triples
    /id/skatteverket/service/navet.jsonld   JSON-LD       .rdf  RDF/XML

Every answer carries ``Link`` headers naming each alternate (``rel="alternate"; type=…``) and
the IRI itself (``rel="canonical"``); its ``ETag``, tied to the store's generation and to the
representation asked for, comes from :mod:`samverkan.web.common.caching`, so that ``If-None-Match``
gets a 304. Nothing acceptable is a 406; an unknown IRI is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response
from rdflib import Graph

from samverkan.errors import NotAcceptableError
from samverkan.storage.protocol import TRIPLES
from samverkan.web.common.negotiation import (
    HTML,
    JSONLD,
    NTRIPLES,
    RDFXML,
    TURTLE,
    choose,
    prefers_html,
    serialize,
)

#: The suffix of each representation's own URL, and its media type.
SUFFIXES: dict[str, str] = {
    "html": HTML,
    "ttl": TURTLE,
    "nt": NTRIPLES,
    "jsonld": JSONLD,
    "rdf": RDFXML,
}
EXTENSION = {media_type: suffix for suffix, media_type in SUFFIXES.items()}
NEGOTIATED_VARY = "Accept, Accept-Language"


@dataclass(frozen=True)
class Target:
    """What a request path asks for: the resource's local path and, maybe, one format."""

    path: str
    media_type: str | None = None


def split_suffix(path: str) -> Target:
    """Split a format suffix (``.ttl``, …) off a request path."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in SUFFIXES:
        return Target(stem, SUFFIXES[suffix])
    return Target(path)


def negotiate() -> str:
    """Return the media type ``Accept`` (or ``?format``) prefers, HTML included."""
    if prefers_html():
        return HTML
    chosen = choose(TRIPLES)
    if chosen is None:
        offered = ", ".join(SUFFIXES.values())
        raise NotAcceptableError(
            f"this resource is available as {offered}; ask for one of these in Accept "
            f"or add a suffix ({', '.join('.' + s for s in SUFFIXES)}) to the address"
        )
    return chosen


def respond(
    target: Target, canonical: str, graph: Callable[[], Graph], page: Callable[[], str]
) -> Response:
    """Answer with the representation asked for, with the dereferencing headers."""
    media_type = target.media_type or negotiate()
    if media_type == HTML:
        body = page().encode("utf-8")
        content_type = "text/html; charset=utf-8"
    else:
        body = serialize(graph(), media_type)
        content_type = media_type if media_type != TURTLE else "text/turtle; charset=utf-8"
    response = Response(body, 200, content_type=content_type)
    _describe_alternates(response, target.path, canonical)
    response.headers["Content-Location"] = f"{target.path}.{EXTENSION[media_type]}"
    if target.media_type is None:
        response.headers["Vary"] = NEGOTIATED_VARY
    elif media_type == HTML:
        response.headers["Vary"] = "Accept-Language"
    return response


def _describe_alternates(response: Response, path: str, canonical: str) -> None:
    links = [
        f'<{path}.{suffix}>; rel="alternate"; type="{media_type}"'
        for suffix, media_type in SUFFIXES.items()
    ]
    links.append(f'<{canonical}>; rel="canonical"')
    response.headers["Link"] = ", ".join(links)
