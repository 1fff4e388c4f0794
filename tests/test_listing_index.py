"""The listing index answers every catalog listing as the store does.

The reference is ``listing(..., reference=True)``: catalog-count.rq and catalog-keys.rq run by
the store. For every catalog kind, both languages, with and without an owner, and texts that
are empty, mixed in case, non-ASCII (letters whose lower case differs between Python and the
store's ``LCASE`` included), special in SPARQL or regular expressions, or found nowhere, both
must give the same total, the same entries in the same order and the same next cursor on
every page, by number and along the chain of cursors to the end; over the example federation
and over one with generated items (no label, English names only, equal sort keys, an item of
two owners, an entry of two items). After a write, the next listing shows it, and readers in
threads beside a writer never see a listing older than one they saw.
"""

from __future__ import annotations

import random
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, XSD

from federations import KIVRA, TURTLE, serving, turtle
from samverkan.config import Settings
from samverkan.errors import SamverkanError
from samverkan.listings import LST
from samverkan.listings.index import ListingIndex
from samverkan.metamodel import CATALOGS
from samverkan.namespaces import ID, SAM
from samverkan.paging import encode_cursor
from samverkan.storage import OxigraphStore
from samverkan.web import create_app
from samverkan.web.catalog import catalogs
from samverkan.web.common.services import of_app

LANGUAGES = ("sv", "en")
#: Texts to filter on: plain, mixed case, non-ASCII (U+A7CB and U+1C89 lower-case in the
#: store's LCASE but not in Python's str.lower), special in SPARQL or regular expressions,
#: and texts that match nothing.
TEXTS = (
    "", "a", "A", "pRoCeSs", "tjÄnst", "å", "ä", "Ö", "ß", "SS", "İ", "i\u0307", "Σ", "ς",
    "\u03c3", "ΟΔΟΣ", "\ua7cb", "ɤ", "\u1c89", '"', "\\", "'", "*", ".", "(", ")", ".*", "(a",
    "  ", "ingen-sådan-text", "zz\u0000z",
)  # fmt: skip
#: Where the generated items are written.
GENERATED = URIRef(f"{ID}graph/generated-listings")


def answer(
    slug: str, lang: str, actor: URIRef | None, text: str, page: int, after: str | None, ref: bool
) -> object:
    """Return what a listing answers (or the error it refuses with), comparable."""
    try:
        found = catalogs.listing(slug, page, actor, text, lang, after, reference=ref)
    except SamverkanError as error:
        return f"{type(error).__name__}: {error}"
    return found.total, found.pages, found.entries, found.following


def both(
    slug: str, lang: str, actor: URIRef | None, text: str, page: int, after: str | None
) -> object:
    """Return the index's answer, checked to be the reference's."""
    indexed = answer(slug, lang, actor, text, page, after, False)
    assert indexed == answer(slug, lang, actor, text, page, after, True), (slug, lang, text)
    return indexed


def listed(slug: str, lang: str, text: str) -> tuple[int, list[str]]:
    """Return the total and the first page's entries of a listing (index and reference)."""
    found = both(slug, lang, None, text, 1, None)
    assert isinstance(found, tuple)
    return found[0], [entry.entry for entry in found[2]]


def walk(slug: str, lang: str, actor: URIRef | None, text: str) -> int:
    """Compare every page by number and the cursor chain; return the entries seen."""
    first = both(slug, lang, actor, text, 1, None)
    assert isinstance(first, tuple)
    total, pages, _, following = first
    for page in range(2, pages + 2):  # one past the last: both refuse it
        both(slug, lang, actor, text, page, None)
    seen, number = len(first[2]), 1
    while following is not None:
        number += 1
        assert number <= total + 1, "the cursor chain does not end"
        step = both(slug, lang, actor, text, number, following)
        assert isinstance(step, tuple)
        seen += len(step[2])
        following = step[3]
    return seen


def cases(app: Flask, owners: list[URIRef | None]) -> int:
    """Compare every case on ``app``; return the entries the listings showed in all."""
    shown = 0
    with app.test_request_context():
        for kind in CATALOGS:
            for lang in LANGUAGES:
                for actor in owners:
                    for text in TEXTS:
                        shown += walk(kind.slug, lang, actor, text)
        assert index_of(app).snapshot() is not None, "the index did not answer"
    return shown


def index_of(app: Flask) -> ListingIndex:
    services = of_app(app)
    return services.held(ListingIndex, lambda: ListingIndex(services.store))


def test_the_index_answers_as_the_store_over_the_example_federation(app: Flask) -> None:
    assert cases(app, [None, ID["kivra"], ID["skatteverket"], ID["no-such-actor"]]) > 0


@pytest.fixture(scope="module")
def generated(
    built_state: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app over the example federation and generated items, seven entries a page."""
    folder = tmp_path_factory.mktemp("generated") / "state"
    shutil.copytree(built_state, folder)
    store = OxigraphStore(folder / "store")
    store.replace_graph(GENERATED, generated_items(store, random.Random(7)))
    chosen = replace(settings, store_path=folder / "store", page_size=7)
    yield create_app({"TESTING": True}, settings=chosen, store=store)
    store.close()


def generated_items(store: OxigraphStore, chance: random.Random) -> Graph:
    """Return items of every catalogued kind, with entries in the catalogs, named in
    hostile ways: no label, English only, names that differ in case, equal sort keys."""
    names = ["Samma namn", "SAMMA NAMN", "Ärende (åäö)", 'Citat "x" \\ y', "Stjärna * . ( )",
             "İstanbul", "STRASSE ß", "ΟΔΟΣ Σ", "\ua7cbX", "\u1c89 kyrilliskt",
             "apostrof's"]  # fmt: skip
    graph = Graph()
    owners = [ID["kivra"], ID["skatteverket"]]
    for kind in CATALOGS:
        catalog = first_catalog(store, kind.cls)
        for number in range(40):
            item = URIRef(f"{ID}generated/{kind.slug}/{number}")
            entry = URIRef(f"{ID}generated/{kind.slug}/entry/{number}")
            graph.add((item, RDF.type, kind.lists[0]))
            graph.add((item, SAM.owner, chance.choice(owners)))
            graph.add((entry, SAM.listedIn, catalog))
            graph.add((entry, FOAF.primaryTopic, item))
            name_item(graph, item, chance.choice(names), number % 5, chance)
        two = URIRef(f"{ID}generated/{kind.slug}/1")
        graph.add((two, SAM.owner, owners[0]))
        graph.add((two, SAM.owner, owners[1]))
        graph.add((URIRef(f"{ID}generated/{kind.slug}/entry/2"), FOAF.primaryTopic, two))
    return graph


def name_item(graph: Graph, item: URIRef, name: str, way: int, chance: random.Random) -> None:
    """Name ``item`` in one of five ways, with or without sort keys."""
    if way == 0:
        return  # no label: never listed
    graph.add((item, RDFS.label, Literal(name, lang="en")))
    if way >= 2:
        graph.add((item, RDFS.label, Literal(name.upper(), lang="sv")))
    if way == 3:
        for lang in LANGUAGES:  # equal sort keys
            graph.add((item, LST.sortKey, Literal("samma", lang=lang)))
    if way == 4:
        graph.add((item, LST.sortKey, Literal(name.casefold() + str(chance.random()), lang="en")))


def first_catalog(store: OxigraphStore, cls: URIRef) -> URIRef:
    rows = store.select("SELECT ?c WHERE { ?c a ?cls } ORDER BY ?c", {"cls": cls}).rows
    found = rows[0]["c"]
    assert isinstance(found, URIRef)
    return found


def test_the_index_answers_as_the_store_over_generated_items(generated: Flask) -> None:
    assert cases(generated, [None, ID["kivra"]]) > 0


def test_cursors_of_another_shape_are_answered_as_the_store_answers_them(
    generated: Flask,
) -> None:
    entry = URIRef(f"{ID}generated/process/entry/3")
    odd = [
        encode_cursor([Literal("samma", lang="en"), entry]),
        encode_cursor([None, entry]),
        encode_cursor([Literal("samma"), None]),
        encode_cursor([entry, entry]),
        encode_cursor([Literal("5", datatype=XSD.integer), entry]),
        encode_cursor([Literal("samma"), Literal(str(entry))]),
        encode_cursor([Literal("samma")]),
        encode_cursor([Literal("samma"), entry]),
        "not a cursor",
    ]
    with generated.test_request_context():
        for cursor in odd:
            for lang in LANGUAGES:
                both("process", lang, None, "", 2, cursor)


def test_an_entry_whose_item_is_a_blank_node_is_listed_by_the_store(
    state_copy: Settings,
) -> None:
    with serving(state_copy) as federation:
        odd = Graph()
        item, entry = BNode(), URIRef(f"{ID}generated/entry/blank")
        catalog = first_catalog(federation.store, SAM.ProcessCatalog)
        odd.add((item, RDFS.label, Literal("Tom nod", lang="sv")))
        odd.add((item, SAM.owner, ID["kivra"]))
        odd.add((entry, SAM.listedIn, catalog))
        odd.add((entry, FOAF.primaryTopic, item))
        federation.store.replace_graph(GENERATED, odd)
        with federation.app.test_request_context():
            assert index_of(federation.app).snapshot() is None
            assert listed("process", "sv", "tom") == (1, [str(entry)])


def test_a_direct_write_shows_in_the_next_listing(state_copy: Settings) -> None:
    with serving(state_copy) as federation, federation.app.test_request_context():
        assert listed("process", "en", "zebra") == (0, [])
        before = listed("process", "en", "")[0]
        added = Graph()
        item = URIRef(f"{ID}generated/zebra")
        entry = URIRef(f"{ID}generated/zebra/entry")
        added.add((item, RDF.type, SAM.Process))
        added.add((item, RDFS.label, Literal("Zebra crossing", lang="en")))
        added.add((item, SAM.owner, ID["kivra"]))
        added.add((entry, SAM.listedIn, first_catalog(federation.store, SAM.ProcessCatalog)))
        added.add((entry, FOAF.primaryTopic, item))
        federation.store.replace_graph(GENERATED, added)
        assert listed("process", "en", "zebra") == (1, [str(entry)])
        assert listed("process", "en", "")[0] == before + 1


def test_an_accepted_submission_shows_in_the_next_listing(state_copy: Settings) -> None:
    process = ID["kivra/process/digital-mail-delivery"]
    with serving(state_copy) as federation:
        client = federation.client()
        assert "Giraffens" not in client.get("/catalogs/process?q=giraff").get_data(True)
        part = federation.part(KIVRA)
        old = Literal("Leverans av digital post till brevlådan", lang="sv")
        assert (process, RDFS.label, old) in part
        part.remove((process, RDFS.label, old))
        part.add((process, RDFS.label, Literal("Giraffens brevlåda", lang="sv")))
        posted = client.post(
            f"/submissions/{KIVRA}",
            data=turtle(part),
            content_type=TURTLE,
            headers=federation.auth(KIVRA, Accept="application/json"),
        )
        assert posted.status_code in {200, 201}, posted.get_data(as_text=True)
        page = client.get("/catalogs/process?q=GIRAFF&lang=sv").get_data(as_text=True)
        assert "Giraffens brevlåda" in page
        with federation.app.test_request_context():
            entry = str(ID["kivra/entry/process-digital-mail-delivery"])
            assert listed("process", "sv", "giraff") == (1, [entry])


def test_readers_in_threads_never_see_a_listing_older_than_one_they_saw(
    state_copy: Settings,
) -> None:
    seen: list[list[int]] = [[] for _ in range(3)]
    failures: list[BaseException] = []
    done = threading.Event()
    with serving(state_copy) as federation:

        def read(mine: list[int]) -> None:
            try:
                with federation.app.test_request_context():
                    while not mine or not done.is_set():
                        found = catalogs.listing("process", 1, None, "zebra", "en")
                        assert found.total == len(found.entries)
                        mine.append(found.total)
            except BaseException as error:
                failures.append(error)

        readers = [threading.Thread(target=read, args=(mine,)) for mine in seen]
        for reader in readers:
            reader.start()
        catalog = first_catalog(federation.store, SAM.ProcessCatalog)
        added = Graph()
        for number in range(5):
            item = URIRef(f"{ID}generated/zebra/{number}")
            added.add((item, RDFS.label, Literal(f"Zebra {number}", lang="en")))
            added.add((item, SAM.owner, ID["kivra"]))
            entry = URIRef(f"{ID}generated/zebra/{number}/entry")
            added.add((entry, SAM.listedIn, catalog))
            added.add((entry, FOAF.primaryTopic, item))
            federation.store.replace_graph(GENERATED, added)
        done.set()
        for reader in readers:
            reader.join()
        assert not failures, failures
        for mine in seen:
            assert mine == sorted(mine), "a reader saw a listing older than one it had seen"
        with federation.app.test_request_context():
            assert listed("process", "en", "zebra")[0] == 5
