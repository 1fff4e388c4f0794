"""Inferences kept up to date per change equal a full rebuild, whatever the change."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from samverkan.config import Settings
from samverkan.namespaces import SAM
from samverkan.reasoning import inference_change, materialise, without_blank_nodes
from samverkan.storage import GraphLayout, OxigraphStore

LINKS = (
    SAM.partOfProcess,
    SAM.realisesEvent,
    SAM.realisesInformation,
    SAM.representsConcept,
    SAM.realisesService,
    SAM.hasActivity,
    SAM.supports,
    SAM.owner,
)


@pytest.fixture
def store(state_copy: Settings) -> Iterator[OxigraphStore]:
    """This test's own copy of the built store."""
    opened = OxigraphStore(state_copy.store_path)
    yield opened
    opened.close()


def full_rebuild(store: OxigraphStore, layout: GraphLayout) -> Graph:
    asserted = store.graph(layout.ontology)
    for name in store.graph_names():
        if layout.actor_slug(name):
            asserted += store.graph(name)
    return without_blank_nodes(materialise(asserted))


def change_part(store: OxigraphStore, layout: GraphLayout, actor: str, new: Graph) -> None:
    """Replace an actor's part and update the inferences incrementally, as a submission does."""
    ontology = store.graph(layout.ontology)
    old = store.graph(layout.actor(actor))
    change = inference_change(store, layout, ontology, actor, old, new)
    store.apply(
        replace={layout.actor(actor): new},
        remove={layout.inferred: change.remove},
        add={layout.inferred: without_blank_nodes(change.add)},
    )


def mutate(part: Graph, items: list[URIRef], rng: random.Random) -> Graph:
    """Drop some links, add some links to other items, rename something."""
    new = Graph() + part
    links = sorted(t for t in part if t[1] in LINKS)
    for triple in rng.sample(links, min(3, len(links))):
        new.remove(triple)
    subjects = sorted({s for s in part.subjects() if isinstance(s, URIRef)})
    for _ in range(3):
        new.add((rng.choice(subjects), rng.choice(LINKS[:6]), rng.choice(items)))
    new.add((rng.choice(subjects), RDFS.label, Literal(f"nytt namn {rng.random()}", lang="sv")))
    return new


@pytest.mark.parametrize("seed", range(10))
def test_incremental_inferences_equal_a_full_rebuild(
    store: OxigraphStore, settings: Settings, seed: int
) -> None:
    layout = GraphLayout(settings.base_iri)
    rng = random.Random(seed)
    actors = sorted(s for g in store.graph_names() if (s := layout.actor_slug(g)))
    items = sorted(
        {
            s
            for s in store.construct(
                "CONSTRUCT { ?s a ?t } WHERE { GRAPH ?g { ?s a ?t } }"
            ).subjects(RDF.type, None)
            if isinstance(s, URIRef) and "/id/" in str(s)
        }
    )
    for _ in range(3):
        actor = rng.choice(actors)
        change_part(store, layout, actor, mutate(store.graph(layout.actor(actor)), items, rng))
    incremental = store.graph(layout.inferred)
    rebuilt = full_rebuild(store, layout)
    assert sorted(rebuilt - incremental)[:5] == []
    assert sorted(incremental - rebuilt)[:5] == []


def test_an_unchanged_part_changes_no_inference(store: OxigraphStore, settings: Settings) -> None:
    layout = GraphLayout(settings.base_iri)
    part = store.graph(layout.actor("kivra"))
    change = inference_change(store, layout, store.graph(layout.ontology), "kivra", part, part)
    assert (len(change.remove), len(change.add)) == (0, 0)


def test_a_link_that_goes_away_takes_the_type_it_gave_its_object(
    store: OxigraphStore, settings: Settings
) -> None:
    """The range of a link types its object; when the only such link goes, so does the type."""
    layout = GraphLayout(settings.base_iri)
    part = store.graph(layout.actor("skatteverket"))
    process = next(iter(part.subjects(SAM.realisesEvent, None)))
    elsewhere = URIRef(f"{settings.base_iri}id/digg/life-event/not-described-anywhere")
    linked = Graph() + part
    linked.add((process, SAM.realisesEvent, elsewhere))

    change_part(store, layout, "skatteverket", linked)
    assert (elsewhere, RDF.type, SAM.ConceptualProcess) in store.graph(layout.inferred)

    change_part(store, layout, "skatteverket", part)
    assert (elsewhere, RDF.type, SAM.ConceptualProcess) not in store.graph(layout.inferred)
    assert set(store.graph(layout.inferred)) == set(full_rebuild(store, layout))


def test_a_changed_statement_about_a_shared_item_keeps_the_chains_below_it(
    store: OxigraphStore, settings: Settings
) -> None:
    """Dropping the owner of a life situation changes its local inferences, not the chains of
    the processes and activities of other actors that trace up to it."""
    layout = GraphLayout(settings.base_iri)
    part = store.graph(layout.actor("digg"))
    situation = URIRef(f"{settings.base_iri}id/digg/life-situation/family")
    below = set(store.graph(layout.inferred).objects(situation, SAM.tracedFrom))
    assert len(below) > 5, "the example's family situation is traced from many items"
    without_owner = Graph()
    for s, p, o in part:
        if (s, p) != (situation, SAM.owner):
            without_owner.add((s, p, o))
    change_part(store, layout, "digg", without_owner)
    assert set(store.graph(layout.inferred).objects(situation, SAM.tracedFrom)) == below
    assert set(store.graph(layout.inferred)) == set(full_rebuild(store, layout))
