"""The issue's targets, each checked against the figures of one size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.client import Series
    from bench.run import SizeFigures, SystemFigures
    from bench.submission import Capped

QUERY_MS = 20.0
RDFLIB_RATIO = 20.0
NAIVE_RATIO = 100.0
MEMORY_MB = 1536.0


@dataclass(frozen=True)
class Target:
    """One target: what it asks, the figure measured, and whether it was met (None: unknown)."""

    target: str
    figure: str
    met: bool | None


#: The engine alone: each named query's median at most 1.2 times that of ``oxigraph serve``.
ENGINE = ("oxigraph serve", 1 / 1.2)


def check(size: SizeFigures) -> list[Target]:
    """Return every target with its figure at ``size``."""
    return [*_queries(size), *_first_pages(size), *_submission(size), *_build(size), _memory(size)]


def _first_pages(size: SizeFigures) -> list[Target]:
    medians = {q: s.median_ms for q, s in size.first_page.items() if s.median_ms is not None}
    if not medians:
        return []
    slowest = max(medians, key=lambda q: medians[q])
    under = sum(1 for m in medians.values() if m < QUERY_MS)
    return [
        Target(
            f"Each named query's first page under {QUERY_MS:.0f} ms",
            f"{under} of {len(medians)} under; slowest `{slowest}` {medians[slowest]:.1f} ms",
            under == len(medians),
        )
    ]


def _queries(size: SizeFigures) -> list[Target]:
    ours = size.systems[0]
    medians = {q: s.median_ms for q, s in ours.queries.items() if s.median_ms is not None}
    if not medians:
        return []
    slowest = max(medians, key=lambda q: medians[q])
    under = sum(1 for m in medians.values() if m < QUERY_MS)
    found = [
        Target(
            f"Each named query's median under {QUERY_MS:.0f} ms",
            f"{under} of {len(medians)} under; slowest `{slowest}` {medians[slowest]:.1f} ms",
            under == len(medians),
        )
    ]
    for name, needed in (("rdflib", RDFLIB_RATIO), ("Virtuoso", 1.0), ENGINE):
        baseline = _system(size, name)
        if baseline is not None:
            found.append(_ratio_target(name, needed, medians, baseline))
    return found


def _ratio_target(
    name: str, needed: float, medians: dict[str, float], baseline: SystemFigures
) -> Target:
    """Check that every query is at least ``needed`` times faster than on ``baseline``."""
    ratios = {
        q: other / medians[q]
        for q, s in baseline.queries.items()
        if q in medians and (other := _baseline_ms(s)) is not None and medians[q] > 0
    }
    if not ratios:
        return Target(f"≥{needed:g}x {name}", "no figures", None)
    worst = min(ratios, key=lambda q: ratios[q])
    short = sorted(q for q, r in ratios.items() if r < needed)
    figure = f"lowest {ratios[worst]:.1f}x (`{worst}`)"
    if short:
        figure += f"; below in {len(short)} of {len(ratios)}: " + ", ".join(short)
    wording = f"≥{needed:g}x faster than rdflib" if needed > 1 else f"no slower than {name}"
    if (name, needed) == ENGINE:
        wording = f"at most {1 / needed:.1f}x {name}'s median"
    return Target(f"Named queries {wording}", figure, not short)


def _baseline_ms(series: Series) -> float | None:
    """Return the baseline's median, or its time limit when it gave up (a lower bound)."""
    if series.gave_up_after is not None:
        return series.gave_up_after * 1000
    return series.median_ms


def _submission(size: SizeFigures) -> list[Target]:
    s = size.submission
    if s is None:
        return []
    return [
        Target(
            "Validation of a ~1 000-triple submission under 1 s",
            f"{s.validate_seconds:.2f} s ({s.triples} triples)",
            s.validate_seconds < 1.0,
        ),
        _naive_target(s.naive, s.validate_seconds),
        Target(
            "The same validation with SAMVERKAN_VALIDATION_ENGINE=turbo under 1 s",
            f"{s.turbo_seconds:.2f} s (same results: {'yes' if s.turbo_same else 'no'})",
            s.turbo_seconds < 1.0 and bool(s.turbo_same),
        ),
        _naive_target(s.naive, s.turbo_seconds, engine="turbo"),
        Target(
            "Inference after a submission under 1 s",
            f"{s.incremental_seconds:.2f} s",
            s.incremental_seconds < 1.0,
        ),
    ]


def _naive_target(naive: Capped, ours: float, engine: str = "pySHACL") -> Target:
    wording = f"Validation ({engine}) ≥{NAIVE_RATIO:.0f}x faster than naive pySHACL"
    if naive.skipped or not ours:
        return Target(wording, "naive not run", None)
    if naive.seconds is None:
        bound = naive.limit / ours
        return Target(
            wording,
            f"> {bound:,.1f}x (naive did not finish within {naive.limit:.0f} s)",
            True if bound >= NAIVE_RATIO else None,
        )
    ratio = naive.seconds / ours
    return Target(wording, f"{ratio:,.0f}x", ratio >= NAIVE_RATIO)


def _build(size: SizeFigures) -> list[Target]:
    b = size.built
    rebuild = b.load_seconds + b.materialise_seconds
    return [
        Target("Full rebuild under 60 s", f"{rebuild:.1f} s", rebuild < 60),
        Target("Load under 15 s", f"{b.load_seconds:.1f} s", b.load_seconds < 15),
    ]


def _memory(size: SizeFigures) -> Target:
    ours = size.systems[0].memory
    if ours is None:
        return Target("Server memory under 1.5 GB", "not measured", None)
    figure = f"{ours.rss:,.0f} MB (peak {ours.peak:,.0f}; + {ours.children:,.0f} in workers)"
    return Target("Server memory under 1.5 GB", figure, ours.peak + ours.children < MEMORY_MB)


def _system(size: SizeFigures, name: str) -> SystemFigures | None:
    return next((s for s in size.systems if s.name == name), None)
