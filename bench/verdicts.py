"""Time verdicts and reports against the reference, in one run, at a size the machine takes.

Measured on a generated federation of ``--size`` triples (bench/generate.py), built into an
Oxigraph store the benchmark's way (bench/dataset.py):

- a submission of about 1 000 triples (actor ``a1``'s part with one process moved, as in
  bench/submission.py) and one of about 20 000 (``a1``'s part plus copies of other actors'
  parts moved under ``a1``), each validated by Samverkan
  (:func:`samverkan.submissions.service.validate_submission`) with each validation engine
  (native, the default; pySHACL; pyshacl-turbo) and by the reference
  (:mod:`samverkan.submissions.reference`: pySHACL over the whole federation before and
  after, no focus nodes); the results are compared by key;
- a report of 1 500 results (the large submission without any descriptions) written in every
  form the server answers with, against rdflib writing pySHACL's report graph as Turtle (what
  plain pySHACL gives).

``python -m bench.verdicts --size 30000 --out bench/results/DATE-verdicts.md``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from bench.dataset import ACTOR, ID, LAYOUT, PROJECT, build, generated, label
from bench.submission import make_submission
from samverkan.config import Settings, load_settings
from samverkan.namespaces import CANONICAL_BASE
from samverkan.storage import OxigraphStore
from samverkan.submissions.reference import federations, validate_whole
from samverkan.submissions.service import validate_submission
from samverkan.validation import Report, Validator
from samverkan.web import create_app
from samverkan.web.submissions.reports import report_response

#: The forms a report is written in, by their ``?format=`` name.
FORMATS = ("json", "ttl", "jsonld", "nt", "html", "txt")
#: How many results the report to write has.
REPORT_RESULTS = 1500


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    """Return the median seconds of ``runs`` runs of ``work`` (after one untimed warm-up)
    and its last answer."""
    answer = work()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), answer


def once(work: Callable[[], object]) -> tuple[float, object]:
    """Return the seconds of one run of ``work`` and its answer."""
    started = time.perf_counter()
    answer = work()
    return time.perf_counter() - started, answer


def widened(store: OxigraphStore, triples: int) -> Graph:
    """Return ``a1``'s part and copies of other actors' parts moved under ``a1``, until the
    submission has at least ``triples`` triples."""
    submission = Graph() + store.graph(LAYOUT.actor(ACTOR))
    others = sorted(
        (name for name in store.graph_names() if LAYOUT.actor_slug(name) not in (None, ACTOR)),
        key=str,
    )
    for name in others:
        if len(submission) >= triples:
            break
        slug = LAYOUT.actor_slug(name)
        assert slug is not None
        for s, p, o in store.graph(name):
            submission.add((_moved(s, slug), p, _moved(o, slug)))
    return submission


def _moved(term: Node, slug: str) -> Node:
    own = f"{ID}{slug}"
    text = str(term)
    if isinstance(term, URIRef) and (text == own or text.startswith(own + "/")):
        return URIRef(f"{ID}{ACTOR}/copy-{slug}{text[len(own) :]}")
    return term


def keys(report: Report) -> Counter[tuple[object, ...]]:
    """Return the report's results by key (what makes two results the same finding)."""
    return Counter(result.key for result in report.results)


#: The engines timed on Samverkan's path, "ours" (the default) first.
ENGINES = ("native", "pyshacl", "turbo")


def verdict_rows(
    store: OxigraphStore, reference: Validator, runs: int, engines: list[str], whole: bool
) -> list[str]:
    """Time both submissions on Samverkan's path with each of ``engines`` (the native one,
    the default; pySHACL; pyshacl-turbo) against the reference (plain pySHACL over the whole
    federation), or without it (``whole`` false: too slow for the size) against the last of
    ``engines``; return the table's rows."""
    validators = {
        engine: Validator(reference.shapes, reference.ontology, engine=engine) for engine in engines
    }
    assert all(v.engine == e for e, v in validators.items()), "no engine fell back"
    rows = []
    for name, submission in (
        ("about 1 000 triples", make_submission(store.graph(LAYOUT.actor(ACTOR)))),
        ("about 20 000 triples", widened(store, 20_000)),
    ):
        seconds, reports = {}, {}
        for engine, validator in validators.items():
            seconds[engine], reports[engine] = timed(
                lambda s=submission, v=validator: validate_submission(v, store, LAYOUT, s, ACTOR),
                runs,
            )
            print(f"{name}: {engine} {seconds[engine]:.2f} s", flush=True)
        if whole:
            ref_s, baseline = once(lambda s=submission: _reference(store, reference, s))
        else:
            ref_s, baseline = seconds[engines[-1]], reports[engines[-1]]
        assert isinstance(baseline, Report)
        times = " | ".join(f"{seconds[e]:.2f}" for e in engines)
        ratios = " | ".join(f"{ref_s / seconds[e]:.1f}" for e in engines)
        same = " / ".join(_same(reports[e], baseline) for e in engines)
        reference_cell = f"{ref_s:.2f}" if whole else "not run"
        rows.append(
            f"| {name} ({len(submission):,}) | {len(baseline.results):,} | {times} | "
            f"{reference_cell} | {ratios} | {same} |"
        )
        print(rows[-1], flush=True)
    return rows


def _same(report: Report, reference: Report) -> str:
    return "yes" if keys(report) == keys(reference) else "**no**"


def _reference(store: OxigraphStore, validator: Validator, submission: Graph) -> Report:
    before, after = federations(store, LAYOUT, ACTOR, submission)
    return validate_whole(validator, before, after, submission)


def report_rows(
    store: OxigraphStore, validator: Validator, settings: Settings, runs: int
) -> list[str]:
    """Time writing a report of :data:`REPORT_RESULTS` results in every form."""
    submission = widened(store, 20_000)
    submission.remove((None, DCTERMS.description, None))
    full = validate_submission(validator, store, LAYOUT, submission, ACTOR)
    kept = {id(r) for r in full.by_rule_flat()[:REPORT_RESULTS]}
    report = full.keeping(lambda r: id(r) in kept)
    baseline_s, _ = timed(lambda: report.graph.serialize(format="turtle"), runs)
    app = create_app({"TESTING": True}, settings=settings, store=store)
    rows = [f"| pySHACL's report graph as Turtle (rdflib) | {baseline_s:.3f} | 1.0 |"]
    for form in FORMATS:

        def write(form: str = form) -> object:
            path = f"/validate?format={form}"
            with app.test_request_context(path, headers={"Accept-Language": "en"}):
                return report_response(report, 422, names=submission).get_data()

        seconds, body = timed(write, runs)
        assert isinstance(body, bytes)
        rows.append(
            f"| {form} ({len(body) / 1024:,.0f} KiB) | {seconds:.3f} | {seconds / baseline_s:.1f} |"
        )
        print(rows[-1], flush=True)
    return [f"Results in the report: {len(report.results):,}", "", *rows]


def main() -> None:
    """Build the federation, measure, and write the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / "work")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=ENGINES,
        default=list(ENGINES),
        help="the engines to time on Samverkan's path (native is the default one)",
    )
    parser.add_argument(
        "--no-reference",
        dest="reference",
        action="store_false",
        help="do not run the reference (plain pySHACL over the whole federation, 2-4 minutes "
        "at 25 k triples, far more at 1 M): compare with the last of --engines instead",
    )
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    built = build(generated(options.work, options.size, options.seed), options.work / "verdicts")
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": built.store, "base_iri": CANONICAL_BASE},
        environ={},
    )
    validator = Validator.from_project(settings)
    reference = Validator(validator.shapes, validator.ontology, engine="pyshacl")
    store = OxigraphStore(built.store)
    try:
        verdicts = verdict_rows(store, reference, options.runs, options.engines, options.reference)
        reports = report_rows(store, validator, settings, options.runs)
    finally:
        store.close()
    text = _document(options, built.generated, verdicts, reports)
    print(text)
    if options.out:
        options.out.write_text(text)


def _document(
    options: argparse.Namespace, generated_triples: int, verdicts: list[str], reports: list[str]
) -> str:
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    engines = options.engines
    baseline = "reference" if options.reference else f"ours, {engines[-1]}"
    flags = f" --engines {' '.join(engines)}" if engines != list(ENGINES) else ""
    flags += "" if options.reference else " --no-reference"
    return "\n".join(
        [
            f"# Verdicts and reports against the reference, {started}",
            "",
            f"Command: `python -m bench.verdicts --size {options.size} --runs {options.runs}"
            f"{flags}`; federation {label(options.size)} ({generated_triples:,} asserted "
            f"triples in the actors' graphs); load average at the end: {load}.",
            "Ours: Samverkan's path (validate_submission) with each engine, median of the runs "
            "after a warm-up; the native engine is the default. Reference: one run (plain "
            "pySHACL over the federation before and after the change, no focus nodes)"
            + ("." if options.reference else ", not run at this size.")
            + f" x = {baseline} / ours; results compared with {baseline}'s.",
            "",
            "## Validating a submission",
            "",
            "| Submission | Results | "
            + " | ".join(f"Ours, {e} (s)" for e in engines)
            + " | Reference (s) | "
            + " | ".join(f"x {e}" for e in engines)
            + f" | Same results ({' / '.join(engines)}) |",
            "|---|---|" + "---|" * (2 * len(engines) + 2),
            *verdicts,
            "",
            "## Writing a report",
            "",
            *reports[:2],
            "| Form | Seconds | x rdflib Turtle |",
            "|---|---|---|",
            *reports[2:],
            "",
        ]
    )


if __name__ == "__main__":
    main()
