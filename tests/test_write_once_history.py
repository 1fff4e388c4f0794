"""Write-once history: version numbers only grow, and an archived version is never rewritten.

The next number is one above both what the history graph records and what the archive
folder holds, so neither a history that was lost (a store rebuilt by an older release) nor
a crash between archiving and recording makes a number be given twice. The last test
rebuilds the store with ``samverkan load`` and restarts a real server around it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.errors import ArchiveConflictError
from samverkan.namespaces import ID
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.archive import Archive
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
    """Return every file of Kivra's archive folder, by name."""
    folder = service.versions.archive.root / KIVRA
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_an_archived_version_is_never_overwritten(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "versions")
    path = archive.write(KIVRA, 1, b"<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(ArchiveConflictError, match="version 1 of 'kivra' is archived already"):
        archive.write(KIVRA, 1, b"<urn:x> <urn:y> <urn:z> .\n")
    assert path.read_bytes() == b"<urn:a> <urn:b> <urn:c> .\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["000001.nt"]


def test_a_report_is_never_overwritten_either(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "versions")
    archive.write_report(KIVRA, 3, "# first\n")
    with pytest.raises(ArchiveConflictError, match="report of version 3"):
        archive.write_report(KIVRA, 3, "# second\n")
    assert archive.read_report(KIVRA, 3) == "# first\n"


def test_an_archived_file_is_readable_by_others_and_complete(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "versions")
    path = archive.write(KIVRA, 12, b"<urn:a> <urn:b> <urn:c> .\n")
    assert path.name == "000012.nt"
    assert os.stat(path).st_mode & 0o777 == 0o644
    assert archive.largest(KIVRA) == 12
    assert archive.largest("nobody") == 0


def test_numbers_go_on_from_the_archive_when_the_history_was_lost(
    service: Submissions,
) -> None:
    service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Changed once."))
    before = archived(service)
    assert "000002.nt" in before
    # What an older release did on a change of base: the history graph was dropped.
    service.store.drop_graph(service.layout.history(KIVRA))
    outcome = service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Changed twice."))
    assert outcome.version.number == 3
    after = archived(service)
    assert {name: after[name] for name in before} == before
    assert "000003.nt" in after


def test_a_number_archived_but_never_recorded_is_not_given_again(
    service: Submissions,
) -> None:
    # A crash after the archive was written and before the store switched leaves a file
    # that no version records.
    orphan = service.versions.archive.write(KIVRA, 2, b"<urn:a> <urn:b> <urn:c> .\n")
    outcome = service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "After a crash."))
    assert outcome.version.number == 3
    assert orphan.read_bytes() == b"<urn:a> <urn:b> <urn:c> .\n"
    assert [v.number for v in service.versions.history(KIVRA)] == [1, 3]


def test_an_overwrite_fails_and_changes_nothing_in_the_store(
    service: Submissions, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {name: service.store.graph(name) for name in service.store.graph_names()}
    first = (service.versions.archive.root / KIVRA / "000001.nt").read_bytes()
    # Numbering gone wrong (say, a bug): the next version would reuse number 1.
    monkeypatch.setattr(service.versions, "next_number", lambda actor, previous: 1)
    with pytest.raises(ArchiveConflictError, match="never overwritten"):
        service.submit(KIVRA, described(kivra_part(service), ID[KIVRA], "Must not land."))
    after = {name: service.store.graph(name) for name in service.store.graph_names()}
    assert after.keys() == before.keys()
    assert all(len(after[name] ^ before[name]) == 0 for name in before)
    assert (service.versions.archive.root / KIVRA / "000001.nt").read_bytes() == first


@pytest.mark.slow
def test_numbers_grow_and_archives_stay_across_a_rebuild_and_restarts(tmp_path: Path) -> None:
    """Submit through a server, rebuild with ``load``, restart on another port, submit."""
    store = tmp_path / "state" / "store"
    base = base_iri_for(free_port())
    build_store(store, base)
    token = token_for(store, KIVRA)
    archive = store.parent / "versions" / KIVRA
    with running_server(store, free_port(), ["--base-iri", base]) as live:
        assert [_submit(live, base, token, take) for take in ("one", "two")] == [201, 201]
    kept = {path.name: path.read_bytes() for path in archive.iterdir()}
    assert {"000001.nt", "000002.nt", "000003.nt"} <= kept.keys()
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
    numbers = sorted(int(p.name[:6]) for p in archive.iterdir() if p.name.endswith(".nt"))
    assert numbers == [1, 2, 3, 4, 5]
    for name, content in kept.items():
        assert (archive / name).read_bytes() == content, name


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
