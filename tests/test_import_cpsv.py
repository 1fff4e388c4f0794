"""CPSV-AP 3.2.0 in: an actor's CPSV-AP data mapped into its part and judged like any part."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from werkzeug.test import TestResponse

from samverkan.config import Settings, load_settings
from samverkan.exports.cpsv import import_cpsv, merged
from samverkan.federation import build
from samverkan.namespaces import SAM
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.credentials import Credentials
from samverkan.submissions.service import Submissions
from samverkan.validation import Severity, Validator
from samverkan.web import create_app

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
EXAMPLE = STANDARDS / "cpsv-ap" / "3.2.0" / "example-rdf_public_service.ttl"
BASE = "https://samverkan.example.org/"
SPACE = BASE + "id/skatteverket/"

#: A CPSV-AP service that maps to a part our guideline rules accept: names and descriptions
#: in Swedish and English, a service type and channel kind from our own schemes.
GOOD = """
@prefix cpsv: <http://purl.org/vocab/cpsv#> .
@prefix cv:   <http://data.europa.eu/m8g/> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix ex:   <http://example.org/> .

ex:service a cpsv:PublicService ;
    dct:identifier "Deklaration" ;
    dct:title "Inkomstdeklaration"@sv , "Income tax return"@en ;
    dct:description "Att deklarera sina inkomster."@sv , "Filing one's income tax return."@en ;
    dct:type <https://samverkan.example.org/def/concepts/service-type/agency-specific> ;
    cv:hasChannel ex:channel ;
    cv:hasCompetentAuthority ex:authority .

ex:channel a cv:Channel ;
    dct:identifier "e-tjanst" ;
    dct:title "E-tjänsten Deklaration"@sv , "Tax return e-service"@en ;
    dct:description "E-tjänst för deklarationen."@sv , "E-service for the return."@en ;
    dct:type <https://samverkan.example.org/def/concepts/channel-kind/digital> .

ex:authority a cv:PublicOrganisation .
"""


@pytest.fixture(scope="module")
def example() -> Graph:
    return Graph().parse(EXAMPLE)


def test_the_official_example_maps_into_the_actors_space(example: Graph) -> None:
    imported = import_cpsv(example, "skatteverket", BASE)
    service = URIRef(SPACE + "service/tax-on-web")
    assert (service, RDF.type, SAM.PublicService) in imported
    assert (service, RDFS.label, Literal("Tax-on-web", lang="en")) in imported
    description = "Service pour la déclaration à l'impôt des personnes physiques en ligne"
    assert (service, DCTERMS.description, Literal(description, lang="fr")) in imported
    assert imported.value(service, DCTERMS.source) == URIRef("http://example.com/publicService1")
    assert imported.value(service, SAM.channel) == URIRef(SPACE + "channel/cha-123")
    assert imported.value(service, SAM.hasRequirement) == URIRef(SPACE + "requirement/req-123")
    subjects = {s for s in imported.subjects() if isinstance(s, URIRef)}
    assert all(str(s).startswith(SPACE) for s in subjects)
    assert {imported.value(s, SAM.owner) for s in subjects} == {URIRef(BASE + "id/skatteverket")}


def test_what_has_no_counterpart_is_kept_as_it_is_and_listed(example: Graph) -> None:
    imported = import_cpsv(example, "skatteverket", BASE)
    kept = "\n".join(imported.kept)
    assert "ex:publicService1 cv:hasCompetentAuthority ex:publicOrganisation1: kept" in kept
    assert "ex:publicService1 cpsv:hasInput ex:evidence1: kept as it is" in kept
    assert "ex:channel1 dct:type <http://data.europa.eu/snb/com-channel/b37115f83e>" in kept
    organisation = URIRef(SPACE + "public-organisation/publicorganisation1")
    assert imported.value(organisation, RDF.type) == URIRef(
        "http://data.europa.eu/m8g/PublicOrganisation"
    )
    service = URIRef(SPACE + "service/tax-on-web")
    assert (
        imported.value(service, URIRef("http://data.europa.eu/m8g/hasCompetentAuthority"))
        == organisation
    )
    # Nothing is lost: every blank node hangs from a described resource.
    assert imported.notes == []


def test_a_blank_node_nothing_leads_to_is_not_kept_and_said_so() -> None:
    data = GOOD + '[] <http://example.org/p> "lost" .'
    imported = import_cpsv(Graph().parse(data=data, format="turtle"), "skatteverket", BASE)
    assert len(imported.notes) == 1
    assert "not kept (a blank node no described resource leads to)" in imported.notes[0]
    assert (None, URIRef("http://example.org/p"), None) not in imported


def test_our_own_vocabulary_is_not_taken_from_imported_data() -> None:
    """A kept resource cannot be made an actor, or given an owner, by the imported data."""
    data = (
        GOOD
        + """
        ex:authority a <https://samverkan.example.org/def/samverkan#PublicActor> ;
            <https://samverkan.example.org/def/samverkan#owner> ex:someone ."""
    )
    imported = import_cpsv(Graph().parse(data=data, format="turtle"), "skatteverket", BASE)
    authority = URIRef(SPACE + "public-organisation/authority")
    assert (authority, RDF.type, SAM.PublicActor) not in imported
    assert set(imported.objects(authority, SAM.owner)) == {URIRef(BASE + "id/skatteverket")}
    assert len([n for n in imported.notes if "our own vocabulary" in n]) == 2


def test_types_from_our_own_schemes_are_kept() -> None:
    imported = import_cpsv(Graph().parse(data=GOOD, format="turtle"), "skatteverket", BASE)
    service = URIRef(SPACE + "service/deklaration")
    assert imported.value(service, SAM.serviceType) == URIRef(
        BASE + "def/concepts/service-type/agency-specific"
    )
    assert imported.value(URIRef(SPACE + "channel/e-tjanst"), SAM.channelKind) is not None


def test_importing_again_replaces_what_the_last_import_brought(example: Graph) -> None:
    part = Graph()
    other = URIRef(SPACE + "service/navet")
    part.add((other, RDFS.label, Literal("Navet", lang="sv")))
    first = merged(part, import_cpsv(example, "skatteverket", BASE))
    again = merged(first, import_cpsv(example, "skatteverket", BASE))
    assert len(again) == len(first)
    assert (other, RDFS.label, Literal("Navet", lang="sv")) in again


# --- validated as any submission -----------------------------------------------------


@pytest.fixture(scope="module")
def submissions(settings: Settings, store: OxigraphStore, validator: Validator) -> Submissions:
    return Submissions(settings, store, validator)


def violated_paths(submissions: Submissions, part: Graph) -> set[tuple[str | None, str]]:
    report = submissions.validate(part, "skatteverket")
    return {(r.rule, str(r.path)) for r in report.of_severity(Severity.VIOLATION)}


def test_alone_the_mapped_example_lacks_the_owners_description_and_a_service_type(
    submissions: Submissions, example: Graph
) -> None:
    """On its own, the part does not describe the actor (rule 5: the owner must be an
    actor) and the example's service has no type from our scheme (rule 5)."""
    found = violated_paths(submissions, import_cpsv(example, "skatteverket", BASE))
    assert ("5", "sam:serviceType") in found
    assert ("5", "(sam:owner|^sam:owns)") in found


def test_added_to_the_actors_part_it_still_needs_a_type_and_swedish_names(
    submissions: Submissions, store: OxigraphStore, example: Graph
) -> None:
    part = store.graph(GraphLayout(BASE).actor("skatteverket"))
    found = violated_paths(submissions, merged(part, import_cpsv(example, "skatteverket", BASE)))
    assert found == {
        ("5", "sam:serviceType"),
        ("9", "rdfs:label"),
        ("9", "dct:description"),
    }


# --- over HTTP -------------------------------------------------------------------------


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[tuple[FlaskClient, str, OxigraphStore]]:
    """A freshly built federation of its own, its app, and Skatteverket's credential."""
    own = load_settings(
        {"project_dir": settings.project_dir, "store_path": tmp_path / "store", "base_iri": BASE},
        environ={},
    )
    store = OxigraphStore(own.store_path)
    build(store, own)
    token = Credentials(store).create("skatteverket")
    app = create_app({"TESTING": True}, settings=own, store=store)
    yield app.test_client(), token, store
    store.close()


def post(client: FlaskClient, token: str, body: str, actor: str = "skatteverket") -> TestResponse:
    return client.post(
        f"/submissions/{actor}/cpsv-ap",
        data=body.encode("utf-8"),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "text/turtle",
            "Accept": "application/json",
            "Accept-Language": "en",
        },
    )


def test_an_actor_submits_cpsv_ap_and_gets_the_notes(
    served: tuple[FlaskClient, str, OxigraphStore],
) -> None:
    http, token, store = served
    answer = post(http, token, GOOD)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    document = json.loads(answer.get_data(as_text=True))
    assert any("cv:hasCompetentAuthority" in note for note in document["kept"])
    assert document["notes"] == []
    part = store.graph(GraphLayout(BASE).actor("skatteverket"))
    assert (URIRef(SPACE + "service/deklaration"), RDF.type, SAM.PublicService) in part
    assert (URIRef(SPACE + "service/navet"), RDF.type, SAM.RealisedService) in part


def test_the_official_example_is_rejected_with_the_report(
    served: tuple[FlaskClient, str, OxigraphStore],
) -> None:
    http, token, store = served
    before = store.count(GraphLayout(BASE).actor("skatteverket"))
    answer = post(http, token, EXAMPLE.read_text(encoding="utf-8"))
    assert answer.status_code == 422
    assert "5" in answer.get_data(as_text=True)
    assert store.count(GraphLayout(BASE).actor("skatteverket")) == before


def test_only_the_actor_itself_may_import(
    served: tuple[FlaskClient, str, OxigraphStore],
) -> None:
    http, token, _ = served
    assert post(http, token, GOOD, actor="kivra").status_code == 403


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("", "holds no statements"),
        ("<http://example.org/a> <http://example.org/b> <http://example.org/c> .", "none of"),
    ],
)
def test_an_empty_import_is_refused_and_changes_nothing(
    served: tuple[FlaskClient, str, OxigraphStore], body: str, says: str
) -> None:
    http, token, store = served
    graph = GraphLayout(BASE).actor("skatteverket")
    before = set(store.graph(graph))
    answer = post(http, token, body)
    assert answer.status_code == 422
    assert says in answer.get_data(as_text=True)
    assert set(store.graph(graph)) == before
