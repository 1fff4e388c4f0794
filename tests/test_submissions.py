"""The submission workflow below the web layer: sovereignty, context, versions, rollback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS
from rdflib.term import Node

from samverkan.config import Settings
from samverkan.errors import InputError, RejectedSubmissionError
from samverkan.namespaces import ID, SAM
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions import sovereignty
from samverkan.submissions.archive import canonical_bytes, content_hash
from samverkan.submissions.service import Submissions
from samverkan.submissions.sovereignty import SovereigntyError
from samverkan.validation import Validator

KIVRA = "kivra"


@pytest.fixture
def service(state_copy: Settings, validator: Validator) -> Iterator[Submissions]:
    """The submission workflow over this test's own copy of the built store."""
    store = OxigraphStore(state_copy.store_path)
    yield Submissions(state_copy, store, validator)
    store.close()


def current_part(service: Submissions, actor: str) -> Graph:
    return service.store.graph(service.layout.actor(actor))


def edited(part: Graph, subject: URIRef, description: str) -> Graph:
    """Return a copy of ``part`` with a new English description of ``subject``."""
    copy = Graph() + part
    copy.set((subject, DCTERMS.description, Literal(description, lang="en")))
    for old in list(part.objects(subject, DCTERMS.description)):
        if isinstance(old, Literal) and old.language == "sv":
            copy.add((subject, DCTERMS.description, old))
    return copy


def snapshot(store: OxigraphStore) -> dict[URIRef, int]:
    return {name: store.count(name) for name in store.graph_names()}


def test_an_accepted_submission_becomes_the_next_version(service: Submissions) -> None:
    actor = ID[KIVRA]
    new = edited(current_part(service, KIVRA), actor, "Kivra, a digital mailbox.")
    outcome = service.submit(KIVRA, new)
    assert outcome.version.number == 2
    assert outcome.version.iri == URIRef(f"{actor}/version/2")
    assert outcome.version.content_hash == content_hash(canonical_bytes(new))
    assert len(current_part(service, KIVRA) ^ new) == 0
    history = service.versions.history(KIVRA)
    assert [(v.number, v.activity) for v in history] == [(1, "load"), (2, "submission")]
    assert history[1].replaces == history[0].iri
    recorded = service.store.graph(service.layout.history(KIVRA))
    assert recorded.value(actor, SAM.currentVersion) == outcome.version.iri


def test_a_violation_rejects_the_submission_and_changes_nothing(service: Submissions) -> None:
    before = snapshot(service.store)
    part = current_part(service, KIVRA)
    broken = Graph() + part
    for description in list(part.objects(ID[KIVRA], DCTERMS.description)):
        broken.remove((ID[KIVRA], DCTERMS.description, description))
    with pytest.raises(RejectedSubmissionError, match="rule\\(s\\) 9") as caught:
        service.submit(KIVRA, broken)
    assert caught.value.report.rules() == {"9"}  # type: ignore[attr-defined]
    assert snapshot(service.store) == before
    assert len(service.versions.history(KIVRA)) == 1


def test_statements_about_another_actors_items_are_refused_by_name(service: Submissions) -> None:
    intrusion = current_part(service, KIVRA)
    intrusion.add((ID.skatteverket, RDFS.label, Literal("Kivra äger detta", lang="sv")))
    with pytest.raises(SovereigntyError) as caught:
        service.submit(KIVRA, intrusion)
    assert caught.value.items == [str(ID.skatteverket)]
    assert len(service.versions.history(KIVRA)) == 1


def test_version_records_are_the_servers_not_the_actors(service: Submissions) -> None:
    forged = current_part(service, KIVRA)
    forged.add((URIRef(f"{ID[KIVRA]}/version/1"), RDFS.label, Literal("forged", lang="sv")))
    with pytest.raises(SovereigntyError):
        service.submit(KIVRA, forged)


def test_an_empty_submission_is_refused(service: Submissions) -> None:
    with pytest.raises(InputError, match="empty"):
        service.submit(KIVRA, Graph())


def test_inferences_follow_a_new_version_at_once(service: Submissions) -> None:
    process = next(current_part(service, KIVRA).subjects(SAM.realisesEvent, None))
    activity = URIRef(f"{ID[KIVRA]}/activity/sort-incoming-mail")
    part = current_part(service, KIVRA)
    for triple in [
        (activity, SAM.partOfProcess, process),
        (activity, SAM.owner, ID[KIVRA]),
        (activity, RDFS.label, Literal("Sortera inkommande post", lang="sv")),
        (activity, RDFS.label, Literal("Sort incoming mail", lang="en")),
        (activity, DCTERMS.description, Literal("Posten sorteras per mottagare.", lang="sv")),
        (activity, DCTERMS.description, Literal("Mail is sorted by recipient.", lang="en")),
    ]:
        part.add(triple)
    service.submit(KIVRA, part)
    reached = service.store.select(
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
        "SELECT ?activity ?situation WHERE { ?activity sam:tracesTo ?situation . "
        "?situation a sam:LifeSituation }",
        {"activity": activity},
    ).column("situation")
    assert reached


def test_rollback_restores_earlier_content_as_a_new_version(service: Submissions) -> None:
    original = current_part(service, KIVRA)
    service.submit(KIVRA, edited(original, ID[KIVRA], "Changed once."))
    outcome = service.rollback(KIVRA, 1)
    assert outcome.version.number == 3
    assert outcome.version.derived_from == service.versions.version(KIVRA, 1).iri
    assert len(current_part(service, KIVRA) ^ original) == 0


def test_two_versions_compare_as_added_and_removed_triples(service: Submissions) -> None:
    original = current_part(service, KIVRA)
    service.submit(KIVRA, edited(original, ID[KIVRA], "Changed once."))
    comparison = service.versions.compare(KIVRA, 1, 2)
    assert set(comparison.added) == {
        (ID[KIVRA], DCTERMS.description, Literal("Changed once.", lang="en"))
    }
    (removed,) = set(comparison.removed)
    assert removed[:2] == (ID[KIVRA], DCTERMS.description)


@pytest.mark.parametrize("actor", ["digg", "skatteverket", "uppsala-kommun", "kivra"])
def test_validation_in_context_matches_validating_the_whole_federation(
    service: Submissions, validator: Validator, actor_parts: dict[str, Graph], actor: str
) -> None:
    """Reading only the context gives the same results for the submission's items."""
    submission = mutated(actor_parts[actor], actor)
    in_context = service.validate(submission, actor)
    whole = Graph()
    for slug, part in actor_parts.items():
        whole += submission if slug == actor else part
    own = {s for s in submission.subjects() if isinstance(s, URIRef)}
    naive = [r for r in validator.validate(whole).results if r.focus in own]
    assert sorted(map(result_key, in_context.results)) == sorted(map(result_key, naive))
    assert in_context.results, "the mutation should break a rule"


def mutated(part: Graph, actor: str) -> Graph:
    """Break rule 2 for one process and copy another actor's label in capitals (rule 7)."""
    copy = Graph() + part
    process = next(iter(part.subjects(SAM.realisesEvent, None)), None)
    if process is not None:
        copy.remove((process, SAM.realisesEvent, None))
    service_label = "Mina meddelanden" if actor != "digg" else "Folkbokföring"
    item = next(iter(part.subjects(SAM.owner, ID[actor])))
    copy.add((item, RDFS.label, Literal(service_label.upper(), lang="sv")))
    return copy


def result_key(result: object) -> tuple[str, ...]:
    r = result
    return (str(r.rule), r.severity.value, str(r.focus), str(r.path), str(r.value))  # type: ignore[attr-defined]


def test_the_layout_keeps_history_apart_from_actor_parts(service: Submissions) -> None:
    layout = GraphLayout(service.layout.base_iri)
    assert layout.actor_slug(layout.history(KIVRA)) is None


# --- rule 8 in full: no claims on other actors' items ------------------------------------

OTHERS = URIRef(f"{ID}skatteverket/service/navet")
KIVRA_SERVICE = URIRef(f"{ID}kivra/service/receiving-and-displaying-mail")
CLAIMS = URIRef(f"{ID}kivra/def/claims")
GIVES = URIRef(f"{ID}kivra/def/belongs-to")

CLAIMING = {
    "owns-anothers-item": [(ID[KIVRA], SAM.owns, OTHERS)],
    "gives-its-item-to-another": [(KIVRA_SERVICE, SAM.owner, ID.skatteverket)],
    "through-its-own-sub-property": [
        (CLAIMS, RDFS.subPropertyOf, SAM.owns),
        (ID[KIVRA], CLAIMS, OTHERS),
    ],
    "through-its-own-inverse": [
        (GIVES, OWL.inverseOf, SAM.owns),
        (KIVRA_SERVICE, GIVES, ID.skatteverket),
    ],
    "through-an-inverse-stated-the-other-way": [
        (GIVES, OWL.inverseOf, SAM.owner),
        (ID[KIVRA], GIVES, OTHERS),
    ],
    "through-an-equivalent": [
        (CLAIMS, OWL.equivalentProperty, SAM.owner),
        (KIVRA_SERVICE, CLAIMS, ID.skatteverket),
    ],
    "same-as-anothers-item": [(KIVRA_SERVICE, OWL.sameAs, OTHERS)],
}


@pytest.mark.parametrize("name", sorted(CLAIMING))
def test_claims_on_other_actors_items_are_refused_naming_the_statement(
    service: Submissions, name: str
) -> None:
    before = snapshot(service.store)
    claim = current_part(service, KIVRA)
    for triple in CLAIMING[name]:
        claim.add(triple)
    with pytest.raises(SovereigntyError) as caught:
        service.submit(KIVRA, claim)
    offending = CLAIMING[name][-1]
    assert " ".join(term.n3() for term in offending) in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert snapshot(service.store) == before
    assert len(service.versions.history(KIVRA)) == 1


def test_links_to_other_actors_items_are_allowed(service: Submissions) -> None:
    part = current_part(service, KIVRA)
    part.add((KIVRA_SERVICE, SAM.realisesService, OTHERS))
    part.add((KIVRA_SERVICE, DCTERMS.publisher, ID[KIVRA]))
    assert sovereignty.claiming(part, service.layout, KIVRA, service.validator.ontology) == []


def test_the_ontology_makes_owner_and_owns_inverses(validator: Validator) -> None:
    owner_like, owns_like = sovereignty.ownership_properties(validator.ontology)
    assert owner_like == {SAM.owner} and owns_like == {SAM.owns}


# --- published means listed --------------------------------------------------------------


def new_service(part: Graph) -> tuple[Graph, URIRef]:
    """Return Kivra's part with a new logical service (complete, but in no catalog)."""
    item = URIRef(f"{ID}kivra/service/mail-forwarding")
    copy = Graph() + part
    for p, o in part.predicate_objects(KIVRA_SERVICE):
        if p not in (RDFS.label,):
            copy.add((item, p, o))
    copy.add((item, RDFS.label, Literal("Vidarebefordran av post", lang="sv")))
    copy.add((item, RDFS.label, Literal("Mail forwarding", lang="en")))
    return copy, item


def entries_for(graph: Graph, item: URIRef) -> set[tuple[Node, Node]]:
    return {
        (entry, graph.value(entry, SAM.listedIn))
        for entry in graph.subjects(FOAF.primaryTopic, item)
    }


def test_an_accepted_item_of_a_catalogued_kind_is_listed_in_its_catalog(
    service: Submissions,
) -> None:
    part, item = new_service(current_part(service, KIVRA))
    assert entries_for(part, item) == set()
    service.submit(KIVRA, part)
    stored = current_part(service, KIVRA)
    [(entry, catalog)] = entries_for(stored, item)
    assert catalog == URIRef(f"{ID}digg/catalog/service")
    assert str(entry).startswith(f"{ID}kivra/entry/")
    assert stored.value(entry, DCTERMS.modified) is not None
    listed = service.store.select(
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
        "SELECT ?item WHERE { ?entry foaf:primaryTopic ?item ; sam:listedIn ?catalog . "
        "?catalog a sam:ServiceCatalog }",
        {"item": item},
    )
    assert listed.rows


def test_an_item_already_listed_gets_no_second_entry(service: Submissions) -> None:
    part = current_part(service, KIVRA)
    service.submit(KIVRA, edited(part, ID[KIVRA], "Listed as before."))
    assert len(set(current_part(service, KIVRA).subjects(RDF.type, SAM.CatalogEntry))) == len(
        set(part.subjects(RDF.type, SAM.CatalogEntry))
    )


def test_listing_again_keeps_the_entry_as_it_was(service: Submissions) -> None:
    part, _ = new_service(current_part(service, KIVRA))
    service.submit(KIVRA, part)
    first = current_part(service, KIVRA)
    service.submit(KIVRA, part)
    assert len(current_part(service, KIVRA) ^ first) == 0


def test_an_item_with_no_catalog_of_its_kind_in_the_federation_is_refused(
    validator: Validator,
) -> None:
    from samverkan.submissions.listing import listed

    empty = OxigraphStore(None)
    process = URIRef(f"{ID}kivra/process/p")
    part = Graph()
    part.add((process, RDF.type, SAM.Process))
    with pytest.raises(InputError, match="process catalog"):
        listed(empty, GraphLayout(str(ID).removesuffix("id/")), validator.ontology, KIVRA, part)
