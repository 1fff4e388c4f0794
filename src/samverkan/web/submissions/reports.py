"""Validation reports as answers: SHACL RDF, compact JSON for scripts, a page for people.

A report is offered as ``application/json`` (the compact form of
:func:`samverkan.validation.render.as_json`; the default for scripts sending ``*/*`` or no
``Accept``), as the SHACL validation report graph in Turtle, JSON-LD or N-Triples, and as an
HTML page grouped by guideline rule, summarised, filtered and paged
(:mod:`samverkan.web.submissions.report_page`), as plain text (the command line's form) and
as CSV, one result a row, in Swedish or English (``?lang=`` or ``Accept-Language``, Swedish
by default; ``Content-Language`` says which). Every form names the results' items by label
as well as IRI (in the RDF forms, as ``rdfs:label`` statements beside the report).
``?format=`` (``json``, ``ttl``, ``jsonld``, ``nt``, ``html``, ``txt``, ``csv``) wins over
``Accept``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from itertools import chain
from typing import Any

from flask import Response, render_template, request
from rdflib import Graph

from samverkan.errors import NotAcceptableError
from samverkan.validation import Report, Severity
from samverkan.validation.render import as_document, as_text, rule_titles
from samverkan.web.common import language
from samverkan.web.common.negotiation import HTML, JSONLD, NTRIPLES, TURTLE, serialize_triples
from samverkan.web.common.services import services
from samverkan.web.submissions.report_page import as_csv, report_page
from samverkan.web.submissions.report_views import REPORT_VIEW, kept
from samverkan.web.submissions.shown import Shown, shown

__all__ = ["Shown", "shown"]

JSON = "application/json"
TEXT = "text/plain"
CSV = "text/csv"
#: What a client may ask a report for, in the server's order of preference.
REPORT_OFFERS = (JSON, TURTLE, JSONLD, NTRIPLES, HTML, TEXT, CSV)
#: What a job keeps of its answer: every offer, and the report for its page's other views.
KEPT_FORMS = (*REPORT_OFFERS, REPORT_VIEW)
REPORT_NAMES = {
    "json": JSON,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "html": HTML,
    "txt": TEXT,
    "text": TEXT,
    "csv": CSV,
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


def counts(report: Report) -> dict[str, int]:
    """Return the number of results of each severity."""
    return {severity.value: len(report.of_severity(severity)) for severity in Severity}


def report_json(report: Report, lang: str) -> dict[str, Any]:
    """Return the compact JSON form of a report, as a document to embed."""
    return as_document(report, lang)


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
    media_type = choose_media_type(KEPT_FORMS, REPORT_NAMES)
    lang = language.of_messages()
    if media_type == REPORT_VIEW:
        response = Response(
            kept(report, status, names, page or {}), status, content_type=REPORT_VIEW
        )
    elif media_type == JSON:
        document = report_json(report, lang)
        body = json.dumps(wrap(document) if wrap else document, ensure_ascii=False, indent=2)
        response = Response(body, status, content_type=JSON)
    elif media_type == HTML:
        html = render_template(
            "report.html",
            report=report,
            shown_page=report_page(report, names, lang),
            counts=counts(report),
            w=lambda key: language.text(key, lang),
            t=lambda key: language.text(key, lang),
            lang=lang,
            **(page or {}),
        )
        response = Response(html, status, content_type="text/html; charset=utf-8")
    elif media_type == TEXT:
        said = (page or {}).get("message")
        text = as_text(report, lang, _titles(lang))
        body = f"{said}\n\n{text}" if said else text
        response = Response(body, status, content_type="text/plain; charset=utf-8")
    elif media_type == CSV:
        table = as_csv(report, lang).encode("utf-8")
        response = Response(table, status, content_type=f"{CSV}; charset=utf-8; header=present")
    else:
        triples = chain(report.graph, report.label_graph(), record or ())
        written = serialize_triples(triples, media_type)
        response = Response(written, status, content_type=media_type)
    response.headers["Vary"] = "Accept, Accept-Language"
    response.headers["Content-Language"] = lang
    return response


def _titles(lang: str) -> dict[str, str]:
    return rule_titles(services().store.graph(services().layout.ontology), lang)
