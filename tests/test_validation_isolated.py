"""The bounded validation worker (samverkan.validation.isolated) against pySHACL in process.

The worker must give the very report the in-process validator gives (results and report
graph) on every actor's part, on parts that break rules, and on hostile ones (literals and
foreign IRIs where items belong, blank nodes); and a validation past its time or its memory
must end the worker with an error naming the limit, the next validation getting a fresh one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from bench import hostile
from federations import of_no_service_type, without_descriptions
from samverkan.config import load_settings
from samverkan.errors import InputLimitError
from samverkan.namespaces import ID, SAM
from samverkan.validation import Report, Result, Validator
from samverkan.validation.isolated import (
    MIB,
    Bounds,
    IsolatedValidator,
    Plan,
    for_server,
    worker_for,
)

PROJECT = Path(__file__).resolve().parents[1]


def plan(memory_mib: int = 768, seconds: float = 60.0, engine: str = "native") -> Plan:
    return Plan(PROJECT, engine, Bounds(memory_mib * MIB, seconds))


@pytest.fixture
def bounded() -> Iterator[IsolatedValidator]:
    """An isolated validator with the server's default bounds; its worker ends after."""
    chosen = plan()
    yield IsolatedValidator(chosen)
    worker_for(chosen).stop()


def hostile_parts(actor_parts: dict[str, Graph]) -> dict[str, Graph]:
    """Return parts that break rules in several ways, by name."""
    kivra = actor_parts["kivra"]
    odd = Graph() + kivra
    odd.add((ID.kivra, SAM.channel, Literal("just a string")))
    odd.add((ID.kivra, SAM.channel, URIRef("http://elsewhere.example/thing")))
    odd.add((ID.kivra, SAM.inSector, BNode("anonymous")))
    odd.add((BNode("anonymous"), SAM.owner, Literal(42)))
    return {
        "without descriptions": without_descriptions(kivra),
        "no service type": of_no_service_type(kivra)[0],
        "literals, foreign IRIs and blank nodes": odd,
    }


def focus_of(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef)})


def same_report(one: Report, other: Report) -> bool:
    """Say whether two reports have equal results (in any order) and isomorphic graphs."""

    def ordered(report: Report) -> list[Result]:
        return sorted(
            report.results, key=lambda r: repr(replace(r, message=sorted(r.message.items())))
        )

    return ordered(one) == ordered(other) and isomorphic(one.graph, other.graph)


def test_the_worker_gives_the_in_process_report(
    bounded: IsolatedValidator, validator: Validator, actor_parts: dict[str, Graph]
) -> None:
    cases = {**actor_parts, **hostile_parts(actor_parts)}
    broken = 0
    for name, part in cases.items():
        focus = focus_of(part)
        expected = validator.validate(part, focus_nodes=focus)
        found = bounded.validate(part, focus_nodes=focus)
        assert same_report(found, expected), name
        broken += not found.conforms
    assert broken >= 3  # the hostile parts broke rules, so results were compared


def test_a_validation_past_its_time_ends_the_worker(
    reference_validator: Validator, actor_parts: dict[str, Graph]
) -> None:
    """1 000 services take pySHACL far longer than 2 s: stopped, then a fresh worker."""
    validator = reference_validator
    chosen = plan(seconds=2, engine="pyshacl")
    services = Graph().parse(data=hostile.many_services(), format="turtle", publicID=str(ID))
    try:
        with pytest.raises(InputLimitError, match="took more than 2 s and was stopped"):
            IsolatedValidator(chosen).validate(services, focus_nodes=focus_of(services))
        kivra = actor_parts["kivra"]
        found = IsolatedValidator(chosen).validate(kivra, focus_nodes=focus_of(kivra))
        assert same_report(found, validator.validate(kivra, focus_nodes=focus_of(kivra)))
    finally:
        worker_for(chosen).stop()


def test_a_validation_past_its_memory_ends_the_worker(
    reference_validator: Validator, actor_parts: dict[str, Graph]
) -> None:
    """150 MB of literals do not fit in a worker of 256 MiB: stopped, then a fresh worker."""
    validator = reference_validator
    chosen = plan(memory_mib=256, engine="pyshacl")
    large = Graph()
    for number in range(30_000):
        large.add((ID[f"kivra/x{number}"], SAM.owner, Literal(f"{number:05} " * 1000)))
    try:
        with pytest.raises(InputLimitError, match="needed more than 256 MiB of memory"):
            IsolatedValidator(chosen).validate(large, focus_nodes=[ID["kivra/x0"]])
        kivra = actor_parts["kivra"]
        found = IsolatedValidator(chosen).validate(kivra, focus_nodes=focus_of(kivra))
        assert same_report(found, validator.validate(kivra, focus_nodes=focus_of(kivra)))
    finally:
        worker_for(chosen).stop()


def test_the_server_validates_in_the_worker_unless_configured_otherwise() -> None:
    isolated = load_settings({"project_dir": PROJECT}, environ={})
    inline = load_settings(
        {"project_dir": PROJECT}, environ={"SAMVERKAN_VALIDATION_ISOLATED": "false"}
    )
    assert isinstance(for_server(isolated), IsolatedValidator)
    assert type(for_server(inline)) is Validator
    assert Bounds.for_server(isolated) == Bounds(768 * MIB, 60.0)
