"""Write-once history: version numbers only grow, and an archived version is never rewritten.

The next number is one above both what the history graph records and what the archive
(internal graphs of the store) holds, so neither a history that was lost (a store rebuilt
by an older release) nor a crash between archiving and recording makes a number be given
twice. The archive's own tests run on the embedded store and on ``oxigraph serve``. The last test
rebuilds the store with ``samverkan load`` and restarts a real server around it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from oxigraph_server import running_oxigraph
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.errors import ArchiveConflictError, StoreError
from samverkan.namespaces import ID
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore, Store
from samverkan.storage.base import is_internal
from samverkan.submissions.archive import STATE, Archive, document
from samverkan.submissions.service import Submissions
from samverkan.submissions.versions import read_history
from samverkan.validation import Validator
from tokens import token_for

PROJECT = Path(__file__).resolve().parents[1]
KIVRA = "kivra"


@pytest.fixture
def service(state_copy: Settings, validator: Validator) -> Iterator[Submissions]:
    """The submission workflow over this test's own copy of the built store."""
    store = OxigraphStore(state_copy.store_path)
    yield Submissions(state_copy, store, validator)
    store.close()


def described(part: Graph, subject: URIRef, text: str) -> Graph:
    """Return a copy of ``part`` whose English description of ``subject`` is ``text``."""
    copy = Graph() + part
    for old in list(part.objects(subject, DCTERMS.description)):
        if isinstance(old, Literal) and old.language == "en":
            copy.remove((subject, DCTERMS.description, old))
    copy.add((subject, DCTERMS.description, Literal(text, lang="en")))
    return copy


def kivra_part(service: Submissions) -> Graph:
    return service.store.graph(service.layout.actor(KIVRA))


def archived(service: Submissions) -> dict[str, bytes]:
    """Return every document the store keeps for Kivra, by graph name."""
    return service.versions.archive.documents(KIVRA)


@pytest.fixture(params=["embedded", "oxigraph serve", "virtuoso"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store: embedded on disk, or remote (Oxigraph's own server, Virtuoso; there
    with a registry of its own, so its internal graphs are its own too)."""
    if request.param == "embedded":
        store = OxigraphStore(tmp_path / "store")
        yield store
        store.close()
    elif request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso").store(f"archive-{secrets.token_hex(4)}")
    else:
        with running_oxigraph(tmp_path / "served") as oxigraph:
            yield oxigraph.store()


def test_an_archived_version_is_never_overwritten(any_store: Store) -> None:
    archive = Archive(any_store)
    name = archive.write(KIVRA, 1, b"<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(ArchiveConflictError, match="version 1 of 'kivra' is archived already"):
        archive.write(KIVRA, 1, b"<urn:x> <urn:y> <urn:z> .\n")
    assert archive.read_bytes(KIVRA, 1) == b"<urn:a> <urn:b> <urn:c> .\n"
    assert is_internal(name) and str(name).endswith(":archive:kivra:1")
    assert archive.documents(KIVRA) == {str(name): b"<urn:a> <urn:b> <urn:c> .\n"}


def test_a_report_is_never_overwritten_either(any_store: Store) -> None:
    archive = Archive(any_store)
    archive.write_report(KIVRA, 3, "# first\n")
    with pytest.raises(ArchiveConflictError, match="report of version 3"):
        archive.write_report(KIVRA, 3, "# second\n")
    assert archive.read_report(KIVRA, 3) == "# first\n"
    assert archive.read_report(KIVRA, 4) is None


def test_the_conditional_write_loses_a_race_without_changing_the_winner(
    any_store: Store,
) -> None:
    """The store's own condition, below the archive's check: a second writer that got past
    the check (it ran before the first writer's update) writes nothing."""
    archive = Archive(any_store)
    name = archive.write(KIVRA, 5, b"<urn:first> <urn:b> <urn:c> .\n")
    late = document(name, "<urn:second> <urn:b> <urn:c> .\n", "another-writer")
    any_store.create_graph(name, late)
    assert archive.read_bytes(KIVRA, 5) == b"<urn:first> <urn:b> <urn:c> .\n"
    assert len(any_store.graph(name) ^ late) > 0


def test_a_large_version_is_kept_exactly_in_one_write(any_store: Store) -> None:
    """20 000 triples, with literals a store would rewrite ("01"^^xsd:integer, escapes):
    the bytes read back are those written."""
    lines = [
        f'<urn:x:item{i}> <urn:x:p> "0{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        if i % 2
        else f'<urn:x:item{i}> <urn:x:label> "r\\u00e4d {i} \\"#GRAPH#\\"\\n"@sv .\n'
        for i in range(20_000)
    ]
    content = "".join(sorted(lines)).encode("utf-8")
    archive = Archive(any_store)
    archive.write(KIVRA, 7, content)
    assert archive.read_bytes(KIVRA, 7) == content
    assert len(archive.read(KIVRA, 7)) == 20_000
    assert archive.largest(KIVRA) == 7
    assert archive.largest("nobody") == 0


def test_an_empty_version_is_kept_and_takes_its_number(any_store: Store) -> None:
    archive = Archive(any_store)
    archive.write(KIVRA, 2, b"")
    assert archive.read_bytes(KIVRA, 2) == b""
    assert archive.largest(KIVRA) == 2
    with pytest.raises(ArchiveConflictError):
        archive.write(KIVRA, 2, b"<urn:a> <urn:b> <urn:c> .\n")


def test_a_document_the_store_changed_is_refused_not_read(any_store: Store) -> None:
    archive = Archive(any_store)
    name = archive.write(KIVRA, 1, b"<urn:a> <urn:b> <urn:c> .\n")
    part = URIRef(f"{name}#part-0")
    tampered = any_store.graph(name)
    tampered.set((part, STATE.text, Literal("<urn:evil> <urn:b> <urn:c> .\n")))
    any_store.replace_graph(name, tampered)
    with pytest.raises(StoreError, match="does not match its SHA-256"):
        archive.read_bytes(KIVRA, 1)


def test_numbers_go_on_from_the_archive_when_the_history_was_lost(
    service: Submissions,
) -> None:
    service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Changed once."))
    before = archived(service)
    assert "urn:x-samverkan:archive:kivra:2" in before
    # What an older release did on a change of base: the history graph was dropped.
    service.store.drop_graph(service.layout.history(KIVRA))
    outcome = service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Changed twice."))
    assert outcome.version.number == 3
    after = archived(service)
    assert {name: after[name] for name in before} == before
    assert "urn:x-samverkan:archive:kivra:3" in after


def test_a_number_archived_but_never_recorded_is_not_given_again(
    service: Submissions,
) -> None:
    # A crash after the archive was written and before the store switched leaves a file
    # that no version records.
    service.versions.archive.write(KIVRA, 2, b"<urn:a> <urn:b> <urn:c> .\n")
    outcome = service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "After a crash."))
    assert outcome.version.number == 3
    assert service.versions.archive.read_bytes(KIVRA, 2) == b"<urn:a> <urn:b> <urn:c> .\n"
    assert [v.number for v in service.versions.history(KIVRA)] == [1, 3]


def test_an_overwrite_fails_and_changes_nothing_in_the_store(
    service: Submissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {name: service.store.graph(name) for name in service.store.graph_names()}
    first = service.versions.archive.read_bytes(KIVRA, 1)
    # Numbering gone wrong (say, a bug): the next version would reuse number 1.
    monkeypatch.setattr(service.versions, "next_number", lambda actor, previous: 1)
    with pytest.raises(ArchiveConflictError, match="never overwritten"):
        service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Must not land."))
    after = {name: service.store.graph(name) for name in service.store.graph_names()}
    assert after.keys() == before.keys()
    assert all(len(after[name] ^ before[name]) == 0 for name in before)
    assert service.versions.archive.read_bytes(KIVRA, 1) == first


@pytest.mark.slow
def test_numbers_grow_and_archives_stay_across_a_rebuild_and_restarts(tmp_path: Path) -> None:
    """Submit through a server, rebuild with ``load``, restart on another port, submit."""
    store = tmp_path / "state" / "store"
    base = base_iri_for(free_port())
    build_store(store, base)
    token = token_for(store, KIVRA)
    with running_server(store, free_port(), ["--base-iri", base]) as live:
        assert [_submit(live, base, token, take) for take in ("one", "two")] == [201, 201]
    kept = _archived(store)
    assert {f"urn:x-samverkan:archive:{KIVRA}:{n}" for n in (1, 2, 3)} <= kept.keys()
    # The rebuild: the files of data/ replace the submitted part, as a new version.
    assert main(["load", "--store", str(store), "--replace-submitted"]) == 0
    # Restarted on another port, no base given: the store's own base is kept.
    with running_server(store, free_port(), recorded_base=base) as live:
        assert _submit(live, base, token, "three") == 201
        status, _, body = live.request("GET", f"/id/{KIVRA}/versions.ttl")
    assert status == 200
    history = read_history(Graph().parse(data=body, format="turtle"), GraphLayout(base), KIVRA)
    assert [(v.number, v.activity) for v in history] == [
        (1, "load"),
        (2, "submission"),
        (3, "submission"),
        (4, "load"),
        (5, "submission"),
    ]
    after = _archived(store)
    prefix = f"urn:x-samverkan:archive:{KIVRA}:"
    assert sorted(int(name[len(prefix) :]) for name in after if name.startswith(prefix)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert {name: after[name] for name in kept} == kept
    assert not (store.parent / "versions").exists()  # nothing is kept beside the store


def _archived(store: Path) -> dict[str, bytes]:
    opened = OxigraphStore(store)
    try:
        return Archive(opened).documents(KIVRA)
    finally:
        opened.close()


def _submit(live: LiveServer, base: str, token: str, take: str) -> int:
    """Submit Kivra's part, under ``base``, with a description naming ``take``."""
    part = to_deployment(parse_file(PROJECT / "data" / f"{KIVRA}.ttl"), base)
    kivra = GraphLayout(base).actor_iri(KIVRA)
    content = described(part, kivra, f"Take {take}.")
    status, _, _ = live.request(
        "POST",
        f"/submissions/{KIVRA}",
        content.serialize(format="nt", encoding="utf-8"),
        {"Content-Type": "application/n-triples", "Authorization": f"Bearer {token}"},
    )
    return status
