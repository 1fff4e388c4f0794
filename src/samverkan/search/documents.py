"""What the index holds of each item, read from the store in one query.

An item's catalog is the class of the catalog an entry lists it in (``sam:listedIn``), else
follows from its type: the process column and the customer's side of it go to the process
catalog, the information column and exchanges to the information-exchange catalog, services
and their channels and systems to the service catalog, initiatives and scorecards to the
assignment catalog. Whatever fits none of them (actors, regulations, collaboration areas …)
is grouped as ``other``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from samverkan import metamodel as mm
from samverkan import rq
from samverkan.metamodel import CATALOG_ENTRY, local
from samverkan.metamodel import CATALOGS as METAMODEL_CATALOGS
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout, Store

#: The catalogs in the order results are grouped, ``other`` last.
CATALOGS = (*(kind.slug for kind in METAMODEL_CATALOGS), "other")
#: The class of each catalog (local names in the Samverkan ontology).
CATALOG_CLASSES = {local(kind.cls): kind.slug for kind in METAMODEL_CATALOGS}
#: The catalog of an item not listed in any, by its type (local names).
CATALOG_OF_TYPE = {
    local(cls): catalog
    for catalog, classes in (
        (
            "process",
            (
                mm.LIFE_SITUATION, mm.LIFE_EVENT, mm.BUSINESS_EVENT, mm.CUSTOMER_FLOW,
                mm.CONCEPTUAL_PROCESS, mm.PROCESS, mm.ACTIVITY, mm.COLLABORATION_PROCESS,
                mm.CUSTOMER_ACTION, mm.CUSTOMER_VALUE,
            ),
        ),
        (
            "information-exchange",
            (
                mm.CONCEPT, mm.INFORMATION, mm.DATA_ELEMENT, mm.DATA_SCHEMA, mm.SCHEMA_MAPPING,
                mm.INFORMATION_EXCHANGE,
            ),
        ),
        (
            "service",
            (mm.CONCEPTUAL_SERVICE, mm.LOGICAL_SERVICE, mm.REALISED_SERVICE, mm.CHANNEL, mm.SYSTEM),
        ),
        ("assignment", (mm.DEVELOPMENT_INITIATIVE, mm.SCORECARD)),
    )
    for cls in classes
}  # fmt: skip
#: The properties whose values are names; every other literal read is a description.
NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@dataclass
class Document:
    """One item as the index holds it: names and texts by language, kind, owner, catalog."""

    iri: str
    actor: str
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, str] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)
    owner: str = ""
    catalog: str = "other"

    def label(self, lang: str) -> str:
        """Return the item's rdfs:label in ``lang`` (empty when it has none)."""
        return self.labels.get(lang, "")


def read(store: Store, layout: GraphLayout, actor: str | None = None) -> list[Document]:
    """Return the documents of every actor's items (or of one actor's), sorted by IRI."""
    query = rq.packaged("samverkan.search", "documents")
    bindings: dict[str, Node] = {"actors": Literal(layout.actor_prefix)}
    if actor:
        bindings["graph"] = layout.actor(actor)
    documents: dict[str, Document] = {}
    for row in store.select(query, bindings).rows:
        slug = layout.actor_slug(URIRef(str(row["graph"]))) or ""
        item = str(row["item"])
        document = documents.setdefault(item, Document(item, slug))
        _add(document, URIRef(str(row["key"])), row["value"])
    sam = str(SAM)
    found = [_settle(d, sam) for d in documents.values() if _is_item(d)]
    return sorted(found, key=lambda d: d.iri)


def language(value: Literal) -> str:
    """Return the index column a literal goes to: Swedish, else English (untagged too)."""
    return "sv" if (value.language or "").lower().startswith("sv") else "en"


def _add(document: Document, key: URIRef, value: Node) -> None:
    if key == RDF.type:
        document.types.append(str(value))
    elif key == SAM.owner:
        document.owner = min(document.owner or str(value), str(value))
    elif key == SAM.listedIn:
        local = str(value).removeprefix(str(SAM))
        document.catalog = CATALOG_CLASSES.get(local, document.catalog)
    elif isinstance(value, Literal):
        lang = language(value)
        (document.names if key in NAMES else document.texts)[lang].append(str(value))
        if key == RDFS.label:
            document.labels[lang] = min(document.labels.get(lang, str(value)), str(value))


def _settle(document: Document, sam: str) -> Document:
    """Keep the Samverkan types, sort, and find the catalog from a type if no entry names it."""
    document.types = sorted(t for t in document.types if t.startswith(sam))
    for values in (*document.names.values(), *document.texts.values()):
        values.sort()
    if document.catalog == "other":
        locals_ = (t.removeprefix(sam) for t in document.types)
        kinds = [CATALOG_OF_TYPE[name] for name in locals_ if name in CATALOG_OF_TYPE]
        document.catalog = min(kinds, key=CATALOGS.index, default="other")
    return document


def _is_item(document: Document) -> bool:
    return bool(document.labels) and str(CATALOG_ENTRY) not in document.types
