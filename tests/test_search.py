"""Full-text search: stems and prefixes in both languages, grouping, ranking, escaping, upkeep."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from samverkan.config import Settings
from samverkan.namespaces import ID, SAM
from samverkan.search import SearchIndex, for_settings, marked, match_expression, query_terms
from samverkan.search.documents import CATALOGS
from samverkan.search.stemming import stem
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.service import Submissions
from samverkan.validation import Validator

POPULATION_REGISTRATION = str(ID["skatteverket/concept/population-registration"])
BIRTH_NOTIFICATION = str(ID["skatteverket/information/birth-notification"])
HOSTILE = ['"', "*", "NEAR(", "NEAR(a b)", "<script>alert(1)</script>", 'a" OR "b', "}{:^-+", "'"]


@pytest.fixture(scope="module")
def index(settings: Settings, store: OxigraphStore) -> SearchIndex:
    """The index that building the session's store wrote beside it."""
    found = for_settings(settings)
    assert found.path.is_file(), "federation.build writes the search index"
    return found


def found(index: SearchIndex, text: str) -> list[str]:
    return [hit.iri for group in index.search(text, 50).groups for hit in group.hits]


@pytest.mark.parametrize(
    ("word", "same"),
    [
        ("folkbokföring", "folkbokföringen"),
        ("tjänst", "tjänsterna"),
        ("service", "services"),
        ("activity", "activities"),
        ("process", "processes"),
    ],
)
def test_inflected_forms_share_a_stem(word: str, same: str) -> None:
    assert stem(word) == stem(same)


def test_the_start_of_a_word_finds_the_whole_word(index: SearchIndex) -> None:
    assert POPULATION_REGISTRATION in found(index, "folkbokför")
    assert POPULATION_REGISTRATION in found(index, "Folkbokf")


def test_an_english_plural_finds_the_singular(index: SearchIndex) -> None:
    assert BIRTH_NOTIFICATION in found(index, "birth notifications")


def test_a_swedish_definite_plural_finds_the_base_form(index: SearchIndex) -> None:
    assert BIRTH_NOTIFICATION in found(index, "födelseanmälningarna") or BIRTH_NOTIFICATION in (
        found(index, "födelseanmälan")
    )
    assert found(index, "tjänsterna") == found(index, "tjänster")


def test_both_languages_find_the_same_item(index: SearchIndex) -> None:
    assert POPULATION_REGISTRATION in found(index, "Folkbokföring")
    assert POPULATION_REGISTRATION in found(index, "population registration")


def test_diacritics_may_be_left_out(index: SearchIndex) -> None:
    assert POPULATION_REGISTRATION in found(index, "folkbokforing")


def test_every_word_must_match(index: SearchIndex) -> None:
    both = set(found(index, "navet folkbokföring"))
    assert both and both <= set(found(index, "navet")) & set(found(index, "folkbokföring"))
    assert found(index, "navet xyzzyqq") == []


def test_results_are_grouped_by_catalog_in_catalog_order(index: SearchIndex) -> None:
    results = index.search("folkbokföring")
    catalogs = [group.catalog for group in results.groups]
    assert catalogs == [c for c in CATALOGS if c in catalogs]
    groups = {group.catalog: group for group in results.groups}
    assert {"process", "information-exchange", "service"} <= set(groups)
    concept = next(
        h for h in groups["information-exchange"].hits if h.iri == POPULATION_REGISTRATION
    )
    assert concept.catalog == "information-exchange"
    assert all(h.catalog == "process" for h in groups["process"].hits)
    assert results.total == sum(group.total for group in results.groups)


def test_hits_are_ranked_best_first_and_names_weigh_most(index: SearchIndex) -> None:
    for group in index.search("navet").groups:
        scores = [hit.score for hit in group.hits]
        assert scores == sorted(scores, reverse=True)
    services = next(g for g in index.search("navet").groups if g.catalog == "service")
    best = services.hits[0]
    assert "navet" in best.label("sv").casefold() or "navet" in best.label("en").casefold()


def test_each_group_counts_all_its_matches_but_shows_a_few(index: SearchIndex) -> None:
    results = index.search("folkbokföring", per_group=3)
    assert any(group.total > 3 for group in results.groups)
    assert all(len(group.hits) == min(3, group.total) for group in results.groups)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_only_words(index: SearchIndex, text: str) -> None:
    results = index.search(text)
    assert all(term.isalnum() for term in results.terms)


def test_each_term_is_quoted_as_an_fts5_string() -> None:
    assert match_expression(["near", 'a"b']) == '"near"* AND "a""b"*'
    assert query_terms('NEAR("x" *') == ["near"]
    assert query_terms("<script>") == ["script"]


def test_marking_splits_text_without_altering_it() -> None:
    text = "Folkbokföring <b>& mer"
    parts = marked(text, query_terms("folkbokför"))
    assert "".join(part for part, _ in parts) == text
    assert parts[0] == ("Folkbokföring", True)


def test_a_changed_actor_part_is_searchable_after_a_refresh(tmp_path: Path) -> None:
    layout = GraphLayout("https://example.org/")
    store = OxigraphStore(None)
    item = URIRef("https://example.org/id/acme/service/s")
    store.replace_graph(layout.actor("acme"), _part(item, "Gammal tjänst"))
    store.replace_graph(
        layout.actor("other"), _part(URIRef("https://example.org/id/other/x"), "Zebra")
    )
    index = SearchIndex(tmp_path / "search.sqlite")
    index.rebuild(store, layout)
    assert [h.iri for g in index.search("zebrafink").groups for h in g.hits] == []
    store.replace_graph(layout.actor("acme"), _part(item, "Zebrafinkens tjänster"))
    index.refresh_actor(store, layout, "acme")
    assert [h.iri for g in index.search("zebrafink").groups for h in g.hits] == [str(item)]
    assert [g.catalog for g in index.search("zebrafink").groups] == ["service"]
    assert index.search("zebra").total == 2, "the other actor's items stay"
    store.replace_graph(layout.actor("acme"), Graph())
    index.refresh_actor(store, layout, "acme")
    assert index.search("zebrafink").total == 0


def test_an_accepted_submission_is_searchable_at_once(
    state_copy: Settings, validator: Validator
) -> None:
    store = OxigraphStore(state_copy.store_path)
    try:
        service = Submissions(state_copy, store, validator)
        subject = ID["kivra/service/digital-mailbox"]
        part = Graph() + store.graph(service.layout.actor("kivra"))
        assert (subject, RDF.type, None) in part, "the test edits an item Kivra has"
        part.set((subject, DCTERMS.description, Literal("Kvasirkrukor och mer.", lang="sv")))
        assert for_settings(state_copy).search("kvasirkruka").total == 0
        service.submit("kivra", part)
        hits = [
            h.iri for g in for_settings(state_copy).search("kvasirkruka").groups for h in g.hits
        ]
        assert hits == [str(subject)]
    finally:
        store.close()


def test_the_build_is_deterministic(
    store: OxigraphStore, settings: Settings, tmp_path: Path
) -> None:
    layout = GraphLayout(settings.base_iri)
    first, second = SearchIndex(tmp_path / "a.sqlite"), SearchIndex(tmp_path / "b.sqlite")
    assert first.rebuild(store, layout) == second.rebuild(store, layout) > 300
    assert first.dump() == second.dump()
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_missing_index_is_built_on_first_use(
    store: OxigraphStore, settings: Settings, tmp_path: Path
) -> None:
    index = SearchIndex(tmp_path / "search.sqlite")
    index.ensure(store, GraphLayout(settings.base_iri))
    assert POPULATION_REGISTRATION in found(index, "folkbokföring")


def test_the_search_page_groups_and_marks_safely(client: FlaskClient) -> None:
    page = client.get("/search?q=folkbokf%C3%B6r&lang=sv", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-catalog="process"' in html and 'data-catalog="information-exchange"' in html
    assert "<mark>Folkbokföring</mark>" in html
    assert f'data-item="{POPULATION_REGISTRATION}"' in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_answered_and_escaped(client: FlaskClient, text: str) -> None:
    page = client.get("/search", query_string={"q": text}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.get_data(as_text=True)
    data = client.get("/search", query_string={"q": text}, headers={"Accept": "application/json"})
    assert data.status_code == 200 and data.json is not None


def test_scripts_get_json(client: FlaskClient) -> None:
    answer = client.get("/search?q=navet", headers={"Accept": "application/json"})
    assert answer.content_type.startswith("application/json")
    body = answer.json
    assert body is not None and body["query"] == "navet" and body["total"] > 0
    first = body["groups"][0]
    assert {"catalog", "title", "total", "hits"} <= set(first)
    assert {"iri", "href", "label", "kind", "owner", "score"} <= set(first["hits"][0])


def test_every_page_has_a_search_box(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html


def _part(item: URIRef, label: str) -> Graph:
    graph = Graph()
    graph.add((item, RDF.type, SAM.RealisedService))
    graph.add((item, RDFS.label, Literal(label, lang="sv")))
    graph.add((item, DCTERMS.description, Literal("En tjänst.", lang="sv")))
    return graph
