"""The example federation: realistic, complete in all three columns, and within the rules."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from samverkan.namespaces import CANONICAL_BASE, SAM, SAMK
from samverkan.validation import Severity, Validator


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_each_actor_file_describes_only_the_actors_own_items(actor_parts: dict[str, Graph]) -> None:
    for slug, part in actor_parts.items():
        own = f"{CANONICAL_BASE}id/{slug}"
        strangers = {
            s for s in part.subjects() if str(s) != own and not str(s).startswith(own + "/")
        }
        assert strangers == set(), slug


def test_the_federation_conforms_with_only_the_explained_warnings(
    validator: Validator, federation: Graph
) -> None:
    report = validator.validate(federation)
    assert report.conforms
    assert report.of_severity(Severity.INFO) == []
    # data/README.md explains the one deliberate reuse candidate, seen from both sides.
    warnings = report.of_severity(Severity.WARNING)
    assert {w.rule for w in warnings} == {"7"}
    assert {str(w.focus).rsplit("/id/", 1)[1] for w in warnings} == {
        "skatteverket/information/population-register-record",
        "uppsala-kommun/information/child-and-guardian-details",
    }


def test_at_least_five_kinds_of_actors_take_part(federation: Graph) -> None:
    actors = instances(federation, SAM.PublicActor) | instances(federation, SAM.PrivateActor)
    kinds = {federation.value(actor, SAM.actorKind) for actor in actors}
    assert len(actors) >= 5
    assert {
        SAMK[f"actor-kind/{k}"] for k in ("agency", "municipality", "region", "private")
    } <= kinds


def test_three_life_situations_each_with_events_and_a_collaboration_area(federation: Graph) -> None:
    situations = instances(federation, SAM.LifeSituation)
    assert len(situations) >= 3
    for situation in situations:
        assert set(federation.subjects(SAM.partOfLifeSituation, situation)), situation
        assert set(federation.subjects(SAM.concernsLifeSituation, situation)), situation


def test_every_life_event_reaches_activities_through_its_processes(federation: Graph) -> None:
    events = instances(federation, SAM.LifeEvent) | instances(federation, SAM.BusinessEvent)
    for event in events:
        processes = set(federation.subjects(SAM.realisesEvent, event))
        assert processes, event
        assert any(set(federation.subjects(SAM.partOfProcess, p)) for p in processes), event


def test_every_concept_reaches_data_with_a_schema(federation: Graph) -> None:
    for concept in instances(federation, SAM.Concept):
        information = set(federation.subjects(SAM.representsConcept, concept))
        data = {d for i in information for d in federation.subjects(SAM.realisesInformation, i)}
        assert data, concept
        assert all(federation.value(d, SAM.schema) is not None for d in data), concept


def test_the_service_column_is_realised_at_all_three_levels(federation: Graph) -> None:
    for conceptual in instances(federation, SAM.ConceptualService):
        logical = set(federation.subjects(SAM.realisesService, conceptual))
        assert logical, conceptual
        assert any(set(federation.subjects(SAM.realisesService, s)) for s in logical), conceptual


def test_exchanges_between_actors_name_their_schemas(federation: Graph) -> None:
    exchanges = instances(federation, SAM.InformationExchange)
    assert len(exchanges) >= 5
    between_actors = [
        e for e in exchanges if federation.value(e, SAM.sender) != federation.value(e, SAM.receiver)
    ]
    assert len(between_actors) == len(exchanges)
    assert all(federation.value(e, SAM.schema) is not None for e in exchanges)


def test_the_four_catalogs_are_filled(federation: Graph) -> None:
    for kind in (
        SAM.ProcessCatalog,
        SAM.InformationExchangeCatalog,
        SAM.ServiceCatalog,
        SAM.AssignmentCatalog,
    ):
        (catalog,) = instances(federation, kind)
        assert len(set(federation.subjects(SAM.listedIn, catalog))) >= 5, kind


def test_shared_services_for_e_identity_and_digital_mail_exist(federation: Graph) -> None:
    shared = {
        str(label).lower()
        for service in federation.subjects(SAM.serviceType, SAMK["service-type/shared"])
        for label in federation.objects(service, RDFS.label)
    }
    assert any("e-legitimation" in label for label in shared)
    assert any("mina meddelanden" in label for label in shared)
