"""Build the listing keys of a whole embedded store fast: read by index scans, written in bulk.

:func:`samverkan.listings.update.full_keys` derives the keys through the ``Store`` interface
(SPARQL rows turned into rdflib terms, an rdflib graph per item): the reference, and what a
remote store uses. Here the same derivation runs over pyoxigraph's quads as plain strings, and
only the keys that differ from the listings graph's are written (a graph that loses most is
dropped and bulk-loaded); a test checks both paths give the same keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS

from samverkan.listings.keys import GAPS, LST, sort_text
from samverkan.namespaces import SAM
from samverkan.reasoning.materialise import write_graph
from samverkan.storage import GraphLayout

_TYPE, _LABEL = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label))
_SUB_CLASS = ox.NamedNode(str(RDFS.subClassOf))


def rebuild(store: ox.Store, layout: GraphLayout, languages: Sequence[str] = ("sv", "en")) -> int:
    """Replace the listings graph of ``store`` with the keys of every item; return how many."""
    lines = {f"{q.subject} {q.predicate} {q.object} .\n" for q in keys(store, layout, languages)}
    write_graph(store, ox.NamedNode(str(layout.listings)), lines)
    return len(lines)


def keys(store: ox.Store, layout: GraphLayout, languages: Sequence[str]) -> Iterable[ox.Quad]:
    """Yield the listing keys of every item of ``store`` as quads of the listings graph."""
    listed = _listed(layout)
    types: dict[str, set[str]] = defaultdict(set)
    for item, kind in _statements(store, _TYPE, listed):
        if isinstance(kind, ox.NamedNode):
            types[item].add(kind.value)
    labels: dict[str, set[ox.Literal]] = defaultdict(set)
    for item, label in _statements(store, _LABEL, listed):
        if isinstance(label, ox.Literal):
            labels[item].add(label)
    linked = {
        link: {item for item, _ in _statements(store, ox.NamedNode(str(link)), listed)}
        for link in GAPS
    }
    concepts: dict[str, set[ox.NamedNode]] = defaultdict(set)
    for item, concept in _statements(store, _REPRESENTS, listed):
        if isinstance(concept, ox.NamedNode):
            concepts[item].add(concept)
    broader: dict[str, set[str]] = defaultdict(set)
    for narrower, wider in _statements(store, _SUB_CLASS, None):
        if isinstance(wider, ox.NamedNode) and narrower != wider.value:
            broader[narrower].add(wider.value)
    graph = ox.NamedNode(str(layout.listings))
    holders: dict[ox.Literal | ox.NamedNode, set[str]] = defaultdict(set)
    for item, kinds in types.items():
        if not any(kind.startswith(str(SAM)) for kind in kinds):
            continue
        subject = ox.NamedNode(item)
        covered = {wider for kind in kinds for wider in broader.get(kind, ())}
        for kind in kinds:
            if kind.startswith(str(SAM)) and kind not in covered:
                yield ox.Quad(subject, _LST_TYPE, ox.NamedNode(kind), graph)
        own = labels.get(item, set())
        for label_key in {_label_key(label) for label in own}:
            holders[label_key].add(item)
            yield ox.Quad(subject, _LST_LABEL_KEY, label_key, graph)
        for concept in concepts.get(item, ()):
            holders[concept].add(item)
            yield ox.Quad(subject, _LST_CONCEPT_KEY, concept, graph)
        for language in languages:
            yield ox.Quad(subject, _LST_SORT_KEY, _sort_key(item, own, language), graph)
        for link, kind in GAPS.items():
            if str(kind) in kinds and item not in linked[link]:
                yield ox.Quad(subject, _LST_LACKS, ox.NamedNode(str(link)), graph)
    for key, items in holders.items():
        if len(items) > 1:
            for item in items:
                yield ox.Quad(ox.NamedNode(item), _LST_SHARED_KEY, key, graph)


_LST_TYPE = ox.NamedNode(str(LST.type))
_LST_LABEL_KEY = ox.NamedNode(str(LST.labelKey))
_LST_SORT_KEY = ox.NamedNode(str(LST.sortKey))
_LST_LACKS = ox.NamedNode(str(LST.lacks))
_LST_CONCEPT_KEY = ox.NamedNode(str(LST.conceptKey))
_REPRESENTS = ox.NamedNode(str(SAM.representsConcept))
_LST_SHARED_KEY = ox.NamedNode(str(LST.sharedKey))


def _listed(layout: GraphLayout) -> tuple[str, set[str]]:
    return layout.actor_prefix, {str(layout.ontology), str(layout.inferred)}


def _statements(
    store: ox.Store, predicate: ox.NamedNode, listed: tuple[str, set[str]] | None
) -> Iterable[tuple[str, object]]:
    """Yield the (subject IRI, object) of the statements with ``predicate`` whose subject is
    an IRI, in the ``listed`` graphs (all graphs when None)."""
    for quad in store.quads_for_pattern(None, predicate, None, None):
        graph, subject = quad.graph_name, quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        if listed is None or (
            isinstance(graph, ox.NamedNode)
            and (graph.value.startswith(listed[0]) or graph.value in listed[1])
        ):
            yield subject.value, quad.object


def _label_key(label: ox.Literal) -> ox.Literal:
    language = (label.language or "").lower()
    text = label.value.lower()
    return ox.Literal(text, language=language) if language else ox.Literal(text)


def _sort_key(item: str, labels: set[ox.Literal], language: str) -> ox.Literal:
    own = [sort_text(label.value) for label in labels if (label.language or "").lower() == language]
    other = [sort_text(label.value) for label in labels]
    return ox.Literal(min(own or other or [item]), language=language)
