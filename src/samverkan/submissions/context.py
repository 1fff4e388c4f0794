"""Validate a submission in the context of the federation, reading only what it needs.

The verdict is the reference's (:mod:`samverkan.submissions.reference`): standard SHACL
over the whole federation as it would be after the change, with the ontology, keeping the
results about the submission's items, and the results about other actors' items that the
change brings about. This module reaches the same results from the neighbourhood of the
change, read by index lookups (:meth:`Store.match`), so validation costs what the
submission costs, not what the federation costs:

- the submission, with what the shapes reach from its items: the types of the items they
  link to, other actors' links towards them (with the linking items' types), and other
  actors' look-alikes for reuse before build (rule 7: the same name, ignoring case, in the
  same primary language; or the same concept represented);
- the *affected* items of other actors, whose results the change can alter (see
  :func:`affected_items`), each with all its statements and what the shapes reach from it.

The data is validated whole and the results filtered afterwards: pySHACL's ``focus_nodes``
also restricts the nested shapes of ``sh:qualifiedValueShape``, so values outside the focus
set (literals, other actors' items) would count as conforming. An affected item's results
count only if the change brings them: when it has any, the same context is validated with
the actors' current parts instead of the submission, and what it had already is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from samverkan import collector
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout, GraphScope, Store
from samverkan.storage.base import Role
from samverkan.storage.labels import primary_language
from samverkan.submissions.sovereignty import owner_slug
from samverkan.triples import Triple, Triples
from samverkan.validation import Report, Validator

#: What other actors' look-alikes are read with (rule 7 compares kind, names and owners).
_LOOK_ALIKE_FACTS = (RDF.type, RDFS.label, SAM.owner)


def validate_in_context(
    validator: Validator, store: Store, layout: GraphLayout, slug: str | None, submission: Graph
) -> Report:
    """Validate ``submission`` as actor ``slug``'s new part (without one, as the new part
    of each actor whose items it describes); report on its items and on the other actors'
    items whose results it changes."""
    with collector.deferred():
        return _validate_in_context(validator, store, layout, slug, submission)


def _validate_in_context(
    validator: Validator, store: Store, layout: GraphLayout, slug: str | None, submission: Graph
) -> Report:
    actors = {slug} if slug else replaced_actors(layout, submission)
    others = Lookups(store, GraphScope(layout.actor_prefix, frozenset(map(layout.actor, actors))))
    current = Triples()
    for actor in sorted(actors):
        current += store.graph(layout.actor(actor))
    proposed = Triples(submission)
    backwards = followed_backwards(validator.shapes)
    own = set(proposed.subjects())
    affected = affected_items(others, proposed, current, backwards)
    affected -= own | set(current.subjects())
    context = context_graph(others, proposed, affected, backwards)
    data = proposed + context
    after = validate_canonically(validator, data, own | affected, layout.base_iri)
    touched = {r.focus for r in after.results if r.focus in affected}
    report = after
    if touched:
        before = validate_canonically(validator, current + context, touched, layout.base_iri)
        brought = {r.node for r in after.about(touched).without(before).results}
        report = after.keeping(lambda r: r.focus in own or r.node in brought)
    return _named(report, store, layout, data, validator.ontology)


def _named(
    report: Report, store: Store, layout: GraphLayout, data: Triples, ontology: Graph
) -> Report:
    """Return ``report`` with the labels of its items: from the data validated, else from
    the federation (for the items the context holds only the types of), else the ontology."""
    wanted = _iris(report.items() - set(data.subjects(RDFS.label, None)))
    federation = GraphScope(layout.actor_prefix)
    return report.named(data, store.match(wanted, "subject", federation, RDFS.label), ontology)


class Lookups:
    """The statements of the graphs in ``scope`` that one validation looks up, each item
    looked up once for each role and predicate: finding the affected items and reading the
    context ask about nearly the same look-alikes."""

    def __init__(self, store: Store, scope: GraphScope) -> None:
        self.store, self.scope = store, scope
        self._found: dict[tuple[Role, URIRef | None], dict[URIRef, list[Triple]]] = {}
        self._labelled: dict[tuple[str, str], list[Triple]] = {}

    def match(
        self, nodes: Iterable[URIRef], role: Role, predicate: URIRef | None = None
    ) -> Triples:
        """Return the statements with one of ``nodes`` as ``role`` (and ``predicate``)."""
        nodes = set(nodes)
        known = self._found.setdefault((role, predicate), {})
        if missing := nodes - known.keys():
            position = 0 if role == "subject" else 2
            for node in missing:
                known[node] = []
            for triple in self.store.match(missing, role, self.scope, predicate):
                known[triple[position]].append(triple)  # type: ignore[index]
        return Triples(triple for node in nodes for triple in known[node])

    def labelled(self, keys: Iterable[tuple[str, str]]) -> Triples:
        """Return the label statements whose names have one of ``keys``."""
        keys = set(keys)
        if missing := keys - self._labelled.keys():
            for key in missing:
                self._labelled[key] = []
            for triple in self.store.labelled(missing, self.scope):
                found = label_key(triple[2])
                # A remote store lower-cases in SPARQL, which may differ from Python for a
                # few letters: a statement it found under another key counts for them all.
                for key in [found] if found in missing else missing:
                    self._labelled[key].append(triple)
        return Triples(triple for key in keys for triple in self._labelled[key])


def replaced_actors(layout: GraphLayout, submission: Graph) -> set[str]:
    """Return the actors whose spaces hold the submission's items."""
    found = (owner_slug(layout, s) for s in submission.subjects() if isinstance(s, URIRef))
    return {slug for slug in found if slug}


def followed_backwards(shapes: Graph) -> frozenset[URIRef]:
    """Return the properties the shapes follow from object to subject (``sh:inversePath``)."""
    return frozenset(p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef))


def affected_items(
    others: Lookups,
    submission: Triples,
    current: Triples,
    backwards: frozenset[URIRef],
) -> set[URIRef]:
    """Return the other actors' items whose results the change from ``current`` to
    ``submission`` can alter.

    An item's results depend on its own statements, on the statements towards it through
    a property the shapes follow backwards, on the types of the items these reach, and
    (rule 7) on the kind, names, owner and concepts of its look-alikes. So an item is
    affected when it links to an item whose types change, when a changed statement (or a
    statement of a retyped item) reaches it backwards, or when it is a look-alike of a
    changed item under its old or new description.
    """
    new, old = set(submission), set(current)
    changed, both = new ^ old, new | old
    retyped = _iris(s for s, p, _ in changed if p == RDF.type)
    affected = _iris(others.match(retyped, "object").subjects())
    affected |= _iris(o for s, p, o in changed if p in backwards)
    affected |= _iris(o for s, p, o in both if p in backwards and s in retyped)
    altered = {s for s, _, _ in changed}
    described = _of((t for t in both if t[0] in altered), (RDFS.label, SAM.representsConcept))
    known = _of(both, _CONCEPT_LINKS)
    affected |= _look_alikes(others, described, known, altered)[0]
    return affected


#: The two ways an item is said to represent a concept.
_CONCEPT_LINKS = (SAM.representsConcept, SAM.representedBy)


def _of(triples: Iterable[tuple[Node, Node, Node]], predicates: tuple[URIRef, ...]) -> Triples:
    """Return the ``triples`` with one of ``predicates``."""
    return Triples((s, p, o) for s, p, o in triples if p in predicates)


def context_graph(
    others: Lookups,
    submission: Triples,
    affected: set[URIRef],
    backwards: frozenset[URIRef],
) -> Triples:
    """Return what the other actors' parts say that the shapes need for the submission's
    items and for the ``affected`` items."""
    context = others.match(affected, "subject")
    targets = _iris(submission.subjects()) | affected
    towards = others.match(targets, "object")
    context += ((s, p, o) for s, p, o in towards if p in backwards)
    known = _of((t for g in (submission, context) for t in g), _CONCEPT_LINKS)
    context += _look_alikes(others, submission, known)[1]
    reached = _iris(o for g in (submission, context) for _, p, o in g if p != RDF.type)
    reached |= _iris(context.subjects())
    reached -= _iris(submission.subjects())
    context += others.match(reached, "subject", RDF.type)
    return context


def _look_alikes(
    others: Lookups,
    items: Triples,
    known: Triples,
    subjects: set[Node] | None = None,
) -> tuple[set[URIRef], Triples]:
    """Return the other actors' items that rule 7 may compare with ``items`` (the same name
    ignoring case in the same primary language, or the same concept represented; ``known``
    holds the statements towards ``items``; ``subjects``, the items when ``items`` holds only
    their names and concepts), and their kinds, names, owners and concepts."""
    keys = {label_key(label) for label in items.objects(None, RDFS.label)}
    keys.discard(None)
    found = Triples()
    candidates = _iris(others.labelled(keys).subjects())  # type: ignore[arg-type]
    concepts = _concepts(items, known, subjects)
    found += others.match(concepts, "object", SAM.representsConcept)
    found += others.match(concepts, "subject", SAM.representedBy)
    candidates |= _iris(found.subjects(SAM.representsConcept, None))
    candidates |= _iris(found.objects(None, SAM.representedBy))
    candidates |= _iris(o for s, o in known.subject_objects(SAM.representedBy) if s in concepts)
    candidates |= _iris(s for s, o in known.subject_objects(SAM.representsConcept) if o in concepts)
    for predicate in _LOOK_ALIKE_FACTS:
        found += others.match(candidates, "subject", predicate)
    found += others.match(candidates, "object", SAM.owns)
    return candidates, found


def _concepts(items: Triples, known: Triples, subjects: set[Node] | None = None) -> set[URIRef]:
    """Return the concepts that the subjects of ``items`` represent, either way stated."""
    subjects = subjects if subjects is not None else set(items.subjects())
    concepts = _iris(o for s, o in items.subject_objects(SAM.representsConcept))
    concepts |= _iris(s for s, o in known.subject_objects(SAM.representedBy) if o in subjects)
    return concepts


def label_key(label: Node) -> tuple[str, str] | None:
    """Return how rule 7 compares a name: lower-cased, with its primary language subtag."""
    if not isinstance(label, Literal):
        return None
    return str(label).lower(), primary_language(label.language)


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}


def validate_canonically(
    validator: Validator, data: Triples, focus: set[Node], base_iri: str
) -> Report:
    """Validate all of ``data`` and return the results about the ``focus`` nodes.

    The whole graph is validated (no ``focus_nodes``: pySHACL would then also skip the
    values outside the focus set that nested shapes check), and the results filtered.

    The vocabulary is the same on every deployment, so data, shapes and report need no
    translation; ``base_iri`` is kept for the callers.
    """
    return validator.validate(data).about(focus)
