"""The base IRI a store was made for, recorded in the store itself.

Every identifier a store holds (``<base>id/…``, ``<base>graph/…``, the versions of actors'
parts) lies under one base IRI, and what has been published under it must keep its name.
So the base is fixed when the store is first built, and recorded in a graph whose name
depends on no base: ``urn:x-samverkan:store:identity`` (:attr:`Store.identity_graph`, beside
the remote store's registry ``urn:x-samverkan:store:graphs``). It holds two statements::

    <urn:x-samverkan:store:identity> a void:Dataset ;
        void:uriSpace "http://localhost:8080/" ;    # the base IRI
        dcterms:created "2026-12-07T08:00:00+00:00"^^xsd:dateTime .

The same graph works in the embedded store and in a remote one. A store built before the
base was recorded names it in its ontology graph (``<base>graph/ontology``): that is read
instead, and recorded at the next build.

Settings that name a base explicitly (``--base-iri``, ``SAMVERKAN_BASE_IRI``) must name the
recorded one: :func:`settle` refuses any other, and changes nothing. Settings that leave the
base to its default (``http://localhost:<port>/``) take the recorded one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from samverkan.config import Settings
from samverkan.errors import StoreIdentityError
from samverkan.storage.base import Store

#: The end of the name of a federation's ontology graph, ``<base>graph/ontology``.
_ONTOLOGY_GRAPH = "graph/ontology"


def record(store: Store, base_iri: str) -> Graph:
    """Return the identity graph that records ``base_iri`` as the store's base."""
    graph = Graph()
    me = store.identity_graph
    graph.add((me, RDF.type, VOID.Dataset))
    graph.add((me, VOID.uriSpace, Literal(base_iri)))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    graph.add((me, DCTERMS.created, Literal(now, datatype=XSD.dateTime)))
    return graph


def is_recorded(store: Store) -> bool:
    """Say whether the store holds its identity graph (not only a legacy ontology name)."""
    return store.identity_graph in store.graph_names()


def recorded_base(store: Store) -> str | None:
    """Return the base IRI the store was made for, or None for a store not built yet."""
    names = store.graph_names()
    if store.identity_graph in names:
        value = store.graph(store.identity_graph).value(store.identity_graph, VOID.uriSpace)
        if value is None:
            raise StoreIdentityError(
                f"the store's identity graph <{store.identity_graph}> names no base IRI "
                "(void:uriSpace); it was not written by samverkan, so nothing is changed"
            )
        return str(value)
    return _base_of_ontology_graph(names)


def _base_of_ontology_graph(names: set[URIRef]) -> str | None:
    bases = sorted(
        str(name)[: -len(_ONTOLOGY_GRAPH)] for name in names if str(name).endswith(_ONTOLOGY_GRAPH)
    )
    if len(bases) > 1:
        raise StoreIdentityError(
            f"the store holds federations under several base IRIs ({', '.join(bases)}) and "
            "records none; nothing is changed: move each to a store of its own"
        )
    return bases[0] if bases else None


def settle(settings: Settings, store: Store) -> Settings:
    """Return ``settings`` with the store's recorded base IRI.

    Raise :class:`StoreIdentityError` when the settings name another base explicitly; a
    store not built yet takes the settings' base when it is built.
    """
    recorded = recorded_base(store)
    if recorded is None or recorded == settings.base_iri:
        return settings
    if settings.base_iri_given:
        raise StoreIdentityError(refusal(settings, recorded))
    return replace(settings, base_iri=recorded)


def refusal(settings: Settings, recorded: str) -> str:
    """Say that the store was made for ``recorded``, what was asked, and what to do."""
    return (
        f"{where(settings)} was made for the base IRI {recorded}, and everything it holds is "
        f"published under it; it was asked to serve {settings.base_iri} "
        "(--base-iri or SAMVERKAN_BASE_IRI). Nothing was changed. A store keeps its base IRI "
        f"for good: give --base-iri {recorded}, or leave it out. To publish under "
        f"{settings.base_iri}, make a new store in another directory "
        f"(samverkan load --store NEW_DIR --base-iri {settings.base_iri}) and submit each "
        "actor's part to it; this store and its version history stay as they are."
    )


def where(settings: Settings) -> str:
    """Name the store the settings choose, for messages."""
    if settings.store_kind == "remote":
        return f"the remote store at {settings.store_query_url}"
    return f"the store at {settings.store_path}"
