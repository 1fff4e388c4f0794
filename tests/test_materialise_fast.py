"""The fast path over a whole store (graphs dumped, changes written) concludes what
``materialise`` does."""

from __future__ import annotations

import io
from dataclasses import replace

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from samverkan.config import Settings
from samverkan.errors import InconsistencyError
from samverkan.federation import build
from samverkan.namespaces import SAM
from samverkan.reasoning import materialise, without_blank_nodes
from samverkan.reasoning.materialise import materialise_store
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.terms import graph_from_triples


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> ox.Store:
    """The example federation built the ordinary way, copied into an in-memory store."""
    path = tmp_path_factory.mktemp("fast") / "store"
    store = OxigraphStore(path)
    try:
        build(store, replace(settings, store_path=path))
        dump = io.BytesIO()
        store.dump(dump)
    finally:
        store.close()
    copy = ox.Store()
    copy.load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
    return copy


def _graph(store: ox.Store, name: str) -> Graph:
    return graph_from_triples(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))


def _asserted(store: ox.Store, layout: GraphLayout) -> Graph:
    """Return the ontology and every actor part of ``store`` as one graph."""
    asserted = _graph(store, str(layout.ontology))
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode) and layout.actor_slug(name.value) is not None:
            asserted += _graph(store, name.value)
    return asserted


def _rebuilt(built: ox.Store, layout: GraphLayout) -> tuple[ox.Store, int]:
    """Return a copy of ``built`` whose inferred graph the fast path wrote anew."""
    copy = ox.Store()
    copy.extend(built)
    copy.update(f"DROP GRAPH <{layout.inferred}>")
    return copy, materialise_store(copy, layout)


def test_the_fast_path_equals_materialise_on_the_example_federation(
    built: ox.Store, settings: Settings
) -> None:
    layout = GraphLayout(settings.base_iri)
    expected = without_blank_nodes(materialise(_asserted(built, layout)))
    copy, count = _rebuilt(built, layout)
    fast = _graph(copy, str(layout.inferred))
    assert len(expected) > 1000
    assert set(fast) == set(expected)
    assert count == len(expected)


def test_the_fast_path_writes_what_build_writes(built: ox.Store, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    copy, _ = _rebuilt(built, layout)
    assert set(_graph(copy, str(layout.inferred))) == set(_graph(built, str(layout.inferred)))


def test_the_fast_path_leaves_other_graphs_alone(built: ox.Store, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    copy, _ = _rebuilt(built, layout)
    others = [g for g in built.named_graphs() if g != ox.NamedNode(str(layout.inferred))]
    for name in others:
        assert isinstance(name, ox.NamedNode)
        assert set(_graph(copy, name.value)) == set(_graph(built, name.value))


def test_a_clash_is_refused_and_changes_nothing(built: ox.Store, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    copy = ox.Store()
    copy.extend(built)
    odd = ox.NamedNode(f"{settings.base_iri}id/digg/odd")
    graph = ox.NamedNode(str(layout.actor("digg")))
    for cls in (SAM.Process, SAM.Concept):
        copy.add(ox.Quad(odd, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)), graph))
    before = set(_graph(copy, str(layout.inferred)))
    with pytest.raises(InconsistencyError, match="odd"):
        materialise_store(copy, layout)
    assert set(_graph(copy, str(layout.inferred))) == before


def test_a_rebuild_mends_an_inferred_graph_that_is_partly_wrong(
    built: ox.Store, settings: Settings
) -> None:
    """Only what differs is written: a missing inference comes back, a stale one goes."""
    layout = GraphLayout(settings.base_iri)
    inferred = ox.NamedNode(str(layout.inferred))
    copy = ox.Store()
    copy.extend(built)
    lost = next(iter(copy.quads_for_pattern(None, None, None, inferred)))
    copy.remove(lost)
    stale = ox.Quad(
        ox.NamedNode(f"{settings.base_iri}id/digg/nothing"),
        ox.NamedNode(str(RDF.type)),
        ox.NamedNode(str(SAM.Process)),
        inferred,
    )
    copy.add(stale)

    materialise_store(copy, layout)

    assert set(_graph(copy, inferred.value)) == set(_graph(built, inferred.value))
