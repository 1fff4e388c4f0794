"""The naive baselines, each run in its own process so that the benchmark can stop it in time.

- ``validate``: pySHACL over the whole merged federation (no context query, no focus
  nodes), with the same shapes, ontology and options as Samverkan's validator; writes the
  results about the submission's items as JSON.
- ``closure``: owlrl's full OWL 2 RL closure of ontology plus federation.

::

    python -m bench.naive validate --data merged.nq --items items.txt --out results.json
    python -m bench.naive closure --data merged.nq --out closure.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import owlrl
import pyoxigraph as ox
from rdflib import Graph, URIRef

from samverkan.config import load_settings
from samverkan.namespaces import CANONICAL_BASE
from samverkan.terms import graph_from_triples
from samverkan.validation import Report, Validator

PROJECT = Path(__file__).resolve().parents[1]


def result_keys(report: Report, items: set[str]) -> list[list[str]]:
    """Return the report's results about ``items`` as comparable rows, sorted."""
    rows = {
        (r.rule or "", r.severity.value, str(r.focus), r.path or "", str(r.value or ""))
        for r in report.results
        if str(r.focus) in items
    }
    return [list(row) for row in sorted(rows)]


def validate(data: Path, items: set[str]) -> dict[str, object]:
    """Validate the whole of ``data``; return the seconds and the results about ``items``."""
    graph = _read(data)
    settings = load_settings({"project_dir": PROJECT, "base_iri": CANONICAL_BASE}, environ={})
    validator = Validator.from_project(settings)
    started = time.perf_counter()
    report = validator.validate(graph)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "results": result_keys(report, items)}


def closure(data: Path) -> dict[str, object]:
    """Compute owlrl's OWL-RL closure of ``data``; return the seconds and the triples added."""
    graph = _read(data)
    before = len(graph)
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return {"seconds": time.perf_counter() - started, "added": len(graph) - before}


def _read(path: Path) -> Graph:
    return graph_from_triples(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def main() -> None:
    """Run one baseline and write what it measured as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", choices=("validate", "closure"))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--items", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.baseline == "validate":
        items = set(args.items.read_text().split()) if args.items else set()
        answer = validate(args.data, items)
    else:
        answer = closure(args.data)
    args.out.write_text(json.dumps(answer))


def items_of(graph: Graph) -> set[str]:
    """Return the IRI subjects of ``graph`` as strings."""
    return {str(s) for s in graph.subjects() if isinstance(s, URIRef)}


if __name__ == "__main__":
    main()
