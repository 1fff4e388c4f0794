"""A deployment under its own base IRI validates, reasons and records versions as well."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from samverkan.config import Settings
from samverkan.federation import build
from samverkan.reasoning import materialise, without_blank_nodes
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.service import Submissions
from samverkan.validation import Severity, Validator

BASE = "http://127.0.0.1:8999/"


@pytest.fixture(scope="module")
def deployed(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    here = replace(settings, base_iri=BASE, store_path=tmp_path_factory.mktemp("d") / "store")
    store = OxigraphStore(here.store_path)
    build(store, here)
    store.close()
    yield here


@pytest.fixture
def service(deployed: Settings, validator: Validator, tmp_path: Path) -> Iterator[Submissions]:
    store = OxigraphStore(deployed.store_path)
    yield Submissions(deployed, store, validator)
    store.close()


def part(service: Submissions, actor: str) -> Graph:
    return service.store.graph(service.layout.actor(actor))


def test_reuse_before_build_is_seen_under_the_deployments_base(service: Submissions) -> None:
    kivra = part(service, "kivra")
    item = next(s for s in kivra.subjects(RDF.type, service.layout.sam.Information))
    taken = next(
        iter(
            part(service, "skatteverket").objects(
                URIRef(BASE + "id/skatteverket/information/population-register-record"), RDFS.label
            )
        )
    )
    kivra.add((item, RDFS.label, Literal(str(taken).upper(), lang=taken.language)))
    report = service.validate(kivra, "kivra")
    warnings = report.of_severity(Severity.WARNING)
    assert {w.rule for w in warnings} == {"7"}
    # Skatteverket's information is warned too: the change gives it a twin (as the reference,
    # the whole federation validated after the change, finds).
    twin = BASE + "id/skatteverket/information/population-register-record"
    assert {str(w.focus) for w in warnings} == {str(item), twin}
    assert all(str(w.shape).startswith(BASE) for w in warnings)


def test_a_violation_names_its_rule_under_the_deployments_base(service: Submissions) -> None:
    kivra = part(service, "kivra")
    actor = URIRef(BASE + "id/kivra")
    kivra.remove((actor, RDFS.label, None))
    report = service.validate(kivra, "kivra")
    assert report.rules(Severity.VIOLATION) == {"9"}
    assert {str(r.focus) for r in report.of_severity(Severity.VIOLATION)} == {str(actor)}


def test_versions_and_inferences_use_the_deployments_vocabulary(service: Submissions) -> None:
    layout = GraphLayout(BASE)
    kivra = part(service, "kivra")
    actor = URIRef(BASE + "id/kivra")
    kivra.add((actor, RDFS.comment, Literal("ny version", lang="sv")))
    outcome = service.submit("kivra", kivra)
    history = service.store.graph(layout.history("kivra"))
    assert (outcome.version.iri, RDF.type, layout.sam.PartVersion) in history
    assert history.value(actor, layout.sam.currentVersion) == outcome.version.iri
    asserted = service.store.graph(layout.ontology)
    for name in service.store.graph_names():
        if layout.actor_slug(name):
            asserted += service.store.graph(name)
    rebuilt = without_blank_nodes(materialise(asserted))
    assert set(rebuilt) == set(service.store.graph(layout.inferred))
