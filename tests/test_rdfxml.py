"""RDF/XML answers are well-formed XML, or refused naming the predicate RDF/XML cannot hold."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from samverkan.errors import NotAcceptableError
from samverkan.storage import rdfxml

#: Characters that decide where an IRI splits into namespace and XML name.
ALPHABET = "aZ1_-.#/:é·"


def generated_iris(count: int) -> list[str]:
    chance = random.Random(16)
    prefixes = ["http://x/", "urn:x:", "http://x/a#", "https://samverkan.example.org/def/"]
    return [
        chance.choice(prefixes) + "".join(chance.choices(ALPHABET, k=chance.randint(0, 4)))
        for _ in range(count)
    ]


def graph_with(iri: str, as_predicate: bool) -> Graph:
    graph = Graph()
    subject, node = URIRef("http://s"), BNode("b")
    graph.add((subject, RDF.type, URIRef(iri)))
    graph.add((node, RDF.type, URIRef(iri)))
    graph.add((subject, URIRef("http://x/p"), node))
    if as_predicate:
        graph.add((subject, URIRef(iri), Literal("v", lang="sv")))
    return graph


@pytest.mark.parametrize("iri", generated_iris(300))
def test_a_graph_is_written_as_xml_exactly_when_every_predicate_has_an_xml_name(
    iri: str,
) -> None:
    graph = graph_with(iri, as_predicate=True)
    if not rdfxml.has_xml_name(iri):
        with pytest.raises(NotAcceptableError, match=re.escape(f"<{iri}>")):
            rdfxml.serialise(graph)
        return
    body = rdfxml.serialise(graph)
    ET.fromstring(body)
    assert isomorphic(Graph().parse(data=body, format="xml"), graph)


@pytest.mark.parametrize("iri", generated_iris(100))
def test_a_type_of_any_iri_is_written_as_xml(iri: str) -> None:
    graph = graph_with(iri, as_predicate=False)
    body = rdfxml.serialise(graph)
    ET.fromstring(body)
    assert isomorphic(Graph().parse(data=body, format="xml"), graph)


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("http://x/1", False),
        ("http://x/a#", False),
        ("urn:x:1", False),
        ("http://x/a:1", False),
        ("http://x/a", True),
        ("http://x/a.1", True),
        ("http://x/-a", True),
        ("http://x/é", True),
    ],
)
def test_the_xml_name_rule(iri: str, expected: bool) -> None:
    assert rdfxml.has_xml_name(iri) is expected
