"""Reports written with Oxigraph's serialisers say what rdflib's would (the reference).

The report forms are written without copying the report into a new graph, by Oxigraph;
rdflib's serialiser, which every other RDF answer uses, is the reference. Both outputs are
parsed back and compared as graphs, on a real report and on hostile terms.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from samverkan.namespaces import SAM, SH
from samverkan.rdfio import format_for_media_type, parse_quads
from samverkan.terms import graph_from_triples
from samverkan.validation import Validator
from samverkan.web.common.negotiation import JSONLD, NTRIPLES, TURTLE, serialize, serialize_triples

SYNTAXES = (TURTLE, NTRIPLES, JSONLD)
EX = "https://samverkan.example.org/id/kivra/"


def hostile() -> Graph:
    """Return a graph of terms that are easy to write wrong."""
    graph = Graph()
    item, node = URIRef(EX + "service/s1"), BNode()
    graph.add((item, RDFS.label, Literal('quote " and \\ backslash\nnew line\ttab', lang="sv")))
    graph.add((item, RDFS.label, Literal("regional", lang="sv-SE")))
    graph.add((item, RDFS.label, Literal("plain")))
    graph.add((item, RDFS.label, Literal("typed string", datatype=XSD.string)))
    graph.add((item, RDFS.comment, Literal("åäö ✓ \U0001f600 \x7f")))
    graph.add((item, SAM.order, Literal("7", datatype=XSD.integer)))
    graph.add((item, SAM.weird, Literal("x", datatype=URIRef("urn:example:dt"))))
    graph.add((item, SH.resultPath, node))
    graph.add((node, SH.inversePath, URIRef(EX + "with%20space-and#frag")))
    graph.add((node, SAM.next, BNode()))
    graph.add((URIRef("urn:uuid:1234"), RDFS.seeAlso, URIRef("http://ex.org/a_b.c/")))
    return graph


def report_graph(validator: Validator, federation: Graph) -> Graph:
    """Return a SHACL report with results (Kivra's part without its descriptions)."""
    broken = Graph() + federation
    broken.remove((None, URIRef("http://purl.org/dc/terms/description"), None))
    report = validator.validate(broken)
    assert report.results
    return report.graph + report.named(broken).label_graph()


def _read(data: bytes, media_type: str) -> Graph:
    """Parse an answer back (with Oxigraph's parser, for which ``"x"^^xsd:string`` and
    ``"x"`` are one term, as RDF 1.1 has it; rdflib tells them apart)."""
    return graph_from_triples(parse_quads(data, format_for_media_type(media_type), "answer"))


@pytest.mark.parametrize("media_type", SYNTAXES)
def test_hostile_terms_come_out_as_rdflib_writes_them(media_type: str) -> None:
    graph = hostile()
    ours = _read(serialize_triples(graph, media_type), media_type)
    reference = _read(serialize(Graph() + graph, media_type), media_type)
    assert isomorphic(ours, reference)
    assert len(ours) == len(graph)


@pytest.mark.parametrize("media_type", SYNTAXES)
def test_a_report_comes_out_as_rdflib_writes_it(
    media_type: str, validator: Validator, federation: Graph
) -> None:
    graph = report_graph(validator, federation)
    ours = _read(serialize_triples(graph, media_type), media_type)
    reference = _read(serialize(Graph() + graph, media_type), media_type)
    assert isomorphic(ours, reference)
    assert len(ours) == len(graph)
