"""The SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

from samverkan.web.common.negotiation import CSV, JSON_RESULTS, TSV, XML_RESULTS
from samverkan.web.common.services import Services

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_FORMATS = {
    JSON_RESULTS: FORMATS.SPARQL_Results_JSON,
    XML_RESULTS: FORMATS.SPARQL_Results_XML,
    CSV: FORMATS.SPARQL_Results_CSV,
    TSV: FORMATS.SPARQL_Results_TSV,
}
RDF_FORMATS = (FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"], FORMATS.RDF_XML)
GRAPH_STORE = URIRef("https://www.w3.org/TR/sparql11-http-rdf-update/")


def service_description(services: Services) -> Graph:
    """Describe the endpoint: language, formats, features and the graphs it holds."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("format", FORMATS)
    service = URIRef(services.settings.base_iri + "sparql")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for result_format in (*RESULT_FORMATS.values(), *RDF_FORMATS):
        graph.add((service, SD.resultFormat, result_format))
    _graph_store(graph, service, URIRef(services.settings.base_iri + "graphs"))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in sorted(services.store.graph_names()):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, name))
    return graph


def _graph_store(graph: Graph, service: URIRef, store: URIRef) -> None:
    """Name the Graph Store Protocol endpoint that serves the same graphs (read only)."""
    graph.add((service, RDFS.seeAlso, store))
    graph.add((store, RDF.type, DCAT.DataService))
    graph.add((store, DCAT.endpointURL, store))
    graph.add((store, DCTERMS.conformsTo, GRAPH_STORE))
    graph.add(
        (
            store,
            DCTERMS.title,
            Literal("SPARQL 1.1 Graph Store HTTP Protocol (read only)", lang="en"),
        )
    )
