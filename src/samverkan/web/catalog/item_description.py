"""The description of one item: its triples as RDF, and what its HTML page shows.

**What an item's description holds.** Every triple whose subject is the item, from every
graph of the store: the owner's asserted triples *and* the inferred graph's (super-types,
inverse links, super-properties, the ``sam:tracesTo`` / ``sam:tracedFrom`` closure). A
client thus sees each link from both ends and the whole traceability chain without running
a reasoner. For every IRI the item links to, the description adds its ``rdfs:label`` in
every language and its asserted types, so that a client can show links by name.
The query is ``web/queries/describe.rq``.

**What its page shows.** The most specific types, the name and description in the page's
language, a table of the stated properties (super-properties and types that follow from
the ontology are left out, as are links shown elsewhere on the page), the traceability up
and down the columns grouped by kind, the links across the columns, and for an actor what
it owns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from samverkan import metamodel as mm
from samverkan.presentation.links import Link
from samverkan.presentation.ontology import Ontology
from samverkan.web.catalog.catalogs import CATALOG_KINDS
from samverkan.web.common import rq
from samverkan.web.common.addresses import link, with_lang
from samverkan.web.common.language import ordered, pick
from samverkan.web.common.paging import ROWS
from samverkan.web.common.services import services

#: The levels of the three columns from top (why?) to bottom (with what?), for ordering
#: the traceability groups: nearest first.
TRACE_ORDER = (
    mm.LIFE_SITUATION,
    mm.LIFE_EVENT,
    mm.BUSINESS_EVENT,
    mm.CUSTOMER_FLOW,
    mm.CONCEPTUAL_PROCESS,
    mm.CUSTOMER_ACTION,
    mm.PROCESS,
    mm.ACTIVITY,
    mm.CONCEPT,
    mm.INFORMATION,
    mm.DATA_ELEMENT,
    mm.CONCEPTUAL_SERVICE,
    mm.LOGICAL_SERVICE,
    mm.REALISED_SERVICE,
)
#: Links between the rows of the metamodel, shown together under traceability.
ACROSS = (
    "supports",
    "supportedBy",
    "carriesInformation",
    "carriedBy",
    "usesInformation",
    "usedByActivity",
    "producesInformation",
    "producedByActivity",
)


def describe(iri: URIRef) -> Graph:
    """Return the description of ``iri`` (empty when nothing is known about it)."""
    return services().store.construct(rq.query("describe"), {"item": iri})


@dataclass
class Value:
    """One value of a property: a link, or a literal with its language."""

    text: str
    link: Link | None = None
    lang: str | None = None


@dataclass
class Row:
    """A property and its values."""

    predicate: Link
    values: list[Value]
    more: int = 0


@dataclass
class Group:
    """Linked items of one kind."""

    kind: Link
    items: list[Link]
    more: int = 0


@dataclass
class ItemView:
    """Everything the item page shows."""

    iri: str
    label: str
    description: str | None
    types: list[Link]
    owner: Link | None = None
    rows: list[Row] = field(default_factory=list)
    above: list[Group] = field(default_factory=list)
    below: list[Group] = field(default_factory=list)
    across: list[Row] = field(default_factory=list)
    owned: list[Group] = field(default_factory=list)
    listing: Link | None = None
    entries: int = 0


class Reader:
    """Reads one description for a page in one language."""

    def __init__(self, graph: Graph, iri: URIRef, ontology: Ontology, lang: str) -> None:
        self.graph, self.iri, self.ontology, self.lang = graph, iri, ontology, lang

    def view(self) -> ItemView:
        """Return what the page shows."""
        sam = self.ontology.sam
        owners = [o for o in self.graph.objects(self.iri, sam("owner")) if isinstance(o, URIRef)]
        view = ItemView(
            iri=str(self.iri),
            label=self.name(self.iri),
            description=self.literal(self.iri, DCTERMS.description)
            or self.literal(self.iri, SKOS.definition),
            types=[self.term(t) for t in self.types(self.iri)],
            owner=self.item(owners[0]) if owners else None,
            above=self.groups(self.links(sam("tracesTo")), reverse=True),
            below=self.groups(self.links(sam("tracedFrom")), reverse=False),
            across=[row for name in ACROSS if (row := self.row(sam(name))) is not None],
            owned=self.groups([o for o in self.links(sam("owns")) if o != self.iri]),
        )
        view.rows = [row for p in self.shown_predicates() if (row := self.row(p)) is not None]
        self.add_listing(view)
        return view

    def shown_predicates(self) -> list[URIRef]:
        sam = self.ontology.sam
        hidden = {RDF.type, sam("tracesTo"), sam("tracedFrom"), sam("owns"), DCAT.record}
        hidden |= {sam(name) for name in ACROSS}
        predicates = {p for p in self.graph.predicates(self.iri) if isinstance(p, URIRef)}
        shown = [p for p in predicates - hidden if not self.derived(p, predicates)]
        first = {sam("owner"): 0, RDFS.label: 1, DCTERMS.description: 2}
        return sorted(shown, key=lambda p: (first.get(p, 9), self.ontology.label(p, self.lang)))

    def derived(self, predicate: URIRef, predicates: Iterable[URIRef]) -> bool:
        """Say whether every value of ``predicate`` comes with a narrower property."""
        narrower = [p for p in predicates if self.ontology.is_subproperty(p, predicate)]
        values = set(self.graph.objects(self.iri, predicate))
        covered = {o for p in narrower for o in self.graph.objects(self.iri, p)}
        return bool(narrower) and values <= covered

    def row(self, predicate: URIRef) -> Row | None:
        objects = list(self.graph.objects(self.iri, predicate))
        if not objects:
            return None
        literals = ordered([o for o in objects if isinstance(o, Literal)], self.lang)
        iris = sorted((o for o in objects if isinstance(o, URIRef)), key=self.name)
        values = [Value(str(v), None, v.language) for v in literals]
        values += [Value(self.name(o), self.item(o)) for o in iris[: max(ROWS - len(values), 0)]]
        shown = values[:ROWS]
        return Row(self.term(predicate), shown, len(literals) + len(iris) - len(shown))

    def add_listing(self, view: ItemView) -> None:
        for slug, kind in CATALOG_KINDS.items():
            if (self.iri, RDF.type, kind) in self.graph:
                view.listing = Link(with_lang(f"/catalogs/{slug}"), view.label, str(self.iri))
                view.entries = len(set(self.graph.objects(self.iri, DCAT.record)))

    def links(self, predicate: URIRef) -> list[URIRef]:
        return [o for o in self.graph.objects(self.iri, predicate) if isinstance(o, URIRef)]

    def groups(self, items: list[URIRef], reverse: bool = False) -> list[Group]:
        """Group linked items by their most specific type, in metamodel order."""
        by_kind: dict[URIRef | None, list[URIRef]] = defaultdict(list)
        for item in items:
            kinds = self.types(item)
            by_kind[kinds[0] if kinds else None].append(item)
        order = list(TRACE_ORDER)

        def position(kind: URIRef | None) -> tuple[int, str]:
            rank = order.index(kind) if kind in order else len(order)
            label = self.ontology.label(kind, self.lang) if kind else ""
            return (-rank if reverse and rank < len(order) else rank, label)

        return [
            Group(
                self.term(kind) if kind else Link("", "—", ""),
                [self.item(i) for i in sorted(by_kind[kind], key=self.name)[:ROWS]],
                max(len(by_kind[kind]) - ROWS, 0),
            )
            for kind in sorted(by_kind, key=position)
        ]

    def types(self, subject: Node) -> list[URIRef]:
        found = [t for t in self.graph.objects(subject, RDF.type) if isinstance(t, URIRef)]
        return self.ontology.most_specific(found)

    def literal(self, subject: Node, predicate: URIRef) -> str | None:
        values = [o for o in self.graph.objects(subject, predicate) if isinstance(o, Literal)]
        found = pick(values, self.lang)
        return str(found) if found is not None else None

    def name(self, iri: Node) -> str:
        """Return an IRI's name: its label in the description, else the ontology's, else IRI."""
        found = self.literal(iri, RDFS.label) or self.literal(iri, SKOS.prefLabel)
        if found:
            return found
        if isinstance(iri, URIRef):
            label = self.ontology.label(iri, self.lang)
            return label if label != str(iri) else (services().path(str(iri)) or str(iri))
        return str(iri)

    def item(self, iri: URIRef) -> Link:
        return link(str(iri), self.name(iri))

    def term(self, iri: URIRef) -> Link:
        return link(str(iri), self.ontology.label(iri, self.lang))
