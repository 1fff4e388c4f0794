"""rdflib's SPARQL processor as validation installs it: each query text parsed once.

pySHACL asks every SPARQL constraint once per focus node; the parsed query is kept and
reused. Reuse must never change an answer: not for other bindings, other prefixes or
another base.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef

from samverkan.validation import prepared

EX = Namespace("http://example.org/")
QUERY = "SELECT ?name WHERE { ?this ex:name ?name }"


def people() -> Graph:
    graph = Graph()
    graph.add((EX.anna, EX.name, Literal("Anna")))
    graph.add((EX.bo, EX.name, Literal("Bo")))
    return graph


def names(graph: Graph, query: str, **bindings: URIRef) -> set[str]:
    return {str(row[0]) for row in graph.query(query, initBindings=bindings)}  # type: ignore[index]


def test_the_same_text_answers_each_binding() -> None:
    prepared.install()
    graph = people()
    graph.bind("ex", EX)
    assert names(graph, QUERY, this=EX.anna) == {"Anna"}
    assert names(graph, QUERY, this=EX.bo) == {"Bo"}
    assert names(graph, QUERY) == {"Anna", "Bo"}


def test_the_same_text_under_other_prefixes_is_prepared_again() -> None:
    prepared.install()
    graph = people()
    graph.bind("ex", EX)
    assert names(graph, QUERY) == {"Anna", "Bo"}
    elsewhere = Graph()
    elsewhere.add((URIRef("urn:x:anna"), URIRef("urn:x:name"), Literal("Anna X")))
    elsewhere.bind("ex", Namespace("urn:x:"))
    assert names(elsewhere, QUERY) == {"Anna X"}


def test_the_same_text_under_another_base_is_prepared_again() -> None:
    prepared.install()
    graph = Graph()
    graph.add((URIRef("http://a.example/p"), URIRef("http://a.example/name"), Literal("A")))
    graph.add((URIRef("http://b.example/p"), URIRef("http://b.example/name"), Literal("B")))
    relative = "SELECT ?n WHERE { <p> <name> ?n }"
    assert {str(r[0]) for r in graph.query(relative, base="http://a.example/")} == {"A"}  # type: ignore[index]
    assert {str(r[0]) for r in graph.query(relative, base="http://b.example/")} == {"B"}  # type: ignore[index]


def test_a_text_is_parsed_once() -> None:
    prepared.install()
    graph = people()
    graph.bind("ex", EX)
    text = QUERY + " # asked three times"
    before = prepared.parsed()
    for person in (EX.anna, EX.bo, EX.anna):
        names(graph, text, this=person)
    assert prepared.parsed() == before + 1
