"""A store keeps the base IRI it was made for; nothing drops or rebuilds what actors submitted.

The base is recorded in the store (its identity graph) when it is first built. Commands and
servers that are given another base refuse, with non-zero exit status, and leave the store
as it was; those given none take the recorded base. ``samverkan load`` refuses to replace
parts that actors submitted, unless told to with ``--replace-submitted``, and then keeps
the old versions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VOID

from live_server import PROJECT, base_iri_for, build_store, free_port, running_server
from samverkan.cli import main
from samverkan.config import load_settings
from samverkan.errors import StoreIdentityError
from samverkan.federation import build
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore, identity
from samverkan.submissions.archive import Archive
from samverkan.submissions.service import Submissions
from samverkan.submissions.versions import read_history
from samverkan.validation import Validator
from virtuoso import Virtuoso

KIVRA = "kivra"
BASE = "http://localhost:8080/"
OTHER = "http://localhost:8081/"


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the environment's settings out of these tests."""
    for name in ("SAMVERKAN_STORE_PATH", "SAMVERKAN_BASE_IRI", "SAMVERKAN_PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from data/ under :data:`BASE` (the default of port 8080), closed."""
    folder = tmp_path_factory.mktemp("built")
    build_store(folder / "store", BASE)
    return folder


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    """This test's own copy of the built store."""
    shutil.copytree(built, tmp_path / "state")
    return tmp_path / "state" / "store"


def snapshot(path: Path) -> dict[str, Graph]:
    opened = OxigraphStore(path)
    try:
        return {str(name): opened.graph(name) for name in opened.graph_names()}
    finally:
        opened.close()


def same(first: dict[str, Graph], second: dict[str, Graph]) -> bool:
    return first.keys() == second.keys() and all(len(first[n] ^ second[n]) == 0 for n in first)


def kivra_history(path: Path, base: str = BASE) -> list[tuple[int, str]]:
    opened = OxigraphStore(path)
    try:
        layout = GraphLayout(base)
        recorded = read_history(opened.graph(layout.history(KIVRA)), layout, KIVRA)
        return [(v.number, v.activity) for v in recorded]
    finally:
        opened.close()


def submit_kivra(store: Path, base: str, text: str) -> int:
    """Submit Kivra's part with a new English description, straight to the store."""
    part = to_deployment(parse_file(PROJECT / "data" / f"{KIVRA}.ttl"), base)
    kivra = GraphLayout(base).actor_iri(KIVRA)
    for old in list(part.objects(kivra, DCTERMS.description)):
        if isinstance(old, Literal) and old.language == "en":
            part.remove((kivra, DCTERMS.description, old))
    part.add((kivra, DCTERMS.description, Literal(text, lang="en")))
    file = store.parent / f"kivra-{abs(hash(text))}.nt"
    file.write_bytes(part.serialize(format="nt", encoding="utf-8"))
    return main(["submit", str(file), "--actor", KIVRA, "--store", str(store)])


# --- what is recorded ---------------------------------------------------------------------


def test_a_build_records_the_base_in_a_graph_named_apart_from_any_base(store: Path) -> None:
    opened = OxigraphStore(store)
    try:
        assert identity.recorded_base(opened) == BASE
        recorded = opened.graph(opened.identity_graph)
        assert str(opened.identity_graph) == "urn:x-samverkan:store:identity"
        assert recorded.value(opened.identity_graph, VOID.uriSpace) == Literal(BASE)
        assert recorded.value(opened.identity_graph, DCTERMS.created) is not None
    finally:
        opened.close()


def test_a_store_built_before_the_base_was_recorded_is_known_by_its_ontology_graph(
    store: Path,
) -> None:
    opened = OxigraphStore(store)
    try:
        opened.drop_graph(opened.identity_graph)
        assert identity.recorded_base(opened) == BASE
        settings = load_settings({"store_path": store, "base_iri": BASE}, environ={})
        build(opened, settings)
        assert identity.is_recorded(opened)
    finally:
        opened.close()


def test_a_store_that_holds_nothing_records_nothing() -> None:
    assert identity.recorded_base(OxigraphStore()) is None


# --- given another base: refused, nothing changed ------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["load"],
        ["load", "--replace-submitted"],
        ["query", "actor-inventory", "--param", f"actor={OTHER}id/kivra"],
        ["reason"],
        ["export", "dcat-ap"],
        ["credentials", "list"],
        ["credentials", "add", KIVRA],
        ["serve", "--port", str(free_port())],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_every_command_given_another_base_refuses_and_changes_nothing(
    store: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(store)
    credentials = (store.parent / "credentials.json").exists()
    status = main([*command, "--store", str(store), "--base-iri", OTHER])
    assert status == 2
    err = capsys.readouterr().err
    assert f"was made for the base IRI {BASE}" in err
    assert f"asked to serve {OTHER}" in err
    assert "Nothing was changed" in err
    assert "samverkan load --store NEW_DIR" in err
    assert same(snapshot(store), before)
    assert (store.parent / "credentials.json").exists() == credentials


def test_submitting_with_another_base_refuses_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = store.parent / "kivra.ttl"
    shutil.copy(PROJECT / "data" / "kivra.ttl", file)
    before = snapshot(store)
    assert main(["submit", str(file), "--actor", KIVRA, "--store", str(store), "--base-iri", OTHER])
    assert f"was made for the base IRI {BASE}" in capsys.readouterr().err
    assert same(snapshot(store), before)


def test_the_environment_counts_as_giving_a_base(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAMVERKAN_BASE_IRI", OTHER)
    assert main(["reason", "--store", str(store)]) == 2
    assert f"asked to serve {OTHER}" in capsys.readouterr().err


def test_settle_refuses_a_given_base_and_takes_the_recorded_one_otherwise(store: Path) -> None:
    opened = OxigraphStore(store)
    try:
        given = load_settings({"store_path": store, "base_iri": OTHER}, environ={})
        with pytest.raises(StoreIdentityError, match="was made for the base IRI"):
            identity.settle(given, opened)
        defaulted = load_settings({"store_path": store, "port": 8081}, environ={})
        assert defaulted.base_iri == OTHER and not defaulted.base_iri_given
        assert identity.settle(defaulted, opened).base_iri == BASE
    finally:
        opened.close()


@pytest.mark.slow
def test_serve_given_another_base_exits_non_zero_and_says_why(store: Path) -> None:
    before = snapshot(store)
    port = free_port()
    where = ["--store", str(store), "--port", str(port), "--base-iri", base_iri_for(port)]
    ended = subprocess.run(
        [sys.executable, "-m", "samverkan.cli", "serve", *where],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
        check=False,
    )
    assert ended.returncode == 2
    assert f"was made for the base IRI {BASE}" in ended.stderr
    assert f"asked to serve {base_iri_for(port)}" in ended.stderr
    assert same(snapshot(store), before)


# --- given no base: the recorded one is used, nothing rebuilt -----------------------------


def test_a_command_given_no_base_uses_the_recorded_one_and_says_so(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAMVERKAN_PORT", "8081")  # so the default base is 8081's
    before = snapshot(store)
    actor = f"actor={BASE}id/kivra"
    status = main(["query", "actor-inventory", "--param", actor, "--store", str(store)])
    assert status == 0
    captured = capsys.readouterr()
    assert f"was made for {BASE}; using that base IRI, not the default {OTHER}" in captured.err
    assert f"{BASE}id/kivra/" in captured.out
    assert same(snapshot(store), before)


@pytest.mark.slow
def test_serve_on_another_port_keeps_the_store_and_its_submitted_versions(store: Path) -> None:
    assert submit_kivra(store, BASE, "Submitted before the restart.") == 0
    before = snapshot(store)
    port = free_port()
    with running_server(store, port, recorded_base=BASE) as live:
        status, _, body = live.request("GET", f"/id/{KIVRA}/versions.ttl")
        assert status == 200
        assert f"{BASE}id/{KIVRA}/version/2".encode() in body
        assert live.request("GET", f"/id/{KIVRA}", headers={"Accept": "text/turtle"})[0] == 200
    log = live.log.read_text()
    assert f"was made for {BASE}; using that base IRI" in log
    assert "building" not in log
    assert same(snapshot(store), before)


# --- load over submitted versions ---------------------------------------------------------


def test_load_refuses_to_replace_submitted_parts_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert submit_kivra(store, BASE, "A submitted description.") == 0
    capsys.readouterr()
    before = snapshot(store)
    assert main(["load", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "kivra (version 2, by submission)" in err
    assert "--replace-submitted" in err
    assert same(snapshot(store), before)


def test_load_with_the_flag_keeps_the_old_versions_and_numbers_after_them(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert submit_kivra(store, BASE, "A submitted description.") == 0
    kept = archived(store)
    assert main(["load", "--store", str(store), "--replace-submitted"]) == 0
    assert kivra_history(store) == [(1, "load"), (2, "submission"), (3, "load")]
    after = archived(store)
    assert {name: after[name] for name in kept} == kept
    opened = OxigraphStore(store)
    try:
        settings = load_settings({"store_path": store, "base_iri": BASE}, environ={})
        layout = GraphLayout(BASE)
        validator = Validator(opened.graph(layout.shapes), opened.graph(layout.ontology))
        outcome = Submissions(settings, opened, validator).rollback(KIVRA, 2)
        assert outcome.version.number == 4
        part = opened.graph(layout.actor(KIVRA))
        described = set(part.objects(layout.actor_iri(KIVRA), DCTERMS.description))
        assert Literal("A submitted description.", lang="en") in described
    finally:
        opened.close()


def archived(store: Path) -> dict[str, bytes]:
    """Return every document the store keeps for Kivra (versions' content, reports)."""
    opened = OxigraphStore(store)
    try:
        return Archive(opened).documents(KIVRA)
    finally:
        opened.close()


def test_load_twice_without_submissions_needs_no_flag(store: Path) -> None:
    assert main(["load", "--store", str(store)]) == 0
    assert main(["load", "--store", str(store)]) == 0
    assert kivra_history(store) == [(1, "load")]


def test_load_refuses_to_empty_the_part_of_an_actor_without_a_file(
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An actor that submitted its part keeps it when data/ has no file for it."""
    project = tmp_path / "project"
    for folder in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(PROJECT / folder, project / folder)
    (project / "data" / "kivra.ttl").unlink()
    assert submit_kivra(store, BASE, "Only in the store.") == 0
    capsys.readouterr()
    monkeypatch.setenv("SAMVERKAN_PROJECT_DIR", str(project))
    assert main(["load", "--store", str(store)]) == 2
    assert "kivra (version 2, by submission)" in capsys.readouterr().err
    assert main(["load", "--store", str(store), "--replace-submitted"]) == 0
    assert kivra_history(store) == [(1, "load"), (2, "submission"), (3, "load")]
    assert GraphLayout(BASE).actor(KIVRA) not in snapshot_names(store)


def snapshot_names(path: Path) -> set[URIRef]:
    opened = OxigraphStore(path)
    try:
        return opened.graph_names()
    finally:
        opened.close()


# --- a remote store records its base alike -------------------------------------------------


@pytest.mark.slow
def test_a_remote_store_records_its_base_and_refuses_another(virtuoso: Virtuoso) -> None:
    store = virtuoso.store("identity")
    for name in store.graph_names():
        store.drop_graph(name)
    settings = load_settings({"base_iri": BASE}, environ={})
    build(store, settings)
    assert identity.recorded_base(store) == BASE
    other = load_settings({"base_iri": OTHER}, environ={})
    with pytest.raises(StoreIdentityError, match="was made for the base IRI"):
        identity.settle(other, store)
    with pytest.raises(StoreIdentityError):
        build(store, other)
    assert identity.recorded_base(store) == BASE
    assert GraphLayout(BASE).ontology in store.graph_names()
