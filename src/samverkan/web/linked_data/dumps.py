"""Linked open data: the VoID description of the federation, and N-Quads dumps.

``/.well-known/void`` (VoID) and ``/catalog`` (DCAT-AP, served by
:mod:`samverkan.web.submissions.exchange`) describe the same resources
(:func:`samverkan.exports.void.describe`).
``/dumps/federation.nq.gz`` holds every graph; ``/dumps/actor/<slug>.nq.gz``
one actor's own part (gzipped files); the same without ``.gz`` are N-Quads.
"""

from __future__ import annotations

import gzip
import io

from flask import Blueprint, Response, render_template, request
from rdflib import URIRef

from samverkan.errors import NotFoundError
from samverkan.exports.void import describe
from samverkan.storage import Store
from samverkan.web.common import negotiation
from samverkan.web.common.services import services

bp = Blueprint("lod", __name__)


@bp.route("/.well-known/void")
def void() -> Response:
    """Describe the dataset in VoID: size, dumps, endpoint, vocabulary, subsets."""
    return negotiation.rdf_response(describe(services().store, services().settings, with_void=True))


@bp.route("/dumps/")
def dumps() -> str:
    """List the dumps for people."""
    actors = [services().layout.actor_slug(g) for g in sorted(services().store.graph_names())]
    return render_template("dumps.html", actors=[a for a in actors if a])


@bp.route("/dumps/federation.nq.gz")
def federation_dump() -> Response:
    """Send every graph as a gzipped N-Quads file."""
    return _dump_response(services().store, None, "federation.nq", packed=True)


@bp.route("/dumps/federation.nq")
def federation_quads() -> Response:
    """Send every graph as N-Quads (gzipped in transit when the client takes that)."""
    return _dump_response(services().store, None, "federation.nq", packed=False)


@bp.route("/dumps/actor/<slug>.nq.gz")
def actor_dump(slug: str) -> Response:
    """Send one actor's own graph as a gzipped N-Quads file."""
    return _dump_response(services().store, [_actor_graph(slug)], f"{slug}.nq", packed=True)


@bp.route("/dumps/actor/<slug>.nq")
def actor_quads(slug: str) -> Response:
    """Send one actor's own graph as N-Quads (gzipped in transit when the client takes that)."""
    return _dump_response(services().store, [_actor_graph(slug)], f"{slug}.nq", packed=False)


def _actor_graph(slug: str) -> URIRef:
    layout = services().layout
    try:
        graph = layout.actor(slug)
    except ValueError:
        raise NotFoundError(f"no actor {slug!r} in this federation") from None
    if graph not in services().store.graph_names():
        raise NotFoundError(f"no actor {slug!r} in this federation")
    return graph


def _dump_response(
    store: Store, names: list[URIRef] | None, filename: str, *, packed: bool
) -> Response:
    """Answer with a dump: a ``.nq.gz`` file is ``application/gzip`` (the client stores or
    unpacks it); a ``.nq`` is ``application/n-quads``, with ``Content-Encoding: gzip`` only
    when ``Accept-Encoding`` takes it (an HTTP client undoes that encoding itself). Never
    both, so no client unpacks twice or not at all."""
    encode = not packed and request.accept_encodings["gzip"] > 0
    if packed or encode:
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed:
            store.dump(compressed, names)
    else:
        buffer = io.BytesIO()
        store.dump(buffer, names)
    body = buffer.getvalue()
    media_type = "application/gzip" if packed else "application/n-quads"
    response = Response(body, content_type=media_type)
    if packed:
        filename += ".gz"
    else:
        response.headers["Vary"] = "Accept-Encoding"
    if encode:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
