"""Labels by their lower-cased text and primary language, per graph, kept in memory beside
the embedded store (guideline rule 7 takes "Folkbokföring"@sv-SE for "folkbokföring"@sv).

Finding the labels equal but for case to a submission's (the look-alikes of guideline rule 7)
otherwise reads every label of the federation: 2.3 s for the 212 000 labels of 1 M triples,
and no faster inside Oxigraph, which lower-cases each one. The index reads them all once,
and after a write rereads only the graphs that the write names. It keeps the keys and the
subjects, not the statements (about 130 MB at 1 M triples); the statements are looked up by
subject when found.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.namespace import RDFS

from samverkan.errors import StoreError
from samverkan.storage.base import GraphScope

#: A label's text in lower case and its primary language subtag, lower-cased ("" for none).
Key = tuple[str, str]
#: A graph's subjects by key. Tuples of strings in plain dicts: the garbage collector stops
#: tracking them, where lists and sets would be hundreds of thousands of objects at 1 M
#: triples for each full collection to walk (0.4 s each; a large validation made two).
ByKey = dict[Key, tuple[str, ...]]
_LABEL = ox.NamedNode(str(RDFS.label))


class LabelIndex:
    """The ``rdfs:label`` statements of a store's named graphs, by key, read when first asked."""

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store
        self._graphs: dict[str, ByKey] | None = None
        #: The graphs that hold each key: a lookup reads these, not every graph's keys.
        self._holders: dict[Key, tuple[str, ...]] = {}
        self._stale: set[str] = set()
        self._lock = threading.Lock()

    def forget(self, names: Iterable[str] | None) -> None:
        """Note that the graphs ``names`` were written (None: graphs not known)."""
        with self._lock:
            if names is None:
                self._graphs = None
                self._stale.clear()
            else:
                self._stale.update(names)

    def read(self) -> None:
        """Read the labels now, unless the store is closed already (what a warm-up does)."""
        with self._lock:
            if self._store is not None:
                self._current(self._store)

    def close(self) -> None:
        """Let go of the store (after a warm-up still reading), so that it can be closed."""
        with self._lock:
            self._store, self._graphs = None, None

    def find(self, keys: Iterable[Key], scope: GraphScope) -> list[ox.Quad]:
        """Return the label statements of the graphs in ``scope`` with one of ``keys``."""
        wanted = set(keys)
        with self._lock:
            store = self._store
            if store is None:
                raise StoreError("the store is closed")
            graphs = self._current(store)
            places = {
                (subject, name)
                for key in wanted
                for name in self._holders.get(key, ())
                if scope.admits(name)
                for subject in graphs[name][key]
            }
        return [
            quad
            for subject, name in sorted(places)
            for quad in store.quads_for_pattern(
                ox.NamedNode(subject), _LABEL, None, ox.NamedNode(name)
            )
            if _key(quad.object) in wanted
        ]

    def _current(self, store: ox.Store) -> dict[str, ByKey]:
        if self._graphs is None:
            self._graphs = {}
            self._holders.clear()
            self._add(_by_graph(store.quads_for_pattern(None, _LABEL, None, None)))
            self._stale.clear()
        for name in self._stale:
            for key in self._graphs.pop(name, {}):
                holders = tuple(other for other in self._holders[key] if other != name)
                if holders:
                    self._holders[key] = holders
                else:
                    del self._holders[key]
            found = store.quads_for_pattern(None, _LABEL, None, ox.NamedNode(name))
            self._add(_by_graph(found))
        self._stale.clear()
        return self._graphs

    def _add(self, graphs: dict[str, ByKey]) -> None:
        assert self._graphs is not None
        for name, by_key in graphs.items():
            self._graphs[name] = by_key
            for key in by_key:
                self._holders[key] = (*self._holders.get(key, ()), name)


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, ByKey]:
    graphs: defaultdict[str, defaultdict[Key, list[str]]] = defaultdict(lambda: defaultdict(list))
    for quad in quads:
        key, graph, subject = _key(quad.object), quad.graph_name, quad.subject
        if key and isinstance(graph, ox.NamedNode) and isinstance(subject, ox.NamedNode):
            graphs[graph.value][key].append(subject.value)
    return {
        name: {key: tuple(subjects) for key, subjects in by_key.items()}
        for name, by_key in graphs.items()
    }


def _key(label: object) -> Key | None:
    if not isinstance(label, ox.Literal):
        return None
    return label.value.lower(), primary_language(label.language)


def primary_language(tag: str | None) -> str:
    """Return the primary subtag of a language tag, lower-cased ("sv-SE" gives "sv")."""
    return (tag or "").split("-", 1)[0].lower()
