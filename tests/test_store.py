"""Both stores, embedded and remote (over a real Virtuoso): the same behaviour behind one interface.

Named graphs replaced in one request, the union of all graphs as the default graph, queries with
bound values, and literals read back as they were written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from samverkan.errors import QuerySyntaxError
from samverkan.storage import GraphScope, OxigraphStore, Store
from virtuoso import Virtuoso

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def graph_of(turtle: str, prefixes: str = "") -> Graph:
    text = "@prefix ex: <http://example.org/> .\n" + prefixes + turtle
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(params=["embedded", "virtuoso"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Return a function that opens the store under test afresh (same data each time)."""
    if request.param == "embedded":
        return lambda: OxigraphStore(tmp_path / "store")
    virtuoso: Virtuoso = request.getfixturevalue("virtuoso")
    emptied = virtuoso.store()
    for name in emptied.graph_names():
        emptied.drop_graph(name)
    return virtuoso.store


@pytest.fixture
def store(opener: Callable[[], Store]) -> Iterator[Store]:
    """The store under test, empty (this module's own, not the session's built store)."""
    opened = opener()
    yield opened
    opened.close()


def test_replacing_a_graph_drops_its_old_triples_and_leaves_others(store: Store) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p 1 ."), G2: graph_of("ex:b ex:p 2 .")})
    store.replace_graph(G1, graph_of("ex:a ex:p 3 ."))
    assert store.count(G1) == 1
    assert store.graph(G1).value(URIRef(EX + "a"), URIRef(EX + "p")) == Literal(3)
    assert store.count(G2) == 1
    assert store.graph_names() == {G1, G2}


def test_replacing_with_an_empty_graph_removes_it(store: Store) -> None:
    store.replace_graph(G1, graph_of("ex:a ex:p 1 ."))
    store.replace_graph(G1, Graph())
    assert store.graph_names() == set()


def test_queries_see_all_graphs_as_their_default_graph(store: Store) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p ex:b ."), G2: graph_of("ex:b ex:p ex:c .")})
    result = store.select("SELECT ?z WHERE { ?x <http://example.org/p>/<http://example.org/p> ?z }")
    assert result.column("z") == [URIRef(EX + "c")]


def test_values_reach_a_query_as_bindings(store: Store) -> None:
    # A bound variable stays in the answer (SPARQL SEP-0007), so it must be projected.
    store.replace_graph(G1, graph_of('ex:a ex:name "a" . ex:b ex:name "b" .'))
    query = "SELECT ?item ?name WHERE { ?item <http://example.org/name> ?name }"
    result = store.select(query, {"item": URIRef(EX + "b")})
    assert result.column("name") == [Literal("b")]


def test_a_hostile_binding_is_a_value_not_query_text(store: Store) -> None:
    store.replace_graph(G1, graph_of('ex:a ex:name "a" .'))
    hostile = Literal('a" } ; DROP ALL ; SELECT * { "')
    query = "SELECT ?item ?name WHERE { ?item <http://example.org/name> ?name }"
    assert store.select(query, {"name": hostile}).rows == []
    assert store.count(G1) == 1


def test_plain_literals_come_back_plain_not_xsd_string(store: Store) -> None:
    store.replace_graph(G1, graph_of('ex:a ex:name "plain" ; ex:label "sv"@sv .'))
    names = set(store.graph(G1).objects())
    assert Literal("plain") in names
    assert Literal("sv", lang="sv") in names
    assert all(getattr(name, "datatype", None) is None for name in names)


def test_ask_and_construct(store: Store) -> None:
    store.replace_graph(G1, graph_of("ex:a ex:p ex:b ."))
    assert store.ask("ASK { ?s ?p <http://example.org/b> }")
    built = store.construct("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }")
    assert (URIRef(EX + "b"), URIRef(EX + "p"), URIRef(EX + "a")) in built


def test_a_malformed_query_says_where(store: Store) -> None:
    with pytest.raises(QuerySyntaxError, match="line 1"):
        store.select("SELECT ?x WHERE { ?x ?y }")


def test_what_was_written_survives_reopening(opener: Callable[[], Store]) -> None:
    first = opener()
    first.replace_graph(G1, graph_of("ex:a ex:p ex:b ."))
    first.close()
    again = opener()
    assert again.count(G1) == 1
    again.close()


def test_an_empty_store_answers_nothing(store: Store) -> None:
    # Virtuoso's own system graphs must not show through the union default graph.
    assert not store.ask("ASK { ?s ?p ?o }")
    assert store.count() == 0
    assert store.graph_names() == set()


def test_dropping_a_graph_removes_only_it(store: Store) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p 1 ."), G2: graph_of("ex:b ex:p 2 .")})
    store.drop_graph(G1)
    assert store.graph_names() == {G2}
    assert store.count() == 1


def test_typed_and_tagged_literals_round_trip(store: Store) -> None:
    written = graph_of(
        'ex:a ex:p "2024-05-01"^^xsd:date, "2024-05-01T10:00:00Z"^^xsd:dateTime, 42, 1.5, '
        'true, "x"^^ex:custom, "Åsa \\"citat\\"\\nrad två 😀"@sv, "plain" .',
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n",
    )
    store.replace_graph(G1, written)
    assert set(store.graph(G1)) == set(written)
    objects = store.select("SELECT ?o WHERE { ?s ?p ?o }").column("o")
    assert set(objects) == set(written.objects())


def test_blank_nodes_keep_their_structure(store: Store) -> None:
    written = graph_of("ex:a ex:p [ ex:q [ ex:r 1 ] ; ex:s ( ex:x ex:y ) ] .")
    store.replace_graph(G1, written)
    assert isomorphic(store.graph(G1), written)


def test_a_large_graph_is_replaced_whole(store: Store) -> None:
    written = Graph()
    for i in range(2500):
        written.add((URIRef(f"{EX}i{i}"), URIRef(EX + "n"), Literal(i)))
    store.replace_graph(G1, written)
    assert store.count(G1) == 2500
    assert len(store.graph(G1)) == 2500


def test_bound_values_reach_filters_and_exists(store: Store) -> None:
    # ?q is used only inside FILTER EXISTS: substitution (or VALUES at the start of the
    # group) binds it there; a trailing VALUES clause would leave it unbound.
    store.replace_graph(G1, graph_of('ex:a ex:name "Flytta" . ex:b ex:name "Skola" .'))
    query = """SELECT ?q ?item WHERE {
      ?item <http://example.org/name> ?any .
      FILTER EXISTS { ?item <http://example.org/name> ?n FILTER (CONTAINS(LCASE(?n), ?q)) }
    }"""
    assert store.select(query, {"q": Literal("flyt")}).column("item") == [URIRef(EX + "a")]


def test_case_insensitive_regex_matches_swedish_letters(store: Store) -> None:
    # Measured before: Virtuoso's regex(…, "i") once found 0 of 1,413 labels.
    store.replace_graph(
        G1,
        graph_of(
            'ex:a ex:label "Ändra adress"@sv, "Change address"@en . '
            'ex:b ex:label "ÖPPNA ärende"@sv . ex:c ex:label "ändring" .'
        ),
    )
    for pattern, expected in (("ändr", {"a", "c"}), ("ÄNDR", {"a", "c"}), ("öppna", {"b"})):
        query = f'SELECT ?s WHERE {{ ?s ?p ?l FILTER regex(?l, "{pattern}", "i") }}'
        found = {str(s).removeprefix(EX) for s in store.select(query).column("s")}
        assert found == expected, pattern


def test_dump_writes_every_graph_as_n_quads(store: Store) -> None:
    store.replace_graphs({G1: graph_of("ex:a ex:p 1 ."), G2: graph_of('ex:b ex:p "b"@sv .')})
    output = io.BytesIO()
    store.dump(output)
    quads = list(ox.parse(output.getvalue(), ox.RdfFormat.N_QUADS))
    assert sorted(q.graph_name.value for q in quads) == [str(G1), str(G2)]  # type: ignore[union-attr]
    assert '"b"@sv' in {str(q.object) for q in quads}


def test_a_change_replaces_removes_and_adds_in_one_go(store: Store) -> None:
    store.replace_graphs(
        {G1: graph_of("ex:a ex:p 1 ."), G2: graph_of("ex:x ex:p 1 . ex:y ex:p 2 .")}
    )
    store.apply(
        replace={G1: graph_of("ex:a ex:p 2 .")},
        remove={G2: graph_of("ex:x ex:p 1 .")},
        add={G2: graph_of("ex:z ex:p 3 ."), URIRef(EX + "g3"): graph_of("ex:n ex:p 4 .")},
    )
    assert isomorphic(store.graph(G1), graph_of("ex:a ex:p 2 ."))
    assert isomorphic(store.graph(G2), graph_of("ex:y ex:p 2 . ex:z ex:p 3 ."))
    assert store.graph_names() == {G1, G2, URIRef(EX + "g3")}


def test_match_reads_an_items_statements_in_the_graphs_in_scope(store: Store) -> None:
    store.replace_graphs(
        {
            G1: graph_of("ex:a ex:p ex:b ; ex:q ex:c . ex:d ex:p ex:a ."),
            G2: graph_of("ex:a ex:p ex:e . ex:f ex:p ex:a ."),
        }
    )
    a, p = URIRef(EX + "a"), URIRef(EX + "p")
    everywhere = GraphScope(EX + "g")
    only_g1 = GraphScope(EX + "g", frozenset({G2}))

    assert set(store.match({a}, "subject", everywhere).objects()) == {URIRef(EX + x) for x in "bce"}
    assert set(store.match({a}, "subject", only_g1, p).objects()) == {URIRef(EX + "b")}
    assert set(store.match({a}, "object", everywhere).subjects()) == {
        URIRef(EX + "d"),
        URIRef(EX + "f"),
    }
    assert len(store.match({a}, "object", GraphScope(str(G2)))) == 1
    assert len(store.match(set(), "subject", everywhere)) == 0


def test_properties_towards_names_each_linking_property_once(store: Store) -> None:
    store.replace_graphs(
        {
            G1: graph_of("ex:a ex:p ex:x . ex:b ex:p ex:x . ex:c ex:q ex:x . ex:d ex:p ex:y ."),
            G2: graph_of("ex:e ex:r ex:x . ex:f ex:p ex:z ."),
        }
    )
    x, y, z = (URIRef(EX + n) for n in "xyz")
    p, q, r = (URIRef(EX + n) for n in "pqr")

    assert store.properties_towards({x, y}, GraphScope(EX)) == {(p, x), (q, x), (r, x), (p, y)}
    assert store.properties_towards({x, z}, GraphScope(EX, frozenset({G1}))) == {(r, x), (p, z)}
    assert store.properties_towards(set(), GraphScope(EX)) == set()


def test_labelled_finds_labels_equal_but_for_case_in_the_same_language(store: Store) -> None:
    store.replace_graphs(
        {
            G1: graph_of(
                'ex:a rdfs:label "Flytta"@sv , "Move"@en . ex:b rdfs:label "FLYTTA"@sv . '
                'ex:c rdfs:label "flytta"@en . ex:d rdfs:label "Ärende" .',
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n",
            ),
        }
    )
    found = store.labelled({("flytta", "sv"), ("ärende", "")}, GraphScope(EX))
    assert set(found.subjects()) == {URIRef(EX + x) for x in "abd"}
    assert len(store.labelled({("flytta", "sv")}, GraphScope(str(G2)))) == 0


def test_labelled_follows_every_kind_of_write(store: Store) -> None:
    """The embedded store answers from an index in memory; each write must reach it."""
    rdfs = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    key, everywhere = {("flytta", "sv")}, GraphScope(EX)

    def found() -> set[str]:
        return {str(s)[len(EX) :] for s in store.labelled(key, everywhere).subjects()}

    store.replace_graphs({G1: graph_of('ex:a rdfs:label "Flytta"@sv .', rdfs)})
    assert found() == {"a"}
    store.replace_graph(G1, graph_of('ex:b rdfs:label "FLYTTA"@sv .', rdfs))
    assert found() == {"b"}
    store.apply(replace={}, remove={}, add={G2: graph_of('ex:c rdfs:label "flytta"@sv .', rdfs)})
    assert found() == {"b", "c"}
    store.apply(replace={}, remove={G1: graph_of('ex:b rdfs:label "FLYTTA"@sv .', rdfs)}, add={})
    assert found() == {"c"}
    store.drop_graph(G2)
    assert found() == set()
