"""Build the store from the project's files: ontology, shapes, one graph per actor, inferences."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from samverkan import search
from samverkan.config import Settings
from samverkan.errors import InconsistencyError, InputError
from samverkan.progress import Progress, silent
from samverkan.rdfio import parse_file, parse_files
from samverkan.reasoning import check_consistency, materialise, without_blank_nodes
from samverkan.rebasing import to_deployment
from samverkan.skolem import skolemize
from samverkan.storage import GraphLayout, Store
from samverkan.submissions.service import VersionLog


@dataclass
class BuildReport:
    """What a build wrote: triples per graph and how long it took."""

    triples: dict[URIRef, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.triples.values())


def actor_files(data_dir: Path) -> dict[str, Path]:
    """Return each actor's file by actor slug (the file name without extension)."""
    return {path.stem: path for path in sorted(data_dir.glob("*.ttl"))}


def build(store: Store, settings: Settings, progress: Progress = silent) -> BuildReport:
    """Replace the store's federation with the one in the project's files, in one transaction.

    ``progress`` is told each phase of :data:`samverkan.progress.LOAD` as it begins.
    """
    started = time.perf_counter()
    layout = GraphLayout(settings.base_iri)
    progress("reading")
    ontology = _read(parse_files(sorted(settings.ontology_dir.glob("*.ttl"))), settings)
    shapes = _read(parse_files(sorted(settings.shapes_dir.glob("*.ttl"))), settings)
    parts = {
        layout.actor(slug): skolemize(
            _owned_part(slug, _read(parse_file(path), settings), layout, path),
            settings.base_iri,
            str(layout.actor(slug)),
        )
        for slug, path in actor_files(settings.data_dir).items()
    }
    asserted = ontology + _union(parts.values())
    progress("inferring")
    inferred = without_blank_nodes(materialise(asserted))
    progress("consistency")
    if clashes := check_consistency(asserted + inferred):
        raise InconsistencyError("; ".join(str(clash) for clash in clashes[:10]))
    progress("recording")
    versions = VersionLog(settings, store)
    histories = {
        layout.history(slug): versions.history_after_load(slug, parts[layout.actor(slug)])
        for slug in actor_files(settings.data_dir)
    }
    graphs = {
        layout.ontology: ontology,
        layout.shapes: shapes,
        **parts,
        **histories,
        layout.inferred: inferred,
    }
    stale = {g for g in store.graph_names() if layout.actor_slug(g) is not None} - set(parts)
    graphs.update({name: Graph() for name in stale})
    progress("storing")
    store.replace_graphs(graphs)
    progress("indexing")
    search.for_settings(settings).rebuild(store, layout)
    report = BuildReport({name: len(graph) for name, graph in graphs.items() if len(graph)})
    report.seconds = time.perf_counter() - started
    return report


def _read(graph: Graph, settings: Settings) -> Graph:
    """Return a committed file's graph with its instances named under the deployment's base."""
    return to_deployment(graph, settings.base_iri)


def _owned_part(slug: str, graph: Graph, layout: GraphLayout, path: Path) -> Graph:
    """Check that an actor's file describes only the actor's own items (guideline rule 8)."""
    own = str(layout.actor_iri(slug))
    foreign = sorted(
        str(s)
        for s in set(graph.subjects())
        if not isinstance(s, BNode | Literal) and str(s) != own and not str(s).startswith(own + "/")
    )
    if foreign:
        listed = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise InputError(
            f"{path}: actor {slug!r} may describe only items under {own}/, "
            f"but the file has statements about {listed} (guideline rule 8)"
        )
    return graph


def _union(graphs: Iterable[Graph]) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union
