"""An archive folder of an earlier release (files beside the store) is imported into the
store once, each file compared with what the store then holds; the files stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from samverkan.config import Settings
from samverkan.namespaces import ID
from samverkan.storage import OxigraphStore
from samverkan.submissions.archive import Archive, import_folder
from samverkan.submissions.service import Submissions
from samverkan.validation import Validator

KIVRA = "kivra"
REPORT = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n[] a sh:ValidationReport ; sh:conforms true .\n"
)


def as_an_earlier_release_kept_it(store: OxigraphStore, folder: Path) -> dict[Path, bytes]:
    """Move every archived document of the store into files, as earlier releases kept
    them (``<actor>/<number>.nt``, ``.report.ttl``), plus a version 2 of Kivra that a crash
    left archived but never recorded; return the files."""
    files: dict[Path, bytes] = {}
    for name in sorted(store.graph_names()):
        kind, actor, number = ([*str(name).split(":"), "", "", ""])[2:5]
        if str(name).startswith("urn:x-samverkan:") and kind in ("archive", "report"):
            suffix = ".nt" if kind == "archive" else ".report.ttl"
            text = Archive(store).documents(actor)[str(name)]
            files[folder / actor / f"{int(number):06d}{suffix}"] = text
            store.drop_graph(name)
    files[folder / KIVRA / "000002.nt"] = b"<urn:a> <urn:b> <urn:c> .\n"
    files[folder / KIVRA / "000002.report.ttl"] = REPORT.encode()
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


def test_an_archive_folder_is_imported_once_and_kept(
    state_copy: Settings, validator: Validator, capsys: pytest.CaptureFixture[str]
) -> None:
    store = OxigraphStore(state_copy.store_path)
    try:
        folder = state_copy.state_dir / "versions"
        files = as_an_earlier_release_kept_it(store, folder)
        assert not any(
            str(name).startswith("urn:x-samverkan:archive") for name in store.graph_names()
        )
        capsys.readouterr()
        service = Submissions(state_copy, store, validator)  # opening the store imports
        assert f"imported {len(files)} archived versions and reports from {folder}" in (
            capsys.readouterr().err
        )
        archive = service.versions.archive
        for path, content in files.items():
            number = int(path.name[:6])
            if path.name.endswith(".report.ttl"):
                assert archive.read_report(path.parent.name, number) == content.decode()
            else:
                assert archive.read_bytes(path.parent.name, number) == content
            assert path.read_bytes() == content  # the files are kept
        assert import_folder(archive, folder) == 0  # once: nothing is imported again
        # Numbers go on after the imported ones, the unrecorded version 2 included.
        part = store.graph(service.layout.actor(KIVRA))
        for old in list(part.objects(ID[KIVRA], DCTERMS.description)):
            if isinstance(old, Literal) and old.language == "en":
                part.remove((ID[KIVRA], DCTERMS.description, old))
        part.add((ID[KIVRA], DCTERMS.description, Literal("After the move.", lang="en")))
        assert service.submit(KIVRA, part).version.number == 3
        assert service.versions.compare(KIVRA, 1, 3).added
    finally:
        store.close()
