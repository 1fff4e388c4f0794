"""The four catalogs' listings: entries by catalog kind, narrowed by owner and text, paged.

A catalog is found by its class (``sam:ServiceCatalog`` …), not by its IRI. The filters
reach the query as bindings. A listing is ordered by the sort keys kept at write time (the
item's folded name in the page's language, :mod:`samverkan.listings`), then by entry. The
link to the next page carries a cursor (``after``: the last entry's key), and that page is
read by keyset (:mod:`samverkan.paging`: the entries after the key, a page and one more), so
a deep page costs what the first does. A page number alone (``page=N``, a jump) reads the
keys of every matching entry and cuts the page out. Only the page's entries are then read in
full.

The keys are read from the listing index (:mod:`samverkan.listings.index`: catalog-keys.rq's
rows in memory, built anew whenever the store's generation changes), since SPARQL sorts
every matching entry before it cuts a page; the store answers catalog-count.rq and
catalog-keys.rq itself where the index cannot, and when asked for the reference
(``reference=True``), which the tests compare the index with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from samverkan.errors import InputError, NotFoundError
from samverkan.listings.index import ListingIndex, after_key, numbered
from samverkan.metamodel import CATALOGS, catalog_classes
from samverkan.paging import decode_cursor, encode_cursor, next_cursor, page_query
from samverkan.sparql_values import fill, iris
from samverkan.web.common import rq
from samverkan.web.common.actors import Named, actors
from samverkan.web.common.paging import ROWS, parse_page
from samverkan.web.common.services import services

__all__ = ["Named", "actors", "parse_page"]

#: The path segment of each catalog's listing, and the class of its catalog
#: (:data:`samverkan.metamodel.CATALOGS`, the one list of them).
CATALOG_KINDS: dict[str, URIRef] = {kind.slug: kind.cls for kind in CATALOGS}
#: The datatypes of a plain text (a cursor's sort key is one).
_PLAIN = (None, XSD.string)


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
    #: The cursor of the next page (its ``after``), when there is one.
    following: str | None = None


def catalog_class(slug: str) -> URIRef:
    """Return the class of the catalog listed at ``/catalogs/<slug>``."""
    if slug not in CATALOG_KINDS:
        known = ", ".join(CATALOG_KINDS)
        raise NotFoundError(f"there is no catalog {slug!r}; the catalogs are {known}")
    return CATALOG_KINDS[slug]


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


def catalogs() -> dict[str, tuple[Named, int]]:
    """Return each catalog kind's catalog and its number of entries, by listing slug."""
    query = fill(rq.query("catalogs"), CATALOGS=catalog_classes())
    rows = services().store.select(query).rows
    slugs = {kind: slug for slug, kind in CATALOG_KINDS.items()}
    found = {}
    for row in rows:
        named = Named(str(row["catalog"]), _text(row, "labelSv"), _text(row, "labelEn"))
        found[slugs[URIRef(str(row["catalogClass"]))]] = (named, int(str(row["entries"])))
    return {slug: found[slug] for slug in CATALOG_KINDS if slug in found}


def listing(
    slug: str,
    page: int,
    actor: URIRef | None,
    text: str,
    lang: str,
    after: str | None = None,
    reference: bool = False,
) -> Listing:
    """Return one page of the entries of the catalog listed at ``slug``: page ``page``, or,
    given the cursor ``after``, the page after it (``page`` is then only its number).

    The listing index answers (:mod:`samverkan.listings.index`) unless ``reference`` is set
    or the index cannot (then the store does: catalog-count.rq and catalog-keys.rq, the
    reference the index is tested against)."""
    bindings: dict[str, Node] = {
        "catalogClass": catalog_class(slug),
        "q": Literal(text),
        "lang": Literal(lang),
    }
    if actor is not None:
        bindings["actor"] = actor
    found = None if reference else _indexed(bindings, page, after)
    return found if found is not None else _reference(bindings, page, after)


def _size() -> int:
    return min(services().settings.page_size, ROWS)


def _indexed(bindings: dict[str, Node], page: int, after: str | None) -> Listing | None:
    """Return the page from the listing index, or None when the index cannot answer it."""
    key = _cursor_key(after) if after else None
    if after and key is None:
        return None
    index = services().held(ListingIndex, lambda: ListingIndex(services().store))
    snapshot = index.snapshot()
    if snapshot is None:
        return None
    actor = bindings.get("actor")
    needle = index.lower(str(bindings["q"]))
    view = snapshot.view(str(bindings["catalogClass"]), str(bindings["lang"]), _str(actor), needle)
    size = _size()
    pages = _pages(view.total, size, page)
    cut = after_key(view, key, size) if key is not None else numbered(view, page, size)
    following = None
    if cut.following is not None:
        following = encode_cursor([Literal(cut.following[0]), URIRef(cut.following[1])])
    entries = _details(cut.entries, bindings)
    return Listing(entries, view.total, page, pages, following=following)


def _str(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _cursor_key(after: str) -> tuple[str, str] | None:
    """Return the (sort key, entry) a cursor names, or None when it is not of the shape
    this server gives (a plain text and an IRI): the store then reads the page."""
    key, entry = decode_cursor(after, 2)
    plain = isinstance(key, Literal) and key.language is None and key.datatype in _PLAIN
    if not plain or not isinstance(entry, URIRef):
        return None
    return str(key), str(entry)


def _pages(total: int, size: int, page: int) -> int:
    """Return how many pages ``total`` entries take, refusing a page past the last."""
    pages = max(1, -(-total // size))
    if page > pages:
        raise NotFoundError(f"page {page} is past the last page of this listing ({pages})")
    return pages


def _reference(bindings: dict[str, Node], page: int, after: str | None) -> Listing:
    """Return the page as the store answers it: catalog-count.rq and catalog-keys.rq."""
    store, size = services().store, _size()
    keys = rq.query("catalog-keys")
    counted = {k: v for k, v in bindings.items() if k != "lang"}
    total = int(str(store.select(rq.query("catalog-count"), counted).rows[0]["entries"]))
    pages = _pages(total, size, page)
    fixed = {*bindings, "actor"}
    if after:
        paged = page_query(keys, size, after, fixed)
        rows = store.select(paged.text, bindings).rows
        following = next_cursor(rows, paged.key, size)
        chosen = _distinct(rows[:size])
    else:
        rows = _first_rows(store.select(keys, bindings).rows)
        chosen_rows = rows[(page - 1) * size : page * size]
        chosen = [str(row["entry"]) for row in chosen_rows]
        last = chosen_rows[-1] if chosen_rows else None
        following = None
        if last is not None and page * size < len(rows):
            following = encode_cursor([last["key"], last["entry"]])
    return Listing(_details(chosen, bindings), total, page, pages, following=following)


def _first_rows(rows: list[dict[str, Node]]) -> list[dict[str, Node]]:
    """Return the first row of each entry, in order."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        if str(row["entry"]) not in seen:
            seen.add(str(row["entry"]))
            kept.append(row)
    return kept


def _distinct(rows: list[dict[str, Node]]) -> list[str]:
    return [str(row["entry"]) for row in _first_rows(rows)]


def _details(chosen: list[str], bindings: dict[str, Node]) -> list[Entry]:
    """Return the entries ``chosen``, read in full, in the order given."""
    if not chosen:
        return []
    query = fill(rq.query("catalog-entries"), ENTRIES=iris(URIRef(e) for e in chosen))
    details = {k: v for k, v in bindings.items() if k != "lang"}
    found = {e.entry: e for e in _entries(services().store.select(query, details).rows)}
    return [found[entry] for entry in chosen if entry in found]


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
