"""A report kept with its page's context, so that any server process renders its other pages.

A job keeps its answer rendered in every form a client may ask for
(:mod:`samverkan.state.jobs`), each one fixed when the job finishes. The report's page for
people is filtered and paged by the reader (``?page=``, ``?severity=``, ``?rule=``,
``?item=``), so a job keeps its report once more, as :data:`REPORT_VIEW`: JSON holding the
status, the SHACL report graph with its items' labels (N-Triples) and what the page says
besides (the verdict, the message, the version made). Reading it back gives what
:func:`~samverkan.web.submissions.reports.report_response` was given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any

import pyoxigraph as ox
from flask import request
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from samverkan.rdfio import parse_quads
from samverkan.terms import graph_from_triples
from samverkan.validation import Report
from samverkan.validation.report import read_results
from samverkan.web.common.negotiation import NTRIPLES, serialize_triples

#: The media type of a kept report (a server's own form, never offered to clients).
REPORT_VIEW = "application/vnd.samverkan.report-view+json"
#: The query parameters that choose another view of a report than its first page.
VIEW_PARAMETERS = ("page", "severity", "rule", "item")


@dataclass(frozen=True)
class ShownVersion:
    """The version a report's page names: what the page shows of it."""

    number: int
    iri: str


@dataclass(frozen=True)
class KeptReport:
    """What a report's page was rendered from."""

    report: Report
    status: int
    names: Graph
    page: dict[str, Any]


def asks_for_another_view() -> bool:
    """Say whether the request asks for a page, or filters, of a report."""
    return any(request.args.get(name) for name in VIEW_PARAMETERS)


def kept(report: Report, status: int, names: Graph, page: Mapping[str, Any]) -> str:
    """Return the kept form of a report: JSON, its graph with its items' labels."""
    labels = (
        (item, RDFS.label, label)
        for item in report.items()
        for label in names.objects(item, RDFS.label)
        if isinstance(label, Literal)
    )
    triples = chain(report.graph, report.label_graph(), labels)
    document = {
        "status": status,
        "report": serialize_triples(triples, NTRIPLES).decode("utf-8"),
        "page": _page_document(page),
    }
    return json.dumps(document, ensure_ascii=False)


def read_kept(body: str, shapes: Graph) -> KeptReport:
    """Read a kept report back; ``shapes`` attribute its results to their rules."""
    document = json.loads(body)
    quads = parse_quads(document["report"].encode("utf-8"), ox.RdfFormat.N_TRIPLES, "a report")
    graph = graph_from_triples(quads)
    report = Report(read_results(graph, shapes), graph).named(graph)
    page = dict(document["page"])
    if page.get("version") is not None:
        page["version"] = ShownVersion(**page["version"])
    return KeptReport(report, document["status"], graph, page)


def _page_document(page: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the page says besides the report, as JSON."""
    version = page.get("version")
    return {
        "verdict": page.get("verdict"),
        "message": page.get("message"),
        "submitted_as": page.get("submitted_as"),
        "version": None if version is None else {"number": version.number, "iri": str(version.iri)},
    }
