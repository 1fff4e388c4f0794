"""Without the guideline shapes or the ontology nothing is validated: never "conforms".

A validation with no shapes finds every document conforming, so a missing or empty shapes
folder, a shapes graph without a shape that targets anything, or a missing ontology makes
every validation and submission refuse: exit status 2 on the command line, 503 over HTTP,
each with a message saying what is missing and where.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph

from federations import KIVRA, TURTLE, Federation, described_anew, serving, turtle
from samverkan.cli import main
from samverkan.config import Settings
from samverkan.errors import ConfigurationError
from samverkan.namespaces import CANONICAL_BASE
from samverkan.rdfio import parse_file
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.validation import Validator
from test_cli import BAD, GOOD
from test_web_jobs import finished, wait_for

PROJECT = Path(__file__).resolve().parents[1]
#: A shapes file that parses, and holds no shape that targets anything.
NO_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:note a ex:Remark ; ex:says "the shapes went elsewhere" .
ex:Untargeted a sh:NodeShape ; sh:property [ sh:path ex:says ; sh:minCount 1 ] .
"""


def without_shapes(project: Path) -> None:
    shutil.rmtree(project / "shapes")


def with_an_empty_shapes_folder(project: Path) -> None:
    for path in (project / "shapes").iterdir():
        path.unlink()


def with_shapes_that_target_nothing(project: Path) -> None:
    with_an_empty_shapes_folder(project)
    (project / "shapes" / "guidelines.ttl").write_text(NO_SHAPES, encoding="utf-8")


def without_ontology(project: Path) -> None:
    shutil.rmtree(project / "ontology")


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "no shapes folder": (without_shapes, "shapes folder"),
    "an empty shapes folder": (with_an_empty_shapes_folder, "no Turtle file"),
    "shapes that target nothing": (with_shapes_that_target_nothing, "no SHACL shape with a target"),
    "no ontology folder": (without_ontology, "ontology folder"),
}


def project_copy(folder: Path) -> Path:
    """Copy the project's ontology, shapes, queries and example federation into ``folder``."""
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(PROJECT / name, folder / name)
    return folder


@pytest.fixture(params=sorted(BROKEN))
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the project broken one way, and what the refusal must say."""
    breaks, message = BROKEN[request.param]
    project = project_copy(tmp_path / "project")
    breaks(project)
    return project, message


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SAMVERKAN_PROJECT_DIR", "SAMVERKAN_STORE_PATH", "SAMVERKAN_BASE_IRI"):
        monkeypatch.delenv(name, raising=False)


# --- constructing a validator ---------------------------------------------------------------


def test_a_validator_refuses_a_broken_project(broken: tuple[Path, str]) -> None:
    project, message = broken
    with pytest.raises(ConfigurationError, match=message):
        Validator.from_dirs(project / "shapes", project / "ontology")


def test_a_validator_takes_a_shape_targeted_implicitly(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    with_an_empty_shapes_folder(project)
    (project / "shapes" / "implicit.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/Thing> a sh:NodeShape, rdfs:Class ;\n"
        "    sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    validator = Validator.from_dirs(project / "shapes", project / "ontology")
    thing = parse_file_text(tmp_path, "<https://example.org/x> a <https://example.org/Thing> .")
    assert validator.validate(thing).conforms is False


def parse_file_text(folder: Path, text: str) -> Graph:
    path = folder / "data.ttl"
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


# --- on the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [GOOD, BAD], ids=["conforming", "violating"])
def test_validate_exits_2_and_says_what_is_missing(
    broken: tuple[Path, str],
    text: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project, message = broken
    monkeypatch.setenv("SAMVERKAN_PROJECT_DIR", str(project))
    file = tmp_path / "file.ttl"
    file.write_text(text, encoding="utf-8")
    assert main(["validate", str(file)]) == 2
    shown = capsys.readouterr()
    assert shown.out == ""
    assert message in shown.err
    assert "cannot validate" in shown.err


def test_submit_to_a_store_without_shapes_exits_2_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_copy(tmp_path / "project")
    with_shapes_that_target_nothing(project)
    monkeypatch.setenv("SAMVERKAN_PROJECT_DIR", str(project))
    where = ["--store", str(tmp_path / "state" / "store"), "--base-iri", CANONICAL_BASE]
    assert main(["load", *where]) == 0
    before = store_counts(tmp_path / "state" / "store")
    file = tmp_path / "kivra.ttl"
    file.write_bytes(turtle(described_anew(parse_file(project / "data" / "kivra.ttl"), "New.")))
    capsys.readouterr()
    assert main(["submit", str(file), "--actor", KIVRA, *where]) == 2
    shown = capsys.readouterr()
    assert "no SHACL shape with a target" in shown.err
    assert str(GraphLayout(CANONICAL_BASE).shapes) in shown.err
    assert "accepted" not in shown.out
    assert store_counts(tmp_path / "state" / "store") == before
    assert not any((tmp_path / "state").glob("**/000002*"))


def store_counts(path: Path) -> dict[str, int]:
    store = OxigraphStore(path)
    try:
        return {str(name): store.count(name) for name in store.graph_names()}
    finally:
        store.close()


# --- over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def unshaped(broken: tuple[Path, str], state_copy: Settings) -> Iterator[tuple[Federation, str]]:
    """The example federation served with the project's folders broken one way."""
    project, message = broken
    with serving(replace(state_copy, project_dir=project)) as served:
        yield served, message


def test_a_validation_is_503_with_the_reason(unshaped: tuple[Federation, str]) -> None:
    federation, message = unshaped
    body = turtle(federation.part(KIVRA))
    for accept in ("application/json", "text/plain"):
        answer = federation.client().post(
            f"/validate?actor={KIVRA}", data=body, content_type=TURTLE, headers={"Accept": accept}
        )
        assert answer.status_code == 503
        assert message in answer.get_data(as_text=True)
        assert "conforms" not in answer.get_data(as_text=True)


def test_a_submission_is_503_and_changes_nothing(unshaped: tuple[Federation, str]) -> None:
    federation, message = unshaped
    before = federation.snapshot()
    new = described_anew(federation.part(KIVRA), "Kivra, submitted without shapes.")
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=turtle(new),
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="application/json"),
    )
    assert answer.status_code == 503
    assert message in answer.get_json()["message"]
    assert federation.snapshot() == before


def test_a_validation_job_ends_503(unshaped: tuple[Federation, str]) -> None:
    federation, message = unshaped
    client = federation.client()
    started = client.post(
        "/validate",
        data=turtle(federation.part(KIVRA)),
        content_type=TURTLE,
        headers={"Prefer": "respond-async", "Accept": "application/json"},
    )
    assert started.status_code == 202
    *_, state = wait_for(client, started.headers["Location"], finished)
    result = client.get(state["result"], headers={"Accept": "application/json"})
    assert (state["status"], result.status_code) == (503, 503)
    assert message in result.get_json()["message"]
