"""Suggestions as one types: ``/search/suggest?q=…`` answers the best names as JSON.

The same index and ranking as ``/search`` (exact names first, compounds found by their
parts, the last word taken as the start of a word), across every catalog, at most
:data:`LIMIT` names. ``static/search-suggest.js`` offers them under every search box.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from rdflib import URIRef

from samverkan.search import Hit
from samverkan.web.common import language
from samverkan.web.common.addresses import href
from samverkan.web.common.vocabulary import ontology
from samverkan.web.search.page import MAX_QUERY, index

bp = Blueprint("suggest", __name__)

#: Names suggested at most.
LIMIT = 8


@bp.route("/search/suggest")
def suggest() -> Response:
    """Return the names best matching what has been typed so far."""
    text = request.args.get("q", "").strip()[:MAX_QUERY]
    lang = language.current()
    hits = [hit for group in index().search(text, LIMIT).groups for hit in group.hits]
    best = sorted(hits, key=lambda hit: (-hit.score, hit.label(lang)))[:LIMIT]
    said = language.text("suggestions", lang).format(count=len(best))
    body = {
        "query": text,
        "lang": lang,
        "status": said,
        "suggestions": [_json(h, lang) for h in best],
    }
    response = jsonify(body)
    response.headers["Vary"] = "Accept-Language"
    return response


def _json(hit: Hit, lang: str) -> dict[str, Any]:
    model = ontology()
    kinds = model.most_specific(URIRef(kind) for kind in hit.kinds)
    return {
        "label": hit.label(lang),
        "href": href(hit.iri),
        "iri": hit.iri,
        "kind": ", ".join(model.label(kind, lang) for kind in kinds),
    }
