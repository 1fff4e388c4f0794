"""Prepare one size of the benchmark: the generated federation, the built store, the parameters.

The store is built the fast way: Oxigraph's bulk loader reads the generated N-Quads (and the
ontology and shapes), then :func:`samverkan.reasoning.materialise.materialise_store` derives
the inferences inside Oxigraph and :func:`samverkan.listings.rebuild_listings` the listing
keys (both counted as *materialise*). Every graph of the built store is then written to one
N-Quads file, which the baselines load, so that all three systems hold the same quads.
"""

from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.generate import write
from samverkan import namespaces
from samverkan.listings import rebuild_listings
from samverkan.namespaces import CANONICAL_BASE
from samverkan.reasoning.materialise import materialise_store
from samverkan.storage import GraphLayout, OxigraphStore, identity

PROJECT = Path(__file__).resolve().parents[1]
LAYOUT = GraphLayout(CANONICAL_BASE)
ID = CANONICAL_BASE + "id/"
SAM = str(namespaces.SAM)
#: The actor whose items the parameterised queries ask about, and who submits.
ACTOR = "a1"
#: The largest federation the page benchmarks build here: the machine is shared.
MOST_TRIPLES = 100_000


@dataclass(frozen=True)
class Built:
    """A store built for one size, and what it took."""

    store: Path
    served: Path
    generated: int
    load_seconds: float
    materialise_seconds: float
    inferred: int
    total: int
    #: Of ``materialise_seconds``: building the listing keys.
    listings_seconds: float = 0.0


def label(triples: int) -> str:
    """Return a size as the benchmark writes it: 5k, 100k, 1m."""
    if triples >= 1_000_000 and triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}m"
    return f"{triples // 1000}k" if triples % 1000 == 0 else str(triples)


def generated(work: Path, triples: int, seed: int) -> Path:
    """Return the generated federation of this size and seed, writing it if it is not there."""
    path = work / f"federation-{label(triples)}-seed{seed}.nq"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write(triples, partial, seed)
        partial.rename(path)
    return path


def build(source: Path, directory: Path) -> Built:
    """Bulk-load ``source`` plus ontology and shapes into a new store; materialise; dump."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    store = ox.Store(str(directory / "store"))
    started = time.perf_counter()
    store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
    _load_turtle(store, PROJECT / "ontology", LAYOUT.ontology)
    _load_turtle(store, PROJECT / "shapes", LAYOUT.shapes)
    loaded = time.perf_counter()
    inferred = materialise_store(store, LAYOUT)
    store.flush()
    del store
    keys_started = time.perf_counter()
    keyed = OxigraphStore(directory / "store")
    try:
        rebuild_listings(keyed, LAYOUT)
    finally:
        keyed.close()
    materialised = time.perf_counter()
    store = ox.Store(str(directory / "store"))
    served = directory / "served.nq"
    with served.open("wb") as output:
        store.dump(output, format=ox.RdfFormat.N_QUADS)
    built = Built(
        store=directory / "store",
        served=served,
        generated=_count(store, f'FILTER (STRSTARTS(STR(?g), "{LAYOUT.actor_prefix}"))'),
        load_seconds=loaded - started,
        materialise_seconds=materialised - loaded,
        inferred=inferred,
        total=len(store),
        listings_seconds=materialised - keys_started,
    )
    del store
    return built


def _load_turtle(store: ox.Store, folder: Path, graph: object) -> None:
    for path in sorted(folder.glob("*.ttl")):
        store.bulk_load(
            path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(graph))
        )


def _count(store: ox.Store, graph_filter: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {graph_filter} }}"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    value = next(iter(solutions))["n"]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def parameters(store_path: Path) -> dict[str, str]:
    """Return a value for every parameter of the named queries, picked from the data."""
    store = ox.Store.read_only(str(store_path))
    actor = f"{ID}{ACTOR}"
    values = {
        "actor": actor,
        "actorA": actor,
        "actorB": _one(store, f"<{actor}/exchange/e0> <{SAM}receiver> ?o"),
        "catalog": f"{ID}hub/catalog/process",
        "dataElement": f"{actor}/data/d0",
        "lifeEvent": _one(store, f"<{actor}/process/p0> <{SAM}realisesEvent> ?o"),
        "schema": f"{actor}/schema/x0",
        "channelKind": f"{namespaces.SAMK}channel-kind/digital",
        "serviceType": f"{namespaces.SAMK}service-type/agency-specific",
    }
    for name, iri in values.items():
        ask = f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"
        if not store.query(ask, use_default_graph_as_union=True):
            raise RuntimeError(f"parameter {name}: {iri} is not in the generated data")
    return values


def _one(store: ox.Store, pattern: str) -> str:
    solutions = store.query(f"SELECT ?o WHERE {{ GRAPH ?g {{ {pattern} }} }} ORDER BY ?o LIMIT 1")
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        value = row["o"]
        assert isinstance(value, ox.NamedNode)
        return value.value
    raise RuntimeError(f"nothing in the generated data matches {pattern}")


def size_options(parser: argparse.ArgumentParser, triples: int) -> None:
    """Add the options of a benchmark over a generated federation: its size (``triples``
    by default), the runs, the generator's seed and the work folder."""
    parser.add_argument("--triples", type=int, default=triples)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--work", type=Path, default=Path(__file__).parent / "work")
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"allow more than {MOST_TRIPLES:,} triples (on a machine no one else is using)",
    )


def built_as_asked(
    parser: argparse.ArgumentParser, args: argparse.Namespace, folder: str
) -> tuple[Path, Built]:
    """Generate and build the federation of :func:`size_options` into ``work/folder``, with
    the store's identity recorded as building one from the project's files records it (a
    bulk-built store has none, so no generation, and the listing index never answers it);
    return the generated source and the built store. Sizes above :data:`MOST_TRIPLES` are
    refused without ``--large``."""
    if args.triples > MOST_TRIPLES and not args.large:
        parser.error(f"at most {MOST_TRIPLES} triples without --large: the machine is shared")
    args.work.mkdir(parents=True, exist_ok=True)
    source = generated(args.work, args.triples, args.seed)
    built = build(source, args.work / folder)
    store = OxigraphStore(built.store)
    try:
        store.replace_graph(store.identity_graph, identity.record(store, CANONICAL_BASE))
    finally:
        store.close()
    return source, built
