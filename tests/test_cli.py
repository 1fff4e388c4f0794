"""The command line, as a user meets it: exit statuses, reports and tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from samverkan.cli import main
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import GraphLayout, OxigraphStore

PROJECT = Path(__file__).resolve().parents[1]

GOOD = """
@prefix sam: <https://samverkan.example.org/def/samverkan#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://samverkan.example.org/id/test> a sam:PublicActor ;
    rdfs:label "Testverket"@sv, "Test Agency"@en ;
    dct:description "En myndighet för tester."@sv, "An agency for tests."@en .
"""

# An activity that belongs to no process breaks guideline rule 2.
BAD = (
    GOOD
    + """
<https://samverkan.example.org/id/test/activity/orphan> a sam:Activity ;
    sam:owner <https://samverkan.example.org/id/test> ;
    rdfs:label "Föräldralös aktivitet"@sv, "Orphan activity"@en ;
    dct:description "Hör inte till någon process."@sv, "Belongs to no process."@en .
"""
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_conforming_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(write(tmp_path, "good.ttl", GOOD))]) == 0
    assert "0 violations" in capsys.readouterr().out


def test_a_violation_exits_1_and_the_report_names_rule_focus_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(write(tmp_path, "bad.ttl", BAD))]) == 1
    out = capsys.readouterr().out
    assert "Rule 2" in out
    assert "id/test/activity/orphan" in out
    assert "sam:partOfProcess" in out


def test_the_report_speaks_swedish_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", "--lang", "sv", str(write(tmp_path, "bad.ttl", BAD))])
    out = capsys.readouterr().out
    assert "Regel 2" in out
    assert "uppfyller INTE reglerna" in out


def test_json_output_is_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--format", "json", str(write(tmp_path, "bad.ttl", BAD))])
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    assert {(r["rule"], r["severity"]) for r in report["results"]} == {("2", "Violation")}


def test_turtle_output_is_a_shacl_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", "--format", "turtle", str(write(tmp_path, "bad.ttl", BAD))])
    assert "sh:ValidationReport" in capsys.readouterr().out


def test_a_parse_error_exits_2_naming_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "broken.ttl", GOOD.replace('"An agency for tests."@en .', '"x"@en ex:y .')
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 7, column" in err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_load_builds_the_store_and_query_lists_and_runs_named_queries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store")
    assert main(["load", "--store", store]) == 0
    assert "graph/actor/skatteverket" in capsys.readouterr().out
    assert main(["query", "--store", store]) == 0
    listing = capsys.readouterr().out
    assert "actor-inventory" in listing
    actor = "https://samverkan.example.org/id/skatteverket"
    assert main(["query", "--store", store, "actor-inventory", "--param", f"actor={actor}"]) == 0
    assert "rows)" in capsys.readouterr().out


def test_an_unknown_query_names_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "no-such-query"]) == 2
    assert "known queries" in capsys.readouterr().err


def test_reason_rebuilds_the_inferred_triples_load_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store"
    where = ["--store", str(path), "--base-iri", CANONICAL_BASE]
    assert main(["load", *where]) == 0
    inferred = GraphLayout(CANONICAL_BASE).inferred
    store = OxigraphStore(path)
    loaded = store.graph(inferred)
    assert len(loaded) > 1000
    store.drop_graph(inferred)
    store.close()
    capsys.readouterr()

    assert main(["reason", *where]) == 0

    assert f"{len(loaded):>8}  inferred triples in {path}" in capsys.readouterr().out
    store = OxigraphStore(path)
    try:
        assert isomorphic(store.graph(inferred), loaded)
    finally:
        store.close()
