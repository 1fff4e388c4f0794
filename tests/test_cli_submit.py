"""``samverkan credentials`` and ``samverkan submit``, to a store directly or through a server.

Exit statuses of ``submit``: 0 accepted, 1 rejected for a violation (nothing changed),
2 unusable (no such file, another actor's items, a bad credential, no server).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDFS

from catalog_text import holds
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.cli import main
from samverkan.messages import Listing, message
from samverkan.namespaces import CANONICAL_BASE, ID
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.credentials import Credential, Credentials
from samverkan.submissions.versions import read_history
from tokens import token_for

PROJECT = Path(__file__).resolve().parents[1]
KIVRA = "kivra"


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings and tokens of the environment out of these tests."""
    for name in ("SAMVERKAN_STORE_PATH", "SAMVERKAN_BASE_IRI", "SAMVERKAN_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from data/ under the canonical base, closed, for each test to copy."""
    folder = tmp_path_factory.mktemp("built")
    build_store(folder / "store", CANONICAL_BASE)
    return folder


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    """This test's own copy of the built store."""
    shutil.copytree(built, tmp_path / "state")
    return tmp_path / "state" / "store"


def kivra_file(folder: Path, base: str, change: str = "described") -> Path:
    """Write Kivra's part (under ``base``) with one change, and return the file."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), base)
    kivra = GraphLayout(base).actor_iri(KIVRA)
    if change == "described":
        part.remove((kivra, DCTERMS.description, None))
        part.add((kivra, DCTERMS.description, Literal("Digital brevlåda.", lang="sv")))
        part.add((kivra, DCTERMS.description, Literal("A digital mailbox.", lang="en")))
    elif change == "undescribed":  # breaks guideline rule 9
        part.remove((kivra, DCTERMS.description, None))
    elif change == "intruding":  # breaks guideline rule 8
        other = GraphLayout(base).actor_iri("skatteverket")
        part.add((other, RDFS.label, Literal("Kivra äger detta", lang="sv")))
    path = folder / f"kivra-{change}.ttl"
    path.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    return path


def history(store: Path, base: str = CANONICAL_BASE) -> list[int]:
    opened = OxigraphStore(store)
    try:
        layout = GraphLayout(base)
        return [v.number for v in read_history(opened.graph(layout.history(KIVRA)), layout, KIVRA)]
    finally:
        opened.close()


def to_store(store: Path) -> list[str]:
    return ["--store", str(store), "--base-iri", CANONICAL_BASE]


# --- credentials --------------------------------------------------------------------------


def test_a_credential_is_shown_once_and_kept_only_as_a_hash(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["credentials", "add", KIVRA, "--store", str(store)]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("svk_")
    assert not (store.parent / "credentials.json").exists()
    assert actor_for(store, token) == KIVRA
    opened = OxigraphStore(store)
    try:
        kept = io.BytesIO()
        opened.dump(kept, [opened.state_graph("credentials")])
    finally:
        opened.close()
    assert token.encode() not in kept.getvalue()
    assert hashlib.sha256(token.encode()).hexdigest().encode() in kept.getvalue()


def test_credentials_are_listed_without_secrets_and_revoked_by_key_id(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["credentials", "add", KIVRA, "--store", str(store)])
    token = capsys.readouterr().out.strip()
    key_id = token.split("_")[1]
    assert main(["credentials", "list", "--store", str(store)]) == 0
    listed = capsys.readouterr().out
    assert key_id in listed and KIVRA in listed and token not in listed
    assert main(["credentials", "revoke", key_id, "--store", str(store)]) == 0
    assert actor_for(store, token) is None


def test_a_credential_needs_an_actor_slug(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["credentials", "add", "Not A Slug", "--store", str(store)]) == 2
    assert "slug" in capsys.readouterr().err


def test_a_credential_for_a_slug_the_store_does_not_know_is_refused(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["credentials", "add", "kivar", "--store", str(store)]) == 2
    assert "not an actor of the federation" in capsys.readouterr().err
    assert stored_credentials(store) == []


def test_create_makes_a_credential_for_a_new_actor(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["credentials", "add", "new-agency", "--create", "--store", str(store)]) == 0
    token = capsys.readouterr().out.strip()
    assert actor_for(store, token) == "new-agency"


def test_credentials_are_listed_not_changed_while_a_server_holds_the_store(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["credentials", "add", KIVRA, "--store", str(store)]) == 0
    held = OxigraphStore(store)  # as a running server holds it: locked, checkpoints published
    try:
        held.publish_to_replicas()
        assert main(["credentials", "list", "--store", str(store)]) == 0
        assert KIVRA in capsys.readouterr().out
        assert main(["credentials", "add", KIVRA, "--store", str(store)]) == 2
        assert "stop the server to change them" in capsys.readouterr().err
    finally:
        held.close()
    assert [c.actor for c in stored_credentials(store)] == [KIVRA]


def test_a_credentials_file_of_an_earlier_release_is_imported_once(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = "svk_0badc0de_" + "x" * 43
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = {"actor": KIVRA, "key_id": "0badc0de", "digest": digest, "created": "2026-01-01"}
    legacy = store.parent / "credentials.json"
    legacy.write_text(json.dumps([row]))
    assert main(["credentials", "list", "--store", str(store)]) == 0
    assert "0badc0de" in capsys.readouterr().out
    assert actor_for(store, token) == KIVRA
    assert main(["credentials", "revoke", "0badc0de", "--store", str(store)]) == 0
    assert "revoked 0badc0de" in capsys.readouterr().out
    assert main(["credentials", "list", "--store", str(store)]) == 0  # not imported again
    assert "0badc0de" not in capsys.readouterr().out
    assert actor_for(store, token) is None
    assert json.loads(legacy.read_text()) == [row]  # the file is kept as it was


def actor_for(store: Path, token: str) -> str | None:
    opened = OxigraphStore(store)
    try:
        return Credentials(opened).actor_for(token)
    finally:
        opened.close()


def stored_credentials(store: Path) -> list[Credential]:
    opened = OxigraphStore(store)
    try:
        return Credentials(opened).all()
    finally:
        opened.close()


def test_revoking_an_unknown_key_exits_2(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["credentials", "revoke", "deadbeef", "--store", str(store)]) == 2
    assert "deadbeef" in capsys.readouterr().err


# --- submit --store -----------------------------------------------------------------------


def test_a_submission_to_the_store_becomes_the_next_version(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE)
    assert main(["submit", str(file), "--actor", KIVRA, *to_store(store)]) == 0
    assert f"accepted: version 2 of kivra: {ID[KIVRA]}/version/2" in capsys.readouterr().out
    assert history(store) == [1, 2]


def test_a_violation_exits_1_with_the_report_and_changes_nothing(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE, "undescribed")
    assert main(["submit", str(file), "--actor", KIVRA, *to_store(store)]) == 1
    out = capsys.readouterr().out
    assert "not accepted (422)" in out
    assert "rule 9" in out
    assert history(store) == [1]


def test_another_actors_items_exit_2_naming_them(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE, "intruding")
    assert main(["submit", str(file), "--actor", KIVRA, *to_store(store)]) == 2
    assert str(ID.skatteverket) in capsys.readouterr().err
    assert history(store) == [1]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_another_actors_items_are_refused_in_the_asked_language(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE, "intruding")
    assert main(["submit", str(file), "--actor", KIVRA, "--lang", lang, *to_store(store)]) == 2
    said = message("foreign_subjects", actor=KIVRA, items=Listing([str(ID.skatteverket)]))
    assert said.text(lang) in capsys.readouterr().err


def test_a_store_built_under_another_base_is_refused(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE)
    other = ["--store", str(store), "--base-iri", "http://elsewhere.example/"]
    assert main(["submit", str(file), "--actor", KIVRA, *other]) == 2
    assert "--base-iri" in capsys.readouterr().err


def test_submitting_a_missing_file_exits_2(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["submit", "no-such.ttl", "--actor", KIVRA, *to_store(store)]) == 2
    assert "no such file" in capsys.readouterr().err


# --- submit --server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A running server with a credential for Kivra."""
    port = free_port()
    store = tmp_path_factory.mktemp("served") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, KIVRA)
    with running_server(store, port) as live:
        yield live, token


def test_a_submission_through_the_server_is_accepted(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, token = server
    file = kivra_file(tmp_path, live.base_iri)
    command = ["submit", str(file), "--actor", KIVRA, "--server", live.base_iri]
    assert main([*command, "--token", token]) == 0
    out = capsys.readouterr().out
    assert "accepted: version" in out
    assert f"{live.base_iri}id/kivra/version/" in out


def test_the_token_may_come_from_the_environment(
    server: tuple[LiveServer, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live, token = server
    monkeypatch.setenv("SAMVERKAN_TOKEN", token)
    file = kivra_file(tmp_path, live.base_iri)
    assert main(["submit", str(file), "--actor", KIVRA, "--server", live.base_iri]) == 0


def test_a_violation_through_the_server_exits_1(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, token = server
    file = kivra_file(tmp_path, live.base_iri, "undescribed")
    command = ["submit", str(file), "--actor", KIVRA, "--server", live.base_iri]
    assert main([*command, "--token", token]) == 1
    assert "not accepted (422)" in capsys.readouterr().out


def test_a_wrong_token_exits_2_with_the_servers_message(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, _ = server
    file = kivra_file(tmp_path, live.base_iri)
    command = ["submit", str(file), "--actor", KIVRA, "--server", live.base_iri]
    assert main([*command, "--token", "svk_00000000_wrong"]) == 2
    assert "not accepted (401): the credential is not known" in capsys.readouterr().out


def test_without_a_token_the_command_says_where_to_give_one(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, _ = server
    file = kivra_file(tmp_path, live.base_iri)
    assert main(["submit", str(file), "--actor", KIVRA, "--server", live.base_iri]) == 2
    assert "SAMVERKAN_TOKEN" in capsys.readouterr().err


def test_an_unreachable_server_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE)
    server = f"http://127.0.0.1:{free_port()}/"
    assert main(["submit", str(file), "--actor", KIVRA, "--server", server, "--token", "x"]) == 2
    assert "cannot reach" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_servers_refusal_is_shown_in_the_asked_language(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    live, _ = server
    file = kivra_file(tmp_path, live.base_iri)
    command = ["submit", str(file), "--actor", KIVRA, "--server", live.base_iri, "--lang", lang]
    assert main([*command, "--token", "svk_00000000_wrong"]) == 2
    said = message("not_accepted", status=401, reason=message("credential_unknown"))
    assert holds(capsys.readouterr().out, said, lang)
