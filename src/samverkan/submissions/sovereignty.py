"""Guideline rule 8: an actor describes and changes only its own items.

An item belongs to an actor when its IRI is the actor's IRI or lies under it. A submission
may state anything about the actor's own items (and blank nodes reachable from them), and
may point at other actors' items as objects, but never make them its subjects.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef

from samverkan.errors import InputError
from samverkan.storage import GraphLayout

#: Identifiers under an actor's space that the server mints and the actor may not describe.
RESERVED = ("version/",)


class SovereigntyError(InputError):
    """A submission touches items that belong to another actor (or to the server)."""

    def __init__(self, actor: str, items: list[str]) -> None:
        shown = ", ".join(items[:20]) + (f" and {len(items) - 20} more" if len(items) > 20 else "")
        super().__init__(
            f"actor {actor!r} may describe only its own items (guideline rule 8), "
            f"but the submission has statements about: {shown}"
        )
        self.items = items


def owns(layout: GraphLayout, slug: str, iri: URIRef) -> bool:
    """Say whether ``iri`` lies in actor ``slug``'s space (and is not server-minted)."""
    own = str(layout.actor_iri(slug))
    text = str(iri)
    if text == own:
        return True
    return text.startswith(own + "/") and not text[len(own) + 1 :].startswith(RESERVED)


def foreign_subjects(graph: Graph, layout: GraphLayout, slug: str) -> list[str]:
    """Return the subjects of ``graph`` that are not actor ``slug``'s, sorted."""
    return sorted(
        str(s)
        for s in set(graph.subjects())
        if not isinstance(s, BNode) and not (isinstance(s, URIRef) and owns(layout, slug, s))
    )


def check(graph: Graph, layout: GraphLayout, slug: str) -> None:
    """Raise :class:`SovereigntyError` naming every item the submission may not describe."""
    if foreign := foreign_subjects(graph, layout, slug):
        raise SovereigntyError(slug, foreign)


def items(graph: Graph) -> set[URIRef]:
    """Return the submission's own items: its IRI subjects."""
    return {s for s in graph.subjects() if isinstance(s, URIRef)}
