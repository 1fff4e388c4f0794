"""Versions of an actor's part, recorded with PROV-O and as DCAT catalog records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, XSD

from samverkan.storage import GraphLayout

SPDX = Namespace("http://spdx.org/rdf/terms#")
#: ``dcat:version`` is DCAT 3; rdflib's closed DCAT namespace predates it.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")


@dataclass(frozen=True)
class Version:
    """One accepted version of an actor's part."""

    actor: str
    number: int
    iri: URIRef
    created: datetime
    content_hash: str
    triples: int
    replaces: URIRef | None = None
    derived_from: URIRef | None = None
    activity: str = "submission"


def version_json(version: Version) -> dict[str, Any]:
    """Describe a version for scripts."""
    return {
        "version": str(version.iri),
        "number": version.number,
        "actor": version.actor,
        "activity": version.activity,
        "created": version.created.isoformat(),
        "contentHash": version.content_hash,
        "triples": version.triples,
        "replaces": None if version.replaces is None else str(version.replaces),
        "derivedFrom": None if version.derived_from is None else str(version.derived_from),
        "validationReport": f"{version.iri}/report",
    }


def version_iri(layout: GraphLayout, actor: str, number: int) -> URIRef:
    """Return the identifier of version ``number`` of actor ``actor``'s part."""
    return URIRef(f"{layout.actor_iri(actor)}/version/{number}")


def record(version: Version, layout: GraphLayout) -> Graph:
    """Describe a version: who, when, what it replaced, its checksum and its report."""
    graph = Graph()
    v, actor = version.iri, layout.actor_iri(version.actor)
    activity = URIRef(f"{v}/activity")
    when = Literal(version.created.isoformat(), datatype=XSD.dateTime)
    graph.add((v, RDF.type, layout.sam.PartVersion))
    graph.add((v, DCTERMS.isVersionOf, layout.actor(version.actor)))
    graph.add((v, FOAF.primaryTopic, layout.actor(version.actor)))
    graph.add((v, DCAT_VERSION, Literal(str(version.number))))
    graph.add((v, DCTERMS.issued, when))
    graph.add((v, PROV.generatedAtTime, when))
    graph.add((v, PROV.wasAttributedTo, actor))
    graph.add((v, PROV.wasGeneratedBy, activity))
    graph.add((v, layout.sam.validationReport, URIRef(f"{v}/report")))
    graph.add((v, DCTERMS.extent, Literal(version.triples, datatype=XSD.integer)))
    _checksum(graph, v, version.content_hash)
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, DCTERMS.type, Literal(version.activity)))
    graph.add((activity, PROV.wasAssociatedWith, actor))
    graph.add((activity, PROV.endedAtTime, when))
    if version.replaces is not None:
        graph.add((v, PROV.wasRevisionOf, version.replaces))
        graph.add((activity, PROV.used, version.replaces))
    if version.derived_from is not None:
        graph.add((v, PROV.wasDerivedFrom, version.derived_from))
    return graph


def _checksum(graph: Graph, version: URIRef, digest: str) -> None:
    checksum = BNode()
    graph.add((version, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def read_history(history: Graph, layout: GraphLayout, actor: str) -> list[Version]:
    """Return the versions recorded in an actor's history graph, oldest first."""
    versions = []
    for v in history.subjects(RDF.type, layout.sam.PartVersion):
        assert isinstance(v, URIRef)
        checksum = history.value(v, SPDX.checksum)
        activity = history.value(v, PROV.wasGeneratedBy)
        versions.append(
            Version(
                actor=actor,
                number=int(str(history.value(v, DCAT_VERSION))),
                iri=v,
                created=datetime.fromisoformat(str(history.value(v, PROV.generatedAtTime))),
                content_hash=str(history.value(checksum, SPDX.checksumValue)),
                triples=int(str(history.value(v, DCTERMS.extent))),
                replaces=_iri(history.value(v, PROV.wasRevisionOf)),
                derived_from=_iri(history.value(v, PROV.wasDerivedFrom)),
                activity=str(history.value(activity, DCTERMS.type)),
            )
        )
    return sorted(versions, key=lambda version: version.number)


def _iri(term: object) -> URIRef | None:
    return term if isinstance(term, URIRef) else None
