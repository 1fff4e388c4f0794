"""Bound values are written into the query's WHERE group, token by token, never elsewhere.

Oxigraph evaluates a substitution as a join after the fact; writing the value into the
patterns (what SPARQL SEP-0007 defines a binding to mean) lets it start from the value.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from samverkan.storage import OxigraphStore
from samverkan.storage.values import fold_values

ITEM = URIRef("https://example.org/id/a")
LABEL = URIRef("urn:label")


def test_only_the_bound_variable_in_the_where_group_is_replaced() -> None:
    query = (
        "SELECT ?item ?items WHERE {\n"
        '  ?item ?p "?item" . # ?item in a comment\n'
        "  ?items <https://example.org/x?item=1> ?o .\n"
        "  FILTER (?o < ?item)\n"
        "}"
    )
    assert fold_values(query, {"item": ITEM}) == (
        "SELECT ?item ?items WHERE {\n"
        f'  <{ITEM}> ?p "?item" . # ?item in a comment\n'
        "  ?items <https://example.org/x?item=1> ?o .\n"
        f"  FILTER (?o < <{ITEM}>)\n"
        "}"
    )


def test_a_construct_template_keeps_its_variables() -> None:
    query = "CONSTRUCT { ?item ?p ?o } WHERE { { ?item ?p ?o } UNION { ?o ?p ?item } }"
    assert fold_values(query, {"item": ITEM}) == (
        f"CONSTRUCT {{ ?item ?p ?o }} WHERE {{ {{ <{ITEM}> ?p ?o }} UNION {{ ?o ?p <{ITEM}> }} }}"
    )


def test_a_hostile_literal_stays_one_escaped_term() -> None:
    hostile = Literal('x" } ; DROP ALL ; SELECT * { "')
    folded = fold_values("SELECT * { ?s ?p ?label }", {"label": hostile})
    assert folded == 'SELECT * { ?s ?p "x\\" } ; DROP ALL ; SELECT * { \\"" }'


def test_blank_nodes_are_not_folded_into_patterns() -> None:
    query = "SELECT * { ?node ?p ?o }"
    assert fold_values(query, {"node": BNode()}) == query


@pytest.mark.parametrize(
    ("query", "bindings", "rows"),
    [
        # The bound variable stays in the answer, as with substitution.
        ("SELECT ?item ?label { ?item <urn:label> ?label }", {"item": ITEM}, [(ITEM, "a")]),
        # A subquery projecting the bound variable cannot be folded: substitution answers.
        (
            "SELECT ?item ?label { { SELECT ?item ?label { ?item <urn:label> ?label } } }",
            {"item": ITEM},
            [(ITEM, "a")],
        ),
        ("SELECT ?item ?label { ?item <urn:label> ?label }", {"label": Literal("b")}, []),
    ],
)
def test_the_store_answers_as_substitution_does(
    query: str, bindings: dict[str, URIRef | Literal], rows: list[tuple[URIRef, str]]
) -> None:
    store = OxigraphStore()
    labels = Graph()
    labels.add((ITEM, LABEL, Literal("a")))
    labels.add((URIRef("https://example.org/id/b"), LABEL, Literal("c")))
    store.replace_graphs({URIRef("urn:g"): labels})
    answer = store.select(query, bindings)
    assert [(row["item"], str(row["label"])) for row in answer.rows] == rows


def test_an_ask_whose_every_variable_is_bound_is_answered() -> None:
    store = OxigraphStore()
    labels = Graph()
    labels.add((ITEM, LABEL, Literal("a")))
    store.replace_graphs({URIRef("urn:g"): labels})
    assert store.ask("ASK { ?item ?p ?label }", {"item": ITEM, "p": LABEL, "label": Literal("a")})
    assert not store.ask(
        "ASK { ?item ?p ?label }", {"item": ITEM, "p": LABEL, "label": Literal("b")}
    )
