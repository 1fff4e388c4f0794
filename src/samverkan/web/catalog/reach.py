"""Where an item stands in the metamodel: the chains and services it reaches, by level.

Every item page shows, in three columns, the items of the process chain (life event →
process → activity), of the information chain (concept → information → data) and the
services at each level (conceptual, logical, realised) that the item reaches: its own chain
up and down, one link across from any item of it, and the chain of what is there
(``web/queries/item-reach.rq``). Each item is a link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from samverkan import metamodel as mm
from samverkan.namespaces import SAMK
from samverkan.presentation.links import Link
from samverkan.presentation.ontology import Ontology
from samverkan.web.common import rq
from samverkan.web.common.addresses import link
from samverkan.web.common.services import services

#: The metamodel's columns and, top to bottom, the classes shown in each.
COLUMNS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    (
        "process",
        (
            mm.LIFE_SITUATION,
            mm.LIFE_EVENT,
            mm.BUSINESS_EVENT,
            mm.CUSTOMER_FLOW,
            mm.CONCEPTUAL_PROCESS,
            mm.CUSTOMER_ACTION,
            mm.COLLABORATION_PROCESS,
            mm.PROCESS,
            mm.ACTIVITY,
        ),
    ),
    ("information", (mm.CONCEPT, mm.INFORMATION, mm.DATA_ELEMENT)),
    ("service", (mm.CONCEPTUAL_SERVICE, mm.LOGICAL_SERVICE, mm.REALISED_SERVICE)),
)
#: The query's row limit: reaching it means the lists are cut short.
LIMIT = 2000
#: Items shown per level (the level says how many it has in all).
SHOWN = 50


@dataclass(frozen=True)
class Level:
    """The items of one class in a column."""

    kind: Link
    items: tuple[Link, ...]
    total: int


@dataclass(frozen=True)
class Column:
    """One column of the metamodel: its heading and its levels, top to bottom."""

    key: str
    heading: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Reach:
    """The columns an item reaches, and whether the lists were cut short."""

    columns: tuple[Column, ...]
    truncated: bool

    def __bool__(self) -> bool:
        return any(column.levels for column in self.columns)


def reach(iri: URIRef, ontology: Ontology, lang: str) -> Reach:
    """Return what ``iri`` reaches in each column, named in ``lang``."""
    rows = services().store.select(rq.query("item-reach"), {"item": iri}).rows
    names: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        node = str(row["node"])
        types[node].add(str(row["type"]))
        label = row.get("labelSv" if lang == "sv" else "labelEn") or row.get(
            "labelEn" if lang == "sv" else "labelSv"
        )
        if label is not None:
            names.setdefault(node, str(label))
    by_class: dict[str, list[Link]] = defaultdict(list)
    for node, found in types.items():
        for kind in ontology.most_specific(URIRef(t) for t in found):
            by_class[str(kind)].append(link(node, names.get(node) or _fallback(node)))
    columns = tuple(_column(key, classes, by_class, ontology, lang) for key, classes in COLUMNS)
    return Reach(columns, len(rows) >= LIMIT)


def _column(
    key: str, classes: tuple[URIRef, ...], by_class: dict[str, list[Link]], ontology: Ontology,
    lang: str,
) -> Column:  # fmt: skip
    levels = []
    for cls in classes:
        items = sorted(by_class.get(str(cls), []), key=lambda i: (i.label.casefold(), i.iri))
        if items:
            kind = link(str(cls), ontology.label(cls, lang))
            levels.append(Level(kind, tuple(items[:SHOWN]), len(items)))
    return Column(key, ontology.label(SAMK[f"column/{key}"], lang), tuple(levels))


def _fallback(iri: str) -> str:
    return services().path(iri) or iri
