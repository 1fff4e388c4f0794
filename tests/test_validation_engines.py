"""The faster validation engine (pyshacl-turbo, behind SAMVERKAN_VALIDATION_ENGINE=turbo) gives
pySHACL's results for every shape: on each rule's failing and passing cases, on the example
federation, and on mutated copies of it."""

from __future__ import annotations

import pytest
from rdflib import Graph

from samverkan.config import load_settings
from samverkan.errors import ConfigurationError
from samverkan.validation import Report, Validator
from test_shapes import FAILING_CASES, PASSING_CASES
from test_shapes import federation as small_federation
from test_submissions import mutated, result_key


@pytest.fixture(scope="module")
def engines() -> tuple[Validator, Validator]:
    reference = Validator.from_project()
    turbo = Validator(reference.shapes, reference.ontology, engine="turbo")
    return reference, turbo


def same_results(engines: tuple[Validator, Validator], data: Graph) -> Report:
    """Validate with both engines, check they agree result for result, return pySHACL's."""
    reference, turbo = (engine.validate(data) for engine in engines)
    assert sorted(map(result_key, turbo.results)) == sorted(map(result_key, reference.results))
    assert turbo.conforms == reference.conforms
    return reference


@pytest.mark.parametrize(("rule", "severity", "turtle"), FAILING_CASES)
def test_each_failing_case_fails_alike(
    engines: tuple[Validator, Validator], rule: str, severity: object, turtle: str
) -> None:
    report = same_results(engines, small_federation(turtle))
    assert {r.rule for r in report.results} == {rule}


@pytest.mark.parametrize("turtle", PASSING_CASES)
def test_each_passing_case_passes_alike(engines: tuple[Validator, Validator], turtle: str) -> None:
    assert same_results(engines, small_federation(turtle)).results == []


def test_the_example_federation_validates_alike(
    engines: tuple[Validator, Validator], federation: Graph
) -> None:
    assert same_results(engines, federation).results, "the example has deliberate warnings"


@pytest.mark.parametrize("actor", ["digg", "skatteverket", "uppsala-kommun", "kivra"])
def test_mutated_federations_validate_alike(
    engines: tuple[Validator, Validator], actor_parts: dict[str, Graph], actor: str
) -> None:
    whole = Graph()
    for slug, part in actor_parts.items():
        whole += mutated(part, actor) if slug == actor else part
    assert {r.rule for r in same_results(engines, whole).results} >= {"2", "7"}


def test_the_engine_is_a_setting_and_an_unknown_one_is_refused() -> None:
    assert load_settings({"validation_engine": "turbo"}, environ={}).validation_engine == "turbo"
    with pytest.raises(ConfigurationError, match="validation engine 'fast' is unknown"):
        load_settings({"validation_engine": "fast"}, environ={})
