"""Published means listed: each accepted item of a catalogued kind has an entry in its catalog.

The submission workflow records the entries itself. An item of a catalogued kind that no
entry of the submission lists in a catalog of its kind gets one: ``<actor>/entry/listed/…``,
a ``sam:CatalogEntry`` with ``foaf:primaryTopic`` the item, ``sam:listedIn`` the catalog and
``dct:modified`` the day it was first listed (kept on later versions, so that sending the
same content again changes nothing). The catalogs are the federation's items of the four
catalog classes; a submission whose items have no catalog of their kind is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD
from rdflib.term import Node

from samverkan.errors import InputError
from samverkan.messages import message
from samverkan.metamodel import CATALOG_ENTRY, CATALOGS
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout, GraphScope, Store

#: The kinds of items each catalog lists (with their sub-classes), as the ontology's
#: definitions of the catalogs say.
CATALOGUED: dict[URIRef, tuple[URIRef, ...]] = {kind.cls: kind.lists for kind in CATALOGS}


def listed(
    store: Store, layout: GraphLayout, ontology: Graph, actor: str, submission: Graph
) -> Graph:
    """Return ``submission`` with an entry for each of its catalogued items that it does
    not list in a catalog of the item's kind."""
    others = GraphScope(layout.actor_prefix, frozenset({layout.actor(actor)}))
    current = store.graph(layout.actor(actor))
    result = Graph() + submission
    for catalog_class, kinds in CATALOGUED.items():
        catalogs = _catalogs(store, others, submission, catalog_class)
        unlisted = _of_kinds(submission, ontology, kinds) - _listed(submission, catalogs)
        for item in sorted(unlisted, key=str):
            if not catalogs:
                catalog = _name(ontology, catalog_class)
                raise InputError(message("no_catalog", item=item, catalog=catalog))
            result += _entry(layout, actor, item, min(catalogs, key=str), current)
    return result


def _catalogs(
    store: Store, others: GraphScope, submission: Graph, catalog_class: URIRef
) -> set[Node]:
    """Return the catalogs of ``catalog_class``: the submission's and other actors'."""
    found = set(submission.subjects(RDF.type, catalog_class))
    return found | set(store.match([catalog_class], "object", others, RDF.type).subjects())


def _of_kinds(submission: Graph, ontology: Graph, kinds: Iterable[URIRef]) -> set[Node]:
    """Return the submission's items whose types are ``kinds`` or their sub-classes."""
    vocabulary = ontology + submission
    classes: set[Node | None] = set()
    for kind in kinds:
        classes |= set(vocabulary.transitive_subjects(RDFS.subClassOf, kind))
    return {s for s, o in submission.subject_objects(RDF.type) if o in classes}


def _listed(submission: Graph, catalogs: set[Node]) -> set[Node]:
    """Return the items that the submission's entries list in one of ``catalogs``."""
    return {
        item
        for entry, catalog in submission.subject_objects(SAM.listedIn)
        if catalog in catalogs
        for item in submission.objects(entry, FOAF.primaryTopic)
    }


def _entry(layout: GraphLayout, actor: str, item: Node, catalog: Node, current: Graph) -> Graph:
    """Return the entry listing ``item`` in ``catalog`` (as first listed, if it was)."""
    own = str(layout.actor_iri(actor)) + "/"
    tail = str(item)[len(own) :] if str(item).startswith(own) else _digest(item)
    entry = URIRef(f"{own}entry/listed/{tail}")
    modified = current.value(entry, DCTERMS.modified) or Literal(
        datetime.now(UTC).date().isoformat(), datatype=XSD.date
    )
    graph = Graph()
    graph.add((entry, RDF.type, CATALOG_ENTRY))
    graph.add((entry, FOAF.primaryTopic, item))
    graph.add((entry, SAM.listedIn, catalog))
    graph.add((entry, DCTERMS.modified, modified))
    return graph


def _digest(item: Node) -> str:
    return "item-" + hashlib.sha256(str(item).encode("utf-8")).hexdigest()[:16]


def _name(ontology: Graph, catalog_class: URIRef) -> str:
    for label in ontology.objects(catalog_class, RDFS.label):
        if isinstance(label, Literal) and label.language == "en":
            return str(label).lower()
    return str(catalog_class)
