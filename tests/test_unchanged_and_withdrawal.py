"""Submissions that change nothing make nothing; only an explicit withdrawal empties a part.

- A part with the current version's content (the same canonical content hash, whatever the
  blank node labels or the order) answers "unchanged" with that version: HTTP 200 naming it
  in ``Location``, ``Content-Location`` and the body; the CLI exits 0 saying so. No version,
  archived document or store change is made.
- A document without statements is refused: HTTP 422, CLI exit status 1; nothing changes.
- ``POST /submissions/<actor>/withdraw`` (``samverkan submit --withdraw``) makes an empty
  part the actor's new version, which a rollback to an earlier version undoes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from federations import (
    KIVRA,
    SKATTEVERKET,
    STATE,
    TURTLE,
    Federation,
    described_anew,
    serving,
    turtle,
)
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.errors import EmptySubmissionError, NotFoundError
from samverkan.namespaces import CANONICAL_BASE, ID, SAM
from samverkan.reasoning import materialise, without_blank_nodes
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.service import Submissions
from samverkan.submissions.versions import read_history
from samverkan.validation import Validator
from tokens import token_for


@pytest.fixture
def service(state_copy: Settings, validator: Validator) -> Iterator[Submissions]:
    """The submission workflow over this test's own copy of the built store."""
    store = OxigraphStore(state_copy.store_path)
    yield Submissions(state_copy, store, validator)
    store.close()


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def part(service: Submissions, actor: str = KIVRA) -> Graph:
    return service.store.graph(service.layout.actor(actor))


def state(service: Submissions) -> tuple[dict[URIRef, Graph], list[str]]:
    """Return every graph of the store (its archive's included; not the server's own state:
    its locks) and the names of Kivra's archived documents."""
    names = (n for n in service.store.graph_names() if not n.startswith(STATE))
    graphs = {name: service.store.graph(name) for name in names}
    return graphs, sorted(service.versions.archive.documents(KIVRA))


def same_state(first: tuple[dict[URIRef, Graph], list[str]], second: object) -> bool:
    graphs, files = first
    other_graphs, other_files = second  # type: ignore[misc]
    return (
        files == other_files
        and graphs.keys() == other_graphs.keys()
        and all(len(graphs[name] ^ other_graphs[name]) == 0 for name in graphs)
    )


def rebuilt(service: Submissions) -> Graph:
    """Return the inferences of the store's asserted graphs, derived from scratch."""
    asserted = service.store.graph(service.layout.ontology)
    for name in service.store.graph_names():
        if service.layout.actor_slug(name):
            asserted += service.store.graph(name)
    return without_blank_nodes(materialise(asserted))


def with_contact(content: Graph, label: str) -> Graph:
    """Return ``content`` with a blank-node contact point on Kivra, labelled ``label``."""
    copy = Graph() + content
    contact = BNode()
    copy.add((ID[KIVRA], URIRef("http://www.w3.org/ns/dcat#contactPoint"), contact))
    copy.add((contact, RDFS.label, Literal(label, lang="en")))
    return copy


# --- unchanged ----------------------------------------------------------------------------


def test_the_current_content_again_makes_no_version(service: Submissions) -> None:
    before = state(service)
    outcome = service.submit(KIVRA, part(service))
    assert outcome.unchanged
    assert outcome.version == service.versions.history(KIVRA)[-1]
    assert outcome.version.number == 1
    assert same_state(state(service), before)


def test_unchanged_is_judged_on_canonical_content_not_on_blank_node_labels(
    service: Submissions,
) -> None:
    changed = with_contact(described_anew(part(service), "With a contact."), "Post room")
    first = service.submit(KIVRA, changed)
    assert not first.unchanged and first.version.number == 2
    before = state(service)
    # The same statements, parsed anew: other blank node labels, another order.
    again = Graph().parse(data=changed.serialize(format="nt"), format="nt")
    outcome = service.submit(KIVRA, again)
    assert outcome.unchanged and outcome.version.number == 2
    assert same_state(state(service), before)


def test_a_change_after_an_unchanged_one_is_the_next_number(service: Submissions) -> None:
    service.submit(KIVRA, part(service))
    outcome = service.submit(KIVRA, described_anew(part(service), "Now changed."))
    assert (outcome.unchanged, outcome.version.number) == (False, 2)


# --- empty --------------------------------------------------------------------------------


def test_an_empty_document_is_refused_and_changes_nothing(service: Submissions) -> None:
    before = state(service)
    with pytest.raises(EmptySubmissionError, match="no statements"):
        service.submit(KIVRA, Graph())
    assert same_state(state(service), before)


# --- withdrawal ---------------------------------------------------------------------------


def test_a_withdrawal_is_a_new_empty_version_and_a_rollback_restores(
    service: Submissions,
) -> None:
    original = part(service)
    withdrawn = service.withdraw(KIVRA)
    assert (withdrawn.unchanged, withdrawn.version.number) == (False, 2)
    assert (withdrawn.version.activity, withdrawn.version.triples) == ("withdrawal", 0)
    assert withdrawn.report.conforms
    assert len(part(service)) == 0
    assert service.layout.actor(KIVRA) not in service.store.graph_names()
    # The inferences are those of the federation without Kivra's part.
    assert set(service.store.graph(service.layout.inferred)) == set(rebuilt(service))
    assert len(service.versions.archive.read(KIVRA, 2)) == 0
    restored = service.rollback(KIVRA, 1)
    assert (restored.version.number, restored.version.activity) == (3, "rollback")
    assert len(part(service) ^ original) == 0


def test_withdrawing_an_empty_part_again_is_unchanged(service: Submissions) -> None:
    service.withdraw(KIVRA)
    before = state(service)
    again = service.withdraw(KIVRA)
    assert again.unchanged and again.version.number == 2
    assert same_state(state(service), before)


def test_a_rollback_to_a_withdrawal_withdraws_again(service: Submissions) -> None:
    service.withdraw(KIVRA)
    service.rollback(KIVRA, 1)
    outcome = service.rollback(KIVRA, 2)
    assert (outcome.version.number, outcome.version.triples) == (4, 0)
    assert len(part(service)) == 0


def test_an_actor_without_a_part_has_nothing_to_withdraw(service: Submissions) -> None:
    with pytest.raises(NotFoundError, match="no part to withdraw"):
        service.withdraw("nobody")


# --- over HTTP ----------------------------------------------------------------------------


def post(federation: Federation, path: str, body: bytes, **headers: str):  # type: ignore[no-untyped-def]
    return federation.client().post(
        path, data=body, content_type=TURTLE, headers=federation.auth(KIVRA, **headers)
    )


def test_an_unchanged_part_answers_200_naming_the_current_version(
    federation: Federation,
) -> None:
    before = federation.snapshot()
    current = f"{ID[KIVRA]}/version/1"
    answer = post(
        federation,
        f"/submissions/{KIVRA}",
        turtle(federation.part(KIVRA)),
        Accept="application/json",
    )
    assert answer.status_code == 200
    assert answer.headers["Location"] == current
    assert answer.headers["Content-Location"] == current
    document = answer.get_json()
    assert (document["unchanged"], document["version"], document["number"]) == (True, current, 1)
    assert "unchanged" in document["message"]
    assert federation.snapshot() == before


def test_the_unchanged_page_says_so_in_swedish(federation: Federation) -> None:
    answer = post(
        federation,
        f"/submissions/{KIVRA}?lang=sv",
        turtle(federation.part(KIVRA)),
        Accept="text/html",
    )
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Oförändrad: innehållet är redan version 1" in page
    assert "Uppfyller reglerna" not in page


def test_an_unchanged_part_as_rdf_is_the_versions_record(federation: Federation) -> None:
    answer = post(
        federation, f"/submissions/{KIVRA}", turtle(federation.part(KIVRA)), Accept="text/turtle"
    )
    assert answer.status_code == 200
    record = Graph().parse(data=answer.get_data(as_text=True), format="turtle")
    assert (URIRef(f"{ID[KIVRA]}/version/1"), None, SAM.PartVersion) in record


def test_an_unchanged_part_sent_as_a_job_answers_200_at_its_result(
    federation: Federation,
) -> None:
    answer = post(
        federation,
        f"/submissions/{KIVRA}",
        turtle(federation.part(KIVRA)),
        Accept="application/json",
        Prefer="respond-async",
    )
    assert answer.status_code == 202
    job = answer.headers["Location"]
    for _ in range(200):
        state = federation.client().get(job, headers={"Accept": "application/json"}).get_json()
        if state["state"] == "finished":
            break
        time.sleep(0.05)
    result = federation.client().get(state["result"], headers={"Accept": "application/json"})
    assert result.status_code == 200
    assert result.get_json()["unchanged"] is True


def test_withdraw_needs_the_actors_own_credential(federation: Federation) -> None:
    before = federation.snapshot()
    anonymous = federation.client().post(f"/submissions/{KIVRA}/withdraw")
    assert anonymous.status_code == 401
    other = federation.client().post(
        f"/submissions/{KIVRA}/withdraw", headers=federation.auth(SKATTEVERKET)
    )
    assert other.status_code == 403
    assert federation.snapshot() == before


def test_withdraw_over_http_makes_a_restorable_empty_version(federation: Federation) -> None:
    original = federation.part(KIVRA)
    answer = post(federation, f"/submissions/{KIVRA}/withdraw", b"", Accept="application/json")
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"{ID[KIVRA]}/version/2"
    assert answer.get_json()["activity"] == "withdrawal"
    assert len(federation.part(KIVRA)) == 0
    again = post(federation, f"/submissions/{KIVRA}/withdraw", b"", Accept="application/json")
    assert (again.status_code, again.get_json()["number"]) == (200, 2)
    history = federation.client().get(
        f"/id/{KIVRA}/versions?lang=sv", headers={"Accept": "text/html"}
    )
    assert "tillbakadragande" in history.get_data(as_text=True)
    restored = post(federation, f"/submissions/{KIVRA}/rollback/1", b"", Accept="application/json")
    assert restored.status_code == 201
    assert len(federation.part(KIVRA) ^ original) == 0


# --- the command line ---------------------------------------------------------------------


def to_store(settings: Settings) -> list[str]:
    return ["--store", str(settings.store_path), "--base-iri", CANONICAL_BASE]


def kivra_history(settings: Settings) -> list[int]:
    store = OxigraphStore(settings.store_path)
    try:
        layout = GraphLayout(CANONICAL_BASE)
        return [v.number for v in read_history(store.graph(layout.history(KIVRA)), layout, KIVRA)]
    finally:
        store.close()


def test_the_cli_says_unchanged_and_exits_0(
    state_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = OxigraphStore(state_copy.store_path)
    file = tmp_path / "kivra.nt"
    file.write_text(store.graph(GraphLayout(CANONICAL_BASE).actor(KIVRA)).serialize(format="nt"))
    store.close()
    command = ["submit", str(file), "--actor", KIVRA, *to_store(state_copy)]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert f"unchanged: the content is version 1 of {KIVRA} already" in out
    assert main([*command, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["unchanged"], answer["number"]) == (True, 1)
    assert kivra_history(state_copy) == [1]


def test_the_cli_refuses_an_empty_file_with_exit_1(
    state_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "empty.ttl"
    file.write_text("@prefix sam: <https://samverkan.example.org/def/samverkan#> .\n")
    assert main(["submit", str(file), "--actor", KIVRA, *to_store(state_copy)]) == 1
    assert "not accepted (422): the document holds no statements" in capsys.readouterr().out


def test_the_cli_withdraws_and_says_so(
    state_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["submit", "--withdraw", "--actor", KIVRA, *to_store(state_copy)]
    assert main(command) == 0
    assert f"accepted: version 2 of {KIVRA}" in capsys.readouterr().out
    assert main(command) == 0
    assert "unchanged: the content is version 2" in capsys.readouterr().out
    assert kivra_history(state_copy) == [1, 2]


def test_the_cli_withdraw_takes_no_file(
    state_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["submit", str(tmp_path / "x.ttl"), "--withdraw", "--actor", KIVRA]
    assert main([*command, *to_store(state_copy)]) == 2
    assert "takes no FILE" in capsys.readouterr().err


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A running server with a credential for Kivra."""
    port = free_port()
    store = tmp_path_factory.mktemp("served") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, KIVRA)
    with running_server(store, port) as live:
        yield live, token


@pytest.mark.slow
def test_the_cli_withdraws_through_a_server(
    server: tuple[LiveServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    live, token = server
    command = ["submit", "--withdraw", "--actor", KIVRA, "--server", live.base_iri]
    assert main([*command, "--token", token]) == 0
    assert f"accepted: version 2 of {KIVRA}: {live.base_iri}id/kivra/version/2" in (
        capsys.readouterr().out
    )
    assert main([*command, "--token", token]) == 0
    assert "unchanged" in capsys.readouterr().out
    status, _, _ = live.request("GET", f"/dumps/actor/{KIVRA}.nq.gz")
    assert status == 404
