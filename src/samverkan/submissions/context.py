"""Validate a submission in the context of the federation, reading only what it needs.

The shapes need more than the submission: the types of the items it links to, the links
other actors state towards its items, and, for reuse-before-build, the look-alike items of
other actors. Index lookups item by item (:meth:`Store.match`) fetch exactly that, so
validation costs what the submission costs, not what the federation costs; and only results
about the submission's own items count. Look-alike labels, equal but for case, are found by
:meth:`Store.labelled`: the embedded store keeps them indexed in memory; a remote store reads
every label once.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from samverkan.storage import GraphLayout, GraphScope, Store
from samverkan.submissions.sovereignty import items
from samverkan.validation import Report, Validator


def context_graph(store: Store, layout: GraphLayout, slug: str | None, submission: Graph) -> Graph:
    """Return what the federation (less actor ``slug``'s current part) says that matters."""
    parts = GraphScope(layout.actor_prefix, frozenset({layout.actor(slug)} if slug else ()))
    sam = layout.sam
    mentioned = {t for t in submission.all_nodes() if isinstance(t, URIRef)}
    context = _facts(store, parts, mentioned, (RDF.type, sam.owner, RDFS.label), (RDF.type,))
    context += _links_towards(store, parts, items(submission), sam.owner)
    context += _look_alikes(store, parts, submission, sam)
    return context


def _facts(
    store: Store,
    parts: GraphScope,
    nodes: set[URIRef],
    predicates: tuple[URIRef, ...],
    required: tuple[URIRef, ...],
) -> Graph:
    """Return the statements about ``nodes`` with one of ``predicates``, for the nodes that
    have every ``required`` one."""
    found = Graph()
    statements = Graph()
    # One lookup per predicate: a shared item (a concept, an actor) has thousands of other
    # statements that would be read and thrown away.
    for predicate in predicates:
        statements += store.match(nodes, "subject", parts, predicate)
    for node in nodes:
        facts = list(statements.predicate_objects(node))
        if all(any(p == r for p, _ in facts) for r in required):
            found += ((node, p, o) for p, o in facts)
    return found


def _links_towards(store: Store, parts: GraphScope, own: set[URIRef], owner: URIRef) -> Graph:
    """Return other actors' links towards the submission's own items, with the linking
    items' types and owners (only links from typed items count)."""
    links = store.match(own, "object", parts)
    others = {s for s in links.subjects() if isinstance(s, URIRef)}
    found = _facts(store, parts, others, (RDF.type, owner), (RDF.type,))
    typed = set(found.subjects())
    found += ((s, p, o) for s, p, o in links if s in typed)
    return found


def _look_alikes(store: Store, parts: GraphScope, submission: Graph, sam: Namespace) -> Graph:
    """Return the context of guideline rule 7 (reuse before build): other actors' items whose
    label equals one of the submission's (ignoring case, same language) or that represent one
    of the concepts its information represents, with their types, owners and labels."""
    keys = {
        (str(label).lower(), label.language or "")
        for label in submission.objects(None, RDFS.label)
        if isinstance(label, Literal)
    }
    concepts = {c for c in submission.objects(None, sam.representsConcept) if isinstance(c, URIRef)}
    representing = store.match(concepts, "object", parts, sam.representsConcept)
    candidates = {s for s in store.labelled(keys, parts).subjects() if isinstance(s, URIRef)}
    candidates |= {s for s in representing.subjects() if isinstance(s, URIRef)}
    found = _facts(
        store, parts, candidates, (RDF.type, sam.owner, RDFS.label), (RDF.type, sam.owner)
    )
    described = set(found.subjects())
    found += ((s, p, o) for s, p, o in representing if s in described)
    return found


def validate_in_context(
    validator: Validator, store: Store, layout: GraphLayout, slug: str | None, submission: Graph
) -> Report:
    """Validate ``submission`` as actor ``slug``'s new part (or as an addition when None);
    report only on its own items."""
    data = submission + context_graph(store, layout, slug, submission)
    return validate_canonically(validator, data, items(submission), layout.base_iri)


def validate_canonically(
    validator: Validator, data: Graph, focus: set[URIRef], base_iri: str
) -> Report:
    """Validate ``data``, reporting on the ``focus`` nodes.

    The vocabulary is the same on every deployment, so data, shapes and report need no
    translation; ``base_iri`` is kept for the callers.
    """
    return validator.validate(data, focus_nodes=sorted(focus))
