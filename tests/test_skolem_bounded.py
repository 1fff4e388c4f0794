"""Skolemisation's canonical labels are computed in a bounded child (samverkan.skolem).

The fuzz run (tests/test_fuzz_endpoints.py) found it: a Turtle/TriG collection of a few
thousand members posted to ``/validate`` parsed well within every limit, and then RDFC-1.0
canonicalisation (its cost grows steeply with blank nodes that look alike: 800 members
took 6 s, 1 600 took 56 s) ran in the server's process holding the interpreter's lock, so
the server answered nothing, not even ``/health``, and the client's connection was dropped
or timed out. Now the labels come from a child process bounded like a parse: past its
memory or CPU time the request gets a 413 saying so, and the server goes on.

The child's labels are those RDFC-1.0 gives in this process (the plain way, kept here as
the reference), on generated graphs, hostile ones included: identifiers already stored
stay the same.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from bench import hostile
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.errors import InputLimitError
from samverkan.limits import Limits
from samverkan.skolem import GENID, skolemize
from samverkan.terms import graph_from_triples, to_oxigraph, to_rdflib
from tokens import token_for

BASE = "http://127.0.0.1:1/"
SCOPE = BASE + "graph/actor/kivra"
ACTOR = "kivra"


def _list_graph(members: int) -> Graph:
    data = hostile.long_list(members)
    return graph_from_triples(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=BASE))


def reference_skolemize(graph: Graph, base_iri: str, scope: str) -> Graph:
    """Skolemise as the plain way does: RDFC-1.0 in this process, then the same naming."""
    dataset = ox.Dataset(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    canonical = "".join(sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in dataset))
    digest = hashlib.sha256((scope + "\n" + canonical).encode("utf-8")).hexdigest()[:16]
    prefix = f"{base_iri}{GENID}{digest}-"
    out = Graph()
    for quad in dataset:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(prefix + t.value) if isinstance(t, ox.BlankNode) else to_rdflib(t)
                for t in (quad.subject, quad.predicate, quad.object)
            )
        )
    return out


def random_graph(rng: random.Random) -> Graph:
    """Return a small graph of IRIs, literals (odd ones too) and blank nodes alike."""
    nodes: list[URIRef | BNode] = [BNode() for _ in range(rng.randint(1, 12))]
    nodes += [URIRef(f"{BASE}id/n{i}") for i in range(3)]
    objects = [*nodes, Literal("x"), Literal("é\u202e\n\"'", lang="sv"), Literal(7)]
    graph = Graph()
    for _ in range(rng.randint(1, 30)):
        predicate = URIRef(f"http://x/p{rng.randrange(3)}")
        graph.add((rng.choice(nodes), predicate, rng.choice(objects)))
    return graph


@pytest.mark.parametrize("seed", range(40))
def test_the_childs_identifiers_are_those_of_rdfc_in_process(seed: int) -> None:
    rng = random.Random(seed)
    graph = random_graph(rng)
    assert set(skolemize(graph, BASE, SCOPE)) == set(reference_skolemize(graph, BASE, SCOPE))


@pytest.mark.parametrize(
    "made",
    [
        lambda: _list_graph(300),
        lambda: graph_from_triples(
            ox.parse(hostile.nested_blank_nodes(40), format=ox.RdfFormat.TURTLE, base_iri=BASE)
        ),
    ],
    ids=["collection of 300", "40 nested blank nodes"],
)
def test_hostile_shapes_within_the_limits_get_the_reference_identifiers(made: object) -> None:
    graph = made()  # type: ignore[operator]
    skolemized = skolemize(graph, BASE, SCOPE)
    assert set(skolemized) == set(reference_skolemize(graph, BASE, SCOPE))
    assert not any(isinstance(term, BNode) for triple in skolemized for term in triple)


def test_a_collection_past_the_cpu_time_is_refused_naming_it() -> None:
    """800 members take seconds of RDFC-1.0: with 2 s the child is stopped, not the caller."""
    with pytest.raises(InputLimitError, match="needed more than 2 s of CPU time"):
        skolemize(_list_graph(800), BASE, SCOPE, "the body", Limits(cpu_seconds=2))


def test_a_collection_past_the_memory_is_refused_naming_it() -> None:
    with pytest.raises(InputLimitError, match="needed more than 512 MiB of memory"):
        skolemize(_list_graph(5000), BASE, SCOPE, "the body", Limits())


# --- over real HTTP, the fuzz run's case ----------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    port = free_port()
    store = tmp_path_factory.mktemp("skolem") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, ACTOR)
    with running_server(store, port, settings={"parse_cpu_seconds": "5"}) as live:
        yield live, token


@pytest.mark.slow
@pytest.mark.parametrize("members", [1_200, 5_000, 10_000])
@pytest.mark.parametrize("target", ["/validate", f"/submissions/{ACTOR}"])
def test_a_long_collection_is_refused_and_the_server_goes_on(
    served: tuple[LiveServer, str], members: int, target: str
) -> None:
    live, token = served
    headers = {
        "Content-Type": "application/trig",
        "Authorization": f"Bearer {token}",
        "Accept-Language": "en",
    }
    body = hostile.long_list(members).replace(b"<s>", f"<{ACTOR}/list>".encode(), 1)
    status, _, answer = live.request("POST", target, body, headers)
    assert status == 413, answer
    assert b"stable identifiers needed more than" in answer, answer
    assert live.process.poll() is None
    assert live.request("GET", "/health")[0] == 200
