"""Federated submissions over HTTP: validate, submit, roll back, browse and compare versions.

Every test that submits gets its own copy of a freshly built store, its own app and its own
credentials, so that no test sees another's versions.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH

from federations import (
    KIVRA,
    SKATTEVERKET,
    TURTLE,
    Federation,
    described_anew,
    serving,
    turtle,
    without_descriptions,
)
from samverkan.config import Settings
from samverkan.namespaces import ID, SAM
from samverkan.rdfio import parse_quads
from samverkan.storage import OxigraphStore
from samverkan.submissions.archive import canonical_bytes, content_hash
from samverkan.submissions.credentials import Credentials
from samverkan.web import create_app


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def submit(federation: Federation, actor: str, graph: Graph, **headers: str) -> tuple[int, dict]:
    answer = federation.client().post(
        f"/submissions/{actor}",
        data=turtle(graph),
        content_type=TURTLE,
        headers=federation.auth(actor, Accept="application/json", **headers),
    )
    return answer.status_code, answer.get_json()


# --- POST /validate ----------------------------------------------------------------------


def test_validate_answers_the_report_and_changes_nothing(federation: Federation) -> None:
    before = federation.snapshot()
    answer = federation.client().post(
        "/validate", data=turtle(without_descriptions(federation.part(KIVRA))), content_type=TURTLE
    )
    assert answer.status_code == 200
    report = answer.get_json()
    assert report["conforms"] is False
    assert {(r["rule"], r["focusNode"]) for r in report["results"]} == {("9", str(ID[KIVRA]))}
    assert federation.snapshot() == before


def test_validate_needs_no_credential(federation: Federation) -> None:
    answer = federation.client().post(
        "/validate", data=turtle(federation.part(KIVRA)), content_type=TURTLE
    )
    assert answer.status_code == 200
    assert answer.get_json() == {
        "conforms": True,
        "counts": {"Violation": 0, "Warning": 0, "Info": 0},
        "results": [],
    }


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/trig", "trig"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_every_accepted_syntax_is_read_by_its_content_type(
    federation: Federation, media_type: str, rdflib_format: str
) -> None:
    body = federation.part(KIVRA).serialize(format=rdflib_format, encoding="utf-8")
    answer = federation.client().post("/validate", data=body, content_type=media_type)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["conforms"] is True


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/json", "application/json"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html", "text/html"),
        ("*/*", "application/json"),
    ],
)
def test_the_report_comes_in_the_form_asked_for(
    federation: Federation, accept: str, media_type: str
) -> None:
    answer = federation.client().post(
        "/validate",
        data=turtle(without_descriptions(federation.part(KIVRA))),
        content_type=TURTLE,
        headers={"Accept": accept},
    )
    assert answer.status_code == 200
    assert answer.mimetype == media_type
    assert "Accept" in answer.headers["Vary"]


def test_the_report_as_rdf_is_a_shacl_validation_report(federation: Federation) -> None:
    answer = federation.client().post(
        "/validate",
        data=turtle(without_descriptions(federation.part(KIVRA))),
        content_type=TURTLE,
        headers={"Accept": "text/turtle"},
    )
    report = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    root = report.value(None, RDF.type, SH.ValidationReport)
    assert report.value(root, SH.conforms) == Literal(False)
    result = report.value(root, SH.result)
    assert report.value(result, SH.focusNode) == ID[KIVRA]


@pytest.mark.parametrize(
    ("lang", "heading", "severity"),
    [("sv", "Regel 9", "Överträdelse"), ("en", "Rule 9", "Violation")],
)
def test_the_report_page_groups_results_by_rule_in_the_asked_language(
    federation: Federation, lang: str, heading: str, severity: str
) -> None:
    answer = federation.client().post(
        f"/validate?lang={lang}",
        data=turtle(without_descriptions(federation.part(KIVRA))),
        content_type=TURTLE,
        headers={"Accept": "text/html"},
    )
    page = answer.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<h2>{heading}:" in page
    assert severity in page
    assert 'href="/id/kivra?lang=' in page  # the focus node is a link to its page
    assert "dct:description" in page  # the path


def test_the_report_page_follows_accept_language(federation: Federation) -> None:
    answer = federation.client().post(
        "/validate",
        data=turtle(federation.part(KIVRA)),
        content_type=TURTLE,
        headers={"Accept": "text/html", "Accept-Language": "sv"},
    )
    assert "Uppfyller reglerna" in answer.get_data(as_text=True)


# --- POST /submissions/<actor> ------------------------------------------------------------


def test_an_accepted_submission_is_201_with_the_new_versions_location(
    federation: Federation,
) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, a digital mailbox.")
    status, answer = submit(federation, KIVRA, new)
    assert status == 201
    version = f"{ID[KIVRA]}/version/2"
    assert answer["version"] == version
    assert answer["number"] == 2
    assert answer["contentHash"] == content_hash(canonical_bytes(new))
    assert answer["report"]["conforms"] is True
    assert len(federation.part(KIVRA) ^ new) == 0


def test_the_location_of_a_new_version_dereferences(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, a digital mailbox.")
    location = (
        federation.client()
        .post(
            f"/submissions/{KIVRA}",
            data=turtle(new),
            content_type=TURTLE,
            headers=federation.auth(KIVRA),
        )
        .headers["Location"]
    )
    assert location == f"{ID[KIVRA]}/version/2"
    path = location.removeprefix(federation.layout.base_iri.rstrip("/"))
    record_answer = federation.client().get(path, headers={"Accept": "text/turtle"})
    record = Graph().parse(data=record_answer.get_data(as_text=True), format="turtle")
    assert (URIRef(location), RDF.type, SAM.PartVersion) in record
    assert (URIRef(location), PROV.wasAttributedTo, ID[KIVRA]) in record


def test_without_the_actor_in_the_path_the_tokens_actor_submits(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, a digital mailbox.")
    answer = federation.client().post(
        "/submissions", data=turtle(new), content_type=TURTLE, headers=federation.auth(KIVRA)
    )
    assert answer.status_code == 201
    assert answer.get_json()["actor"] == KIVRA


def test_a_violation_is_422_with_the_report_and_changes_nothing(federation: Federation) -> None:
    before = federation.snapshot()
    status, answer = submit(federation, KIVRA, without_descriptions(federation.part(KIVRA)))
    assert status == 422
    assert "nothing was changed" in answer["message"]
    assert answer["report"]["conforms"] is False
    assert {r["rule"] for r in answer["report"]["results"]} == {"9"}
    assert federation.snapshot() == before


def test_a_rejection_page_shows_the_report(federation: Federation) -> None:
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=turtle(without_descriptions(federation.part(KIVRA))),
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="text/html"),
    )
    assert answer.status_code == 422
    assert "Rejected: nothing was changed" in answer.get_data(as_text=True)


def test_warnings_alone_do_not_stop_a_submission(federation: Federation) -> None:
    duplicate = URIRef(f"{ID[KIVRA]}/information/digital-message")
    part = federation.part(KIVRA)
    for predicate, value in [
        (RDF.type, SAM.Information),
        (RDFS.label, Literal("Digitalt meddelande till mottagare", lang="sv")),
        (RDFS.label, Literal("Digital message to a recipient", lang="en")),
        (DCTERMS.description, Literal("Kivras egen beskrivning av meddelandet.", lang="sv")),
        (DCTERMS.description, Literal("Kivra's own description of the message.", lang="en")),
        (SAM.representsConcept, URIRef(f"{ID.digg}/concept/digital-message")),
        (SAM.owner, ID[KIVRA]),
    ]:
        part.add((duplicate, predicate, value))
    status, answer = submit(federation, KIVRA, part)
    assert status == 201
    report = answer["report"]
    assert report["conforms"] is True
    assert report["counts"]["Warning"] > 0
    assert {r["rule"] for r in report["results"]} == {"7"}


def test_inferences_follow_an_accepted_version_at_once(federation: Federation) -> None:
    part = federation.part(KIVRA)
    process = next(part.subjects(SAM.realisesEvent, None))
    activity = URIRef(f"{ID[KIVRA]}/activity/sort-incoming-mail")
    for predicate, value in [
        (SAM.partOfProcess, process),
        (SAM.owner, ID[KIVRA]),
        (RDFS.label, Literal("Sortera inkommande post", lang="sv")),
        (RDFS.label, Literal("Sort incoming mail", lang="en")),
        (DCTERMS.description, Literal("Posten sorteras per mottagare.", lang="sv")),
        (DCTERMS.description, Literal("Mail is sorted by recipient.", lang="en")),
    ]:
        part.add((activity, predicate, value))
    assert submit(federation, KIVRA, part)[0] == 201
    situations = federation.store.select(
        "PREFIX sam: <https://samverkan.example.org/def/samverkan#> "
        "SELECT ?activity ?situation WHERE { ?activity sam:tracesTo ?situation . "
        "?situation a sam:LifeSituation }",
        {"activity": activity},
    ).column("situation")
    assert situations


# --- Credentials and guideline rule 8 -------------------------------------------------------


def test_without_a_credential_the_answer_is_401_with_a_bearer_challenge(
    federation: Federation,
) -> None:
    before = federation.snapshot()
    answer = federation.client().post(
        f"/submissions/{KIVRA}", data=turtle(federation.part(KIVRA)), content_type=TURTLE
    )
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in answer.get_data(as_text=True)
    assert federation.snapshot() == before


def test_an_unknown_or_revoked_token_is_401_invalid_token(federation: Federation) -> None:
    keys = Credentials(federation.store)
    keys.revoke(next(key.key_id for key in keys.all() if key.actor == KIVRA))
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=turtle(federation.part(KIVRA)),
        content_type=TURTLE,
        headers=federation.auth(KIVRA),
    )
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def test_another_actors_credential_is_403(federation: Federation) -> None:
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=turtle(federation.part(KIVRA)),
        content_type=TURTLE,
        headers=federation.auth(SKATTEVERKET),
    )
    assert answer.status_code == 403
    assert "only 'kivra' may change" in answer.get_data(as_text=True)


def test_touching_another_actors_item_is_403_naming_it_and_changes_nothing(
    federation: Federation,
) -> None:
    before = federation.snapshot()
    intrusion = federation.part(KIVRA)
    intrusion.add((ID[SKATTEVERKET], RDFS.label, Literal("Kivra äger detta", lang="sv")))
    status, answer = submit(federation, KIVRA, intrusion)
    assert status == 403
    assert answer["items"] == [str(ID[SKATTEVERKET])]
    assert "guideline rule 8" in answer["message"]
    assert federation.snapshot() == before


def test_claiming_another_actors_item_is_403_naming_the_statement_and_changes_nothing(
    federation: Federation,
) -> None:
    before = federation.snapshot()
    claimed = URIRef(f"{ID}skatteverket/service/navet")
    claim = federation.part(KIVRA)
    claim.add((ID[KIVRA], SAM.owns, claimed))
    status, answer = submit(federation, KIVRA, claim)
    assert status == 403
    assert answer["items"] == [str(claimed)]
    assert f"<{ID[KIVRA]}> <{SAM.owns}> <{claimed}>" in answer["message"]
    assert federation.snapshot() == before


# --- Bad input ---------------------------------------------------------------------------


def test_malformed_rdf_is_400_naming_line_and_column(federation: Federation) -> None:
    body = b"<https://samverkan.example.org/id/kivra> a\n  <oops\n"
    answer = federation.client().post("/validate", data=body, content_type=TURTLE)
    assert answer.status_code == 400
    assert "line 2, column" in answer.get_data(as_text=True)


@pytest.mark.parametrize("media_type", ["application/pdf", None])
def test_a_body_that_is_no_rdf_syntax_is_415(
    federation: Federation, media_type: str | None
) -> None:
    answer = federation.client().post("/validate", data=b"%PDF-1.7", content_type=media_type)
    assert answer.status_code == 415
    assert "text/turtle" in answer.get_data(as_text=True)


def test_an_empty_submission_is_422_and_says_how_to_withdraw(federation: Federation) -> None:
    before = federation.snapshot()
    status, answer = submit(federation, KIVRA, Graph())
    assert status == 422
    assert answer["error"] == "Nothing to submit"
    assert "no statements" in answer["message"]
    assert "/submissions/<actor>/withdraw" in answer["message"]
    assert federation.snapshot() == before


def test_a_body_over_the_limit_is_413_saying_the_limit(state_copy: Settings) -> None:
    small = replace(state_copy, max_body_bytes=1000)
    store = OxigraphStore(small.store_path)
    try:
        client = create_app({"TESTING": True}, settings=small, store=store).test_client()
        answer = client.post(
            "/validate", data=b"#" * 2000, content_type=TURTLE, headers={"Accept-Language": "en"}
        )
    finally:
        store.close()
    assert answer.status_code == 413
    assert "1000 bytes" in answer.get_data(as_text=True)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1: any connection to it would wait in its backlog."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def test_a_remote_json_ld_context_is_refused_without_connecting(
    federation: Federation, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    body = json.dumps(
        {
            "@context": f"http://127.0.0.1:{port}/context.jsonld",
            "@id": str(ID[KIVRA]),
            "label": "Kivra",
        }
    )
    answer = federation.client().post("/validate", data=body, content_type="application/ld+json")
    assert answer.status_code == 400
    assert nobody_connected(listener)


def test_an_xml_external_entity_is_refused_without_connecting(
    federation: Federation, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "http://127.0.0.1:{port}/secret"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="{ID[KIVRA]}"><rdfs:label>&secret;</rdfs:label></rdf:Description>
</rdf:RDF>"""
    answer = federation.client().post(
        "/validate",
        data=body,
        content_type="application/rdf+xml",
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 422  # refused before parsing: any DTD, not only this one
    assert "<!DOCTYPE is refused" in answer.get_data(as_text=True)
    assert nobody_connected(listener)


# --- Concurrency -------------------------------------------------------------------------


def submit_all(federation: Federation, plan: list[tuple[str, Graph]]) -> list[tuple[int, dict]]:
    """Send every submission of ``plan`` at once, each from its own thread."""
    answers: list[tuple[int, dict]] = [(0, {})] * len(plan)

    def send(index: int, actor: str, graph: Graph) -> None:
        answers[index] = submit(federation, actor, graph)

    threads = [threading.Thread(target=send, args=(i, *job)) for i, job in enumerate(plan)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_submissions_of_one_actor_are_serialised(federation: Federation) -> None:
    part = federation.part(KIVRA)
    plan = [(KIVRA, described_anew(part, f"Kivra, take {n}.")) for n in range(4)]
    answers = submit_all(federation, plan)
    assert [status for status, _ in answers] == [201] * 4
    assert sorted(answer["number"] for _, answer in answers) == [2, 3, 4, 5]
    history = federation.client().get(f"/id/{KIVRA}/versions.ttl").get_data(as_text=True)
    recorded = Graph().parse(data=history, format="turtle")
    for _, answer in answers:
        assert (URIRef(answer["version"]), RDF.type, SAM.PartVersion) in recorded


def test_concurrent_submissions_of_two_actors_both_land(federation: Federation) -> None:
    kivra = described_anew(federation.part(KIVRA), "Kivra, concurrently.")
    skatteverket = federation.part(SKATTEVERKET)
    skatteverket.add((ID[SKATTEVERKET], RDFS.comment, Literal("Samtidigt.", lang="sv")))
    answers = submit_all(federation, [(KIVRA, kivra), (SKATTEVERKET, skatteverket)])
    assert [(status, answer["number"]) for status, answer in answers] == [(201, 2), (201, 2)]
    assert len(federation.part(KIVRA) ^ kivra) == 0
    assert len(federation.part(SKATTEVERKET) ^ skatteverket) == 0


# --- History, comparison, reports, rollback -------------------------------------------------


@pytest.fixture
def three_versions(federation: Federation) -> Federation:
    """Kivra's part as loaded (1), then described anew twice (2 and 3)."""
    part = federation.part(KIVRA)
    for text in ("Kivra, second take.", "Kivra, third take."):
        assert submit(federation, KIVRA, described_anew(part, text))[0] == 201
    return federation


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/id/kivra/versions", "history.versions"),
        ("/id/kivra/versions.ttl", "history.versions"),
        ("/id/kivra/versions/compare", "history.compare"),
        ("/id/kivra/version/2/report", "history.version_report"),
        ("/id/kivra/version/2", "resources.item"),
        ("/id/kivra/process/digital-mail-delivery", "resources.item"),
    ],
)
def test_history_routes_win_over_the_items_catch_all(app: Flask, path: str, endpoint: str) -> None:
    assert app.url_map.bind("localhost").match(path)[0] == endpoint


def test_the_history_page_lists_versions_newest_first(three_versions: Federation) -> None:
    answer = three_versions.client().get(f"/id/{KIVRA}/versions", headers={"Accept": "text/html"})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    rows = [page.index(f'data-version="{n}"') for n in (3, 2, 1)]
    assert rows == sorted(rows)
    assert 'href="/id/kivra/version/3"' in page
    assert 'href="/id/kivra/version/3/report"' in page
    assert "/id/kivra/versions/compare?from=2&amp;to=3" in page


def test_the_history_as_rdf_records_every_version(three_versions: Federation) -> None:
    answer = three_versions.client().get(f"/id/{KIVRA}/versions", headers={"Accept": TURTLE})
    history = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    versions = set(history.subjects(RDF.type, SAM.PartVersion))
    assert versions == {URIRef(f"{ID[KIVRA]}/version/{n}") for n in (1, 2, 3)}
    assert history.value(ID[KIVRA], SAM.currentVersion) == URIRef(f"{ID[KIVRA]}/version/3")


def test_an_actor_without_versions_has_no_history(federation: Federation) -> None:
    assert federation.client().get("/id/nobody/versions").status_code == 404
    assert federation.client().get("/id/Not_A_Slug/versions").status_code == 404


def test_two_versions_compared_as_json(three_versions: Federation) -> None:
    answer = three_versions.client().get(
        f"/id/{KIVRA}/versions/compare?from=2&to=3", headers={"Accept": "application/json"}
    )
    comparison = answer.get_json()
    assert (comparison["from"]["number"], comparison["to"]["number"]) == (2, 3)
    kivra = f"<{ID[KIVRA]}> <{DCTERMS.description}>"
    assert comparison["added"] == [f'{kivra} "Kivra, third take."@en .']
    assert comparison["removed"] == [f'{kivra} "Kivra, second take."@en .']


def test_two_versions_compared_as_trig_have_two_named_parts(three_versions: Federation) -> None:
    answer = three_versions.client().get(f"/id/{KIVRA}/versions/compare?from=2&to=3&format=trig")
    quads = parse_quads(answer.data, ox.RdfFormat.TRIG, "answer")
    parts = Counter(str(quad.graph_name).rsplit("#", 1)[-1].rstrip(">") for quad in quads)
    assert parts == {"added": 1, "removed": 1}


def test_two_versions_compared_as_turtle_in_two_sections(three_versions: Federation) -> None:
    answer = three_versions.client().get(
        f"/id/{KIVRA}/versions/compare?from=2&to=3", headers={"Accept": TURTLE}
    )
    text = answer.get_data(as_text=True)
    added, removed = text.split("# removed")
    assert "third take" in added
    assert "second take" in removed


def test_the_comparison_page_shows_added_and_removed(three_versions: Federation) -> None:
    answer = three_versions.client().get(
        f"/id/{KIVRA}/versions/compare?from=1&to=3&lang=sv", headers={"Accept": "text/html"}
    )
    page = answer.get_data(as_text=True)
    assert "Tillagda tripler" in page
    assert "Borttagna tripler" in page
    assert "Kivra, third take." in page


@pytest.mark.parametrize(
    ("query", "status"), [("from=1&to=9", 404), ("from=1", 400), ("from=one&to=2", 400)]
)
def test_comparing_needs_two_existing_versions(
    three_versions: Federation, query: str, status: int
) -> None:
    answer = three_versions.client().get(f"/id/{KIVRA}/versions/compare?{query}")
    assert answer.status_code == status


def test_a_versions_report_is_the_archived_turtle(three_versions: Federation) -> None:
    answer = three_versions.client().get(
        f"/id/{KIVRA}/version/3/report", headers={"Accept": TURTLE}
    )
    assert answer.status_code == 200
    report = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report


def test_a_versions_report_has_a_page(three_versions: Federation) -> None:
    answer = three_versions.client().get(
        f"/id/{KIVRA}/version/3/report", headers={"Accept": "text/html"}
    )
    assert "Report of version 3" in answer.get_data(as_text=True)


def test_a_loaded_version_has_no_report(three_versions: Federation) -> None:
    answer = three_versions.client().get(f"/id/{KIVRA}/version/1/report")
    assert answer.status_code == 404
    assert "load" in answer.get_data(as_text=True)


def test_a_rollback_makes_an_earlier_content_the_newest_version(
    three_versions: Federation,
) -> None:
    before = three_versions.part(KIVRA)
    answer = three_versions.client().post(
        f"/submissions/{KIVRA}/rollback/2",
        headers=three_versions.auth(KIVRA, Accept="application/json"),
    )
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"{ID[KIVRA]}/version/4"
    rolled = answer.get_json()
    assert (rolled["number"], rolled["activity"]) == (4, "rollback")
    assert rolled["derivedFrom"] == f"{ID[KIVRA]}/version/2"
    current = three_versions.part(KIVRA)
    assert (ID[KIVRA], DCTERMS.description, Literal("Kivra, second take.", lang="en")) in current
    assert len(current ^ before) == 2  # the English description, changed back


def test_a_rollback_needs_the_actors_credential(three_versions: Federation) -> None:
    answer = three_versions.client().post(
        f"/submissions/{KIVRA}/rollback/1", headers=three_versions.auth(SKATTEVERKET)
    )
    assert answer.status_code == 403
    assert three_versions.client().post(f"/submissions/{KIVRA}/rollback/1").status_code == 401
