"""Search across every catalog: ``/search?q=…&lang=…``, as a page or as JSON.

The words of ``q`` are looked up in the text index (:mod:`samverkan.search`): every word
must match, as a stem or the start of one, in a name or description in either language.
Results come grouped by catalog, best first. The page marks the matching words (the text
is escaped by the template first, then marked); a script asking for ``application/json``
(or passing ``?format=json``) gets the same results as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request
from rdflib import URIRef

from samverkan.search import Group, Hit, Results, SearchIndex, for_settings, marked, snippet
from samverkan.search.results import Fragment
from samverkan.web.common import language
from samverkan.web.common.addresses import href, with_lang
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

bp = Blueprint("search", __name__)

#: Longer queries are cut to this many characters.
MAX_QUERY = 200
#: Hits shown per catalog.
PER_GROUP = 10
JSON = "application/json"


@dataclass(frozen=True)
class Shown:
    """One hit as the page shows it."""

    iri: str
    href: str
    label: list[Fragment]
    kind: str
    owner: str
    owner_href: str
    snippet: list[Fragment]


@bp.route("/search")
def search() -> Response:
    """Find items in every catalog by the words of their names and descriptions."""
    text = request.args.get("q", "").strip()[:MAX_QUERY]
    lang = language.current()
    results = index().search(text, PER_GROUP)
    if _wants_json():
        response = jsonify(_as_json(results, lang))
    else:
        groups = [(group, [_shown(hit, results.terms, lang) for hit in group.hits])
                  for group in results.groups]  # fmt: skip
        response = Response(
            render_template("search.html", q=text, results=results, groups=groups),
            content_type="text/html; charset=utf-8",
        )
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def index() -> SearchIndex:
    """Return the deployment's search index, built first if it is missing."""
    found = for_settings(services().settings)
    found.ensure(services().store, services().layout)
    return found


def catalog_title(slug: str, lang: str) -> str:
    """Return the name of the catalog a group of results belongs to."""
    return language.text(f"cat_{slug}", lang)


def _wants_json() -> bool:
    if request.args.get("format"):
        return request.args["format"].strip().lower() == "json"
    return request.accept_mimetypes.best_match(["text/html", JSON]) == JSON


def _shown(hit: Hit, terms: list[str], lang: str) -> Shown:
    return Shown(
        iri=hit.iri,
        href=href(hit.iri),
        label=marked(hit.label(lang), terms),
        kind=_kind(hit, lang),
        owner=hit.owner_label(lang),
        owner_href=href(hit.owner) if hit.owner else "",
        snippet=snippet(hit.text(lang), terms),
    )


def _kind(hit: Hit, lang: str) -> str:
    model = ontology()
    kinds = model.most_specific(URIRef(kind) for kind in hit.kinds)
    return ", ".join(model.label(kind, lang) for kind in kinds)


def _as_json(results: Results, lang: str) -> dict[str, Any]:
    return {
        "query": results.query,
        "terms": results.terms,
        "lang": lang,
        "total": results.total,
        "milliseconds": round(results.seconds * 1000, 1),
        "groups": [_group_json(group, lang) for group in results.groups],
    }


def _group_json(group: Group, lang: str) -> dict[str, Any]:
    return {
        "catalog": group.catalog,
        "title": catalog_title(group.catalog, lang),
        "listing": with_lang(f"/catalogs/{group.catalog}") if group.catalog != "other" else None,
        "total": group.total,
        "hits": [
            {
                "iri": hit.iri,
                "href": href(hit.iri),
                "label": hit.label(lang),
                "kind": _kind(hit, lang),
                "types": list(hit.kinds),
                "owner": hit.owner or None,
                "ownerLabel": hit.owner_label(lang) if hit.owner else None,
                "description": hit.text(lang) or None,
                "score": round(hit.score, 4),
            }
            for hit in group.hits
        ],
    }
