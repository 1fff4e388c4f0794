"""The fast comparison of two archived versions (line sets) against rdflib's isomorphic diff."""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from samverkan.submissions.archive import canonical_bytes
from samverkan.submissions.changes import as_graph, changes, graph_changes

EX = "https://example.org/"


def generated(seed: int, size: int, blank: bool) -> Graph:
    """Return a random graph with hostile literals (quotes, newlines, "_:" inside, tags)."""
    chance = random.Random(seed)
    graph = Graph()
    words = [
        "a",
        'quote "q"',
        "line\nbreak",
        "åäö",
        "tab\t",
        "\\back",
        "sep\u2028x",
        "nel\x85",
        "ff\x0c",
    ]
    for n in range(size):
        subject = URIRef(f"{EX}s{chance.randrange(size // 3 + 1)}")
        if blank and chance.random() < 0.2:
            node = BNode()
            graph.add((subject, URIRef(f"{EX}has"), node))
            graph.add((node, RDFS.label, Literal(chance.choice(words))))
            continue
        kind = chance.randrange(4)
        value = (
            URIRef(f"{EX}o{chance.randrange(20)}")
            if kind == 0
            else Literal(chance.choice(words), lang=chance.choice(["sv", "en"]))
            if kind == 1
            else Literal(n, datatype=XSD.integer)
            if kind == 2
            else Literal(chance.choice(words))
        )
        graph.add((subject, URIRef(f"{EX}p{chance.randrange(5)}"), value))
    return graph


def mutated(graph: Graph, seed: int) -> Graph:
    """Return a copy with some triples removed and some added."""
    chance = random.Random(seed)
    copy = Graph()
    for triple in graph:
        if chance.random() > 0.15:
            copy.add(triple)
    for n in range(chance.randrange(1, 30)):
        copy.add((URIRef(f"{EX}new{n}"), RDFS.label, Literal(f'new {n} "x"', lang="sv")))
    return copy


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("blank", [False, True])
def test_the_fast_comparison_agrees_with_the_isomorphic_diff(seed: int, blank: bool) -> None:
    before = generated(seed, 200, blank)
    after = mutated(before, seed + 100)
    fast = changes(canonical_bytes(before), canonical_bytes(after))
    plain = graph_changes(before, after)
    if blank:
        assert (len(fast.added), len(fast.removed)) == (len(plain.added), len(plain.removed))
    else:
        assert fast == plain
        assert set(as_graph(fast.added)) == set(after - before)
        assert set(as_graph(fast.removed)) == set(before - after)


def test_equal_versions_have_no_changes() -> None:
    graph = generated(7, 200, True)
    found = changes(canonical_bytes(graph), canonical_bytes(Graph() + graph))
    assert (found.added, found.removed) == ((), ())


def test_the_lines_are_sorted_and_parse_back_to_the_triples() -> None:
    before, after = generated(3, 100, False), generated(4, 100, False)
    found = changes(canonical_bytes(before), canonical_bytes(after))
    assert list(found.added) == sorted(found.added)
    assert set(as_graph(found.added)) == set(after - before)
    assert set(as_graph(found.removed)) == set(before - after)


def test_a_literal_that_looks_like_a_blank_node_still_compares_right() -> None:
    before = generated(5, 100, False)
    before.add((URIRef(f"{EX}x"), RDFS.label, Literal("_:b0 is not a blank node")))
    after = mutated(before, 9)
    fast = changes(canonical_bytes(before), canonical_bytes(after))
    assert fast == graph_changes(before, after)
