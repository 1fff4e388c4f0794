"""The SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from samverkan.web.negotiation import CSV, JSON_RESULTS, TSV, XML_RESULTS
from samverkan.web.services import Services

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_FORMATS = {
    JSON_RESULTS: FORMATS.SPARQL_Results_JSON,
    XML_RESULTS: FORMATS.SPARQL_Results_XML,
    CSV: FORMATS.SPARQL_Results_CSV,
    TSV: FORMATS.SPARQL_Results_TSV,
}
RDF_FORMATS = (FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"], FORMATS.RDF_XML)


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
