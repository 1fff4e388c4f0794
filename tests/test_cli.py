"""The command line, as a user meets it: exit statuses, reports and tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from broken_documents import BROKEN
from catalog_text import holds, syntax
from samverkan.cli import main
from samverkan.messages import message
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


# A new actor's process and service, linked to DIGG's life event, concept and channel: only
# in the context of the federation do the items they refer to have the types the rules want.
NEW_ACTOR = (
    GOOD
    + """
<https://samverkan.example.org/id/test/process/birth-gift> a sam:Process ;
    sam:owner <https://samverkan.example.org/id/test> ;
    sam:realisesEvent <https://samverkan.example.org/id/digg/life-event/having-a-baby> ;
    rdfs:label "Födelsegåva"@sv, "Birth gift"@en ;
    dct:description "En gåva när ett barn föds."@sv, "A gift when a child is born."@en .
<https://samverkan.example.org/id/test/information/gift-receiver> a sam:Information ;
    sam:owner <https://samverkan.example.org/id/test> ;
    sam:representsConcept <https://samverkan.example.org/id/test/concept/gift> ;
    rdfs:label "Gåvomottagare"@sv, "Gift receiver"@en ;
    dct:description "Vem som får gåvan."@sv, "Who receives the gift."@en .
<https://samverkan.example.org/id/test/concept/gift> a sam:Concept ;
    sam:owner <https://samverkan.example.org/id/test> ;
    rdfs:label "Gåva"@sv, "Gift"@en ;
    dct:description "Något som ges bort."@sv, "Something given away."@en .
"""
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture(autouse=True)
def no_store_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command from a folder without a store (the default --store is relative)."""
    monkeypatch.chdir(tmp_path)


def nowhere(tmp_path: Path) -> list[str]:
    """Return the options naming a store that does not exist."""
    return ["--store", str(tmp_path / "no-store")]


def test_a_conforming_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *nowhere(tmp_path), str(write(tmp_path, "good.ttl", GOOD))]) == 0
    assert "0 violations" in capsys.readouterr().out


def test_a_new_actors_file_conforms_in_the_example_federation_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "new.ttl", NEW_ACTOR)
    assert main(["validate", *nowhere(tmp_path), str(path)]) == 0
    captured = capsys.readouterr()
    assert "0 violations" in captured.out
    assert "in the context of the example federation in" in captured.err


def test_alone_the_new_actors_file_breaks_the_rules(tmp_path: Path) -> None:
    """What the context brings: without DIGG's life event, the process traces to nothing."""
    from samverkan.rdfio import parse_file
    from samverkan.validation import Validator

    report = Validator.from_project().validate(parse_file(write(tmp_path, "new.ttl", NEW_ACTOR)))
    assert report.rules() == {"2"}


def test_validation_uses_the_store_when_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", str(tmp_path / "store"), "--base-iri", CANONICAL_BASE]
    assert main(["load", *store]) == 0
    capsys.readouterr()
    assert main(["validate", *store, str(write(tmp_path, "new.ttl", NEW_ACTOR))]) == 0
    assert f"in the context of the store at {tmp_path / 'store'}" in capsys.readouterr().err


def test_a_violation_exits_1_and_the_report_names_rule_focus_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", *nowhere(tmp_path), str(write(tmp_path, "bad.ttl", BAD))]) == 1
    out = capsys.readouterr().out
    assert "Rule 2" in out
    assert "id/test/activity/orphan" in out
    assert "sam:partOfProcess" in out


def test_the_report_speaks_swedish_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", *nowhere(tmp_path), "--lang", "sv", str(write(tmp_path, "bad.ttl", BAD))])
    out = capsys.readouterr().out
    assert "Regel 2" in out
    assert "uppfyller INTE reglerna" in out


def test_json_output_is_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", *nowhere(tmp_path), "--format", "json", str(write(tmp_path, "bad.ttl", BAD))])
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    assert {(r["rule"], r["severity"]) for r in report["results"]} == {("2", "Violation")}


def test_turtle_output_is_a_shacl_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        ["validate", *nowhere(tmp_path), "--format", "turtle", str(write(tmp_path, "bad.ttl", BAD))]
    )
    assert "sh:ValidationReport" in capsys.readouterr().out


def test_a_parse_error_exits_2_naming_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "broken.ttl", GOOD.replace('"An agency for tests."@en .', '"x"@en ex:y .')
    )
    assert main(["validate", *nowhere(tmp_path), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 7, column" in err


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("extension", sorted(BROKEN))
def test_a_parse_error_is_the_catalogs_text_in_the_asked_language_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extension: str, lang: str
) -> None:
    document, line, before = BROKEN[extension]
    path = tmp_path / f"broken{extension}"
    path.write_bytes(document)
    assert main(["validate", *nowhere(tmp_path), "--lang", lang, str(path)]) == 2
    err = capsys.readouterr().err
    assert holds(err, syntax(str(path), line, before=before), lang), err


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_refused_construct_is_the_catalogs_text_in_the_asked_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    path = tmp_path / "entities.rdf"
    path.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY e "x"> ]>\n<a/>\n')
    assert main(["validate", *nowhere(tmp_path), "--lang", lang, str(path)]) == 2
    where = message("at_line_column", source=str(path), line=2, column=1)
    said = message("dtd_refused", where=where, construct="DOCTYPE")
    assert said.text(lang) in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *nowhere(tmp_path), str(tmp_path / "nowhere.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_missing_file_is_named_in_swedish_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere.ttl")
    assert main(["validate", *nowhere(tmp_path), "--lang", "sv", missing]) == 2
    assert message("no_such_file", paths=missing).text("sv") in capsys.readouterr().err


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


def test_an_actor_that_is_no_slug_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "good.ttl", GOOD)
    assert main(["validate", *nowhere(tmp_path), "--actor", "Not A Slug", str(path)]) == 2
    assert "actor slug" in capsys.readouterr().err
