"""The listing keys kept at write time: the fast named queries equal their plain references,
and the keys kept per version equal a full recomputation, on hostile changes too."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from bench.dataset import _load_turtle
from bench.generate import write
from samverkan.config import Settings
from samverkan.federation import build, open_federation
from samverkan.listings import listings_change
from samverkan.listings.update import full_keys
from samverkan.namespaces import CANONICAL_BASE, SAM
from samverkan.reasoning import inference_change, without_blank_nodes
from samverkan.reasoning.materialise import materialise_store
from samverkan.storage import GraphLayout, OxigraphStore, Store
from samverkan.submissions.service import Submissions
from samverkan.validation import Validator
from virtuoso import Virtuoso

ROOT = Path(__file__).resolve().parents[1]
SHARED_CONCEPT = URIRef("https://samverkan.example.org/id/digg/concept/shared-by-all")
#: The named queries that read the listing keys, each with its plain reference.
FAST = (
    "catalog-entries",
    "concepts-without-information",
    "information-without-data",
    "reuse-candidates",
    "services-by-type",
    "services-by-channel-kind",
)
DCAT_RECORD = "http://www.w3.org/ns/dcat#record"
PARAMETERS = {
    "catalog-entries": ("catalog", f"SELECT DISTINCT ?v WHERE {{ ?v <{DCAT_RECORD}> ?e }}"),
    "services-by-type": (
        "serviceType",
        f"SELECT DISTINCT ?v WHERE {{ ?s <{SAM.serviceType}> ?v }}",
    ),
    "services-by-channel-kind": (
        "channelKind",
        f"SELECT DISTINCT ?v WHERE {{ ?s <{SAM.channelKind}> ?v }}",
    ),
}


def text(name: str, reference: bool) -> str:
    folder = ROOT / "queries" / ("reference" if reference else "")
    return (folder / f"{name}.rq").read_text(encoding="utf-8")


def rows(store: OxigraphStore, query: str, bindings: dict[str, Node]) -> list[tuple[str, ...]]:
    """Return the answer as sorted rows of N3 terms (the order of ties is not compared)."""
    result = store.select(query, bindings)
    found = []
    for row in result.rows:
        found.append(tuple(f"{k}={row[k].n3()}" if k in row else f"{k}=" for k in result.variables))
    return sorted(found)


def assert_fast_equals_reference(store: OxigraphStore) -> int:
    """Compare every fast query with its reference for every value of its parameter."""
    compared = 0
    for name in FAST:
        if name in PARAMETERS:
            parameter, values = PARAMETERS[name]
            choices = [{parameter: row["v"]} for row in store.select(values).rows]
        else:
            choices = [{}]
        for bindings in choices:
            fast = rows(store, text(name, False), bindings)
            plain = rows(store, text(name, True), bindings)
            assert fast == plain, (name, bindings, sorted(set(fast) ^ set(plain))[:4])
            compared += len(fast)
    return compared


def assert_keys_equal_full(store: Store, layout: GraphLayout) -> None:
    held = store.graph(layout.listings)
    full = full_keys(store, layout)
    assert sorted(full - held)[:5] == []
    assert sorted(held - full)[:5] == []


def change_part(store: Store, layout: GraphLayout, actor: str, new: Graph) -> None:
    """Replace an actor's part, updating inferences and listing keys as a submission does."""
    ontology = store.graph(layout.ontology)
    old = store.graph(layout.actor(actor))
    change = inference_change(store, layout, ontology, actor, old, new)
    listed = listings_change(store, layout, actor, old, new, change)
    store.apply(
        replace={layout.actor(actor): new},
        remove={layout.inferred: change.remove, layout.listings: listed.remove},
        add={layout.inferred: without_blank_nodes(change.add), layout.listings: listed.add},
    )


def hostile(part: Graph, rng: random.Random) -> Graph:
    """Return ``part`` with several types, lost names, names in more languages, shared names."""
    new = Graph() + part
    subjects = sorted({s for s in part.subjects(RDF.type, None) if isinstance(s, URIRef)})
    if not subjects:
        return new
    kinds = [SAM.LogicalService, SAM.RealisedService, SAM.Concept, SAM.Information, SAM.Process]
    for item in rng.sample(subjects, min(3, len(subjects))):
        new.add((item, RDF.type, rng.choice(kinds)))
    for item in rng.sample(subjects, min(2, len(subjects))):
        new.remove((item, RDFS.label, None))
    for item in rng.sample(subjects, min(3, len(subjects))):
        new.add((item, RDFS.label, Literal(f"Ärende {rng.randint(0, 3)}", lang="sv")))
        new.add((item, RDFS.label, Literal(f"ÄRENDE {rng.randint(0, 3)}", lang="sv")))
        new.add((item, RDFS.label, Literal("Fall", lang=rng.choice(["en", "de", "EN"]))))
        new.add((item, RDFS.label, Literal("utan språk")))
    links = sorted(t for t in part if t[1] in (SAM.representsConcept, SAM.realisesInformation))
    for triple in rng.sample(links, min(3, len(links))):
        new.remove(triple)
    for item in rng.sample(subjects, min(2, len(subjects))):
        # A concept that items of every actor come to represent: look-alikes by concept.
        new.add((item, SAM.representsConcept, SHARED_CONCEPT))
    return new


def mutate_and_check(store: OxigraphStore, layout: GraphLayout, seed: int) -> None:
    rng = random.Random(seed)
    actors = sorted(s for g in store.graph_names() if (s := layout.actor_slug(g)))
    originals = {actor: store.graph(layout.actor(actor)) for actor in actors}
    withdrawn = rng.choice(actors)
    steps = [(rng.choice(actors), "hostile") for _ in range(3)]
    steps += [(withdrawn, "withdraw"), (withdrawn, "resubmit"), (rng.choice(actors), "hostile")]
    for actor, step in steps:
        if step == "hostile":
            new = hostile(store.graph(layout.actor(actor)), rng)
        else:
            new = originals[actor] if step == "resubmit" else Graph()
        change_part(store, layout, actor, new)
        assert_keys_equal_full(store, layout)
    assert assert_fast_equals_reference(store) > 0


@pytest.fixture
def example(state_copy: Settings) -> Iterator[OxigraphStore]:
    opened = OxigraphStore(state_copy.store_path)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated federation of about 6 000 triples, built as the benchmark builds it."""
    folder = tmp_path_factory.mktemp("generated")
    write(6000, folder / "federation.nq", seed=7)
    return folder


def build_generated(folder: Path, into: Path) -> OxigraphStore:
    store = OxigraphStore(into)
    layout = GraphLayout(CANONICAL_BASE)

    def load(raw: object) -> None:
        import pyoxigraph as ox

        assert isinstance(raw, ox.Store)
        raw.bulk_load(path=str(folder / "federation.nq"), format=ox.RdfFormat.N_QUADS)
        _load_turtle(raw, ROOT / "ontology", layout.ontology)
        materialise_store(raw, layout)

    store.bulk(load)
    store.replace_graph(layout.listings, full_keys(store, layout))
    return store


def test_the_built_example_holds_the_full_keys_and_fast_equals_reference(
    example: OxigraphStore, settings: Settings
) -> None:
    layout = GraphLayout(settings.base_iri)
    assert len(example.graph(layout.listings)) > 0
    assert_keys_equal_full(example, layout)
    assert assert_fast_equals_reference(example) > 0


@pytest.mark.parametrize("seed", range(3))
def test_keys_kept_per_change_equal_a_full_recomputation_on_the_example(
    example: OxigraphStore, settings: Settings, seed: int
) -> None:
    mutate_and_check(example, GraphLayout(settings.base_iri), seed)


@pytest.mark.parametrize("seed", range(2))
def test_keys_kept_per_change_equal_a_full_recomputation_on_a_generated_federation(
    generated_dir: Path, tmp_path: Path, seed: int
) -> None:
    store = build_generated(generated_dir, tmp_path / "store")
    try:
        layout = GraphLayout(CANONICAL_BASE)
        assert assert_fast_equals_reference(store) > 0
        mutate_and_check(store, layout, seed)
    finally:
        store.close()


def test_submissions_and_withdrawals_keep_the_keys(
    state_copy: Settings, validator: Validator
) -> None:
    """Through the submission workflow itself: a new name, a withdrawal, a resubmission."""
    store = OxigraphStore(state_copy.store_path)
    try:
        service = Submissions(state_copy, store, validator)
        layout = service.layout
        part = store.graph(layout.actor("kivra"))
        renamed = Graph() + part
        item = sorted(s for s in part.subjects(RDFS.label, None) if isinstance(s, URIRef))[0]
        renamed.set((item, RDFS.label, Literal("Aaa först i listan", lang="sv")))
        service.submit("kivra", renamed)
        assert (item, None, Literal("aaa först i listan", lang="sv")) in store.graph(
            layout.listings
        )
        assert_keys_equal_full(store, layout)
        before = len(store.graph(layout.listings))
        service.withdraw("kivra")
        assert len(store.graph(layout.listings)) < before
        assert_keys_equal_full(store, layout)
        service.submit("kivra", part)
        assert_keys_equal_full(store, layout)
        assert assert_fast_equals_reference(store) > 0
    finally:
        store.close()


def fast_keys(store: OxigraphStore, layout: GraphLayout) -> Graph:
    """Return the keys the fast whole-store path derives, without writing them."""
    from samverkan.listings import fast
    from samverkan.terms import graph_from_triples

    quads = store.bulk(lambda raw: list(fast.keys(raw, layout, ("sv", "en"))))
    return graph_from_triples(quads)


def test_the_fast_whole_store_path_gives_the_reference_keys(
    example: OxigraphStore, settings: Settings, generated_dir: Path, tmp_path: Path
) -> None:
    layout = GraphLayout(settings.base_iri)
    mutate_and_check(example, layout, 11)
    assert set(fast_keys(example, layout)) == set(full_keys(example, layout))
    generated = build_generated(generated_dir, tmp_path / "store")
    try:
        rng, layout = random.Random(5), GraphLayout(CANONICAL_BASE)
        for actor in ("a1", "a2", "a3"):
            change_part(
                generated, layout, actor, hostile(generated.graph(layout.actor(actor)), rng)
            )
        reference = full_keys(generated, layout)
        assert len(reference) > 0
        assert set(fast_keys(generated, layout)) == set(reference)
    finally:
        generated.close()


def test_keys_kept_per_change_on_a_remote_store_equal_a_full_recomputation(
    virtuoso: Virtuoso, settings: Settings
) -> None:
    """The same keeping over Virtuoso: chunked lookups, literals with language tags."""
    store = virtuoso.store("listings")
    try:
        for name in store.graph_names():
            store.drop_graph(name)
        build(store, settings)
        layout = GraphLayout(settings.base_iri)
        assert_keys_equal_full(store, layout)
        rng = random.Random(3)
        actor = "kivra"
        change_part(store, layout, actor, hostile(store.graph(layout.actor(actor)), rng))
        assert_keys_equal_full(store, layout)
    finally:
        store.close()


def test_a_store_built_before_listings_were_kept_gets_them_when_opened(
    state_copy: Settings,
) -> None:
    layout = GraphLayout(state_copy.base_iri)
    store = OxigraphStore(state_copy.store_path)
    try:
        kept = store.graph(layout.listings)
        assert len(kept) > 0
        store.drop_graph(layout.listings)  # as a store made before this version has it
        parts = {name: store.count(name) for name in store.graph_names()}
    finally:
        store.close()
    opened, _ = open_federation(state_copy)
    try:
        assert set(opened.graph(layout.listings)) == set(kept)
        actors = [n for n in parts if layout.actor_slug(n)]
        assert all(opened.count(n) == parts[n] for n in actors), "actors' parts are untouched"
    finally:
        opened.close()
