"""Validation reports as answers: SHACL RDF, compact JSON for scripts, a page for people.

A report is offered as ``application/json`` (the compact form of
:func:`samverkan.validation.render.as_json`; the default for scripts sending ``*/*`` or no
``Accept``), as the SHACL validation report graph in Turtle, JSON-LD or N-Triples, and as an
HTML page grouped by guideline rule, in Swedish or English (``?lang=`` or
``Accept-Language``). ``?format=`` (``json``, ``ttl``, ``jsonld``, ``nt``, ``html``) wins
over ``Accept``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, render_template, request
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from samverkan.errors import NotAcceptableError
from samverkan.validation import Report, Result, Severity
from samverkan.validation.render import as_json, rule_titles
from samverkan.web import language
from samverkan.web.links import href
from samverkan.web.negotiation import HTML, JSONLD, NTRIPLES, TURTLE, serialize
from samverkan.web.ontology import ontology
from samverkan.web.services import services

JSON = "application/json"
#: What a client may ask a report for, in the server's order of preference.
REPORT_OFFERS = (JSON, TURTLE, JSONLD, NTRIPLES, HTML)
REPORT_NAMES = {
    "json": JSON,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "html": HTML,
}


def choose_media_type(offers: tuple[str, ...], names: Mapping[str, str]) -> str:
    """Return what to answer with: ``?format=`` first, then ``Accept``, else the first offer."""
    wanted = request.args.get("format", "").strip().lower()
    if wanted:
        chosen = names.get(wanted) or (wanted if wanted in offers else None)
    elif not request.accept_mimetypes:
        chosen = offers[0]
    else:
        chosen = request.accept_mimetypes.best_match(offers)
    if chosen is None:
        raise NotAcceptableError(
            f"available as {', '.join(offers)}; ask for one of these in Accept "
            f"or with ?format= ({', '.join(sorted(names))})"
        )
    return chosen


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: its text and, for IRIs, where it links to."""

    text: str
    href: str | None = None
    iri: str | None = None


def shown(term: Node | None, names: Graph, lang: str, report: Report | None = None) -> Shown | None:
    """Return a term for a page: an IRI as a link named by its label in ``names`` (or the
    ``report``'s), else by the ontology's name for it, else by its local path."""
    if term is None:
        return None
    if not isinstance(term, URIRef):
        return Shown(str(term) if isinstance(term, Literal) else term.n3())
    label = language.pick(
        (v for v in names.objects(term, RDFS.label) if isinstance(v, Literal)), lang
    )
    named = report.label(term, lang) if report is not None else None
    text = str(label) if label is not None else named or ontology().label(term, lang)
    if text == str(term):
        text = services().path(str(term)) or str(term)
    return Shown(text, href(str(term)), str(term))


@dataclass(frozen=True)
class ResultView:
    """One result as the report page shows it."""

    severity: str
    focus: Shown | None
    path: str | None
    value: Shown | None
    message: str


def report_page(report: Report, names: Graph, lang: str) -> list[tuple[str, list[ResultView]]]:
    """Return the report's results grouped under their rule's heading, for the page."""
    titles = rule_titles(services().store.graph(services().layout.ontology), lang)
    groups = []
    for rule, results in report.by_rule().items():
        heading = (
            f"{language.text('rule', lang)} {rule}" if rule else language.text("no_rule", lang)
        )
        if rule in titles:
            heading += f": {titles[rule]}"
        groups.append((heading, [_view(result, report, names, lang) for result in results]))
    return groups


def _view(result: Result, report: Report, names: Graph, lang: str) -> ResultView:
    return ResultView(
        severity=result.severity.value,
        focus=shown(result.focus, names, lang, report),
        path=result.path,
        value=shown(result.value, names, lang, report),
        message=result.text(lang),
    )


def counts(report: Report) -> dict[str, int]:
    """Return the number of results of each severity."""
    return {severity.value: len(report.of_severity(severity)) for severity in Severity}


def report_json(report: Report, lang: str) -> dict[str, Any]:
    """Return the compact JSON form of a report, as a document to embed."""
    document: dict[str, Any] = json.loads(as_json(report, lang))
    return document


def report_response(
    report: Report,
    status: int,
    *,
    names: Graph,
    wrap: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    record: Graph | None = None,
    page: Mapping[str, Any] | None = None,
) -> Response:
    """Answer with ``report`` in the negotiated form.

    ``wrap`` turns the report's JSON into the answer's JSON (to say which version was made);
    ``record`` is RDF added to the report graph; ``page`` is more for the HTML template.
    """
    media_type = choose_media_type(REPORT_OFFERS, REPORT_NAMES)
    lang = language.current()
    if media_type == JSON:
        document = report_json(report, lang)
        body = json.dumps(wrap(document) if wrap else document, ensure_ascii=False, indent=2)
        response = Response(body, status, content_type=JSON)
    elif media_type == HTML:
        html = render_template(
            "report.html",
            report=report,
            groups=report_page(report, names, lang),
            counts=counts(report),
            w=lambda key: language.text(key, lang),
            **(page or {}),
        )
        response = Response(html, status, content_type="text/html; charset=utf-8")
    else:
        graph = Graph() + report.graph + (record or Graph())
        response = Response(serialize(graph, media_type), status, content_type=media_type)
    response.headers["Vary"] = "Accept, Accept-Language"
    return response
