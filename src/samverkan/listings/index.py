"""The catalogs' listings in memory: what catalog-keys.rq answers, kept per process.

SPARQL sorts every matching entry before it cuts a page (``ORDER BY`` before ``LIMIT``), so
a listing's first page costs as much as the whole listing. This index holds, per catalog
class and page language, the rows catalog-keys.rq orders, already sorted: one per entry,
sort key and owner (the listing keys' ``lst:sortKey`` in that language, else the item's
IRI), each with its item, whose labels it keeps lower-cased by the store's own ``LCASE``
(one query, listing-index.rq). A text filter is lower-cased by the store too (lower-case.rq),
so ``CONTAINS(LCASE(STR(?label)), LCASE(?q))`` is answered on exactly the same strings.

The index is made from the store and tagged with the store's generation
(:func:`samverkan.storage.generation.current`); every read asks for the generation first (one
lookup) and builds the index anew when it has changed, so no answer is older than the store
was when it was asked (an index read after the generation was asked for is newer still, and
answers too: readers that asked just before a write do not build it again). A store that
records no generation, or whose entries, items or owners are not all IRIs, is not indexed
(:meth:`ListingIndex.snapshot` says None): the caller asks the store. What a filter selects
is kept for the last :data:`VIEWS` filters, so a walk along a listing's pages reads its rows once.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from samverkan import rq
from samverkan.metamodel import catalog_classes
from samverkan.sparql_values import fill
from samverkan.storage import Store, generation

PACKAGE = "samverkan.listings"
#: Filters whose selection a snapshot keeps, the most recently used.
VIEWS = 64
#: Texts whose lower-cased form the index keeps.
TEXTS = 1024

#: One row of a listing as catalog-keys.rq orders it: sort key, entry, owner, item.
Row = tuple[str, str, str, str]


@dataclass(frozen=True)
class View:
    """The rows of one filtered listing, as catalog-keys.rq answers them, in its order.

    ``keys`` holds each row's (sort key, entry), an entry once per owner that keeps it;
    ``firsts`` the position of each entry's first row, in order.
    """

    keys: list[tuple[str, str]]
    firsts: list[int]

    @property
    def total(self) -> int:
        """Return how many entries the listing has."""
        return len(self.firsts)


@dataclass(frozen=True)
class Cut:
    """The entries of one page, and the key (sort key, entry) of the page's cursor."""

    entries: list[str]
    following: tuple[str, str] | None


def numbered(view: View, page: int, size: int) -> Cut:
    """Return page ``page`` (from 1) of ``size`` entries, each entry at its first row."""
    chosen = view.firsts[(page - 1) * size : page * size]
    following = None
    if chosen and page * size < len(view.firsts):
        following = view.keys[chosen[-1]]
    return Cut([view.keys[i][1] for i in chosen], following)


def after_key(view: View, key: tuple[str, str], size: int) -> Cut:
    """Return the page of ``size`` rows after the row keyed ``key``, as a keyset page of
    catalog-keys.rq is read: a page and one row more, the page's entries each once."""
    start = bisect_right(view.keys, key)
    rows = view.keys[start : start + size + 1]
    following = rows[size - 1] if len(rows) > size else None
    entries = list(dict.fromkeys(entry for _, entry in rows[:size]))
    return Cut(entries, following)


@dataclass
class Snapshot:
    """The listings of one generation of the store."""

    generation: str
    #: When its rows began to be read (``time.monotonic``).
    started: float
    #: Whether every entry, item and owner is an IRI (else the index does not answer).
    complete: bool
    links: Mapping[str, frozenset[tuple[str, str, str]]]
    labels: Mapping[str, tuple[str, ...]]
    sort_keys: Mapping[str, Mapping[str, tuple[str, ...]]]
    _rows: dict[tuple[str, str], list[Row]] = field(default_factory=dict, repr=False)
    _views: OrderedDict[tuple[str, str, str | None, str], View] = field(
        default_factory=OrderedDict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def view(self, catalog_class: str, lang: str, actor: str | None, needle: str) -> View:
        """Return the listing of ``catalog_class`` in ``lang``, of ``actor``'s items only
        (every owner's when None), of the items with a label holding ``needle`` (lower-cased
        already)."""
        wanted = (catalog_class, lang, actor, needle)
        with self._lock:
            found = self._views.get(wanted)
            if found is not None:
                self._views.move_to_end(wanted)
                return found
        made = _select(self.rows(catalog_class, lang), self.labels, actor, needle)
        with self._lock:
            self._views[wanted] = made
            while len(self._views) > VIEWS:
                self._views.popitem(last=False)
        return made

    def rows(self, catalog_class: str, lang: str) -> list[Row]:
        """Return every row of the listing of ``catalog_class`` in ``lang``, sorted."""
        with self._lock:
            found = self._rows.get((catalog_class, lang))
        if found is None:
            found = _sorted_rows(self.links.get(catalog_class, frozenset()), self, lang)
            with self._lock:
                self._rows[(catalog_class, lang)] = found
        return found


class ListingIndex:
    """The listing index of one store, built anew whenever the store's generation changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._held: Snapshot | None = None
        self._building = threading.Lock()
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._texts_lock = threading.Lock()

    def snapshot(self) -> Snapshot | None:
        """Return the index of the store's current generation, or None when it cannot
        answer (the store records no generation, or holds entries it does not index)."""
        token = generation.current(self.store)
        asked = time.monotonic()
        if token is None:
            return None
        held = self._held
        if not _fresh(held, token, asked):
            with self._building:
                held = self._held
                if not _fresh(held, token, asked):
                    held = build(self.store, token)
                    self._held = held
        assert held is not None
        return held if held.complete else None

    def lower(self, text: str) -> str:
        """Return ``text`` lower-cased by the store's ``LCASE`` (kept for later)."""
        if text == "":
            return text
        with self._texts_lock:
            found = self._texts.get(text)
        if found is None:
            query = rq.packaged(PACKAGE, "lower-case")
            found = str(self.store.select(query, {"q": Literal(text)}).rows[0]["folded"])
            with self._texts_lock:
                self._texts[text] = found
                while len(self._texts) > TEXTS:
                    self._texts.popitem(last=False)
        return found


def _fresh(held: Snapshot | None, token: str, asked: float) -> bool:
    """Say whether ``held`` answers for generation ``token``, read by ``asked``: it is of
    that generation, or was read from the store after (a newer one, never an older)."""
    return held is not None and (held.generation == token or held.started >= asked)


def build(store: Store, token: str) -> Snapshot:
    """Read the listings of ``store`` (listing-index.rq) into a snapshot tagged ``token``."""
    started = time.monotonic()
    query = fill(rq.packaged(PACKAGE, "listing-index"), CATALOGS=catalog_classes())
    links: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    sort_keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    complete = True
    for row in store.select(query).rows:
        entry, item, actor = row["entry"], row["item"], row["actor"]
        complete = complete and _all_iris((entry, item, actor))
        links[str(row["catalogClass"])].add((str(entry), str(item), str(actor)))
        if "folded" in row:
            labels[str(item)].add(str(row["folded"]))
        if "sortText" in row and "sortLang" in row:
            sort_keys[str(item)][str(row["sortLang"])].add(str(row["sortText"]))
    return Snapshot(
        token,
        started,
        complete,
        {kind: frozenset(found) for kind, found in links.items()},
        {item: tuple(sorted(found)) for item, found in labels.items()},
        {item: {lang: tuple(keys) for lang, keys in by.items()} for item, by in sort_keys.items()},
    )


def _all_iris(terms: Iterable[Node]) -> bool:
    return all(isinstance(term, URIRef) for term in terms)


def _sorted_rows(links: Iterable[tuple[str, str, str]], snapshot: Snapshot, lang: str) -> list[Row]:
    """Return the rows of ``links`` in catalog-keys.rq's order: for each entry, item and
    owner, one per sort key of the item in ``lang`` (its IRI when it has none); items
    without a label are left out, as no text filter keeps them."""
    rows: list[Row] = []
    for entry, item, actor in links:
        if item not in snapshot.labels:
            continue
        keys = snapshot.sort_keys.get(item, {}).get(lang) or (item,)
        rows.extend((key, entry, actor, item) for key in keys)
    rows.sort()
    return rows


def _select(
    rows: list[Row], labels: Mapping[str, tuple[str, ...]], actor: str | None, needle: str
) -> View:
    """Return the rows kept by the filters, one per sort key, entry and owner."""
    matches: dict[str, bool] = {}
    keys: list[tuple[str, str]] = []
    firsts: list[int] = []
    seen: set[str] = set()
    last: tuple[str, str, str] | None = None
    for key, entry, owner, item in rows:
        if actor is not None and owner != actor:
            continue
        if (key, entry, owner) == last:
            continue
        kept = matches.get(item)
        if kept is None:
            kept = matches[item] = any(needle in label for label in labels[item])
        if not kept:
            continue
        last = (key, entry, owner)
        if entry not in seen:
            seen.add(entry)
            firsts.append(len(keys))
        keys.append((key, entry))
    return View(keys, firsts)
