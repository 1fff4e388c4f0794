"""DCAT-AP 3.0.1: the federation's catalogs for data portals.

The view is what ``/catalog`` serves (``/exports/dcat-ap`` redirects there). It extends the
description shared with the VoID (:func:`samverkan.exports.void.describe`: the federation
dataset, one subset per actor, the SPARQL service, the four catalogs) with what DCAT-AP and
DCAT-AP-SE ask for: the catalogs' records and the datasets they describe
(``dcat-records.rq``), the catalogs' languages, coverage, licence and themes
(``dcat-catalogs.rq``), the publishing agents (``dcat-agents.rq``), and the entries of the
EU authority tables the view cites (``codelists.ttl``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph, URIRef

from samverkan.config import Settings
from samverkan.exports.queries import construct_all
from samverkan.exports.void import describe
from samverkan.storage import GraphLayout, Store

#: The queries whose answers, with the description shared with the VoID, make the view.
VIEW_QUERIES = ("dcat-catalogs", "dcat-records", "dcat-agents", "dcat-federation")


@cache
def _codelists() -> str:
    return (resources.files("samverkan.exports") / "codelists.ttl").read_text("utf-8")


def codelists() -> Graph:
    """Return the authority-table entries the DCAT-AP view cites."""
    return Graph().parse(data=_codelists(), format="turtle")


def dcat_view(store: Store, settings: Settings) -> Graph:
    """Return the federation's catalogs, records and datasets in DCAT-AP 3.0.1."""
    graph = describe(store, settings, with_void=False)
    graph += construct_all(store, VIEW_QUERIES, addresses(settings.base_iri))
    graph += codelists()
    return graph


def addresses(base_iri: str) -> dict[str, dict[str, URIRef]]:
    """Return, by query, the deployment's own addresses the DCAT-AP queries take as bindings."""
    federation = URIRef(f"{base_iri}catalog")
    return {
        "dcat-catalogs": {"federation": federation, "home": URIRef(base_iri)},
        "dcat-federation": {
            "federation": federation,
            "dumps": URIRef(f"{base_iri}dumps/"),
            "service": URIRef(f"{base_iri}sparql"),
            "host": GraphLayout(base_iri).actor_iri("digg"),
        },
    }
