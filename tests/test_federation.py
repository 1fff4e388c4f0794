"""Building the store: one graph per actor, idempotent, each actor only about its own items."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from samverkan.config import Settings, load_settings
from samverkan.errors import InputError
from samverkan.federation import actor_files, build
from samverkan.namespaces import CANONICAL_BASE, SAM
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore, generation
from samverkan.submissions.service import VersionLog


def snapshot(store: OxigraphStore) -> dict[str, Graph]:
    """Return every graph, less the store's generation (which every write replaces)."""
    graphs = {str(name): store.graph(name) for name in store.graph_names()}
    graphs[str(store.identity_graph)].remove((store.identity_graph, OWL.versionInfo, None))
    return graphs


def test_every_actor_file_becomes_its_own_graph(store: OxigraphStore, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    slugs = actor_files(settings.data_dir)
    expected = {layout.actor(slug) for slug in slugs} | {layout.history(slug) for slug in slugs}
    expected |= {layout.ontology, layout.shapes, layout.inferred, layout.listings}
    expected.add(store.identity_graph)
    expected |= {store.internal_graph(f"archive:{slug}:1") for slug in slugs}  # as loaded
    assert len(slugs) >= 5
    assert store.graph_names() == expected


def test_building_twice_gives_the_same_graphs(settings: Settings, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    build(store, settings)
    first, first_generation = snapshot(store), generation.current(store)
    build(store, settings)
    second = snapshot(store)
    assert first.keys() == second.keys()
    assert all(isomorphic(first[name], second[name]) for name in first)
    assert first_generation is not None
    assert generation.current(store) not in {None, first_generation}  # a build is a write


def test_the_inferred_graph_lets_a_query_follow_a_chain_in_one_hop(store: OxigraphStore) -> None:
    query = """
        PREFIX sam: <https://samverkan.example.org/def/samverkan#>
        SELECT ?activity ?situation WHERE {
          ?activity a sam:Activity ; sam:tracesTo ?situation .
          ?situation a sam:LifeSituation .
        }"""
    rows = store.select(query).rows
    assert rows, "every activity should reach a life situation"
    activities = {row["activity"] for row in rows}
    all_activities = set(
        store.select(
            "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
            "SELECT ?a WHERE { ?a a sam:Activity }"
        ).column("a")
    )
    assert activities == all_activities


def test_loading_records_a_first_version_of_each_part_and_no_more_when_unchanged(
    settings: Settings, tmp_path: Path
) -> None:
    custom = load_settings(
        {
            "project_dir": settings.project_dir,
            "store_path": tmp_path / "s",
            "base_iri": settings.base_iri,
        },
        environ={},
    )
    store = OxigraphStore(custom.store_path)
    build(store, custom)
    build(store, custom)
    log = VersionLog(custom, store)
    for slug in actor_files(custom.data_dir):
        (only,) = log.history(slug)
        assert (only.number, only.activity) == (1, "load")


def test_a_file_about_another_actors_items_is_refused(settings: Settings, tmp_path: Path) -> None:
    project = copy_project(settings, tmp_path)
    intruder = project / "data" / "intruder.ttl"
    intruder.write_text(
        f"<{CANONICAL_BASE}id/skatteverket> <{SAM.owner}> <{CANONICAL_BASE}id/intruder> .\n"
    )
    custom = load_settings({"project_dir": project, "store_path": tmp_path / "s"}, environ={})
    with pytest.raises(InputError, match=r"intruder.*skatteverket.*rule 8"):
        build(OxigraphStore(tmp_path / "s"), custom)


def test_a_refused_build_leaves_the_store_as_it_was(settings: Settings, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    build(store, settings)
    before = snapshot(store)
    project = copy_project(settings, tmp_path)
    (project / "data" / "digg.ttl").write_text("this is not turtle")
    broken = load_settings(
        {"project_dir": project, "store_path": tmp_path / "x", "base_iri": settings.base_iri},
        environ={},
    )
    with pytest.raises(InputError, match=r"digg\.ttl, line 1"):
        build(store, broken)
    assert snapshot(store).keys() == before.keys()
    assert all(isomorphic(snapshot(store)[n], before[n]) for n in before)


def test_a_deployment_base_renames_the_instances_not_the_vocabulary() -> None:
    base = "http://localhost:8080/"
    graph = Graph().parse(
        data=f"""
        <{CANONICAL_BASE}id/a> <{SAM.owner}> <http://elsewhere.example/b> ;
            a <{SAM.PublicActor}> ;
            <{SAM.actorKind}> <{CANONICAL_BASE}def/concepts/actor-kind/public> ;
            <{SAM.listedIn}> <{CANONICAL_BASE}graph/actor/a> ,
                <{CANONICAL_BASE}.well-known/genid/x> ;
            <{SAM.partOf}> <{CANONICAL_BASE}catalog> , <{base}id/already> .
        """,
        format="turtle",
    )
    moved = {(str(s), str(p), str(o)) for s, p, o in to_deployment(graph, base)}
    subject = f"{base}id/a"
    assert moved == {
        (subject, str(SAM.owner), "http://elsewhere.example/b"),
        (subject, str(RDF.type), str(SAM.PublicActor)),
        (subject, str(SAM.actorKind), f"{CANONICAL_BASE}def/concepts/actor-kind/public"),
        (subject, str(SAM.listedIn), f"{base}graph/actor/a"),
        (subject, str(SAM.listedIn), f"{base}.well-known/genid/x"),
        (subject, str(SAM.partOf), f"{CANONICAL_BASE}catalog"),
        (subject, str(SAM.partOf), f"{base}id/already"),
    }
    assert to_deployment(graph, CANONICAL_BASE) is graph


def test_a_build_under_another_base_keeps_the_vocabulary(
    settings: Settings, tmp_path: Path
) -> None:
    base = "http://localhost:8080/"
    store = OxigraphStore(tmp_path / "store")
    try:
        build(store, replace(settings, base_iri=base, store_path=tmp_path / "store"))
        layout = GraphLayout(base)
        kivra = store.graph(layout.actor("kivra"))
        ontology = store.graph(layout.ontology)
    finally:
        store.close()
    assert (URIRef(f"{base}id/kivra"), RDF.type, SAM.PrivateActor) in kivra
    assert (SAM.PrivateActor, RDF.type, OWL.Class) in ontology
    assert not any(str(t).startswith(f"{base}def/") for triple in kivra for t in triple)


def copy_project(settings: Settings, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(settings.project_dir / folder, project / folder)
    return project
