"""The faster validation engines give pySHACL's results for every shape.

The native engine (:mod:`samverkan.validation.native`, the default) and pyshacl-turbo
(``SAMVERKAN_VALIDATION_ENGINE=turbo``) are each compared with plain pySHACL, result for result
(focus node, path, value, shape, constraint component, severity and messages), on each rule's
failing and passing cases, on the example federation, on mutated copies of it, and on hostile
graphs validated as they are (blank nodes left blank). The native engine refuses shapes that
use SHACL it does not evaluate, and the validator then falls back to pySHACL, saying so.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from samverkan.config import load_settings
from samverkan.errors import ConfigurationError
from samverkan.namespaces import SAM
from samverkan.rdfio import parse_file
from samverkan.validation import Report, Validator
from samverkan.validation.native import NativeEngine, UnsupportedShapesError
from test_shapes import EX, FAILING_CASES, PASSING_CASES
from test_shapes import federation as small_federation
from test_submissions import mutated

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
ENGINES = ("native", "turbo")


@pytest.fixture(scope="module", params=ENGINES)
def engines(request: pytest.FixtureRequest) -> tuple[Validator, Validator]:
    reference = Validator.from_project(load_settings({"validation_engine": "pyshacl"}, environ={}))
    assert reference.engine == "pyshacl"
    other = Validator(reference.shapes, reference.ontology, engine=request.param)
    assert other.engine == request.param
    return reference, other


def full_key(result: object) -> tuple[str, ...]:
    """Return everything a result says, its wording included."""
    r = result
    return (
        str(r.rule),  # type: ignore[attr-defined]
        r.severity.value,  # type: ignore[attr-defined]
        str(r.focus),  # type: ignore[attr-defined]
        str(r.path),  # type: ignore[attr-defined]
        str(r.value),  # type: ignore[attr-defined]
        str(r.shape),  # type: ignore[attr-defined]
        str(r.component),  # type: ignore[attr-defined]
        str(r.constraint),  # type: ignore[attr-defined]
        repr(sorted(r.message.items())),  # type: ignore[attr-defined]
    )


def same_results(engines: tuple[Validator, Validator], data: Graph) -> Report:
    """Validate with both engines, check they agree result for result, return pySHACL's."""
    reference, other = (engine.validate(data) for engine in engines)
    assert sorted(map(full_key, other.results)) == sorted(map(full_key, reference.results))
    assert other.conforms == reference.conforms
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


# --- hostile graphs, validated as they are ----------------------------------------------


def _blank_values() -> Graph:
    """Services whose links go to blank nodes: typed right, typed wrong, and a list."""
    graph = Graph()
    for index, kind in enumerate((SAM.Channel, SAM.Concept, None)):
        service, value = EX[f"blank-{index}"], BNode()
        graph.add((service, RDF.type, SAM.LogicalService))
        graph.add((service, SAM.channel, value))
        graph.add((service, SAM.realisesService, BNode()))
        if kind is not None:
            graph.add((value, RDF.type, kind))
    head = BNode()
    Collection(graph, head, [EX.web])
    graph.add((EX["blank-2"], SAM.channel, head))
    return graph


def _literal_and_iri() -> Graph:
    graph = Graph()
    graph.add((EX["digital-mail"], SAM.channel, Literal(str(EX.web))))
    graph.add((EX["digital-mail"], SAM.serviceType, Literal(str(EX.web))))
    return graph


def _subclass_chain() -> Graph:
    graph = Graph()
    graph.add((EX.Lower, RDFS.subClassOf, EX.Middle))
    graph.add((EX.Middle, RDFS.subClassOf, SAM.Process))
    graph.add((EX["chained-process"], RDF.type, EX.Lower))
    graph.add((EX["chained-event"], RDF.type, EX.Lower))
    graph.add((EX["chained-process"], SAM.realisesEvent, EX["chained-event"]))
    return graph


def _several_classes() -> Graph:
    graph = Graph()
    for kind in (SAM.Process, SAM.Activity, SAM.Information, SAM.LogicalService):
        graph.add((EX["many-kinds"], RDF.type, kind))
    graph.add((EX["many-kinds"], RDFS.label, Literal("Mång", lang="SV-se")))
    graph.add((EX["many-kinds"], RDFS.label, Literal("Many", lang="sv-SE")))
    return graph


HOSTILE = {
    "empty": Graph,
    "blank-values": _blank_values,
    "literal-and-iri": _literal_and_iri,
    "subclass-chain": _subclass_chain,
    "several-classes": _several_classes,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_graphs_validate_alike(engines: tuple[Validator, Validator], name: str) -> None:
    data = HOSTILE[name]()
    if name != "empty":
        data += small_federation("")
    report = same_results(engines, data)
    assert (name == "empty") == (report.results == []), name


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_duplicated_statements_count_once(
    engines: tuple[Validator, Validator], federation: Graph, name: str
) -> None:
    """The example federation with the hostile graph added, stated twice over."""
    data = federation + HOSTILE[name]()
    data += Graph() + data
    same_results(engines, data)


# --- refusing what it does not evaluate -------------------------------------------------


def _with(validator: Validator, turtle: str) -> Graph:
    shapes = Graph() + validator.shapes
    shapes.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix sam: <https://samverkan.example.org/def/samverkan#> .\n" + turtle,
        format="turtle",
    )
    return shapes


@pytest.mark.parametrize(
    ("turtle", "term"),
    [
        ("sam:X a sh:NodeShape ; sh:targetClass sam:Service ; sh:closed true .", "closed"),
        (
            "sam:Y a sh:NodeShape ; sh:targetClass sam:Service ; "
            'sh:property [ sh:path sam:purpose ; sh:pattern "^a" ] .',
            "pattern",
        ),
        ("sam:Z a sh:NodeShape ; sh:targetNode sam:Service .", "targetNode"),
        (
            "sam:W a sh:NodeShape ; sh:targetClass sam:Service ; "
            "sh:property [ sh:path [ sh:zeroOrMorePath sam:partOf ] ; sh:minCount 1 ] .",
            "zeroOrMorePath",
        ),
        (
            "sam:V a sh:NodeShape ; sh:targetClass sam:Service ; sh:sparql [ sh:select "
            '"SELECT $this WHERE { OPTIONAL { $this a ?t } }" ] .',
            "not bound",
        ),
        (
            "sam:U a sh:NodeShape ; sh:targetClass sam:Service ; sh:sparql [ sh:select "
            '"SELECT $this WHERE { $this a ?t } LIMIT 1" ] .',
            "Slice",
        ),
    ],
)
def test_the_native_engine_refuses_what_it_does_not_evaluate(
    validator: Validator, turtle: str, term: str
) -> None:
    with pytest.raises(UnsupportedShapesError, match=term):
        NativeEngine(_with(validator, turtle), validator.ontology)


def test_the_validator_falls_back_to_pyshacl_and_says_so(
    validator: Validator, caplog: pytest.LogCaptureFixture
) -> None:
    shapes = parse_file(STANDARDS / "cpsv-ap" / "3.2.0" / "cpsv-ap-SHACL.ttl")
    shapes += validator.shapes
    with caplog.at_level(logging.WARNING, logger="samverkan.validation.validator"):
        fallen = Validator(shapes, validator.ontology, engine="native")
    assert fallen.engine == "pyshacl" and fallen.native is None
    assert "validating with pySHACL, not the native engine" in caplog.text
    assert not fallen.validate(small_federation("ex:x a sam:Process .")).conforms


def test_the_engine_is_a_setting_and_an_unknown_one_is_refused() -> None:
    assert load_settings({}, environ={}).validation_engine == "native"
    assert load_settings({"validation_engine": "turbo"}, environ={}).validation_engine == "turbo"
    with pytest.raises(ConfigurationError, match="validation engine 'fast' is unknown"):
        load_settings({"validation_engine": "fast"}, environ={})


def test_data_oxigraph_cannot_hold_is_validated_by_pyshacl(
    validator: Validator, reference_validator: Validator, caplog: pytest.LogCaptureFixture
) -> None:
    """A language tag rdflib reads but Oxigraph refuses ("sv-x"): that document goes to
    pySHACL, with a log line, and gets pySHACL's results."""
    data = small_federation('ex:odd a sam:LogicalService ; rdfs:label "Udda"@sv-x .')
    with caplog.at_level(logging.WARNING, logger="samverkan.validation.validator"):
        found = validator.validate(data)
    assert "validating this document with pySHACL" in caplog.text and "sv-x" in caplog.text
    expected = reference_validator.validate(data)
    assert sorted(map(full_key, found.results)) == sorted(map(full_key, expected.results))
    assert not found.conforms
