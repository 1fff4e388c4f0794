"""Triples answers the patterns validation asks as an rdflib Graph of the same statements does.

:class:`samverkan.triples.Triples` stands in for rdflib's Graph while a submission is
validated in context (it is a set with lazily built indexes); the Graph is the reference.
"""

from __future__ import annotations

import pickle
import random
from itertools import product

from rdflib import BNode, Graph, Literal, URIRef

from samverkan.triples import Triples

EX = "https://example.org/"


def _generated(seed: int, count: int = 300) -> list[tuple]:
    """Return ``count`` random statements over a few subjects, predicates and objects,
    with blank nodes, plain, tagged and typed literals among the objects (and repeats)."""
    rng = random.Random(seed)
    subjects = [URIRef(f"{EX}s{i}") for i in range(12)] + [BNode(f"b{i}") for i in range(3)]
    predicates = [URIRef(f"{EX}p{i}") for i in range(5)]
    objects = [
        *subjects,
        Literal("namn"),
        Literal("Namn", lang="sv"),
        Literal("namn", lang="sv-SE"),
        Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
    ]
    return [
        (rng.choice(subjects), rng.choice(predicates), rng.choice(objects)) for _ in range(count)
    ]


def _patterns(statements: list[tuple]) -> list[tuple]:
    """Return every pattern of bound and unbound positions, bound to terms that occur and to
    one that does not."""
    absent = URIRef(f"{EX}absent")
    patterns = []
    for s, p, o in statements[:15]:
        for mask in product((False, True), repeat=3):
            bound = zip((s, p, o), mask, strict=True)
            patterns.append(tuple(term if kept else None for term, kept in bound))
    patterns += [(absent, None, None), (None, absent, None), (None, None, absent)]
    return patterns


def test_every_pattern_matches_what_a_graph_matches() -> None:
    for seed in range(5):
        statements = _generated(seed)
        graph, triples = Graph(), Triples()
        for statement in statements:
            graph.add(statement)
            triples.add(statement)
        assert set(triples) == set(graph) and len(triples) == len(graph)
        for pattern in _patterns(statements):
            assert set(triples.triples(pattern)) == set(graph.triples(pattern)), pattern


def test_indexes_built_early_stay_up_to_date() -> None:
    statements = _generated(7)
    half = len(statements) // 2
    triples = Triples(statements[:half])
    list(triples.triples((statements[0][0], None, None)))  # builds the subject index
    triples += statements[half:]
    graph = Graph()
    for statement in statements:
        graph.add(statement)
    for pattern in _patterns(statements[half:]):
        assert set(triples.triples(pattern)) == set(graph.triples(pattern)), pattern


def test_the_shortcuts_answer_as_a_graph_does() -> None:
    statements = _generated(11)
    graph, triples = Graph(), Triples(statements)
    for statement in statements:
        graph.add(statement)
    s, p, o = statements[0]
    assert set(triples.subjects()) == set(graph.subjects())
    assert set(triples.subjects(p, o)) == set(graph.subjects(p, o))
    assert set(triples.objects(s, p)) == set(graph.objects(s, p))
    assert set(triples.subject_objects(p)) == set(graph.subject_objects(p))
    assert set(triples.predicate_objects(s)) == set(graph.predicate_objects(s))
    assert set(triples.graph()) == set(graph)


def test_a_union_leaves_both_sides_as_they_were() -> None:
    first, second = _generated(1, 50), _generated(2, 50)
    left, right = Triples(first), Triples(second)
    union = left + right
    assert set(union) == set(first) | set(second)
    assert set(left) == set(first) and set(right) == set(second)


def test_a_pickled_copy_answers_the_same() -> None:
    statements = _generated(3)
    triples = Triples(statements)
    copy = pickle.loads(pickle.dumps(triples))
    for pattern in _patterns(statements):
        assert set(copy.triples(pattern)) == set(triples.triples(pattern))
