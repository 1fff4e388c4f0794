"""The federation's description that the VoID and the DCAT-AP view share.

``/.well-known/void`` (VoID) and ``/catalog`` (DCAT-AP, :mod:`samverkan.exports.dcat`)
describe the same resources: the federation dataset ``{base}catalog#dataset``, one subset
per actor, the four catalogs and the SPARQL service; the dataset conforms to the
specification (``SPEC_IRI``, the same on every deployment), whose description with the
Profiles Vocabulary (INSPEC) a harvester reads at ``{base}def/spec``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROF, RDF, RDFS, XSD
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.exports.queries import query
from samverkan.namespaces import INSPEC, SAM, SPEC_IRI
from samverkan.storage import GraphLayout, Store

VOID = Namespace("http://rdfs.org/ns/void#")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {
    "sv": "Samverkan: federationens kataloger",
    "en": "Samverkan: the federation's catalogs",
}
DESCRIPTION = {
    "sv": "Livshändelser, processer, information, tjänster och informationsutbyten som "
    "offentliga aktörer beskriver tillsammans, med spårbarhet mellan dem.",
    "en": "Life events, processes, information, services and information exchanges that "
    "public-sector actors describe together, traceable to each other.",
}


def describe(store: Store, settings: Settings, with_void: bool) -> Graph:
    """Build the description shared by the VoID and DCAT documents."""
    base = settings.base_iri
    graph = Graph()
    graph.bind("void", VOID)
    dataset = URIRef(base + "catalog#dataset")
    rows = store.select(query("graph-sizes")).rows
    sizes = {row["graph"]: _int(row["triples"]) for row in rows}
    _dataset(graph, dataset, base, sum(sizes.values()))
    _catalog(graph, URIRef(base + "catalog"), dataset, base)
    _service(graph, URIRef(base + "sparql"), dataset)
    layout = GraphLayout(base)
    for name, triples in sizes.items():
        if slug := layout.actor_slug(URIRef(str(name))):
            _actor_subset(graph, dataset, base, slug, triples)
    _catalogs(graph, store, settings, dataset)
    _specification(graph, store, settings, dataset)
    if not with_void:
        graph.remove((None, RDF.type, VOID.Dataset))
    return graph


def _dataset(graph: Graph, dataset: URIRef, base: str, triples: int) -> None:
    dump = URIRef(base + "dumps/federation.nq.gz")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for lang in ("sv", "en"):
        graph.add((dataset, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    graph.add((dataset, DCTERMS.license, LICENCE))
    graph.add((dataset, DCTERMS.publisher, URIRef(base + "id/digg")))
    graph.add((dataset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    graph.add((dataset, VOID.dataDump, dump))
    graph.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    graph.add((dataset, VOID.vocabulary, URIRef(SAM)))
    # Where harvesters read the catalog (DCAT-AP) that lists this dataset and its parts.
    graph.add((dataset, RDFS.seeAlso, URIRef(base + "catalog")))
    graph.add((dataset, DCAT.distribution, _distribution(graph, dump)))


def _distribution(graph: Graph, dump: URIRef) -> URIRef:
    distribution = URIRef(str(dump) + "#distribution")
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.downloadURL, dump))
    graph.add((distribution, DCAT.accessURL, dump))
    graph.add((distribution, DCAT.mediaType, IANA["application/n-quads"]))
    graph.add((distribution, DCAT.compressFormat, IANA["application/gzip"]))
    graph.add((distribution, DCTERMS.license, LICENCE))
    return distribution


def _catalog(graph: Graph, catalog: URIRef, dataset: URIRef, base: str) -> None:
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for lang in ("sv", "en"):
        graph.add((catalog, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((catalog, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    graph.add((catalog, DCTERMS.publisher, URIRef(base + "id/digg")))
    graph.add((catalog, DCTERMS.license, LICENCE))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCAT.service, URIRef(base + "sparql")))


def _service(graph: Graph, endpoint: URIRef, dataset: URIRef) -> None:
    graph.add((endpoint, RDF.type, DCAT.DataService))
    graph.add((endpoint, DCTERMS.title, Literal("SPARQL 1.1", lang="en")))
    graph.add((endpoint, DCAT.endpointURL, endpoint))
    graph.add((endpoint, DCAT.endpointDescription, endpoint))
    graph.add((endpoint, DCAT.servesDataset, dataset))
    graph.add((endpoint, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))


def _specification(graph: Graph, store: Store, settings: Settings, dataset: URIRef) -> None:
    """Name the specification the data follows, where a harvester finds its parts (INSPEC)."""
    spec = SPEC_IRI
    graph.add((dataset, DCTERMS.conformsTo, spec))
    graph.add((spec, RDF.type, PROF.Profile))
    # Stated as well as implied: a DCAT-AP harvester checks the range without PROF's ontology.
    graph.add((spec, RDF.type, DCTERMS.Standard))
    graph.add((spec, DCTERMS.conformsTo, INSPEC.PROF))
    names = query("specification-names")
    for row in store.select(names, {"spec": spec}).rows:
        graph.add((spec, DCTERMS.title, row["name"]))


def _actor_subset(graph: Graph, dataset: URIRef, base: str, slug: str, triples: int) -> None:
    subset = URIRef(f"{base}catalog#actor-{slug}")
    dump = URIRef(f"{base}dumps/actor/{slug}.nq.gz")
    actor = URIRef(f"{base}id/{slug}")
    graph.add((dataset, VOID.subset, subset))
    graph.add((subset, RDF.type, VOID.Dataset))
    graph.add((subset, RDF.type, DCAT.Dataset))
    graph.add((subset, DCTERMS.title, Literal(f"{slug}: own part of the federation", lang="en")))
    graph.add((subset, DCTERMS.title, Literal(f"{slug}: egen del av federationen", lang="sv")))
    graph.add((subset, DCTERMS.publisher, actor))
    graph.add((subset, DCTERMS.isPartOf, dataset))
    # Listed in the catalog too: a harvester follows dcat:dataset, not void:subset.
    graph.add((URIRef(f"{base}catalog"), DCAT.dataset, subset))
    graph.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    graph.add((subset, VOID.dataDump, dump))
    graph.add((subset, DCAT.distribution, _distribution(graph, dump)))


def _catalogs(graph: Graph, store: Store, settings: Settings, dataset: URIRef) -> None:
    """Describe each of the federation's four catalogs as a subset and a DCAT catalog."""
    top = URIRef(settings.base_iri + "catalog")
    for row in store.select(query("lod-catalogs")).rows:
        catalog = row["catalog"]
        graph.add((top, DCAT.catalog, catalog))
        graph.add((dataset, VOID.subset, catalog))
        graph.add((catalog, RDF.type, DCAT.Catalog))
        graph.add((catalog, RDF.type, VOID.Dataset))
        graph.add((catalog, DCTERMS.title, row["label"]))
        if "description" in row:
            graph.add((catalog, DCTERMS.description, row["description"]))
        if "owner" in row:
            graph.add((catalog, DCTERMS.publisher, row["owner"]))
        graph.add((catalog, VOID.entities, Literal(_int(row["entries"]), datatype=XSD.integer)))


def _int(term: Node) -> int:
    return int(str(term))
