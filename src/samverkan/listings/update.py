"""Keep the listings graph up to date: per accepted version, and whole for a store.

A version can change the keys of these items only: the subjects of the statements it adds or
removes (their names, types, links) and the subjects of the inferences that change with it
(types from domains and ranges, inverse links such as ``sam:representedBy``). Their keys are
derived from what the store will hold once the version lands: the other graphs' statements
about them, the new part's, and the inferred graph after the change. So the keys land in the
same transaction as the version, and readers never see them out of step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from samverkan.listings import fast
from samverkan.listings.keys import LST, MATCHED, PREMISES, listing_keys, shared_keys
from samverkan.reasoning.incremental import InferenceChange, without_blank_nodes
from samverkan.sparql_values import fill, iris, literal
from samverkan.storage import GraphLayout, GraphScope, OxigraphStore, Store
from samverkan.storage.base import MATCH_CHUNK

_SUB_CLASSES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?narrower ?broader WHERE { ?narrower rdfs:subClassOf ?broader }
"""
_PREMISES = """
SELECT ?g ?s ?p ?o WHERE { VALUES ?p { %s } GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) }
"""


_HOLDERS = f"""
SELECT ?g ?s ?p ?k WHERE {{
  VALUES ?k {{ #KEYS# }}
  VALUES ?p {{ <{LST.labelKey}> <{LST.conceptKey}> <{LST.sharedKey}> }}
  GRAPH ?g {{ ?s ?p ?k }}
}}
"""


_HOLDERS_OF_ONE = f"""
SELECT ?k ?g ?s ?p WHERE {{
  VALUES ?p {{ <{LST.labelKey}> <{LST.conceptKey}> <{LST.sharedKey}> }}
  GRAPH ?g {{ ?s ?p ?k }}
}}
"""


@dataclass(frozen=True)
class ListingsChange:
    """What to take out of, and put into, the listings graph."""

    remove: Graph
    add: Graph


def sub_classes(store: Store) -> list[tuple[URIRef, URIRef]]:
    """Return the ``(narrower, broader)`` pairs of ``rdfs:subClassOf`` the store holds."""
    rows = store.select(_SUB_CLASSES).rows
    return [
        (row["narrower"], row["broader"])
        for row in rows
        if isinstance(row["narrower"], URIRef) and isinstance(row["broader"], URIRef)
    ]


def listings_change(
    store: Store,
    layout: GraphLayout,
    actor: str,
    old: Graph,
    new: Graph,
    inferences: InferenceChange,
    languages: Sequence[str] = ("sv", "en"),
) -> ListingsChange:
    """Return how the listings graph changes when ``actor``'s part goes from ``old`` to
    ``new`` with the inferred graph changing by ``inferences``."""
    items = _iris((old ^ new).subjects())
    items |= _iris(inferences.remove.subjects()) | _iris(inferences.add.subjects())
    if not items:
        return ListingsChange(Graph(), Graph())
    others = GraphScope(layout.actor_prefix, frozenset({layout.actor(actor)}))
    final = _match(store, items, others)
    final += _match(store, items, GraphScope(str(layout.ontology)))
    final += _about(new, items)
    inferred = _match(store, items, GraphScope(str(layout.inferred)))
    inferred -= inferences.remove
    final += inferred
    final += _premises(_about(without_blank_nodes(inferences.add), items))
    keys = listing_keys(final, sub_classes(store), items, languages)
    held = store.match(items, "subject", GraphScope(str(layout.listings)))
    local = Graph()
    for triple in held:
        if triple[1] != LST.sharedKey:
            local.add(triple)
    touched = {o for p in MATCHED for o in (*held.objects(None, p), *keys.objects(None, p))}
    holding, shared_now = _holders(store, layout, touched)
    pairs = {(s, k) for s, k in holding if s not in items}
    pairs |= {pair for p in MATCHED for pair in keys.subject_objects(p)}
    shared = shared_keys(pairs)
    return ListingsChange(
        remove=(local - keys) + (shared_now - shared),
        add=(keys - local) + (shared - shared_now),
    )


def _holders(
    store: Store, layout: GraphLayout, keys: set[Node]
) -> tuple[set[tuple[Node, Node]], Graph]:
    """Return the (item, label key) pairs the listings graph holds for ``keys``, and its
    ``lst:sharedKey`` statements about them."""
    pairs: set[tuple[Node, Node]] = set()
    shared = Graph()
    for row in _holder_rows(store, keys):
        if str(row["g"]) != str(layout.listings):
            continue
        if row["p"] in MATCHED:
            pairs.add((row["s"], row["k"]))
        else:
            shared.add((row["s"], LST.sharedKey, row["k"]))
    return pairs, shared


def _holder_rows(store: Store, keys: set[Node]) -> Iterable[dict[str, Node]]:
    """Yield the statements with one of ``keys`` as object: on the embedded store by one
    index lookup per key (Oxigraph joins a VALUES block of keys with every statement of
    those predicates: 0.85 s for a 1 000-triple part at 100 k triples), elsewhere in chunks."""
    ordered = sorted(keys, key=lambda key: (str(key), getattr(key, "language", None) or ""))
    if isinstance(store, OxigraphStore):
        for key in ordered:
            yield from store.select(_HOLDERS_OF_ONE, {"k": key}).rows
        return
    for start in range(0, len(ordered), MATCH_CHUNK):
        rows = " ".join(_term(key) for key in ordered[start : start + MATCH_CHUNK])
        yield from store.select(fill(_HOLDERS, KEYS=rows)).rows


def _term(key: Node) -> str:
    if isinstance(key, URIRef):
        return iris([key])
    assert isinstance(key, Literal)
    return literal(str(key), key.language)


def rebuild_listings(
    store: Store, layout: GraphLayout, languages: Sequence[str] = ("sv", "en")
) -> int:
    """Replace the listings graph with the keys of every item the store holds; return their
    number. The full derivation that :func:`listings_change` must always agree with; on the
    embedded store by index scans and a bulk load (:mod:`.fast`, not one transaction: for
    building a store, as ``samverkan load`` and ``reason`` do, not on one being served)."""
    if isinstance(store, OxigraphStore):
        return store.bulk(partial(fast.rebuild, layout=layout, languages=languages))
    keys = full_keys(store, layout, languages)
    store.replace_graph(layout.listings, keys)
    return len(keys)


def full_keys(store: Store, layout: GraphLayout, languages: Sequence[str] = ("sv", "en")) -> Graph:
    """Return the listing keys of every item, derived from the whole store: its ontology,
    its actors' parts and its inferred graph (the graphs the listed statements are in)."""
    values = " ".join(f"<{p}>" for p in PREMISES)
    statements = Graph()
    for row in store.select(_PREMISES % values).rows:
        if _listed(layout, str(row["g"])):
            statements.add((row["s"], row["p"], row["o"]))
    keys = listing_keys(statements, sub_classes(store), None, languages)
    return keys + shared_keys(pair for p in MATCHED for pair in keys.subject_objects(p))


def _listed(layout: GraphLayout, graph: str) -> bool:
    return graph.startswith(layout.actor_prefix) or graph in (
        str(layout.ontology),
        str(layout.inferred),
    )


def _match(store: Store, items: set[URIRef], scope: GraphScope) -> Graph:
    """Return the premise statements about ``items`` in ``scope``: on the embedded store
    predicate by predicate (index lookups that read only what the keys need), elsewhere in
    one match (a remote store answers each by queries)."""
    if not isinstance(store, OxigraphStore):
        return _premises(store.match(items, "subject", scope))
    found = Graph()
    for predicate in PREMISES:
        found += store.match(items, "subject", scope, predicate)
    return found


def _premises(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    kept = Graph()
    for s, p, o in triples:
        if p in PREMISES:
            kept.add((s, p, o))
    return kept


def _about(graph: Graph, items: set[URIRef]) -> Graph:
    kept = Graph()
    for s, p, o in graph:
        if s in items:
            kept.add((s, p, o))
    return kept


def _iris(nodes: Iterable[object]) -> set[URIRef]:
    return {node for node in nodes if isinstance(node, URIRef)}
