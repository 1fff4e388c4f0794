"""Progress of ``samverkan load`` and ``samverkan submit`` on standard error.

Shown with ``--progress``, or unasked when standard error is a terminal and the input is
large; what the commands print on standard output is the same either way.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.cli import main
from samverkan.namespaces import CANONICAL_BASE
from samverkan.progress import LARGE_INPUT, SUBMISSION, TerminalProgress, wanted
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout
from tokens import token_for

PROJECT = Path(__file__).resolve().parents[1]
KIVRA = "kivra"
SUBMISSION_LINES = [
    "samverkan: [1/5] parsing",
    "samverkan: [2/5] checking sovereignty (rule 8)",
    "samverkan: [3/5] validating against the guideline rules",
    "samverkan: [4/5] updating the inferences",
    "samverkan: [5/5] storing the new version",
]
QUEUED = "samverkan: waiting for its turn"


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings and tokens of the environment out of these tests."""
    for name in ("SAMVERKAN_STORE_PATH", "SAMVERKAN_BASE_IRI", "SAMVERKAN_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def kivra_file(folder: Path, base: str, text: str) -> Path:
    """Write Kivra's part (under ``base``) with a new Swedish description (rule 9)."""
    part = to_deployment(parse_file(PROJECT / "data" / "kivra.ttl"), base)
    kivra = GraphLayout(base).actor_iri(KIVRA)
    part.set((kivra, DCTERMS.description, Literal(text, lang="sv")))
    path = folder / "kivra.ttl"
    path.write_bytes(part.serialize(format="turtle", encoding="utf-8"))
    return path


def store_copy(built: Path, folder: Path) -> list[str]:
    """Copy the built store into ``folder``; return the options that name it."""
    shutil.copytree(built, folder)
    return ["--store", str(folder / "store"), "--base-iri", CANONICAL_BASE]


def without_versions(text: str) -> str:
    return re.sub(r"version[ /]\d+", "version N", text)


# --- samverkan submit ------------------------------------------------------------------------


def test_submitting_with_progress_shows_each_phase_and_prints_the_same(
    built_state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE, "Kivra, with progress.")
    submit = ["submit", str(file), "--actor", KIVRA]
    assert main([*submit, *store_copy(built_state, tmp_path / "quiet")]) == 0
    quiet = capsys.readouterr()
    assert main([*submit, *store_copy(built_state, tmp_path / "shown"), "--progress"]) == 0
    shown = capsys.readouterr()
    assert quiet.err == ""
    assert shown.err.splitlines() == SUBMISSION_LINES
    assert shown.out == quiet.out


def test_unasked_and_not_on_a_terminal_no_progress_is_shown(
    built_state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = kivra_file(tmp_path, CANONICAL_BASE, "Kivra, quietly.")
    store = store_copy(built_state, tmp_path / "state")
    assert main(["submit", str(file), "--actor", KIVRA, *store]) == 0
    assert capsys.readouterr().err == ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A live server over the example federation, and a credential of Kivra's."""
    port = free_port()
    store = tmp_path_factory.mktemp("progress") / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, KIVRA)
    with running_server(store, port) as live:
        yield live, token


def test_submitting_to_a_server_shows_the_upload_and_the_jobs_phases(
    server: tuple[LiveServer, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, token = server
    file = kivra_file(tmp_path, live.base_iri, "Kivra, uploaded with progress.")
    submit = ["submit", str(file), "--actor", KIVRA, "--server", live.base_iri, "--token", token]
    assert main([*submit, "--progress"]) == 0
    shown = capsys.readouterr()
    # A different part, since a part unchanged since its last version makes no new version.
    (tmp_path / "quiet").mkdir()
    other = kivra_file(tmp_path / "quiet", live.base_iri, "Kivra, uploaded quietly.")
    quiet_submit = [*submit[:1], str(other), *submit[2:]]
    assert main(quiet_submit) == 0
    quiet = capsys.readouterr()
    lines = shown.err.splitlines()
    assert lines[0].startswith("samverkan: uploading 0% (0 bytes of")
    assert any(line.startswith("samverkan: uploading 100%") for line in lines)
    # The client shows the phase its job is in at each look (every 0.3 s): which phases
    # it catches depends on the machine's pace, their order does not. The job may not have
    # begun at the first look ("waiting for its turn").
    phases = [line for line in lines if "uploading" not in line]
    assert phases[-1] == "samverkan: finished"
    assert phases[:-1] == [line for line in [QUEUED, *SUBMISSION_LINES] if line in phases]
    assert shown.out.startswith("accepted: version 2 of kivra")
    assert without_versions(shown.out) == without_versions(quiet.out)


# --- samverkan load --------------------------------------------------------------------------


def test_loading_with_progress_shows_each_phase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--store", str(tmp_path / "store"), "--progress"]) == 0
    shown = capsys.readouterr()
    assert shown.err.splitlines() == [
        "samverkan: [1/6] reading the project's files",
        "samverkan: [2/6] updating the inferences",
        "samverkan: [3/6] checking consistency",
        "samverkan: [4/6] recording versions",
        "samverkan: [5/6] storing the new version",
        "samverkan: [6/6] indexing for search",
    ]
    assert "triples in" in shown.out.splitlines()[-1]


# --- On a terminal ---------------------------------------------------------------------------


@pytest.fixture
def terminal() -> Iterator[tuple[io.TextIOWrapper, int]]:
    """A pseudo-terminal: the stream a program writes to, and the end that reads it."""
    reader, writer = os.openpty()
    stream = os.fdopen(writer, "w")
    yield stream, reader
    stream.close()
    os.close(reader)


def everything_written(reader: int) -> bytes:
    """Read what was written to the terminal, up to its end (its writer closed).

    One read may return only part: the kernel hands a pseudo-terminal's output to the
    reading end in steps of its own, later when the machine is busy.
    """
    seen = b""
    while True:
        try:
            chunk = os.read(reader, 4096)
        except OSError:  # EIO: the writing end is closed and everything has been read
            return seen
        if not chunk:
            return seen
        seen += chunk


def test_on_a_terminal_one_line_is_rewritten_and_erased_at_the_end(
    terminal: tuple[io.TextIOWrapper, int],
) -> None:
    stream, reader = terminal
    with TerminalProgress(stream, SUBMISSION) as progress:
        progress("parsing")
        progress("validating")
    stream.close()
    seen = everything_written(reader).decode()
    erase = "\r\x1b[K"
    assert seen == f"{erase}samverkan: [1/5] parsing{erase}{SUBMISSION_LINES[2]}{erase}"


def test_progress_is_shown_unasked_only_on_a_terminal_and_for_a_large_input(
    terminal: tuple[io.TextIOWrapper, int],
) -> None:
    tty, _ = terminal
    assert wanted(None, tty, LARGE_INPUT)
    assert not wanted(None, tty, LARGE_INPUT - 1)
    assert not wanted(None, io.StringIO(), LARGE_INPUT)
    assert wanted(True, io.StringIO(), 0)
    assert not wanted(False, tty, LARGE_INPUT)
