"""Browse by type: a page per class of the metamodel listing its items, paged.

``/types`` lists the ontology's classes that have items, with their numbers (the home
page's counts link here); ``/types/<Name>`` lists the items of ``sam:<Name>`` (sub-classes'
items too), sorted by name in the page's language, at most :data:`MAX_ROWS` a page. The
class reaches the query as a binding (``web/queries/class-items.rq``), and only a class the
ontology defines is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from rdflib import URIRef
from rdflib.term import Node

from samverkan.errors import NotFoundError
from samverkan.web.catalog import catalogs
from samverkan.web.common import language, rq
from samverkan.web.common.actors import Named
from samverkan.web.common.addresses import with_lang
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

bp = Blueprint("types", __name__)

#: No page lists more rows than this, whatever the configured page size.
MAX_ROWS = 200


@dataclass(frozen=True)
class Row:
    """One item of a type listing: the item and its owner."""

    item: Named
    owner: str | None


@dataclass(frozen=True)
class Counted:
    """A class, its name, where its listing is, and how many items it has."""

    name: str
    label: str
    href: str
    iri: str
    count: int


def listing_href(cls: URIRef) -> str:
    """Return the address of the listing of ``cls`` (a term ``sam:<Name>``)."""
    return with_lang(f"/types/{str(cls).rpartition('#')[2]}")


def counted(counts: dict[str, int], lang: str) -> list[Counted]:
    """Return every class with items, named in ``lang``, by name."""
    model = ontology()
    found = [
        Counted(iri.rpartition("#")[2], model.label(URIRef(iri), lang),
                listing_href(URIRef(iri)), iri, count)
        for iri, count in counts.items()
    ]  # fmt: skip
    return sorted(found, key=lambda c: c.label.casefold())


@bp.route("/types")
def index() -> Response:
    """The classes of the metamodel that have items, with their numbers."""
    lang = language.current()
    body = render_template("types.html", classes=counted(class_counts(), lang))
    return _page(body)


@bp.route("/types/<name>")
def items(name: str) -> Response:
    """The items of one class, a page at a time."""
    lang = language.current()
    cls = _known_class(name)
    page = catalogs.parse_page(request.args.get("page"))
    rows = _rows(cls, lang)
    size = min(services().settings.page_size, MAX_ROWS)
    pages = max(1, -(-len(rows) // size))
    if page > pages:
        raise NotFoundError(f"page {page} is past the last page of this listing ({pages})")
    owners = {a.iri: a.label(lang) for a in catalogs.actors()}
    body = render_template(
        "type.html",
        cls=str(cls),
        kind=ontology().label(cls, lang),
        definition=ontology().definition(cls, lang),
        rows=rows[(page - 1) * size : page * size],
        total=len(rows),
        page=page,
        pages=pages,
        owners=owners,
        page_url=lambda n: with_lang(f"/types/{name}?page={n}"),
    )
    return _page(body)


def class_counts() -> dict[str, int]:
    """Return how many items each class of the ontology has."""
    rows = services().store.select(rq.query("class-counts")).rows
    return {str(row["class"]): int(str(row["items"])) for row in rows}


def _known_class(name: str) -> URIRef:
    cls = ontology().sam(name)
    if cls not in ontology().superclasses and str(cls) not in class_counts():
        raise NotFoundError(
            f"the ontology has no class {name!r}; /types lists the classes that have items"
        )
    return cls


def _rows(cls: URIRef, lang: str) -> list[Row]:
    found = services().store.select(rq.query("class-items"), {"class": cls}).rows
    rows: dict[str, Row] = {}
    for r in found:
        iri = str(r["item"])
        named = Named(iri, _text(r, "labelSv"), _text(r, "labelEn"))
        rows.setdefault(iri, Row(named, _text(r, "owner")))
    return sorted(rows.values(), key=lambda row: (row.item.label(lang).casefold(), row.item.iri))


def _text(row: Mapping[str, Node], key: str) -> str | None:
    return str(row[key]) if key in row else None


def _page(body: str) -> Response:
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    return response
