"""Derive the listing keys of items from their (asserted and inferred) statements.

For each item with an IRI and a class in the ontology's namespace (nothing else is listed):

- ``lst:type``: each of its classes in the ontology's namespace that no other class of it is
  a sub-class of (what the reference query's ``FILTER NOT EXISTS`` finds);
- ``lst:sortKey``: per language, its name folded for sorting (Unicode NFKC, case-folded), the
  smallest when it has several; an item without a name in a language sorts by its name in
  another, then by its IRI, as the pages show it;
- ``lst:labelKey``: each name lower-cased with its language tag lower-cased
  (:func:`label_key`), so look-alikes join on equal terms;
- ``lst:conceptKey``: each concept it represents (``sam:representsConcept``);
- ``lst:sharedKey``: each of those label and concept keys that at least one other item holds
  too (look-alike candidates: few, so a query joins them without comparing every name, or
  every information of a concept, with every other);
- ``lst:lacks``: ``sam:representedBy`` for a ``sam:Concept`` that no information represents,
  ``sam:realisedByData`` for a ``sam:Information`` that no data realises.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from samverkan import metamodel as mm
from samverkan.namespaces import SAM, VOCABULARY

#: The listing keys' vocabulary: fixed, internal to the listings, never asserted by actors.
LST = Namespace(VOCABULARY + "listing#")
#: The class whose members lack the link, for each gap the listings keep.
GAPS: dict[URIRef, URIRef] = {
    SAM.representedBy: mm.CONCEPT,
    SAM.realisedByData: mm.INFORMATION,
}
#: The predicates whose statements the keys are derived from.
PREMISES = (RDF.type, RDFS.label, SAM.representsConcept, *GAPS)
#: The predicates of the keys that :func:`shared_keys` looks for in other items.
MATCHED = (LST.labelKey, LST.conceptKey)


def label_key(label: Literal) -> tuple[str, str]:
    """Return a name's key for look-alikes: its text and its whole language tag, both in lower
    case, as rule 7's query compares them (``LCASE(STR(?l))``, ``LCASE(LANG(?l))``; the
    validator's label index keeps only the primary subtag)."""
    return str(label).lower(), (label.language or "").lower()


def sort_text(text: str) -> str:
    """Return ``text`` folded for sorting: NFKC-normalised, then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def listing_keys(
    statements: Graph,
    sub_classes: Iterable[tuple[URIRef, URIRef]],
    items: Iterable[URIRef] | None = None,
    languages: Sequence[str] = ("sv", "en"),
) -> Graph:
    """Return the listing keys of ``items`` (every IRI subject when None) from ``statements``
    about them and the ``(narrower, broader)`` pairs of ``rdfs:subClassOf``."""
    broader: dict[URIRef, set[URIRef]] = defaultdict(set)
    for narrower, wider in sub_classes:
        if narrower != wider:
            broader[narrower].add(wider)
    chosen = _subjects(statements) if items is None else set(items)
    keys = Graph()
    for item in chosen:
        for triple in _item_keys(statements, broader, item, languages):
            keys.add(triple)
    return keys


def shared_keys(label_keys: Iterable[tuple[Node, Node]]) -> Graph:
    """Return ``lst:sharedKey`` for each item and label key that two items or more hold."""
    holders: dict[Node, set[Node]] = defaultdict(set)
    for item, key in label_keys:
        holders[key].add(item)
    shared = Graph()
    for key, items in holders.items():
        if len(items) > 1:
            for item in items:
                shared.add((item, LST.sharedKey, key))
    return shared


def _subjects(statements: Graph) -> set[URIRef]:
    return {s for s in statements.subjects() if isinstance(s, URIRef)}


def _item_keys(
    statements: Graph,
    broader: dict[URIRef, set[URIRef]],
    item: URIRef,
    languages: Sequence[str],
) -> Iterable[tuple[URIRef, URIRef, URIRef | Literal]]:
    types = {t for t in statements.objects(item, RDF.type) if isinstance(t, URIRef)}
    if not any(str(t).startswith(str(SAM)) for t in types):
        return
    covered = {wider for t in types for wider in broader.get(t, ())}
    for kind in types:
        if str(kind).startswith(str(SAM)) and kind not in covered:
            yield item, LST.type, kind
    labels = [o for o in statements.objects(item, RDFS.label) if isinstance(o, Literal)]
    for text, language in {label_key(label) for label in labels}:
        yield item, LST.labelKey, Literal(text, lang=language or None)
    for concept in statements.objects(item, SAM.representsConcept):
        if isinstance(concept, URIRef):
            yield item, LST.conceptKey, concept
    for language in languages:
        yield item, LST.sortKey, Literal(_sort_key(item, labels, language), lang=language)
    for link, kind in GAPS.items():
        if kind in types and statements.value(item, link) is None:
            yield item, LST.lacks, link


def _sort_key(item: URIRef, labels: list[Literal], language: str) -> str:
    """Return the folded name of ``item`` in ``language``, else in another, else its IRI."""
    own = [sort_text(str(label)) for label in labels if (label.language or "").lower() == language]
    other = [sort_text(str(label)) for label in labels]
    return min(own or other or [str(item)])
