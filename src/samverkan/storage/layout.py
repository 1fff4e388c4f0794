"""Which named graph holds what: one per actor, and one each for ontology, shapes and inferences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef

from samverkan.namespaces import SAM

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class GraphLayout:
    """Names the graphs of a federation served under ``base_iri``."""

    base_iri: str

    @property
    def sam(self) -> Namespace:
        """Return the ontology's namespace: fixed, the same on every deployment."""
        return SAM

    @property
    def ontology(self) -> URIRef:
        return URIRef(f"{self.base_iri}graph/ontology")

    @property
    def shapes(self) -> URIRef:
        return URIRef(f"{self.base_iri}graph/shapes")

    @property
    def inferred(self) -> URIRef:
        return URIRef(f"{self.base_iri}graph/inferred")

    @property
    def listings(self) -> URIRef:
        """Return the graph of the listing keys (:mod:`samverkan.listings`)."""
        return URIRef(f"{self.base_iri}graph/listings")

    @property
    def actor_prefix(self) -> str:
        """Return the start shared by the names of all actor graphs."""
        return f"{self.base_iri}graph/actor/"

    def history(self, slug: str) -> URIRef:
        """Return the graph recording the versions of actor ``slug``'s part."""
        self.actor(slug)
        return URIRef(f"{self.base_iri}graph/history/{slug}")

    def actor(self, slug: str) -> URIRef:
        """Return the graph that holds actor ``slug``'s own part of the federation."""
        if not _SLUG.match(slug):
            raise ValueError(f"actor slug {slug!r} must be lower-case letters, digits and '-'")
        return URIRef(f"{self.base_iri}graph/actor/{slug}")

    def actor_slug(self, graph: URIRef) -> str | None:
        """Return the actor slug of an actor graph, or None for any other graph."""
        prefix = f"{self.base_iri}graph/actor/"
        return str(graph)[len(prefix) :] if str(graph).startswith(prefix) else None

    def actor_iri(self, slug: str) -> URIRef:
        """Return the IRI of actor ``slug``; everything it owns lies under it."""
        return URIRef(f"{self.base_iri}id/{slug}")
