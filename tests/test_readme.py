"""The README keeps its promises: two commands, and an alignment row for every term."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from samverkan.namespaces import SAM

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
SERVE = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/samverkan serve"
#: The test command: it installs what the tests need, makes .venv and runs pytest.
TEST = "tests/run"


def test_the_readme_gives_the_two_commands() -> None:
    blocks = re.findall(r"^```sh\n(.*?)\n```$", README, re.MULTILINE | re.DOTALL)
    assert SERVE in blocks
    assert TEST in blocks


def test_the_test_command_installs_the_package_and_runs_the_whole_suite() -> None:
    command = PROJECT / TEST
    assert os.access(command, os.X_OK)
    lines = command.read_text(encoding="utf-8").splitlines()
    assert "python3 -m venv .venv" in lines
    assert ".venv/bin/pip install --quiet -e '.[dev]'" in lines
    assert lines[-1] == 'exec .venv/bin/python -m pytest "$@"'
    for package in ("virtuoso-opensource", "chromium", "nginx", "python3-venv"):
        assert f"missing+=({package})" in command.read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(TEST)}$", ci, re.MULTILINE)


def test_the_alignment_table_has_a_row_for_every_class_and_property(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {
        str(t)[len(str(SAM)) :]
        for kind in kinds
        for t in ontology.subjects(RDF.type, kind)
        if isinstance(t, URIRef) and str(t).startswith(str(SAM))
    }
    rows = set(re.findall(r"^\| `sam:(\w+)`", README, re.MULTILINE))
    assert sorted(terms - rows) == []


def test_the_layout_gives_every_folder_of_the_package_one_line() -> None:
    section = README.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)/` \|", section, re.MULTILINE)
    assert len(rows) == len(set(rows)), "one line a folder"
    package = PROJECT / "src" / "samverkan"
    folders = {
        str(path.relative_to(PROJECT))
        for path in package.rglob("*")
        if path.is_dir()
        and not path.is_symlink()
        and "__pycache__" not in path.parts
        and path.parent != package / "bundled"
    }
    assert sorted(folders - set(rows)) == []
    assert sorted(row for row in rows if not (PROJECT / row).is_dir()) == []
