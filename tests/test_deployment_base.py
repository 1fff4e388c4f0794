"""A deployment under its own base IRI validates, reasons and records versions as well.

Its items are named under its own base; its vocabulary is the fixed one
(``https://samverkan.example.org/def/...``), the same on every deployment. Files written
under the canonical base (``data/``) are translated to its base where they enter.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROF, RDF, RDFS

from federations import KIVRA, TURTLE, serving
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.federation import build
from samverkan.namespaces import CANONICAL_BASE, SAM, SAMSH, SPEC_IRI, VOCABULARY
from samverkan.rdfio import parse_file
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
    assert all(str(w.shape).startswith(str(SAMSH)) for w in warnings)


def test_a_violation_names_its_rule_under_the_deployments_base(service: Submissions) -> None:
    kivra = part(service, "kivra")
    actor = URIRef(BASE + "id/kivra")
    kivra.remove((actor, RDFS.label, None))
    report = service.validate(kivra, "kivra")
    assert report.rules(Severity.VIOLATION) == {"9"}
    assert {str(r.focus) for r in report.of_severity(Severity.VIOLATION)} == {str(actor)}


def test_versions_and_inferences_use_the_fixed_vocabulary(service: Submissions) -> None:
    layout = GraphLayout(BASE)
    assert layout.sam == SAM
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


def test_no_vocabulary_term_is_named_under_the_deployments_base(deployed: Settings) -> None:
    store = OxigraphStore(deployed.store_path)
    try:
        terms = {
            str(term)
            for name in store.graph_names()
            for triple in store.graph(name)
            for term in triple
            if isinstance(term, URIRef)
        }
    finally:
        store.close()
    assert not {t for t in terms if t.startswith(BASE + "def/")}
    assert not {t for t in terms if t.startswith(CANONICAL_BASE + "id/")}
    assert any(t.startswith(BASE + "id/") for t in terms)
    assert any(t.startswith(VOCABULARY) for t in terms)


ASK_ACTORS = f"ASK {{ ?actor a <{SAM.PublicActor}> ; <{SAM.owner}> ?actor }}"
SELECT_TERMS = f"""SELECT DISTINCT ?class ?property WHERE {{
  ?s a ?class ; ?property ?o .
  FILTER (STRSTARTS(STR(?class), "{SAM}") && STRSTARTS(STR(?property), "{SAM}"))
}}"""


def _sparql(settings: Settings, query: str) -> dict:
    with serving(settings) as served:
        answer = served.client().get(
            "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
        )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_two_deployments_serve_the_same_class_and_property_iris(
    deployed: Settings, state_copy: Settings
) -> None:
    assert state_copy.base_iri == CANONICAL_BASE
    assert _sparql(deployed, ASK_ACTORS)["boolean"] is True
    assert _sparql(state_copy, ASK_ACTORS)["boolean"] is True

    def terms(settings: Settings) -> set[tuple[str, str]]:
        rows = _sparql(settings, SELECT_TERMS)["results"]["bindings"]
        return {(row["class"]["value"], row["property"]["value"]) for row in rows}

    here, there = terms(deployed), terms(state_copy)
    assert here == there
    assert (str(SAM.PublicActor), str(SAM.owner)) in here


def test_the_ontology_documents_are_served_at_the_deployments_own_addresses(
    deployed: Settings,
) -> None:
    with serving(deployed) as served:
        answer = served.client().get("/def/samverkan", headers={"Accept": "text/turtle"})
        concept = served.client().get(
            "/def/concepts/actor-kind/private", headers={"Accept": "text/turtle"}
        )
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    assert (SAM.PublicActor, RDF.type, None) in graph
    assert not any(str(s).startswith(BASE) for s in graph.subjects())
    assert concept.status_code == 200
    assert f'<{VOCABULARY}concepts/actor-kind/private>; rel="canonical"' in concept.headers["Link"]


def test_the_specification_and_pages_link_the_fixed_vocabulary_to_local_addresses(
    deployed: Settings,
) -> None:
    with serving(deployed) as served:
        client = served.client()
        spec = client.get("/def/spec", headers={"Accept": "text/turtle"})
        shapes = client.get("/def/spec/shapes.ttl")
        page = client.get("/id/kivra?lang=en", headers={"Accept": "text/html"})
    assert spec.status_code == 200
    assert f'<{SPEC_IRI}>; rel="canonical"' in spec.headers["Link"]
    assert (SPEC_IRI, RDF.type, PROF.Profile) in Graph().parse(data=spec.get_data(as_text=True))
    assert shapes.status_code == 200
    assert BASE.encode() not in shapes.data
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'href="/def/samverkan?lang=en#PrivateActor"' in html
    assert 'href="/def/concepts/actor-kind/private?lang=en"' in html


def test_the_query_page_offers_the_examples_as_this_deployment_names_them(
    deployed: Settings,
) -> None:
    with serving(deployed) as served:
        page = served.client().get("/query?lang=en", headers={"Accept": "text/html"})
        example = served.client().get("/query/examples/services-by-type")
    html = page.get_data(as_text=True)
    assert f'name="actor" value="{BASE}id/skatteverket"' in html
    assert f'value="{CANONICAL_BASE}id/' not in html
    [parameter] = example.get_json()["parameters"]
    assert parameter["value"] == f"{VOCABULARY}concepts/service-type/shared", "concepts stay"


def _deployed_copy(built: Settings, tmp_path: Path) -> Settings:
    """Return settings for a copy of the store built under :data:`BASE`."""
    copy = tmp_path / "copy"
    shutil.copytree(built.store_path.parent, copy)
    return replace(built, store_path=copy / built.store_path.name)


def _kivra_file(settings: Settings, tmp_path: Path, text: str) -> Path:
    """Write Kivra's committed file, as it is but for a new description, to a new file."""
    graph = parse_file(settings.data_dir / "kivra.ttl")
    kivra = URIRef(CANONICAL_BASE + "id/kivra")
    graph.set((kivra, DCTERMS.description, Literal(text, lang="sv")))  # rule 9: in Swedish
    path = tmp_path / "kivra.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return path


def test_a_file_under_the_canonical_base_is_accepted_over_http_under_the_deployments(
    deployed: Settings, tmp_path: Path
) -> None:
    here = _deployed_copy(deployed, tmp_path)
    body = _kivra_file(here, tmp_path, "Submitted under the canonical base.").read_bytes()
    assert CANONICAL_BASE.encode() + b"id/kivra" in body
    with serving(here) as served:
        answer = served.client().post(
            f"/submissions/{KIVRA}",
            data=body,
            content_type=TURTLE,
            headers=served.auth(KIVRA, Accept="application/json"),
        )
        part = served.part(KIVRA)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["version"].startswith(BASE + "id/kivra/version/")
    kivra = URIRef(BASE + "id/kivra")
    assert (
        kivra,
        DCTERMS.description,
        Literal("Submitted under the canonical base.", lang="sv"),
    ) in part
    assert not any(str(s).startswith(CANONICAL_BASE) for s in part.subjects())


def test_validating_a_file_under_the_canonical_base_reports_under_the_deployments(
    deployed: Settings, tmp_path: Path
) -> None:
    here = _deployed_copy(deployed, tmp_path)
    graph = parse_file(here.data_dir / "kivra.ttl")
    graph.remove((URIRef(CANONICAL_BASE + "id/kivra"), RDFS.label, None))
    with serving(here) as served:
        answer = served.client().post(
            "/validate", data=graph.serialize(format="turtle"), content_type=TURTLE
        )
    report = answer.get_json()
    assert {(r["rule"], r["focusNode"]) for r in report["results"]} == {("9", BASE + "id/kivra")}


def test_a_file_under_the_canonical_base_is_accepted_by_the_command_line(
    deployed: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here = _deployed_copy(deployed, tmp_path)
    file = _kivra_file(here, tmp_path, "Submitted from the command line.")
    command = ["submit", str(file), "--actor", KIVRA, "--store", str(here.store_path)]
    assert main([*command, "--base-iri", BASE]) == 0
    assert f"{BASE}id/kivra/version/" in capsys.readouterr().out
    store = OxigraphStore(here.store_path)
    try:
        part = store.graph(GraphLayout(BASE).actor(KIVRA))
    finally:
        store.close()
    kivra = URIRef(BASE + "id/kivra")
    assert (
        kivra,
        DCTERMS.description,
        Literal("Submitted from the command line.", lang="sv"),
    ) in part
