"""Build the store from the project's files: ontology, shapes, one graph per actor, inferences."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from samverkan import search, storage
from samverkan.config import Settings
from samverkan.errors import (
    InconsistencyError,
    InputError,
    StoreError,
    StoreIdentityError,
    SubmittedPartsError,
)
from samverkan.listings import rebuild_listings
from samverkan.listings.keys import MATCHED, PREMISES, listing_keys, shared_keys
from samverkan.progress import Progress, silent
from samverkan.rdfio import parse_file, parse_files
from samverkan.reasoning import check_consistency, materialise, without_blank_nodes
from samverkan.rebasing import to_deployment
from samverkan.skolem import skolemize
from samverkan.storage import GraphLayout, Store, identity
from samverkan.submissions.archive import canonical_bytes, content_hash
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


def build(
    store: Store,
    settings: Settings,
    progress: Progress = silent,
    *,
    replace_submitted: bool = False,
) -> BuildReport:
    """Replace the store's federation with the one in the project's files, in one transaction.

    ``progress`` is told each phase of :data:`samverkan.progress.LOAD` as it begins.

    Refuse, and change nothing, on a store made for another base IRI
    (:class:`~samverkan.errors.StoreIdentityError`), and on a store where an actor's part
    is a version that actor submitted and the files would replace it
    (:class:`~samverkan.errors.SubmittedPartsError`), unless ``replace_submitted``: then the
    files' content becomes a new version, numbered after the old ones, which stay in the
    history and the archive (a rollback restores them).
    """
    started = time.perf_counter()
    _check_identity(store, settings)
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
    stale = {g for g in store.graph_names() if layout.actor_slug(g) is not None} - set(parts)
    parts.update({name: Graph() for name in stale})
    versions = VersionLog(settings, store)
    if not replace_submitted:
        _refuse_to_replace_submissions(versions, layout, parts)
    histories = {
        layout.history(slug): versions.history_after_load(slug, part)
        for slug, part in _by_slug(layout, parts).items()
    }
    graphs = {
        layout.ontology: ontology,
        layout.shapes: shapes,
        **parts,
        **histories,
        layout.inferred: inferred,
        layout.listings: _listings(asserted + inferred, settings.languages),
    }
    if not identity.is_recorded(store):
        graphs[store.identity_graph] = identity.record(store, settings.base_iri)
    progress("storing")
    store.replace_graphs(graphs)
    progress("indexing")
    search.for_settings(settings).rebuild(store, layout)
    report = BuildReport({name: len(graph) for name, graph in graphs.items() if len(graph)})
    report.seconds = time.perf_counter() - started
    return report


def _listings(statements: Graph, languages: tuple[str, ...]) -> Graph:
    """Return the listing keys of every item of ``statements`` (asserted plus inferred)."""
    premises = Graph()
    for triple in statements:
        if triple[1] in PREMISES:
            premises.add(triple)
    sub_classes = [
        (s, o)
        for s, o in statements.subject_objects(RDFS.subClassOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    ]
    keys = listing_keys(premises, sub_classes, None, languages)
    return keys + shared_keys(pair for p in MATCHED for pair in keys.subject_objects(p))


def _check_identity(store: Store, settings: Settings) -> None:
    recorded = identity.recorded_base(store)
    if recorded is not None and recorded != settings.base_iri:
        raise StoreIdentityError(identity.refusal(settings, recorded))


def _by_slug(layout: GraphLayout, parts: dict[URIRef, Graph]) -> dict[str, Graph]:
    return {slug: part for name, part in parts.items() if (slug := layout.actor_slug(name))}


def _refuse_to_replace_submissions(
    versions: VersionLog, layout: GraphLayout, parts: dict[URIRef, Graph]
) -> None:
    """Raise if a part the files would change is a version its actor submitted."""
    replaced = []
    for slug, part in _by_slug(layout, parts).items():
        history = versions.history(slug)
        current = history[-1] if history else None
        if current is None or current.activity == "load":
            continue
        if current.content_hash != content_hash(canonical_bytes(part)):
            replaced.append(f"{slug} (version {current.number}, by {current.activity})")
    if replaced:
        raise SubmittedPartsError(
            f"the store holds parts that their actors made and the files of data/ would "
            f"replace: {', '.join(replaced)}. Nothing was changed. To replace them all the "
            "same, give --replace-submitted: the files then become new versions, numbered "
            "after the old ones, which stay in the history and the archive (a rollback "
            "restores them)."
        )


def open_federation(settings: Settings, *, build_when_empty: bool = True) -> tuple[Store, Settings]:
    """Open the configured store under the base IRI it was made for; return it and the
    settings with that base.

    Build a store that holds nothing from the project's files (unless not
    ``build_when_empty``). Nothing here drops or rebuilds a store that holds a federation:
    settings naming another base are refused (:func:`identity.settle`), and a store that
    holds graphs but no federation under its base is left as it is.
    """
    store = storage.open_store(settings)
    try:
        settled = _settled(settings, store)
        held = store.public_graph_names()  # not the identity, nor archived versions
        if not held and build_when_empty:
            print(f"samverkan: {identity.where(settled)} is empty; building it", file=sys.stderr)
            build(store, settled)
        elif held and GraphLayout(settled.base_iri).ontology not in held:
            raise StoreError(
                f"{identity.where(settled)} holds {len(held)} graphs but no federation under "
                f"{settled.base_iri} (no graph {GraphLayout(settled.base_iri).ontology}); "
                "it is left as it is: give another --store"
            )
        elif held and GraphLayout(settled.base_iri).listings not in held:
            _derive_listings(store, settled)
    except BaseException:
        store.close()
        raise
    return store, settled


def _derive_listings(store: Store, settings: Settings) -> None:
    """Derive the listings of a store built before they were kept (they come from the
    store's own graphs alone, like the inferences: nothing an actor sent is touched)."""
    print(
        f"samverkan: {identity.where(settings)} has no listings yet; deriving them", file=sys.stderr
    )
    rebuild_listings(store, GraphLayout(settings.base_iri), settings.languages)


def _settled(settings: Settings, store: Store) -> Settings:
    """Return the settings with the store's own base, saying so when it is not the default."""
    settled = identity.settle(settings, store)
    if settled.base_iri != settings.base_iri:
        print(
            f"samverkan: {identity.where(settings)} was made for {settled.base_iri}; "
            f"using that base IRI, not the default {settings.base_iri}",
            file=sys.stderr,
        )
    return settled


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
