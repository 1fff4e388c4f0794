"""The embedded store: named graphs replaced atomically, queries with bound values."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from samverkan.errors import QuerySyntaxError
from samverkan.storage import OxigraphStore

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def graph_of(turtle: str) -> Graph:
    return Graph().parse(data="@prefix ex: <http://example.org/> .\n" + turtle, format="turtle")


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    return OxigraphStore(tmp_path / "store")


def test_replacing_a_graph_drops_its_old_triples_and_leaves_others(store: OxigraphStore) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p 1 ."), G2: graph_of("ex:b ex:p 2 .")})
    store.replace_graph(G1, graph_of("ex:a ex:p 3 ."))
    assert store.count(G1) == 1
    assert store.graph(G1).value(URIRef(EX + "a"), URIRef(EX + "p")) == Literal(3)
    assert store.count(G2) == 1
    assert store.graph_names() == {G1, G2}


def test_replacing_with_an_empty_graph_removes_it(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph_of("ex:a ex:p 1 ."))
    store.replace_graph(G1, Graph())
    assert store.graph_names() == set()


def test_queries_see_all_graphs_as_their_default_graph(store: OxigraphStore) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p ex:b ."), G2: graph_of("ex:b ex:p ex:c .")})
    result = store.select("SELECT ?z WHERE { ?x <http://example.org/p>/<http://example.org/p> ?z }")
    assert result.column("z") == [URIRef(EX + "c")]


def test_values_reach_a_query_as_bindings(store: OxigraphStore) -> None:
    # A bound variable stays in the answer (SPARQL SEP-0007), so it must be projected.
    store.replace_graph(G1, graph_of('ex:a ex:name "a" . ex:b ex:name "b" .'))
    query = "SELECT ?item ?name WHERE { ?item <http://example.org/name> ?name }"
    result = store.select(query, {"item": URIRef(EX + "b")})
    assert result.column("name") == [Literal("b")]


def test_a_hostile_binding_is_a_value_not_query_text(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph_of('ex:a ex:name "a" .'))
    hostile = Literal('a" } ; DROP ALL ; SELECT * { "')
    query = "SELECT ?item ?name WHERE { ?item <http://example.org/name> ?name }"
    assert store.select(query, {"name": hostile}).rows == []
    assert store.count(G1) == 1


def test_plain_literals_come_back_plain_not_xsd_string(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph_of('ex:a ex:name "plain" ; ex:label "sv"@sv .'))
    names = set(store.graph(G1).objects())
    assert Literal("plain") in names
    assert Literal("sv", lang="sv") in names
    assert all(getattr(name, "datatype", None) is None for name in names)


def test_ask_and_construct(store: OxigraphStore) -> None:
    store.replace_graph(G1, graph_of("ex:a ex:p ex:b ."))
    assert store.ask("ASK { ?s ?p <http://example.org/b> }")
    built = store.construct("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }")
    assert (URIRef(EX + "b"), URIRef(EX + "p"), URIRef(EX + "a")) in built


def test_a_malformed_query_says_where(store: OxigraphStore) -> None:
    with pytest.raises(QuerySyntaxError, match="line 1, column"):
        store.select("SELECT ?x WHERE { ?x ?y }")


def test_what_was_written_survives_reopening(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "store")
    first.replace_graph(G1, graph_of("ex:a ex:p ex:b ."))
    first.close()
    again = OxigraphStore(tmp_path / "store")
    assert again.count(G1) == 1
