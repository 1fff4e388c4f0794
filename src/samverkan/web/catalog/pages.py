"""The HTML pages that are not descriptions of one resource: home, catalogs and actors.

Also installs, for every template of the app (error and SPARQL pages too), what the shared
layout needs: the page's language, the interface's words, language switches and link
helpers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request
from rdflib import URIRef

from samverkan import metamodel as mm
from samverkan.namespaces import SAM, SAMK
from samverkan.web.catalog import catalogs
from samverkan.web.catalog.catalogs import CATALOG_KINDS
from samverkan.web.catalog.types import class_counts, listing_href
from samverkan.web.common import language
from samverkan.web.common.actors import Named
from samverkan.web.common.addresses import href, with_lang
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

bp = Blueprint("pages", __name__)

#: The nine classes of the metamodel, by level (rows) and column (columns).
METAMODEL = (
    ("conceptual", (mm.CONCEPTUAL_PROCESS, mm.CONCEPT, mm.CONCEPTUAL_SERVICE)),
    ("logical", (mm.PROCESS, mm.INFORMATION, mm.LOGICAL_SERVICE)),
    ("realisation", (mm.ACTIVITY, mm.DATA_ELEMENT, mm.REALISED_SERVICE)),
)
COLUMNS = ("process", "information", "service")
#: Classes left out of the home page's other counts: abstract, or in the grid already.
NOT_COUNTED = {mm.FEDERATION_ITEM, mm.SERVICE, *(c for _, row in METAMODEL for c in row)}


@bp.app_context_processor
def layout() -> dict[str, Any]:
    """Give every template the page's language and the helpers of the shared layout."""
    lang = language.current()
    return {
        "lang": lang,
        "t": lambda key: language.text(key, lang),
        "href": href,
        "local": with_lang,
        "languages": [(code, _switch_to(code), code == lang) for code in _offered()],
        "catalog_slugs": list(CATALOG_KINDS),
    }


@bp.route("/")
def home() -> Response:
    """What Samverkan is, what the federation holds, and where to go from here."""
    lang = language.current()
    counts = class_counts()
    model = ontology()
    grid = [
        (_concept(f"level/{level}", lang), [_counted(cls, counts, lang) for cls in row])
        for level, row in METAMODEL
    ]
    others = [
        (model.label(URIRef(cls), lang), listing_href(URIRef(cls)), cls, count)
        for cls, count in counts.items()
        if URIRef(cls) not in NOT_COUNTED
    ]
    body = render_template(
        "home.html",
        catalogs=catalogs.catalogs(),
        columns=[_concept(f"column/{c}", lang) for c in COLUMNS],
        grid=grid,
        others=sorted(others, key=lambda o: o[0].casefold()),
        actors=_sorted(catalogs.actors(), lang),
        example_query=_example_query(),
    )
    return _page(body)


@bp.route("/catalogs")
def catalog_index() -> Response:
    """The four catalogs and their numbers of entries."""
    return _page(render_template("catalogs.html", catalogs=catalogs.catalogs()))


@bp.route("/catalogs/<slug>")
def catalog(slug: str) -> Response:
    """One catalog's entries, a page at a time, narrowed by owner and text."""
    lang = language.current()
    kind = catalogs.catalog_class(slug)
    actors = _sorted(catalogs.actors(), lang)
    page = catalogs.parse_page(request.args.get("page"))
    actor = catalogs.parse_actor(request.args.get("actor"), actors)
    text = request.args.get("q", "").strip()
    found = catalogs.listing(slug, page, actor, text, lang, request.args.get("after") or None)
    model = ontology()
    named = catalogs.catalogs().get(slug)
    body = render_template(
        "catalog.html",
        slug=slug,
        kind=ontology().label(kind, lang),
        catalog=named[0] if named else None,
        listing=found,
        actors=actors,
        actor_names={a.iri: a.label(lang) for a in actors},
        kind_names={e.kind: model.label(URIRef(e.kind), lang) for e in found.entries if e.kind},
        actor=str(actor) if actor else "",
        q=text,
        page_url=_page_url,
        next_url=_next_url(found),
    )
    response = _page(body)
    if found.following is not None:
        response.headers["Link"] = f'<{_next_url(found)}>; rel="next"'
    return response


@bp.route("/actors")
def actors() -> Response:
    """The actors of the federation."""
    lang = language.current()
    return _page(render_template("actors.html", actors=_sorted(catalogs.actors(), lang)))


def _page(body: str) -> Response:
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    return response


def _page_url(page: int) -> str:
    """Return the current listing's address for another page, filters kept."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "after") and v}
    args["page"] = str(page)
    return f"{request.path}?{urlencode(args)}"


def _next_url(found: catalogs.Listing) -> str | None:
    """Return the address of the page after ``found`` (keyset: its cursor), filters kept."""
    if found.following is None:
        return None
    args = {k: v for k, v in request.args.items() if k not in ("page", "after") and v}
    args["page"] = str(found.page + 1)
    args["after"] = found.following
    return f"{request.path}?{urlencode(args)}"


def _switch_to(code: str) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", code))
    return f"{request.path}?{urlencode(args)}"


def _offered() -> tuple[str, ...]:
    return services().settings.languages


def _sorted(named: list[Named], lang: str) -> list[Named]:
    return sorted(named, key=lambda n: n.label(lang).casefold())


def _concept(path: str, lang: str) -> tuple[str, str]:
    iri = SAMK[path]
    return ontology().label(iri, lang), href(str(iri))


def _counted(cls: URIRef, counts: dict[str, int], lang: str) -> tuple[str, str, str, int]:
    return ontology().label(cls, lang), listing_href(cls), str(cls), counts.get(str(cls), 0)


def _example_query() -> str:
    return (
        f"PREFIX sam: <{SAM}>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?service ?name WHERE {\n"
        "  ?service a sam:RealisedService ; rdfs:label ?name .\n"
        '  FILTER (lang(?name) = "sv")\n'
        "} ORDER BY ?name LIMIT 25"
    )
