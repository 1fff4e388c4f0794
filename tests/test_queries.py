"""The named queries under ``queries/``: what each one answers, shown on the example federation.

Every query is run against the store built from ``data/`` (with the inferred graph). Its
answer is compared with an expectation worked out independently: straight from the actor
files as parsed by rdflib, following each link in whichever direction the file states it,
with no reasoning. Where the answer is a gap or a duplicate, a tiny store made for the test
shows that the query catches it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from samverkan.cli import main
from samverkan.config import Settings
from samverkan.listings import rebuild_listings
from samverkan.namespaces import CANONICAL_BASE, ID, SAM, SAMK, VOCABULARY
from samverkan.queries import NamedQuery, load_queries
from samverkan.reasoning import materialise
from samverkan.storage import GraphLayout, OxigraphStore, SelectResult
from samverkan.validation import Validator

PROJECT = Path(__file__).resolve().parents[1]
QUERY_FILES = sorted((PROJECT / "queries").glob("*.rq"))

# The example federation's actors and a few of their items, by IRI.
DIGG, SKATTEVERKET, FORSAKRINGSKASSAN = ID.digg, ID.skatteverket, ID.forsakringskassan
HAVING_A_BABY = ID["digg/life-event/having-a-baby"]
POPULATION_REGISTRATION_AT_BIRTH = ID["skatteverket/process/population-registration-at-birth"]
NAVET = ID["skatteverket/service/navet"]
NAVET_SCHEMA = ID["skatteverket/schema/navet-person-record-xsd"]
NAVET_RECORD = ID["skatteverket/data/navet-person-record"]
POPULATION_RECORD = ID["skatteverket/information/population-register-record"]
NAVET_TO_FORSAKRINGSKASSAN = ID["skatteverket/exchange/navet-to-forsakringskassan"]
MINA_MEDDELANDEN = ID["digg/service/mina-meddelanden"]
SERVICE_CATALOG = ID["digg/catalog/service"]
SHARED = SAMK["service-type/shared"]
DIGITAL = SAMK["channel-kind/digital"]

# A value for every parameter of every query, so that each can be run on the example data.
EXAMPLE_PARAMETERS: dict[str, dict[str, str]] = {
    "life-event-downwards": {"lifeEvent": HAVING_A_BABY},
    "data-element-upwards": {"dataElement": NAVET_RECORD},
    "exchanges-between-actors": {"actorA": SKATTEVERKET, "actorB": FORSAKRINGSKASSAN},
    "services-by-type": {"serviceType": SHARED},
    "services-by-channel-kind": {"channelKind": DIGITAL},
    "actor-inventory": {"actor": SKATTEVERKET},
    "schema-impact": {"schema": NAVET_SCHEMA},
    "concepts-without-information": {},
    "information-without-data": {},
    "reuse-candidates": {},
    "catalog-entries": {"catalog": SERVICE_CATALOG},
    "life-event-exchanges": {"lifeEvent": HAVING_A_BABY},
    "actor-dependents": {"actor": SKATTEVERKET},
    "actor-gaps": {"actor": ID["uppsala-kommun"]},
}
#: Queries whose example finds nothing in the example federation, which has no gaps; tiny
#: stores made for the test show them catching what they look for.
EMPTY_ON_THE_EXAMPLE = {"actor-gaps"}

SERVICE_CLASSES = {SAM.ConceptualService, SAM.LogicalService, SAM.RealisedService}
EVENT_CLASSES = {SAM.LifeEvent, SAM.BusinessEvent, SAM.CustomerFlow}


# --------------------------------------------------------------------------------------
# Following the links of the actor files, without the store and without reasoning
# --------------------------------------------------------------------------------------


class Link(NamedTuple):
    """A metamodel link and its inverse: a file may state either one."""

    forward: URIRef
    inverse: URIRef

    @property
    def reverse(self) -> Link:
        return Link(self.inverse, self.forward)

    def __call__(self, data: Graph, start: Node | set[Node]) -> set[Node]:
        """Return what ``start`` (one item or a set of them) reaches through this link."""
        start = start if isinstance(start, set) else {start}
        return {o for s in start for o in data.objects(s, self.forward)} | {
            s for o in start for s in data.subjects(self.inverse, o)
        }


REALISED_BY_PROCESS = Link(SAM.realisedByProcess, SAM.realisesEvent)
HAS_CUSTOMER_ACTION = Link(SAM.hasCustomerAction, SAM.actionInEvent)
HAS_ACTIVITY = Link(SAM.hasActivity, SAM.partOfProcess)
USES_INFORMATION = Link(SAM.usesInformation, SAM.usedByActivity)
PRODUCES_INFORMATION = Link(SAM.producesInformation, SAM.producedByActivity)
REALISED_BY_DATA = Link(SAM.realisedByData, SAM.realisesInformation)
REPRESENTS_CONCEPT = Link(SAM.representsConcept, SAM.representedBy)
SUPPORTED_BY = Link(SAM.supportedBy, SAM.supports)
PART_OF_LIFE_SITUATION = Link(SAM.partOfLifeSituation, SAM.hasEvent)
SCHEMA_OF = Link(SAM.schemaOf, SAM.schema)
CARRIED_BY = Link(SAM.carriedBy, SAM.carriesInformation)
CHANNEL = Link(SAM.channel, SAM.channelFor)
OWNS = Link(SAM.owns, SAM.owner)
RECORD = Link(DCAT.record, SAM.listedIn)


def instances(data: Graph, *classes: URIRef) -> set[Node]:
    """Return the items the files type as one of ``classes``."""
    return {item for cls in classes for item in data.subjects(RDF.type, cls)}


def typed(data: Graph, items: set[Node], *classes: URIRef) -> set[Node]:
    """Keep the items of ``items`` that the files type as one of ``classes``."""
    return items & instances(data, *classes)


# --------------------------------------------------------------------------------------
# Running a named query
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def queries(settings: Settings) -> dict[str, NamedQuery]:
    return load_queries(settings.queries_dir)


def run(store: OxigraphStore, query: NamedQuery, **parameters: str) -> SelectResult:
    """Run a named query the way the CLI and the web API do: values checked, then bound."""
    return store.select(query.text(), query.bindings(parameters))


def items(result: SelectResult, kind: URIRef | None = None, column: str = "item") -> set[Node]:
    """Return the distinct values of ``column``, only from rows of ``kind`` if given."""
    return {row[column] for row in result.rows if kind is None or row.get("kind") == kind}


# --------------------------------------------------------------------------------------
# Every query file: header, parameters, and that it runs
# --------------------------------------------------------------------------------------


def test_every_query_has_example_parameters() -> None:
    """Keeps this module in step with queries/: a new query needs a line in the table above."""
    assert {path.stem for path in QUERY_FILES} == set(EXAMPLE_PARAMETERS)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_the_header_gives_title_description_and_typed_parameters(
    path: Path, queries: dict[str, NamedQuery]
) -> None:
    query = queries[path.stem]
    assert query.title and query.title != path.stem, "the first line is a title"
    assert len(query.description) > 80, "the header says what the query answers, for whom"
    assert {p.name for p in query.parameters} == set(EXAMPLE_PARAMETERS[path.stem])
    for parameter in query.parameters:
        assert parameter.doc, f"?{parameter.name} is documented"
    documented = re.findall(r"^#\s+\?(\w+)\s+\(", query.source, flags=re.MULTILINE)
    assert sorted(documented) == sorted(p.name for p in query.parameters), (
        "every ?name (type) line parses as a parameter"
    )


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_every_parameter_is_projected_and_every_column_documented(
    path: Path, queries: dict[str, NamedQuery]
) -> None:
    """Oxigraph binds a parameter only if the SELECT projects it (SPARQL SEP-0007)."""
    query = queries[path.stem]
    projected = [str(v) for v in prepareQuery(query.source).algebra["PV"]]
    for parameter in query.parameters:
        assert parameter.name in projected
    comments = "\n".join(line for line in query.source.splitlines() if line.startswith("#"))
    undocumented = [v for v in projected if f"?{v}" not in comments]
    assert not undocumented, "every column is described in the file's comments"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_every_query_is_an_ordered_select(path: Path, queries: dict[str, NamedQuery]) -> None:
    source = queries[path.stem].source
    assert re.search(r"^SELECT\b", source, flags=re.MULTILINE)
    assert re.search(r"^ORDER BY\b", source, flags=re.MULTILINE), "deterministic output"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_every_query_runs_on_the_example_federation(
    path: Path, store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    parameters = EXAMPLE_PARAMETERS[path.stem]
    result = run(store, queries[path.stem], **parameters)
    assert set(parameters) <= set(result.variables)
    for row in result.rows:
        assert all(row[name] == URIRef(value) for name, value in parameters.items())
    if parameters and path.stem not in EMPTY_ON_THE_EXAMPLE:
        assert result.rows, "the example finds something"


# --------------------------------------------------------------------------------------
# life-event-downwards
# --------------------------------------------------------------------------------------


def downwards(data: Graph, event: Node) -> dict[str, set[Node]]:
    """What the files link below ``event``, link by link."""
    processes = REALISED_BY_PROCESS(data, event)
    actions = HAS_CUSTOMER_ACTION(data, event)
    activities = HAS_ACTIVITY(data, processes)
    information = USES_INFORMATION(data, activities) | PRODUCES_INFORMATION(data, activities)
    return {
        "processes": processes,
        "customer actions": actions,
        "activities": activities,
        "information": information,
        "data elements": REALISED_BY_DATA(data, information),
        "services": SUPPORTED_BY(data, processes | actions | activities),
    }


def downwards_answer(result: SelectResult) -> dict[str, set[Node]]:
    return {
        "processes": items(result, SAM.Process),
        "customer actions": items(result, SAM.CustomerAction),
        "activities": items(result, SAM.Activity),
        "information": items(result, SAM.Information),
        "data elements": items(result, SAM.DataElement),
        "services": set().union(*(items(result, kind) for kind in SERVICE_CLASSES)),
    }


def test_having_a_baby_goes_down_to_the_processes_that_realise_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    result = run(store, queries["life-event-downwards"], lifeEvent=HAVING_A_BABY)
    processes = items(result, SAM.Process)
    assert processes == REALISED_BY_PROCESS(federation, HAVING_A_BABY)
    assert POPULATION_REGISTRATION_AT_BIRTH in processes, "Skatteverket registers the baby"
    assert {row["step"].toPython() for row in result.rows if row["kind"] == SAM.Process} == {1}


def test_having_a_baby_reaches_registration_data_and_the_services_that_support_it(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["life-event-downwards"], lifeEvent=HAVING_A_BABY)
    assert POPULATION_RECORD in items(result, SAM.Information)
    assert NAVET_RECORD in items(result, SAM.DataElement)
    assert NAVET in items(result, SAM.RealisedService)
    assert MINA_MEDDELANDEN in items(result, SAM.RealisedService)


def test_every_event_goes_down_exactly_as_far_as_the_files_link_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    events = instances(federation, *EVENT_CLASSES)
    assert HAVING_A_BABY in events
    for event in sorted(events):
        result = run(store, queries["life-event-downwards"], lifeEvent=event)
        assert downwards_answer(result) == downwards(federation, event), event


def test_every_row_hangs_off_the_event_or_the_step_above(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    """The rows form a tree: an integrator can draw it from ?via, ?relation and ?item."""
    result = run(store, queries["life-event-downwards"], lifeEvent=HAVING_A_BABY)
    at_step = {0: {HAVING_A_BABY}}
    for row in result.rows:
        at_step.setdefault(row["step"].toPython(), set()).add(row["item"])
    for row in result.rows:
        assert row["via"] in at_step[row["step"].toPython() - 1], row
        assert store.ask(
            "ASK { ?via ?relation ?item }", {k: row[k] for k in ("via", "relation", "item")}
        )


# --------------------------------------------------------------------------------------
# data-element-upwards
# --------------------------------------------------------------------------------------


def upwards(data: Graph, element: Node) -> dict[str, set[Node]]:
    """What the files link above ``element``, link by link."""
    information = REALISED_BY_DATA.reverse(data, element)
    activities = USES_INFORMATION.reverse(data, information)
    activities |= PRODUCES_INFORMATION.reverse(data, information)
    processes = HAS_ACTIVITY.reverse(data, activities)
    events = REALISED_BY_PROCESS.reverse(data, processes)
    return {
        "information": information,
        "concepts": REPRESENTS_CONCEPT(data, information),
        "activities": activities,
        "processes": processes,
        "events": events,
        "life situations": PART_OF_LIFE_SITUATION(data, events),
    }


def upwards_answer(result: SelectResult) -> dict[str, set[Node]]:
    return {
        "information": items(result, SAM.Information),
        "concepts": items(result, SAM.Concept),
        "activities": items(result, SAM.Activity),
        "processes": items(result, SAM.Process),
        "events": set().union(*(items(result, kind) for kind in EVENT_CLASSES)),
        "life situations": items(result, SAM.LifeSituation),
    }


def test_the_navet_record_goes_up_to_population_data_and_having_a_baby(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["data-element-upwards"], dataElement=NAVET_RECORD)
    assert items(result, SAM.Information) == {POPULATION_RECORD}
    assert POPULATION_REGISTRATION_AT_BIRTH in items(result, SAM.Process)
    assert HAVING_A_BABY in items(result, SAM.LifeEvent)
    assert ID["digg/life-situation/family"] in items(result, SAM.LifeSituation)


def test_every_data_element_goes_up_exactly_as_far_as_the_files_link_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    elements = instances(federation, SAM.DataElement)
    assert NAVET_RECORD in elements
    for element in sorted(elements):
        result = run(store, queries["data-element-upwards"], dataElement=element)
        assert upwards_answer(result) == upwards(federation, element), element


# --------------------------------------------------------------------------------------
# exchanges-between-actors
# --------------------------------------------------------------------------------------

SENDER = Link(SAM.sender, SAM.sends)
RECEIVER = Link(SAM.receiver, SAM.receives)
EXCHANGE_REALISED_BY = Link(SAM.exchangeRealisedBy, SAM.realisesExchange)


def exchanges_between(data: Graph, a: Node, b: Node) -> set[tuple[Node, Node, Node]]:
    """(exchange, sender, receiver) for every exchange from ``a`` to ``b`` or back."""
    found = set()
    for exchange in instances(data, SAM.InformationExchange):
        for sender in SENDER(data, exchange):
            for receiver in RECEIVER(data, exchange):
                if {sender, receiver} == {a, b}:
                    found.add((exchange, sender, receiver))
    return found


def test_navet_sends_population_data_from_skatteverket_to_forsakringskassan(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(
        store,
        queries["exchanges-between-actors"],
        actorA=SKATTEVERKET,
        actorB=FORSAKRINGSKASSAN,
    )
    [row] = [row for row in result.rows if row["exchange"] == NAVET_TO_FORSAKRINGSKASSAN]
    assert (row["sender"], row["receiver"]) == (SKATTEVERKET, FORSAKRINGSKASSAN)
    assert row["information"] == POPULATION_RECORD
    assert row["service"] == NAVET
    assert row["schema"] == NAVET_SCHEMA
    assert str(row["labelEn"]).startswith("Population register data")


def test_the_exchanges_between_every_two_agents_are_those_the_files_state(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    """Both directions, and the same answer whichever actor is named first."""
    exchanges = instances(federation, SAM.InformationExchange)
    agents = sorted(SENDER(federation, exchanges) | RECEIVER(federation, exchanges))
    pairs_with_exchanges = 0
    for a in agents:
        for b in agents:
            result = run(store, queries["exchanges-between-actors"], actorA=a, actorB=b)
            answer = {(row["exchange"], row["sender"], row["receiver"]) for row in result.rows}
            assert answer == exchanges_between(federation, a, b), (a, b)
            pairs_with_exchanges += bool(answer)
    assert pairs_with_exchanges >= 4


def test_an_exchange_shows_its_own_schema_or_else_its_services(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    for exchange in sorted(instances(federation, SAM.InformationExchange)):
        [sender], [receiver] = SENDER(federation, exchange), RECEIVER(federation, exchange)
        result = run(store, queries["exchanges-between-actors"], actorA=sender, actorB=receiver)
        rows = [row for row in result.rows if row["exchange"] == exchange]
        services = EXCHANGE_REALISED_BY(federation, exchange)
        schemas = SCHEMA_OF.reverse(federation, exchange) or SCHEMA_OF.reverse(federation, services)
        assert {row["service"] for row in rows} == services, exchange
        assert {row["information"] for row in rows} == CARRIED_BY.reverse(federation, exchange)
        assert {row.get("schema") for row in rows} == (schemas or {None}), exchange


# --------------------------------------------------------------------------------------
# services-by-type and services-by-channel-kind
# --------------------------------------------------------------------------------------

LEVEL_OF_CLASS = {
    SAM.ConceptualService: SAMK["level/conceptual"],
    SAM.LogicalService: SAMK["level/logical"],
    SAM.RealisedService: SAMK["level/realisation"],
}


def scheme(ontology: Graph, name: str) -> list[Node]:
    """The concepts of one controlled list, e.g. ``service-type``."""
    return sorted(ontology.subjects(SKOS.inScheme, SAMK[name]))


def test_shared_services_include_mina_meddelanden_owned_by_digg(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["services-by-type"], serviceType=SHARED)
    [row, *_] = [row for row in result.rows if row["service"] == MINA_MEDDELANDEN]
    assert row["class"] == SAM.RealisedService
    assert row["level"] == SAMK["level/realisation"]
    assert row["owner"] == DIGG
    assert "DIGG" in str(row["ownerLabelSv"])


def test_every_service_type_lists_its_services_with_level_owner_and_channels(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph, ontology: Graph
) -> None:
    services = instances(federation, *SERVICE_CLASSES)
    for service_type in scheme(ontology, "service-type"):
        result = run(store, queries["services-by-type"], serviceType=service_type)
        expected = {s for s in services if (s, SAM.serviceType, service_type) in federation}
        assert items(result, column="service") == expected, service_type
        for row in result.rows:
            assert (row["service"], RDF.type, row["class"]) in federation
            assert row["level"] == LEVEL_OF_CLASS[row["class"]]
            assert row["owner"] in OWNS.reverse(federation, row["service"])
        for service in expected:
            channels = {r["channel"] for r in result.rows if r["service"] == service}
            assert channels == CHANNEL(federation, service), service


def test_every_channel_kind_lists_the_services_offered_over_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph, ontology: Graph
) -> None:
    services = instances(federation, *SERVICE_CLASSES)
    for kind in scheme(ontology, "channel-kind"):
        result = run(store, queries["services-by-channel-kind"], channelKind=kind)
        expected = {
            (service, channel)
            for service in services
            for channel in CHANNEL(federation, service)
            if (channel, SAM.channelKind, kind) in federation
        }
        assert {(row["service"], row["channel"]) for row in result.rows} == expected, kind
    digital = run(store, queries["services-by-channel-kind"], channelKind=DIGITAL)
    assert MINA_MEDDELANDEN in items(digital, column="service")


def test_customer_actions_with_a_channel_are_not_listed_as_services(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    actions = instances(federation, SAM.CustomerAction)
    assert any(CHANNEL(federation, action) for action in actions), "the data has such actions"
    result = run(store, queries["services-by-channel-kind"], channelKind=DIGITAL)
    assert not items(result, column="service") & actions


# --------------------------------------------------------------------------------------
# actor-inventory
# --------------------------------------------------------------------------------------


def test_skatteverket_owns_its_population_registration_process_and_navet(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["actor-inventory"], actor=SKATTEVERKET)
    types = {row["item"]: row["type"] for row in result.rows}
    assert types[POPULATION_REGISTRATION_AT_BIRTH] == SAM.Process
    assert types[NAVET] == SAM.RealisedService
    assert types[SKATTEVERKET] == SAM.PublicActor, "the actor owns itself"


def test_every_actors_inventory_lists_each_item_it_owns_once_by_its_own_type(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    actors = set(federation.objects(None, SAM.owner))
    assert len(actors) >= 5
    for actor in sorted(actors):
        result = run(store, queries["actor-inventory"], actor=actor)
        listed = [row["item"] for row in result.rows]
        assert sorted(listed) == sorted(OWNS(federation, actor)), actor
        for row in result.rows:
            assert (row["item"], RDF.type, row["type"]) in federation, "the most specific type"
        types = [str(row["type"]) for row in result.rows]
        assert types == sorted(types), "grouped by type"


# --------------------------------------------------------------------------------------
# schema-impact
# --------------------------------------------------------------------------------------

SOURCE_OF_MAPPING = Link(SAM.sourceOfMapping, SAM.sourceSchema)
TARGET_OF_MAPPING = Link(SAM.targetOfMapping, SAM.targetSchema)
REALISES_SERVICE = Link(SAM.realisesService, SAM.realisedByService)
REALISES_EXCHANGE = Link(SAM.realisesExchange, SAM.exchangeRealisedBy)
ABOVE_ACTIVITIES = {SAM.Process, SAM.LifeSituation}


def above(data: Graph, services: set[Node]) -> set[Node]:
    """Return the services that ``services`` realise, at every level above them."""
    found: set[Node] = set()
    level = REALISES_SERVICE(data, services)
    while level - found:
        found |= level
        level = REALISES_SERVICE(data, level)
    return found


def impact(data: Graph, schema: Node) -> dict[str, set[Node]]:
    """What the files link to ``schema``: what names it, then up and across from its data and
    its services, level by level."""
    naming = SCHEMA_OF(data, schema)
    elements = typed(data, naming, SAM.DataElement)
    information = REALISED_BY_DATA.reverse(data, elements)
    activities = USES_INFORMATION.reverse(data, information)
    activities |= PRODUCES_INFORMATION.reverse(data, information)
    processes = HAS_ACTIVITY.reverse(data, activities)
    events = REALISED_BY_PROCESS.reverse(data, processes)
    services = typed(data, naming, *SERVICE_CLASSES)
    carriers = CARRIED_BY(data, information)
    carrying = typed(data, carriers, *SERVICE_CLASSES)
    return {
        "names the schema": naming
        | SOURCE_OF_MAPPING(data, schema)
        | TARGET_OF_MAPPING(data, schema),
        "information": information,
        "services above": above(data, services),
        "exchanges of the services": typed(
            data, REALISES_EXCHANGE(data, services), SAM.InformationExchange
        ),
        "concepts": REPRESENTS_CONCEPT(data, information),
        "carriers": carriers,
        "activities": activities,
        "exchanges of the services above": typed(
            data, REALISES_EXCHANGE(data, above(data, services)), SAM.InformationExchange
        ),
        "above the activities": processes | events | PART_OF_LIFE_SITUATION(data, events),
        "services above the carriers": above(data, carrying),
        "exchanges of the carriers": typed(
            data, REALISES_EXCHANGE(data, carrying), SAM.InformationExchange
        ),
        "exchanges of the services above the carriers": typed(
            data, REALISES_EXCHANGE(data, above(data, carrying)), SAM.InformationExchange
        ),
    }


def impact_answer(result: SelectResult) -> dict[str, set[Node]]:
    def at(step: int, *relations: URIRef, kinds: set[URIRef] | None = None) -> set[Node]:
        return {
            row["item"]
            for row in result.rows
            if row["step"].toPython() == step
            and (not relations or row["relation"] in relations)
            and (kinds is None or row["kind"] in kinds)
        }

    return {
        "names the schema": at(1),
        "information": at(2, SAM.realisesInformation),
        "services above": at(2, SAM.tracesTo),
        "exchanges of the services": at(2, SAM.realisesExchange),
        "concepts": at(3, SAM.representsConcept),
        "carriers": at(3, SAM.carriedBy),
        "activities": at(3, SAM.usedByActivity, SAM.producedByActivity),
        "exchanges of the services above": at(3, SAM.realisesExchange),
        "above the activities": at(4, SAM.tracesTo, kinds=EVENT_CLASSES | ABOVE_ACTIVITIES),
        "services above the carriers": at(4, SAM.tracesTo, kinds=SERVICE_CLASSES),
        "exchanges of the carriers": at(4, SAM.realisesExchange),
        "exchanges of the services above the carriers": at(5, SAM.realisesExchange),
    }


def test_changing_the_navet_schema_affects_navet_its_exchanges_and_having_a_baby(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["schema-impact"], schema=NAVET_SCHEMA)
    assert NAVET_RECORD in items(result, SAM.DataElement)
    assert POPULATION_RECORD in items(result, SAM.Information)
    assert NAVET_TO_FORSAKRINGSKASSAN in items(result, SAM.InformationExchange)
    assert NAVET in items(result, SAM.RealisedService)
    assert ID["uppsala-kommun/schema-mapping/navet-to-resident-import"] in items(
        result, SAM.SchemaMapping
    ), "a mapping from the schema breaks too"
    assert ID["skatteverket/activity/register-newborn"] in items(result, SAM.Activity)
    assert POPULATION_REGISTRATION_AT_BIRTH in items(result, SAM.Process)
    assert HAVING_A_BABY in items(result, SAM.LifeEvent)
    owners = items(result, column="owner")
    assert {SKATTEVERKET, FORSAKRINGSKASSAN, ID["uppsala-kommun"]} <= owners, "whom to tell"
    # Every level: up the information column to the concepts, up the service levels.
    assert ID["digg/concept/person"] in items(result, SAM.Concept)
    assert ID["skatteverket/service/population-data-distribution"] in items(
        result, SAM.LogicalService
    ), "the logical service Navet realises"
    assert ID["skatteverket/service/population-registration"] in items(
        result, SAM.ConceptualService
    ), "and the conceptual service above it"
    realised = {row["item"] for row in result.rows if row["relation"] == SAM.realisesExchange}
    assert NAVET_TO_FORSAKRINGSKASSAN in realised, "the exchanges Navet realises"


def test_every_schemas_impact_is_what_the_files_link_to_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    schemas = instances(federation, SAM.DataSchema)
    assert NAVET_SCHEMA in schemas
    for schema in sorted(schemas):
        result = run(store, queries["schema-impact"], schema=schema)
        assert impact_answer(result) == impact(federation, schema), schema
        for row in result.rows:
            assert row.get("owner") in OWNS.reverse(federation, row["item"]), row["item"]


# --------------------------------------------------------------------------------------
# Tiny federations made for one test: each shows one thing a query must catch
# --------------------------------------------------------------------------------------

TINY_PREFIXES = f"""
@base <{CANONICAL_BASE}id/> .
@prefix sam: <{SAM}> .
@prefix rdfs: <{RDFS}> .
"""


@pytest.fixture
def tiny_store(tmp_path: Path, ontology: Graph) -> Iterator[Callable[[str], OxigraphStore]]:
    """Build a store from a few lines of Turtle, the ontology and what the rules infer."""
    opened: list[OxigraphStore] = []

    def make(turtle: str) -> OxigraphStore:
        part = Graph().parse(data=TINY_PREFIXES + turtle, format="turtle")
        layout = GraphLayout(CANONICAL_BASE)
        store = OxigraphStore(tmp_path / f"store-{len(opened)}")
        store.replace_graphs(
            {
                layout.ontology: ontology,
                layout.actor("tiny"): part,
                layout.inferred: materialise(ontology + part),
            }
        )
        rebuild_listings(store, layout)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


# --------------------------------------------------------------------------------------
# The gaps: concepts-without-information and information-without-data
# --------------------------------------------------------------------------------------


def label_sv(data: Graph, item: Node) -> str:
    return next(str(label) for label in data.objects(item, RDFS.label) if label.language == "sv")


def test_concepts_without_information_are_those_no_file_links_to_information(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    concepts = instances(federation, SAM.Concept)
    expected = {c for c in concepts if not REPRESENTS_CONCEPT.reverse(federation, c)}
    result = run(store, queries["concepts-without-information"])
    assert [row["concept"] for row in result.rows] == sorted(
        expected, key=lambda c: (str(federation.value(c, SAM.owner)), label_sv(federation, c))
    )


def test_information_without_data_is_what_no_file_realises_in_data(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    information = instances(federation, SAM.Information)
    expected = {i for i in information if not REALISED_BY_DATA(federation, i)}
    result = run(store, queries["information-without-data"])
    assert set(items(result, column="information")) == expected
    assert len(result.rows) == len(expected), "one row each"


GAPS = """
<a/concept/linked-from-information> a sam:Concept .
<a/information/one> a sam:Information ;
    sam:representsConcept <a/concept/linked-from-information> .
<a/data/one> a sam:DataElement ; sam:realisesInformation <a/information/one> .

<a/concept/linked-from-concept> a sam:Concept ; sam:representedBy <a/information/two> .
<a/information/two> a sam:Information .

<a/concept/alone> a sam:Concept .
"""


def test_the_gap_queries_catch_a_concept_and_information_left_unrealised(
    tiny_store: Callable[[str], OxigraphStore], queries: dict[str, NamedQuery]
) -> None:
    """A link counts whichever side states it; only what has no link at all is a gap."""
    store = tiny_store(GAPS)
    concepts = run(store, queries["concepts-without-information"])
    assert items(concepts, column="concept") == {ID["a/concept/alone"]}
    information = run(store, queries["information-without-data"])
    assert items(information, column="information") == {ID["a/information/two"]}


# --------------------------------------------------------------------------------------
# reuse-candidates
# --------------------------------------------------------------------------------------

LOOK_ALIKES = """
<a/service/mailbox> a sam:RealisedService ; rdfs:label "Digital brevlåda"@sv ; sam:owner <a> .
<b/service/mailbox> a sam:RealisedService ; rdfs:label "DIGITAL BREVLÅDA"@sv ; sam:owner <b> .
<b/service/digital-mail> a sam:ConceptualService ;
    rdfs:label "Digital brevlåda"@sv ; sam:owner <b> .
<b/service/mailbox-en> a sam:RealisedService ;
    rdfs:label "Digital brevlåda"@en ; sam:owner <b> .
<b/information/mailbox> a sam:Information ; rdfs:label "Digital brevlåda"@sv ; sam:owner <b> .

<a/concept/address> a sam:Concept .
<a/information/address> a sam:Information ;
    rdfs:label "Adress"@sv ; sam:representsConcept <a/concept/address> ; sam:owner <a> .
<a/information/home-address> a sam:Information ;
    rdfs:label "Bostadsadress"@sv ; sam:representsConcept <a/concept/address> ; sam:owner <a> .
<b/information/registered-address> a sam:Information ;
    rdfs:label "Folkbokföringsadress"@sv ; sam:owner <b> .
<a/concept/address> sam:representedBy <b/information/registered-address> .
"""


def pairs(result: SelectResult) -> set[tuple[Node, ...]]:
    return {
        (
            row["kind"],
            row["item"],
            row["other"],
            row["sameLabel"].toPython(),
            row["sameConcept"].toPython(),
        )
        for row in result.rows
    }


def test_reuse_candidates_are_same_name_or_same_concept_across_actors(
    tiny_store: Callable[[str], OxigraphStore], queries: dict[str, NamedQuery]
) -> None:
    """Two services of one level with the same name in the same language (ignoring case), or
    two information elements with the same name or concept, owned by different actors. Not a
    pair: two items of one actor, a conceptual and a realised service, a service and an
    information element, or the same name in two languages."""
    result = run(tiny_store(LOOK_ALIKES), queries["reuse-candidates"])
    assert pairs(result) == {
        (SAM.RealisedService, ID["a/service/mailbox"], ID["b/service/mailbox"], True, False),
        (
            SAM.Information,
            ID["a/information/address"],
            ID["b/information/registered-address"],
            False,
            True,
        ),
        (
            SAM.Information,
            ID["a/information/home-address"],
            ID["b/information/registered-address"],
            False,
            True,
        ),
    }


def test_reuse_candidates_are_the_pairs_guideline_rule_7_warns_about(
    tiny_store: Callable[[str], OxigraphStore],
    queries: dict[str, NamedQuery],
    validator: Validator,
) -> None:
    """The shapes warn about each item of a pair on its own; the query lists the pair once."""
    result = run(tiny_store(LOOK_ALIKES), queries["reuse-candidates"])
    report = validator.validate(Graph().parse(data=TINY_PREFIXES + LOOK_ALIKES, format="turtle"))
    warned = {frozenset((r.focus, r.value)) for r in report.results if r.rule == "7"}
    assert warned == {frozenset((row["item"], row["other"])) for row in result.rows}


def reuse_pairs(data: Graph) -> set[tuple[Node, ...]]:
    """Every look-alike pair in the files, worked out the long way: each item with each."""
    found = set()
    kinds = {kind: instances(data, kind) for kind in (*SERVICE_CLASSES, SAM.Information)}
    for kind, members in kinds.items():
        for item, other in combinations(sorted(members), 2):
            if OWNS.reverse(data, item) & OWNS.reverse(data, other):
                continue
            names = [
                {(str(n).lower(), n.language) for n in data.objects(x, RDFS.label)}
                for x in (item, other)
            ]
            same_label = bool(names[0] & names[1])
            concepts = REPRESENTS_CONCEPT(data, item) & REPRESENTS_CONCEPT(data, other)
            same_concept = kind == SAM.Information and bool(concepts)
            if same_label or same_concept:
                found.add((kind, item, other, same_label, same_concept))
    return found


def test_reuse_candidates_in_the_example_federation_are_each_pair_once(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    result = run(store, queries["reuse-candidates"])
    assert pairs(result) == reuse_pairs(federation)
    assert len(result.rows) == len(pairs(result)), "one row per pair"
    # Uppsala kommun asks parents for details that the population register already holds.
    uppsala = ID["uppsala-kommun/information/child-and-guardian-details"]
    assert (SAM.Information, POPULATION_RECORD, uppsala, False, True) in pairs(result)


# --------------------------------------------------------------------------------------
# catalog-entries
# --------------------------------------------------------------------------------------


def test_the_service_catalog_lists_navet_and_the_process_catalog_its_process(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    services = run(store, queries["catalog-entries"], catalog=SERVICE_CATALOG)
    [navet] = [row for row in services.rows if row["item"] == NAVET]
    assert (navet["type"], navet["owner"]) == (SAM.RealisedService, SKATTEVERKET)
    assert navet["modified"].datatype == XSD.date
    processes = run(store, queries["catalog-entries"], catalog=ID["digg/catalog/process"])
    assert POPULATION_REGISTRATION_AT_BIRTH in items(processes, column="item")


def test_every_catalog_lists_the_entries_that_name_it(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    catalogs = instances(
        federation,
        SAM.ProcessCatalog,
        SAM.InformationExchangeCatalog,
        SAM.ServiceCatalog,
        SAM.AssignmentCatalog,
    )
    assert SERVICE_CATALOG in catalogs
    for catalog in sorted(catalogs):
        result = run(store, queries["catalog-entries"], catalog=catalog)
        entries = RECORD(federation, catalog)
        assert items(result, column="entry") == entries, catalog
        for row in result.rows:
            assert row["item"] == federation.value(row["entry"], FOAF.primaryTopic)
            assert (row["item"], RDF.type, row["type"]) in federation
            assert row["owner"] in OWNS.reverse(federation, row["item"])


# --------------------------------------------------------------------------------------
# The command line: `samverkan query NAME --param name=value`
# --------------------------------------------------------------------------------------


# A deployment serves the federation under its own base; the CLI rewrites queries to match.
DEPLOYED_BASE = "http://samverkan.test/"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of its own, loaded by the CLI (the session's store holds its folder's lock)."""
    path = tmp_path_factory.mktemp("cli") / "store"
    assert main(["load", "--store", str(path), "--base-iri", DEPLOYED_BASE]) == 0
    return path


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_the_cli_runs_every_query_with_its_parameters_under_a_deployment_base(
    path: Path,
    cli_store: Path,
    store: OxigraphStore,
    queries: dict[str, NamedQuery],
    capsys: pytest.CaptureFixture[str],
) -> None:
    parameters = EXAMPLE_PARAMETERS[path.stem]
    argv = ["query", path.stem, "--store", str(cli_store), "--base-iri", DEPLOYED_BASE]
    for name, value in parameters.items():
        item = value.replace(CANONICAL_BASE + "id/", DEPLOYED_BASE + "id/")  # concepts stay
        argv += ["--param", f"{name}={item}"]
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    expected = run(store, queries[path.stem], **parameters)
    assert answer["head"]["vars"] == expected.variables
    assert len(answer["results"]["bindings"]) == len(expected.rows)
    text = json.dumps(answer)
    assert CANONICAL_BASE + "id/" not in text, "every item is the deployment's"
    assert not expected.rows or DEPLOYED_BASE + "id/" in text or VOCABULARY in text


def test_the_cli_says_which_parameter_is_missing(
    cli_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "schema-impact", "--store", str(cli_store)]) == 2
    assert "needs --param schema=" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# life-event-exchanges
# --------------------------------------------------------------------------------------

OUTGOING = Link(SAM.outgoingExchange, SAM.fromProcess)
INCOMING = Link(SAM.incomingExchange, SAM.toProcess)
EXCHANGE_REALISED_BY = REALISES_EXCHANGE.reverse


def served_exchanges(data: Graph, event: Node) -> set[tuple[Node, Node, Node]]:
    """The (process, direction, exchange) of each exchange leaving or reaching a process
    that the files say realises ``event``."""
    found = set()
    for process in REALISED_BY_PROCESS(data, {event}):
        for relation, link in ((SAM.outgoingExchange, OUTGOING), (SAM.incomingExchange, INCOMING)):
            for exchange in typed(data, link(data, process), SAM.InformationExchange):
                found.add((process, relation, exchange))
    return found


def exchange_schemas(data: Graph, exchange: Node) -> set[Node | None]:
    """The exchange's own schemas, else those of the services that realise it."""
    own = SCHEMA_OF.reverse(data, exchange)
    return own or SCHEMA_OF.reverse(data, EXCHANGE_REALISED_BY(data, exchange)) or {None}


def test_having_a_baby_is_served_by_navet_in_the_navet_schema(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["life-event-exchanges"], lifeEvent=HAVING_A_BABY)
    navet = [row for row in result.rows if row["exchange"] == NAVET_TO_FORSAKRINGSKASSAN]
    assert navet, "Försäkringskassan's child allowance receives population data"
    assert {row["schema"] for row in navet} == {NAVET_SCHEMA}
    child_allowance = ID["forsakringskassan/process/child-allowance"]
    assert (child_allowance, SAM.incomingExchange) in {(r["process"], r["relation"]) for r in navet}
    assert all(row["sender"] == SKATTEVERKET for row in navet)


def test_every_events_exchanges_are_those_its_processes_send_and_receive(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    events = instances(federation, *EVENT_CLASSES)
    assert HAVING_A_BABY in events
    for event in sorted(events):
        result = run(store, queries["life-event-exchanges"], lifeEvent=event)
        expected = served_exchanges(federation, event)
        assert {(r["process"], r["relation"], r["exchange"]) for r in result.rows} == expected
        for exchange in {exchange for _, _, exchange in expected}:
            rows = [row for row in result.rows if row["exchange"] == exchange]
            assert {row.get("schema") for row in rows} == exchange_schemas(federation, exchange)
            carried = CARRIED_BY.reverse(federation, exchange) or {None}
            assert {row.get("information") for row in rows} == carried
            assert {row.get("sender") for row in rows} == (
                set(federation.objects(exchange, SAM.sender)) or {None}
            )


# --------------------------------------------------------------------------------------
# actor-dependents
# --------------------------------------------------------------------------------------

RECEIVER = Link(SAM.receiver, SAM.receives)
TO_PROCESS = INCOMING.reverse
OWNER = OWNS.reverse


def dependents(data: Graph, actor: Node) -> set[tuple[Node, Node, Node, Node]]:
    """The (dependent, relation, resource, via) the files give for ``actor``."""
    owned = OWNS(data, actor)
    found: set[tuple[Node, Node, Node, Node]] = set()
    for information in typed(data, owned, SAM.Information):
        for exchange in typed(data, CARRIED_BY(data, information), SAM.InformationExchange):
            for receiver in RECEIVER(data, exchange):
                found.add((receiver, SAM.receiver, information, exchange))
            for relation, link in (
                (SAM.toProcess, TO_PROCESS),
                (SAM.exchangeRealisedBy, EXCHANGE_REALISED_BY),
            ):
                for owner in OWNER(data, link(data, exchange)):
                    found.add((owner, relation, information, exchange))
        for activity in USES_INFORMATION.reverse(data, information):
            for owner in OWNER(data, activity):
                found.add((owner, SAM.usesInformation, information, activity))
    for service in typed(data, owned, *SERVICE_CLASSES):
        for relation, link in (
            (SAM.supports, SUPPORTED_BY.reverse),
            (SAM.realisesService, REALISES_SERVICE.reverse),
        ):
            for via in link(data, service):
                for owner in OWNER(data, via):
                    found.add((owner, relation, service, via))
    return {row for row in found if row[0] != actor}


def test_forsakringskassan_depends_on_skatteverkets_population_data(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    result = run(store, queries["actor-dependents"], actor=SKATTEVERKET)
    rows = {(r["dependent"], r["relation"], r["resource"], r["via"]) for r in result.rows}
    assert (FORSAKRINGSKASSAN, SAM.receiver, POPULATION_RECORD, NAVET_TO_FORSAKRINGSKASSAN) in rows
    assert SKATTEVERKET not in {row[0] for row in rows}


def test_every_actors_dependents_are_those_the_files_give(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    actors = instances(federation, SAM.PublicActor, SAM.PrivateActor)
    assert SKATTEVERKET in actors
    for actor in sorted(actors):
        result = run(store, queries["actor-dependents"], actor=actor)
        got = {(r["dependent"], r["relation"], r["resource"], r["via"]) for r in result.rows}
        assert got == dependents(federation, actor), actor


DEPENDING = """
<a> a sam:PublicActor . <b> a sam:PublicActor . <c> a sam:PrivateActor .
<a/information/record> a sam:Information ; sam:owner <a> .
<a/exchange/x> a sam:InformationExchange ; sam:owner <a> ; sam:sender <a> ;
    sam:receiver <b> ; sam:carriesInformation <a/information/record> .
<c/process/p> a sam:Process ; sam:owner <c> ; sam:incomingExchange <a/exchange/x> .
<b/activity/use> a sam:Activity ; sam:owner <b> ; sam:usesInformation <a/information/record> .
<a/activity/own-use> a sam:Activity ; sam:owner <a> ;
    sam:usesInformation <a/information/record> .
<a/service/logical> a sam:LogicalService ; sam:owner <a> .
<c/service/realised> a sam:RealisedService ; sam:owner <c> ;
    sam:realisesService <a/service/logical> .
<b/information/other> a sam:Information ; sam:owner <b> ; sam:carriedBy <a/exchange/x> .
"""


def test_dependents_are_found_whichever_side_states_the_link(
    tiny_store: Callable[[str], OxigraphStore], queries: dict[str, NamedQuery]
) -> None:
    """Links stated from either end count; the actor's own use and others' information do
    not make dependents."""
    result = run(tiny_store(DEPENDING), queries["actor-dependents"], actor=ID.a)
    got = {(r["dependent"], r["relation"], r["via"]) for r in result.rows}
    assert got == {
        (ID.b, SAM.receiver, ID["a/exchange/x"]),
        (ID.c, SAM.toProcess, ID["a/exchange/x"]),
        (ID.b, SAM.usesInformation, ID["b/activity/use"]),
        (ID.c, SAM.realisesService, ID["c/service/realised"]),
    }
    assert got == {(d, r, v) for d, r, _, v in dependents(parsed(DEPENDING), ID.a)}


# --------------------------------------------------------------------------------------
# actor-gaps
# --------------------------------------------------------------------------------------

#: Each gap: the class of the items that may have it, and the link whose absence it is.
GAP_LINKS: dict[str, tuple[URIRef, Link]] = {
    "concept-without-information": (SAM.Concept, REPRESENTS_CONCEPT.reverse),
    "information-without-data": (SAM.Information, REALISED_BY_DATA),
    "information-without-concept": (SAM.Information, REPRESENTS_CONCEPT),
    "data-without-information": (SAM.DataElement, REALISED_BY_DATA.reverse),
    "process-without-event": (SAM.Process, REALISED_BY_PROCESS.reverse),
    "activity-without-process": (SAM.Activity, HAS_ACTIVITY.reverse),
    "exchange-without-service": (SAM.InformationExchange, EXCHANGE_REALISED_BY),
    "realised-service-without-schema": (SAM.RealisedService, SCHEMA_OF.reverse),
    "customer-action-without-service": (SAM.CustomerAction, SUPPORTED_BY),
}


def gaps(data: Graph, actor: Node) -> set[tuple[str, Node]]:
    """The (gap, item) of ``actor``'s items that the files link nowhere."""
    owned = OWNS(data, actor)
    return {
        (gap, item)
        for gap, (cls, link) in GAP_LINKS.items()
        for item in typed(data, owned, cls)
        if not link(data, item)
    }


def gap_rows(result: SelectResult) -> set[tuple[str, Node]]:
    return {(str(row["gap"]), row["item"]) for row in result.rows}


def parsed(turtle: str) -> Graph:
    return Graph().parse(data=TINY_PREFIXES + turtle, format="turtle")


GAPPY = """
<a> a sam:PublicActor . <b> a sam:PublicActor .
<a/concept/alone> a sam:Concept ; sam:owner <a> .
<a/information/bare> a sam:Information ; sam:owner <a> .
<a/data/loose> a sam:DataElement ; sam:owner <a> .
<a/process/eventless> a sam:Process ; sam:owner <a> .
<a/activity/homeless> a sam:Activity ; sam:owner <a> .
<a/exchange/unrealised> a sam:InformationExchange ; sam:owner <a> .
<a/service/schemaless> a sam:RealisedService ; sam:owner <a> .
<a/customer-action/unsupported> a sam:CustomerAction ; sam:owner <a> .

<a/concept/filled> a sam:Concept ; sam:owner <a> .
<a/information/filled> a sam:Information ; sam:owner <a> ;
    sam:representsConcept <a/concept/filled> .
<b/data/for-a> a sam:DataElement ; sam:owner <b> ;
    sam:realisesInformation <a/information/filled> .
<b/concept/alone> a sam:Concept ; sam:owner <b> .
"""


def test_an_actors_gaps_are_its_own_items_that_nothing_links(
    tiny_store: Callable[[str], OxigraphStore], queries: dict[str, NamedQuery]
) -> None:
    """Every kind of gap is caught; a link stated by another actor fills it; another actor's
    gaps are not this actor's."""
    store = tiny_store(GAPPY)
    result = run(store, queries["actor-gaps"], actor=ID.a)
    assert gap_rows(result) == {
        ("concept-without-information", ID["a/concept/alone"]),
        ("information-without-data", ID["a/information/bare"]),
        ("information-without-concept", ID["a/information/bare"]),
        ("data-without-information", ID["a/data/loose"]),
        ("process-without-event", ID["a/process/eventless"]),
        ("activity-without-process", ID["a/activity/homeless"]),
        ("exchange-without-service", ID["a/exchange/unrealised"]),
        ("realised-service-without-schema", ID["a/service/schemaless"]),
        ("customer-action-without-service", ID["a/customer-action/unsupported"]),
    }
    assert gap_rows(result) == gaps(parsed(GAPPY), ID.a)
    assert set(GAP_LINKS) == {gap for gap, _ in gap_rows(result)}, "every kind, documented"
    assert gap_rows(run(store, queries["actor-gaps"], actor=ID.b)) == {
        ("concept-without-information", ID["b/concept/alone"])
    }


def test_an_actors_gaps_agree_with_the_federation_wide_gap_queries(
    tiny_store: Callable[[str], OxigraphStore], queries: dict[str, NamedQuery]
) -> None:
    store = tiny_store(GAPPY)
    for actor in (ID.a, ID.b):
        own = gap_rows(run(store, queries["actor-gaps"], actor=actor))
        for gap, name, column in (
            ("concept-without-information", "concepts-without-information", "concept"),
            ("information-without-data", "information-without-data", "information"),
        ):
            wide = run(store, queries[name])
            assert {item for g, item in own if g == gap} == {
                row[column] for row in wide.rows if row.get("owner") == actor
            }


def test_every_actors_gaps_in_the_example_federation_are_what_the_files_leave_unlinked(
    store: OxigraphStore, queries: dict[str, NamedQuery], federation: Graph
) -> None:
    actors = instances(federation, SAM.PublicActor, SAM.PrivateActor)
    assert len(actors) >= 7
    for actor in sorted(actors):
        result = run(store, queries["actor-gaps"], actor=actor)
        assert gap_rows(result) == gaps(federation, actor), actor
