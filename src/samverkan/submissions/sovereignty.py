"""Guideline rule 8: an actor describes and changes only its own items.

An item belongs to an actor when its IRI is the actor's IRI or lies under it. A submission
may state anything about the actor's own items (and blank nodes reachable from them), and
may point at other actors' items as objects of linking properties, but never make them its
subjects. Nor may it claim them: no ownership statement (``sam:owner``, ``sam:owns``, or a
property that the ontology, or the submission itself, makes a sub-property, inverse or
equivalent of one) may join one of its items to anything but its own, and no identity or
vocabulary statement (``owl:sameAs``, ``rdf:type``, ``rdfs:subClassOf``, ...) may point at
another actor's item.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from samverkan.errors import InputError
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout

#: Properties that do not link to an item but say what it is: their objects must be the
#: actor's own (or no actor's, like the ontology's terms).
NOT_LINKING = frozenset(
    {
        OWL.sameAs,
        RDF.type,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
    }
)

#: Identifiers under an actor's space that the server mints and the actor may not describe.
RESERVED = ("version/",)


class SovereigntyError(InputError):
    """A submission touches items that belong to another actor (or to the server)."""

    def __init__(self, actor: str, items: list[str], message: str | None = None) -> None:
        super().__init__(
            message
            or f"actor {actor!r} may describe only its own items (guideline rule 8), "
            f"but the submission has statements about: {_first(items)}"
        )
        self.items = items


class ClaimError(SovereigntyError):
    """A submission would make another actor's item its own, or its items another's."""

    def __init__(self, actor: str, statements: list[tuple[Node, Node, Node]]) -> None:
        shown = [" ".join(term.n3() for term in statement) for statement in statements]
        super().__init__(
            actor,
            sorted({str(o) for _, _, o in statements}),
            f"actor {actor!r} may link to other actors' items but not claim them, nor give "
            f"its own away (guideline rule 8); refused, nothing was changed: {_first(shown)}",
        )
        self.statements = shown


def _first(texts: list[str], shown: int = 20) -> str:
    rest = len(texts) - shown
    return "; ".join(texts[:shown]) + (f" and {rest} more" if rest > 0 else "")


def owns(layout: GraphLayout, slug: str, iri: URIRef) -> bool:
    """Say whether ``iri`` lies in actor ``slug``'s space (and is not server-minted)."""
    own = str(layout.actor_iri(slug))
    text = str(iri)
    if text == own:
        return True
    return text.startswith(own + "/") and not text[len(own) + 1 :].startswith(RESERVED)


def owner_slug(layout: GraphLayout, iri: URIRef) -> str | None:
    """Return the actor in whose space ``iri`` lies, if any."""
    prefix = f"{layout.base_iri}id/"
    if not str(iri).startswith(prefix):
        return None
    slug = str(iri)[len(prefix) :].split("/", 1)[0]
    try:
        layout.actor(slug)
    except ValueError:
        return None
    return slug if owns(layout, slug, iri) else None


def foreign_subjects(graph: Graph, layout: GraphLayout, slug: str) -> list[str]:
    """Return the subjects of ``graph`` that are not actor ``slug``'s, sorted."""
    return sorted(
        str(s)
        for s in set(graph.subjects())
        if not isinstance(s, BNode) and not (isinstance(s, URIRef) and owns(layout, slug, s))
    )


def check(graph: Graph, layout: GraphLayout, slug: str, ontology: Graph) -> None:
    """Raise :class:`SovereigntyError` naming every item the submission may not describe,
    or every statement by which it would claim another's item or give its own away."""
    if foreign := foreign_subjects(graph, layout, slug):
        raise SovereigntyError(slug, foreign)
    if claims := claiming(graph, layout, slug, ontology):
        raise ClaimError(slug, claims)


def claiming(
    graph: Graph, layout: GraphLayout, slug: str, ontology: Graph
) -> list[tuple[Node, Node, Node]]:
    """Return the statements of ``graph`` that join an item to an owner other than actor
    ``slug`` (either way round), or that say what another actor's item is, sorted."""
    owner_like, owns_like = ownership_properties(ontology + graph)

    def own(term: Node) -> bool:
        return isinstance(term, BNode) or (isinstance(term, URIRef) and owns(layout, slug, term))

    def others(term: Node) -> bool:
        return isinstance(term, URIRef) and owner_slug(layout, term) not in (None, slug)

    return sorted(
        (s, p, o)
        for s, p, o in graph
        if ((p in owner_like or p in owns_like) and not (own(s) and own(o)))
        or (p in NOT_LINKING and others(o))
    )


def ownership_properties(graph: Graph) -> tuple[set[Node], set[Node]]:
    """Return the properties that entail ``sam:owner`` (item → actor) and those that
    entail ``sam:owns`` (actor → item): sub-properties, equivalents and inverses."""
    owner_like: set[Node] = {SAM.owner}
    owns_like: set[Node] = {SAM.owns}
    while True:
        grown_owner = owner_like | _entailing(graph, owner_like) | _inverses(graph, owns_like)
        grown_owns = owns_like | _entailing(graph, owns_like) | _inverses(graph, owner_like)
        if (grown_owner, grown_owns) == (owner_like, owns_like):
            return owner_like, owns_like
        owner_like, owns_like = grown_owner, grown_owns


def _entailing(graph: Graph, properties: set[Node]) -> set[Node]:
    """Return the sub-properties and equivalents of ``properties``."""
    found = {p for q in properties for p in graph.subjects(RDFS.subPropertyOf, q)}
    found |= {p for q in properties for p in graph.subjects(OWL.equivalentProperty, q)}
    return found | {p for q in properties for p in graph.objects(q, OWL.equivalentProperty)}


def _inverses(graph: Graph, properties: set[Node]) -> set[Node]:
    found = {p for q in properties for p in graph.subjects(OWL.inverseOf, q)}
    return found | {p for q in properties for p in graph.objects(q, OWL.inverseOf)}


def items(graph: Graph) -> set[URIRef]:
    """Return the submission's own items: its IRI subjects."""
    return {s for s in graph.subjects() if isinstance(s, URIRef)}
