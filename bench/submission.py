"""Validate one actor's new part in context, and bring the inferences up to date after it.

The submission is actor ``a1``'s generated part (about 1 030 triples) with one process moved:
process ``p9`` and its four activities become ``p10``, realising another life event, so the
change reaches through the traceability chains. It is measured against:

- validation: pySHACL over the whole merged federation (the naive way), in a process stopped
  after a time limit; the results about the submission's items are compared;
- inference: a full rebuild of the inferred graph (ours, in Oxigraph), whose result must equal
  the incremental one, and owlrl's full OWL-RL closure, stopped after the same time limit.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from bench.dataset import ACTOR, ID, LAYOUT, PROJECT, SAM
from bench.naive import items_of, result_keys
from samverkan.config import load_settings
from samverkan.namespaces import CANONICAL_BASE
from samverkan.reasoning import inference_change, without_blank_nodes
from samverkan.reasoning.materialise import materialise_store
from samverkan.storage import GraphScope, OxigraphStore
from samverkan.submissions.service import Submissions
from samverkan.validation import Report, Validator

#: A validation slower than this is timed once (its first run), not warmed up and repeated.
SLOW_SECONDS = 10.0


@dataclass
class Capped:
    """A baseline run under a time limit: its seconds, or that it did not finish."""

    limit: float
    seconds: float | None = None
    skipped: bool = False
    answer: dict[str, object] = field(default_factory=dict)

    def text(self) -> str:
        """Say what happened, as the table shows it."""
        if self.skipped:
            return "not run"
        if self.seconds is None:
            return f"did not finish within {self.limit:.0f} s"
        return f"{self.seconds:.2f} s"


@dataclass
class SubmissionFigures:
    """What the submission phase measured."""

    triples: int = 0
    label_index_seconds: float = 0.0
    validate_seconds: float = 0.0
    validate_runs: int = 0
    conforms: bool = False
    results: int = 0
    ours: list[list[str]] = field(default_factory=list)
    turbo_seconds: float = 0.0
    turbo_same: bool | None = None
    naive: Capped = field(default_factory=lambda: Capped(0, skipped=True))
    same_results: bool | None = None
    incremental_seconds: float = 0.0
    removed: int = 0
    added: int = 0
    rebuild_seconds: float = 0.0
    rebuild_equal: bool | None = None
    owlrl: Capped = field(default_factory=lambda: Capped(0, skipped=True))


def measure(store_path: Path, work: Path, limit: float, runs: int) -> SubmissionFigures:
    """Measure validation (``runs`` times, after a warm-up) and inference for the submission
    on the store at ``store_path``; stop each naive baseline after ``limit`` s (0: skip it)."""
    figures = SubmissionFigures()
    store = OxigraphStore(store_path)
    try:
        submission = make_submission(store.graph(LAYOUT.actor(ACTOR)))
        figures.triples = len(submission)
        started = time.perf_counter()
        store.labelled((), GraphScope(""))  # what warm_up reads when the server starts
        figures.label_index_seconds = time.perf_counter() - started
        _validate(store, store_path, submission, runs, figures)
        if limit > 0:
            merged = _merged(store, submission, work / "merged.nq", with_ontology=False)
            figures.naive = _naive_validation(merged, submission, work, limit)
            _compare(figures)
        _update_inferences(store, submission, figures)
        if limit > 0:
            merged = _merged(store, submission, work / "merged.nq", with_ontology=True)
            figures.owlrl = _capped(["closure", "--data", str(merged)], work, limit)
    finally:
        store.close()
    _rebuild(store_path, figures)
    return figures


def make_submission(part: Graph) -> Graph:
    """Return ``part`` with process p9 (and its activities) moved to p10 and another event."""
    actor = f"{ID}{ACTOR}"
    old, new = f"{actor}/process/p9", f"{actor}/process/p10"
    moved = Graph()
    for s, p, o in part:
        s2, o2 = _rename(s, actor), _rename(o, actor)
        if str(s) == old and str(p) == SAM + "realisesEvent":
            o2 = URIRef(f"{ID}hub/life-event/s9e4")
        moved.add((s2, p, o2))
    assert moved != part and URIRef(new) in set(moved.subjects())
    return moved


def _rename(term: Node, actor: str) -> Node:
    """Rename the IRIs of process p9 and its activities to p10."""
    text = str(term)
    for kind in ("process/p9", "activity/p9a"):
        if isinstance(term, URIRef) and text.startswith(f"{actor}/{kind}"):
            return URIRef(text.replace("/p9", "/p10", 1))
    return term


def _validate(
    store: OxigraphStore, path: Path, submission: Graph, runs: int, f: SubmissionFigures
) -> None:
    """Time Samverkan's validation in context with pySHACL, the reference, and again with the
    faster engine behind the switch (median of a few runs after a warm-up each)."""
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": path, "base_iri": CANONICAL_BASE}, environ={}
    )
    reference = Validator.from_project(settings)
    f.validate_seconds, f.validate_runs, report = _time_validation(
        Submissions(settings, store, reference), submission, runs
    )
    f.conforms = report.conforms
    f.results = len(report.results)
    f.ours = result_keys(report, items_of(submission))
    turbo = Validator(reference.shapes, reference.ontology, engine="turbo")
    f.turbo_seconds, _, fast = _time_validation(
        Submissions(settings, store, turbo), submission, runs
    )
    f.turbo_same = result_keys(fast, items_of(submission)) == f.ours


def _time_validation(
    submissions: Submissions, submission: Graph, runs: int
) -> tuple[float, int, Report]:
    """Return the median seconds, the number of timed runs, and the report."""
    started = time.perf_counter()
    report = submissions.validate(submission, ACTOR)
    seconds = [time.perf_counter() - started]
    if seconds[0] < SLOW_SECONDS:
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            report = submissions.validate(submission, ACTOR)
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), len(seconds), report


def _merged(store: OxigraphStore, submission: Graph, out: Path, with_ontology: bool) -> Path:
    """Write the federation with the submission in place of the actor's part, as N-Quads."""
    names = [g for g in store.graph_names() if LAYOUT.actor_slug(g) not in (None, ACTOR)]
    if with_ontology:
        names.append(LAYOUT.ontology)
    with out.open("wb") as output:
        store.dump(output, sorted(names))
        output.write(submission.serialize(format="nt", encoding="utf-8"))
    return out


def _naive_validation(merged: Path, submission: Graph, work: Path, limit: float) -> Capped:
    items = work / "items.txt"
    items.write_text("\n".join(sorted(items_of(submission))))
    arguments = ["validate", "--data", str(merged), "--items", str(items)]
    capped = _capped(arguments, work, limit)
    return capped


def _capped(arguments: list[str], work: Path, limit: float) -> Capped:
    """Run ``python -m bench.naive ARGUMENTS`` for at most ``limit`` seconds."""
    out = work / "naive.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.naive", *arguments, "--out", str(out)]
    capped = Capped(limit)
    try:
        subprocess.run(command, cwd=PROJECT, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return capped
    capped.answer = json.loads(out.read_text())
    seconds = capped.answer["seconds"]
    assert isinstance(seconds, float)
    capped.seconds = seconds
    return capped


def _compare(f: SubmissionFigures) -> None:
    if f.naive.seconds is not None:
        f.same_results = f.naive.answer.get("results") == f.ours


def _update_inferences(store: OxigraphStore, submission: Graph, f: SubmissionFigures) -> None:
    """Land the submission's inferences incrementally, as a submission does; time it."""
    ontology = store.graph(LAYOUT.ontology)
    current = store.graph(LAYOUT.actor(ACTOR))
    started = time.perf_counter()
    change = inference_change(store, LAYOUT, ontology, ACTOR, current, submission)
    store.apply(
        replace={LAYOUT.actor(ACTOR): submission},
        remove={LAYOUT.inferred: change.remove},
        add={LAYOUT.inferred: without_blank_nodes(change.add)},
    )
    f.incremental_seconds = time.perf_counter() - started
    f.removed, f.added = len(change.remove), len(without_blank_nodes(change.add))


def _rebuild(store_path: Path, f: SubmissionFigures) -> None:
    """Rebuild the inferred graph from scratch; check it equals the incremental result."""
    store = ox.Store(str(store_path))
    try:
        incremental = _inferred_lines(store)
        started = time.perf_counter()
        materialise_store(store, LAYOUT)
        f.rebuild_seconds = time.perf_counter() - started
        f.rebuild_equal = _inferred_lines(store) == incremental
    finally:
        del store


def _inferred_lines(store: ox.Store) -> list[bytes]:
    inferred = ox.NamedNode(str(LAYOUT.inferred))
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=inferred)
    assert text is not None
    return sorted(text.splitlines())
