"""The README keeps its promises: two commands, and an alignment row for every term."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from samverkan.namespaces import SAM

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
SERVE = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/samverkan serve"
TEST = "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/python -m pytest"


def test_the_readme_gives_the_two_commands() -> None:
    assert SERVE in README
    assert TEST in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    run = TEST.rsplit(" && ", 1)[1]
    assert "python3 -m venv .venv" in ci
    assert ".venv/bin/pip install --quiet -e '.[dev]'" in ci
    assert re.search(rf"^{re.escape(run)}$", ci, re.MULTILINE)


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
