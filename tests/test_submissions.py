"""The submission workflow below the web layer: sovereignty, context, versions, rollback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from samverkan.config import Settings
from samverkan.errors import InputError, RejectedSubmissionError
from samverkan.namespaces import ID, SAM
from samverkan.storage import GraphLayout, OxigraphStore
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
