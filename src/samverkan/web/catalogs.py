"""The four catalogs' listings: entries by catalog kind, narrowed by owner and text, paged.

A catalog is found by its class (``sam:ServiceCatalog`` …), not by its IRI. The filters
reach the query as bindings. The catalogs hold hundreds of entries, so a listing fetches
every matching entry once, sorts it by name in the page's language and cuts the page out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from samverkan.errors import InputError, NotFoundError
from samverkan.namespaces import SAM
from samverkan.web import rq
from samverkan.web.paging import ROWS, parse_page
from samverkan.web.services import services

__all__ = ["parse_page"]

#: The path segment of each catalog's listing, and the class of its catalog.
CATALOG_KINDS: dict[str, str] = {
    "process": "ProcessCatalog",
    "information-exchange": "InformationExchangeCatalog",
    "service": "ServiceCatalog",
    "assignment": "AssignmentCatalog",
}


@dataclass(frozen=True)
class Named:
    """Something with an IRI and names in Swedish and English."""

    iri: str
    sv: str | None
    en: str | None

    def label(self, lang: str) -> str:
        first, second = (self.sv, self.en) if lang == "sv" else (self.en, self.sv)
        return first or second or self.iri


@dataclass(frozen=True)
class Entry:
    """One row of a listing: the entry, the item it describes, its kind and owner."""

    entry: str
    item: Named
    kind: str | None
    owner: str
    modified: str | None


@dataclass
class Listing:
    """One page of a catalog's entries."""

    entries: list[Entry]
    total: int
    page: int
    pages: int
    catalogs: list[str] = field(default_factory=list)


def sam(name: str) -> URIRef:
    """Return the term ``sam:<name>``."""
    return SAM[name]


def catalog_class(slug: str) -> URIRef:
    """Return the class of the catalog listed at ``/catalogs/<slug>``."""
    if slug not in CATALOG_KINDS:
        known = ", ".join(CATALOG_KINDS)
        raise NotFoundError(f"there is no catalog {slug!r}; the catalogs are {known}")
    return sam(CATALOG_KINDS[slug])


def parse_actor(raw: str | None, actors: list[Named]) -> URIRef | None:
    """Read ``?actor=``: the IRI of one of the federation's actors, or nothing."""
    if raw is None or raw == "":
        return None
    if raw not in {actor.iri for actor in actors}:
        raise InputError(
            f"actor must be the IRI of one of the federation's actors, not {raw!r}; "
            "choose one from the list"
        )
    return URIRef(raw)


def actors() -> list[Named]:
    """Return the federation's actors."""
    rows = services().store.select(rq.query("actors")).rows
    return [Named(str(r["actor"]), _text(r, "labelSv"), _text(r, "labelEn")) for r in rows]


def catalogs() -> dict[str, tuple[Named, int]]:
    """Return each catalog kind's catalog and its number of entries, by listing slug."""
    rows = services().store.select(rq.query("catalogs")).rows
    slugs = {sam(kind): slug for slug, kind in CATALOG_KINDS.items()}
    found = {}
    for row in rows:
        named = Named(str(row["catalog"]), _text(row, "labelSv"), _text(row, "labelEn"))
        found[slugs[URIRef(str(row["catalogClass"]))]] = (named, int(str(row["entries"])))
    return {slug: found[slug] for slug in CATALOG_KINDS if slug in found}


def listing(slug: str, page: int, actor: URIRef | None, text: str, lang: str) -> Listing:
    """Return one page of the entries of the catalog listed at ``slug``."""
    bindings: dict[str, Node] = {"catalogClass": catalog_class(slug), "q": Literal(text)}
    if actor is not None:
        bindings["actor"] = actor
    query = rq.query("catalog-entries")
    entries = _entries(services().store.select(query, bindings).rows)
    entries.sort(key=lambda e: (e.item.label(lang).casefold(), e.entry))
    size = min(services().settings.page_size, ROWS)
    pages = max(1, -(-len(entries) // size))
    if page > pages:
        raise NotFoundError(f"page {page} is past the last page of this listing ({pages})")
    chosen = entries[(page - 1) * size : page * size]
    return Listing(chosen, len(entries), page, pages)


def _entries(rows: list[dict[str, Node]]) -> list[Entry]:
    seen: dict[str, Entry] = {}
    for row in rows:
        entry = str(row["entry"])
        if entry in seen:
            continue
        item = Named(str(row["item"]), _text(row, "labelSv"), _text(row, "labelEn"))
        kind = str(row["type"]) if "type" in row else None
        modified = _text(row, "modified")
        seen[entry] = Entry(entry, item, kind, str(row["actor"]), modified)
    return list(seen.values())


def _text(row: dict[str, Node], name: str) -> str | None:
    return str(row[name]) if name in row else None
