"""Write the benchmark's figures as Markdown: the machine, the tables, the targets."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from bench.client import Series
from bench.dataset import label
from bench.servers import Memory
from bench.targets import check

if TYPE_CHECKING:
    from bench.run import Plan, SizeFigures
    from bench.submission import Capped, SubmissionFigures

NONE = "n/a"
LIBRARIES = ("pyoxigraph", "rdflib", "pyshacl", "owlrl", "flask", "waitress")


def render(
    figures: Sequence[SizeFigures], plan: Plan, started: datetime, argv: Sequence[str]
) -> str:
    """Return the whole report."""
    parts = [
        f"# Samverkan benchmark, {started:%Y-%m-%d}",
        "",
        f"Command: `python bench/run.py {' '.join(argv)}`",
        f"Started {started:%Y-%m-%d %H:%M} UTC; load average at the end: {_loadavg()}.",
        "",
        *machine(),
        "",
        *loading(figures),
    ]
    for size in figures:
        parts += ["", *queries(size, plan.runs), "", *first_pages(size, plan)]
        parts += ["", *throughputs(size), "", *others(size)]
    parts += [
        "",
        *growth(figures),
        "",
        *submissions(figures),
        "",
        *memories(figures),
        "",
        *targets(figures),
    ]
    return "\n".join(parts).rstrip() + "\n"


def machine() -> list[str]:
    """Describe the machine and the software versions."""
    versions = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    return [
        "## Machine",
        "",
        f"- CPU: {_cpu_model()}, {os.cpu_count()} cores; memory {_memory_gb():.0f} GB",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- {versions}; Virtuoso {_virtuoso_version()}",
    ]


def loading(figures: Sequence[SizeFigures]) -> list[str]:
    """Return the table of load and build times."""
    rows = [_header("Loading", figures)]
    rows.append(
        _row("Triples generated (actor graphs)", figures, lambda f: f"{f.built.generated:,}")
    )
    rows.append(_row("Inferred triples", figures, lambda f: f"{f.built.inferred:,}"))
    rows.append(
        _row("Bulk load of the N-Quads, on disk (s)", figures, lambda f: _s(f.built.load_seconds))
    )
    rows.append(
        _row(
            "Materialising the inferences in Oxigraph (s)",
            figures,
            lambda f: _s(f.built.materialise_seconds),
        )
    )
    rows.append(
        _row(
            "of which the listing keys (s)",
            figures,
            lambda f: _s(f.built.listings_seconds),
        )
    )
    rows.append(
        _row(
            "Full rebuild: load + materialise (s)",
            figures,
            lambda f: _s(f.built.load_seconds + f.built.materialise_seconds),
        )
    )
    for name in ("rdflib", "Virtuoso"):
        rows.append(_row(f"{name}: loading the same quads (s)", figures, partial(_load, name=name)))
    return ["## Loading", "", *rows]


def queries(size: SizeFigures, runs: int) -> list[str]:
    """Return the table of named-query latencies at one size."""
    names = [s.name for s in size.systems]
    head = ["Query", "Rows"] + [f"{n} median / p95 (ms)" for n in names]
    head += [f"x {n}" for n in names[1:]] + ["Rows agree"]
    lines = [f"## Named queries over HTTP, {label(size.size)}", "", _line(head), _rule(len(head))]
    ours = size.systems[0]
    for query in ours.queries:
        cells = [f"`{query}`", _rows(ours.queries[query])]
        series = [s.queries.get(query, Series()) for s in size.systems]
        cells += [_latency(one, runs) for one in series]
        cells += [_ratio(other, series[0].median_ms) for other in series[1:]]
        cells.append(_agree(series, names))
        lines.append(_line(cells))
    lines += [
        "",
        "x = the baseline's median divided by Samverkan's (above 1: Samverkan is faster).",
    ]
    return lines


def first_pages(size: SizeFigures, plan: Plan) -> list[str]:
    """Return the table of first pages through Samverkan's named route."""
    if not size.first_page:
        return []
    whole = size.systems[0].queries
    head = ["Query", "Rows", "First page median / p95 (ms)", "Whole answer median (ms)"]
    title = f"## First page (`page-size={plan.first_page}`) via Samverkan, {label(size.size)}"
    lines = [title, "", _line(head), _rule(len(head))]
    for query, series in size.first_page.items():
        total = whole.get(query, Series())
        cells = [f"`{query}`", _rows(series), _latency(series, plan.runs), _ms(total.median_ms)]
        lines.append(_line(cells))
    return lines


def growth(figures: Sequence[SizeFigures]) -> list[str]:
    """Return how each named query's median grows from the smallest size to the largest."""
    if len(figures) < 2:
        return []
    small, large = min(figures, key=lambda f: f.size), max(figures, key=lambda f: f.size)
    head = ["Query", f"{label(small.size)} (ms)", f"{label(large.size)} (ms)", "growth"]
    lines = ["## Growth, Samverkan", "", _line(head), _rule(len(head))]
    for query, series in large.systems[0].queries.items():
        before = small.systems[0].queries.get(query, Series())
        cells = [f"`{query}`", _ms(before.median_ms), _ms(series.median_ms)]
        cells.append(_ratio(series, before.median_ms))
        lines.append(_line(cells))
    return lines


def throughputs(size: SizeFigures) -> list[str]:
    """Return the table of queries per second by number of clients."""
    measured = [s for s in size.systems if s.throughput]
    head = ["Clients", *(f"{s.name} (queries/s)" for s in measured)]
    lines = [f"## Throughput, {label(size.size)}", "", _line(head), _rule(len(head))]
    for index, first in enumerate(size.systems[0].throughput):
        cells = [str(first.clients)]
        for system in measured:
            t = system.throughput[index]
            cells.append(f"{t.per_second:.1f}" + (f" ({t.errors} errors)" if t.errors else ""))
        lines.append(_line(cells))
    return lines


def others(size: SizeFigures) -> list[str]:
    """Return the dereferencing figures at one size."""
    cells = [f"{kind}: {_ms(s.median_ms)} ms" for kind, s in size.dereference.items()]
    return [f"Dereferencing an item at {label(size.size)} (median): " + "; ".join(cells) + "."]


def submissions(figures: Sequence[SizeFigures]) -> list[str]:
    """Return the validation and inference table."""
    done = [f for f in figures if f.submission is not None]
    if not done:
        return []
    rows = [_header("Submission", done)]
    rows.append(_row("Submission size (triples)", done, lambda f: str(_sub(f).triples)))
    rows.append(
        _row(
            "Labels indexed on start, once (s)",
            done,
            lambda f: _s(_sub(f).label_index_seconds),
        )
    )
    rows.append(
        _row(
            "Validation in context, median (s)",
            done,
            lambda f: f"{_s(_sub(f).validate_seconds)} (n={_sub(f).validate_runs})",
        )
    )
    rows.append(
        _row("Naive: pySHACL over the merged federation", done, lambda f: _sub(f).naive.text())
    )
    rows.append(
        _row("x naive", done, lambda f: _capped_ratio(_sub(f).naive, _sub(f).validate_seconds))
    )
    rows.append(
        _row("Same results for the submission's items", done, lambda f: _yes(_sub(f).same_results))
    )
    rows.append(
        _row(
            "Validation in context, pyshacl-turbo engine, median (s)",
            done,
            lambda f: _s(_sub(f).turbo_seconds),
        )
    )
    rows.append(
        _row("x naive (turbo)", done, lambda f: _capped_ratio(_sub(f).naive, _sub(f).turbo_seconds))
    )
    rows.append(_row("turbo: same results as pySHACL", done, lambda f: _yes(_sub(f).turbo_same)))
    rows.append(
        _row(
            "Inference update: inference_change + apply (s)",
            done,
            lambda f: _s(_sub(f).incremental_seconds),
        )
    )
    rows.append(
        _row(
            "Inferred triples removed / added",
            done,
            lambda f: f"{_sub(f).removed} / {_sub(f).added}",
        )
    )
    rows.append(
        _row(
            "Full rebuild of the inferences, ours (s)", done, lambda f: _s(_sub(f).rebuild_seconds)
        )
    )
    rows.append(
        _row(
            "Incremental result equals the full rebuild",
            done,
            lambda f: _yes(_sub(f).rebuild_equal),
        )
    )
    rows.append(_row("Baseline: owlrl's full OWL-RL closure", done, lambda f: _sub(f).owlrl.text()))
    rows.append(
        _row("x owlrl", done, lambda f: _capped_ratio(_sub(f).owlrl, _sub(f).incremental_seconds))
    )
    return ["## Submission: validation and inference", "", *rows]


def memories(figures: Sequence[SizeFigures]) -> list[str]:
    """Return the server memory table (resident set sizes after the query runs)."""
    head = ["Server", *(label(f.size) for f in figures)]
    lines = ["## Server memory (RSS, MB)", "", _line(head), _rule(len(head))]
    for index, system in enumerate(figures[0].systems):
        cells = [system.name]
        for size in figures:
            found = size.systems[index].memory if index < len(size.systems) else None
            cells.append(_memory(found))
        lines.append(_line(cells))
    lines += [
        "",
        "RSS now (peak); for Samverkan, + the query worker processes the server starts.",
    ]
    return lines


def targets(figures: Sequence[SizeFigures]) -> list[str]:
    """Return the targets of the issue, each with the figure at the largest size."""
    size = max(figures, key=lambda f: f.size)
    head = ["Target", f"Figure at {label(size.size)}", "Met"]
    lines = [f"## Targets (at {label(size.size)})", "", _line(head), _rule(3)]
    lines += [_line([t.target, t.figure, _yes(t.met)]) for t in check(size)]
    return lines


def _header(title: str, figures: Iterable[SizeFigures]) -> str:
    sizes = [label(f.size) for f in figures]
    return _line([title, *sizes]) + "\n" + _rule(len(sizes) + 1)


def _row(name: str, figures: Iterable[SizeFigures], cell: Callable[[SizeFigures], str]) -> str:
    return _line([name, *(str(cell(f)) for f in figures)])


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(count: int) -> str:
    return "|" + "---|" * count


def _sub(f: SizeFigures) -> SubmissionFigures:
    assert f.submission is not None
    return f.submission


def _s(seconds: float) -> str:
    return f"{seconds:.2f}"


def _ms(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _latency(series: Series, runs: int) -> str:
    if series.gave_up_after is not None:
        return f"> {series.gave_up_after * 1000:,.0f} (stopped)"
    if series.error:
        return "failed: " + series.error.removeprefix("POST /sparql: ")[:70]
    text = f"{_ms(series.median_ms)} / {_ms(series.p95_ms)}"
    return text + (f" (n={len(series.seconds)})" if len(series.seconds) < runs else "")


def _rows(series: Series) -> str:
    return NONE if series.rows is None else f"{series.rows:,}"


def _ratio(baseline: Series, ours: float | None) -> str:
    if not ours:
        return NONE
    if baseline.gave_up_after is not None:
        return f"> {baseline.gave_up_after * 1000 / ours:.1f}"
    return NONE if baseline.median_ms is None else f"{baseline.median_ms / ours:.1f}"


def _agree(series: list[Series], names: list[str]) -> str:
    ours = series[0].rows
    pairs = list(zip(names[1:], series[1:], strict=True))
    answered = [(n, s) for n, s in pairs if s.error is None]
    wrong = [f"{n}: {s.rows}" for n, s in answered if s.rows != ours]
    stopped = [n for n, s in pairs if s.gave_up_after is not None]
    failed = [n for n, s in pairs if s.error is not None and s.gave_up_after is None]
    text = "yes" if not wrong else "**no** (" + ", ".join(wrong) + ")"
    if not answered:
        text = NONE
    notes = [f"{n} stopped" for n in stopped] + [f"{n} failed" for n in failed]
    return text + (f" ({', '.join(notes)})" if notes else "")


def _load(f: SizeFigures, *, name: str) -> str:
    for system in f.systems:
        if system.name == name and system.load_seconds is not None:
            return _s(system.load_seconds)
    return NONE


def _capped_ratio(capped: Capped, ours: float) -> str:
    if capped.skipped or not ours:
        return NONE
    if capped.seconds is None:
        return f"> {_times(capped.limit / ours)}"
    return _times(capped.seconds / ours)


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}"


def _yes(value: bool | None) -> str:
    return NONE if value is None else ("yes" if value else "**no**")


def _memory(found: Memory | None) -> str:
    if found is None:
        return NONE
    text = f"{found.rss:,.0f} ({found.peak:,.0f})"
    return text + (f" + {found.children:,.0f}" if found.children else "")


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _virtuoso_version() -> str:
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "virtuoso-opensource"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return "not installed"
    return done.stdout.strip() or "not installed"
