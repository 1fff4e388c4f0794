"""Measure Samverkan against rdflib and Virtuoso, side by side, and write a Markdown table.

::

    python bench/run.py                      # 100k and 1m, everything
    python bench/run.py --sizes 100k --no-virtuoso
    python bench/run.py --sizes 5k --quick   # a smoke run: our server and rdflib, 3 queries
    python bench/run.py --triples 10m        # the 10 M-triple run (not in CI; hours)

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import dataset, inprocess, servers, submission
from bench.client import (
    Client,
    Series,
    Throughput,
    query_address,
    query_text,
    throughput,
    time_get,
    time_query,
    values_text,
)
from bench.report import render
from samverkan.namespaces import CANONICAL_BASE
from samverkan.queries import load_queries

BENCH = Path(__file__).resolve().parent
#: The queries of the throughput mix: those about one item, as an integrator's tool sends them.
MIX = (
    "actor-inventory",
    "data-element-upwards",
    "exchanges-between-actors",
    "life-event-downwards",
    "schema-impact",
)
QUICK_QUERIES = ("actor-inventory", "services-by-type")


@dataclass(frozen=True)
class Plan:
    """What to measure, and how long to spend on it."""

    sizes: tuple[int, ...] = (100_000, 1_000_000)
    queries: tuple[str, ...] | None = None
    runs: int = 20
    budget: float = 20.0
    duration: float = 10.0
    clients: tuple[int, ...] = (1, 4, 16)
    virtuoso: bool = True
    rdflib: bool = True
    oxigraph: bool = True
    #: The page size of the first-page figures (``page-size`` of the named route).
    first_page: int = 25
    naive_limit: float | None = None
    submission: bool = True
    validation_runs: int = 3
    seed: int = 2014
    work: Path = BENCH / "work"
    out: Path | None = None

    def limit(self, size: int) -> float:
        """Return the seconds a naive baseline may run at ``size`` (0: not run)."""
        if self.naive_limit is not None:
            return self.naive_limit
        return 300.0 if size < 1_000_000 else 120.0


QUICK = Plan(
    queries=QUICK_QUERIES,
    runs=3,
    budget=3.0,
    validation_runs=1,
    duration=1.0,
    clients=(1, 4),
    virtuoso=False,
    naive_limit=0.0,
)


@dataclass
class SystemFigures:
    """One system's figures at one size."""

    name: str
    load_seconds: float | None
    queries: dict[str, Series] = field(default_factory=dict)
    throughput: list[Throughput] = field(default_factory=list)
    memory: servers.Memory | None = None


@dataclass
class SizeFigures:
    """Everything measured at one size."""

    size: int
    built: dataset.Built
    systems: list[SystemFigures] = field(default_factory=list)
    dereference: dict[str, Series] = field(default_factory=dict)
    #: Samverkan's first page of each named query (``page-size=plan.first_page``).
    first_page: dict[str, Series] = field(default_factory=dict)
    submission: submission.SubmissionFigures | None = None


def measure_size(plan: Plan, size: int) -> SizeFigures:
    """Build the store for ``size``, then measure every system on it, one after the other."""
    work = plan.work / dataset.label(size)
    source = dataset.generated(plan.work, size, plan.seed)
    _say(f"{dataset.label(size)}: building the store from {source.name}")
    built = dataset.build(source, work)
    figures = SizeFigures(size, built)
    texts, pinned, addresses = _query_texts(plan, built.store)
    mix = [texts[name] for name in MIX if name in texts] or list(texts.values())
    pinned_mix = [pinned[name] for name in MIX if name in pinned] or list(pinned.values())
    our_mix = [addresses[name] for name in MIX if name in addresses] or list(addresses.values())
    with servers.samverkan(built.store, CANONICAL_BASE, work / "samverkan.log") as ours:
        figures.systems.append(_measure_system(plan, ours, addresses, our_mix))
        figures.dereference = _dereference(plan, ours.port)
        figures.first_page = _first_pages(plan, ours, addresses)
    if plan.rdflib:
        with servers.rdflib(built.served, work / "rdflib.log") as baseline:
            figures.systems.append(_measure_system(plan, baseline, texts, mix))
    if plan.virtuoso and servers.virtuoso_installed():
        with servers.virtuoso(built.served, work / "virtuoso") as baseline:
            figures.systems.append(_measure_system(plan, baseline, texts, mix))
    if plan.oxigraph:
        with servers.oxigraph_serve(built.store, work / "oxigraph.log") as engine:
            figures.systems.append(
                _measure_system(plan, engine, pinned, pinned_mix, throughputs=False)
            )
        _say(f"  pyoxigraph in-process: {len(pinned)} queries")
        raw = SystemFigures("pyoxigraph in-process", None)
        raw.queries = inprocess.time_queries(built.store, pinned, plan.runs, plan.budget)
        figures.systems.append(raw)
    if plan.submission:
        _say(f"{dataset.label(size)}: submission")
        figures.submission = submission.measure(
            built.store, work, plan.limit(size), plan.validation_runs
        )
    return figures


def _query_texts(plan: Plan, store: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Return each named query to run: as text with its parameters in a VALUES block (for
    rdflib and Virtuoso), as the text Samverkan runs (for the Oxigraph peers), and as its
    address on a Samverkan server."""
    values = dataset.parameters(store)
    texts, pinned, addresses = {}, {}, {}
    for name, named in load_queries(dataset.PROJECT / "queries").items():
        if plan.queries is None or name in plan.queries:
            raw = {p.name: values[p.name] for p in named.parameters}
            texts[name] = values_text(named, named.bindings(raw))
            pinned[name] = query_text(named, named.bindings(raw))
            addresses[name] = query_address(named, raw)
    return texts, pinned, addresses


def _measure_system(
    plan: Plan,
    endpoint: servers.Endpoint,
    texts: dict[str, str],
    mix: list[str],
    *,
    throughputs: bool = True,
) -> SystemFigures:
    """Time every query on one system, then its throughput (unless not asked), then read
    its memory."""
    figures = SystemFigures(endpoint.name, endpoint.load_seconds)
    client = Client(endpoint.port, endpoint.path)
    for name, text in texts.items():
        _say(f"  {endpoint.name}: {name}")
        figures.queries[name] = time_query(client, text, plan.runs, plan.budget)
    client.close()
    for clients in plan.clients if throughputs else ():
        _say(f"  {endpoint.name}: throughput with {clients} clients")
        figures.throughput.append(throughput(endpoint.port, mix, clients, plan.duration))
    figures.memory = servers.memory(endpoint.pid)
    return figures


def _first_pages(
    plan: Plan, endpoint: servers.Endpoint, addresses: dict[str, str]
) -> dict[str, Series]:
    """Time the first page of each named query on Samverkan's named route."""
    client = Client(endpoint.port, endpoint.path)
    found = {}
    for name, address in addresses.items():
        _say(f"  {endpoint.name}: first page of {name}")
        joiner = "&" if "?" in address else "?"
        paged = f"{address}{joiner}page-size={plan.first_page}"
        found[name] = time_query(client, paged, plan.runs, plan.budget)
    client.close()
    return found


def _dereference(plan: Plan, port: int) -> dict[str, Series]:
    """Time GETs of one item's IRI as Turtle and as HTML."""
    path = f"/id/{dataset.ACTOR}/process/p0"
    client = Client(port)
    try:
        return {
            "Turtle": time_get(client, path, "text/turtle", plan.runs),
            "HTML": time_get(client, path, "text/html", plan.runs),
        }
    finally:
        client.close()


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_size(text: str) -> int:
    """Read 5k, 100k, 1m, or a plain number of triples."""
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def plan_from(argv: list[str] | None) -> Plan:
    """Read the command line into a plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 100k,1m (default)")
    parser.add_argument("--quick", action="store_true", help="a smoke run (see README)")
    parser.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso out")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib out")
    parser.add_argument(
        "--no-oxigraph", action="store_true", help="leave oxigraph serve and in-process out"
    )
    parser.add_argument(
        "--triples",
        type=parse_size,
        help="one size only, e.g. --triples 10000000 (10m): the large run, not for CI",
    )
    parser.add_argument("--naive-limit", type=float, help="seconds for each naive baseline")
    parser.add_argument("--work", type=Path, help="where data and stores go (bench/work)")
    parser.add_argument("--out", type=Path, help="the Markdown file to write")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    if args.sizes:
        plan = replace(plan, sizes=tuple(parse_size(s) for s in args.sizes.split(",")))
    if args.triples:
        plan = replace(plan, sizes=(args.triples,))
    if args.no_virtuoso:
        plan = replace(plan, virtuoso=False)
    if args.no_rdflib:
        plan = replace(plan, rdflib=False)
    if args.no_oxigraph:
        plan = replace(plan, oxigraph=False)
    if args.naive_limit is not None:
        plan = replace(plan, naive_limit=args.naive_limit)
    if args.work:
        plan = replace(plan, work=args.work)
    return replace(plan, out=args.out)


def run(plan: Plan, argv: list[str]) -> tuple[Path, list[SizeFigures]]:
    """Measure every size of ``plan``; write the table; return its path and the figures."""
    started = datetime.now(UTC)
    plan.work.mkdir(parents=True, exist_ok=True)
    figures = [measure_size(plan, size) for size in plan.sizes]
    out = plan.out or BENCH / "results" / f"{started:%Y-%m-%d}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(figures, plan, started, argv))
    raw = [asdict(size) for size in figures]
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str))
    _say(f"wrote {out}")
    return out, figures


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark as the command line says."""
    arguments = sys.argv[1:] if argv is None else argv
    run(plan_from(arguments), arguments)


if __name__ == "__main__":
    main()
