"""Exports for neighbouring systems, and imports from them.

- ``GET /exports/cpsv-ap`` — the federation's public services, events, organisations,
  channels and rules in CPSV-AP 3.2.0 (RDF by content negotiation);
- ``GET /catalog`` — the federation's catalogs in DCAT-AP 3.0.1 and DCAT-AP-SE, the one
  DCAT description that the VoID and the home page point harvesters to;
  ``GET /exports/dcat-ap`` redirects there (301), so that there is one copy;
- ``POST /submissions/<actor>/cpsv-ap`` with the actor's credential — CPSV-AP 3.2.0 data
  mapped into the actor's part (:func:`samverkan.exports.cpsv.import_cpsv`), added to
  what the actor has already described, and submitted like any new part: 201 with the
  report and ``notes`` on what could not be mapped, or 422 with the report; 422 too, and
  nothing changed, for a document from which nothing is imported. With
  ``Prefer: respond-async`` it runs as a job (:mod:`samverkan.web.submissions.jobs`) like a
  submission.
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, redirect, request
from rdflib import Graph
from rdflib.namespace import RDF
from werkzeug.wrappers import Response as BaseResponse

from samverkan.errors import EmptySubmissionError, RejectedSubmissionError
from samverkan.exports import dcat  # the module: exports.dcat builds on web.lod
from samverkan.exports.cpsv import KINDS, ImportedGraph, cpsv_view, import_cpsv, merged
from samverkan.messages import message
from samverkan.progress import SUBMISSION, Progress
from samverkan.skolem import unskolemize
from samverkan.submissions.service import Outcome
from samverkan.submissions.versions import record, version_json
from samverkan.web.common import negotiation
from samverkan.web.common.errors import status_of
from samverkan.web.common.services import services
from samverkan.web.submissions import submit
from samverkan.web.submissions.jobs import Answer, run
from samverkan.web.submissions.reports import report_response

bp = Blueprint("exports", __name__)
bp.register_error_handler(RejectedSubmissionError, submit.rejected)


@bp.route("/exports/cpsv-ap")
def cpsv_ap() -> Response:
    """Serve the federation's public services in CPSV-AP 3.2.0."""
    svc = services()
    return negotiation.rdf_response(cpsv_view(svc.store))


@bp.route("/catalog")
def catalog() -> Response:
    """Serve the federation's catalogs in DCAT-AP 3.0.1 (and DCAT-AP-SE)."""
    svc = services()
    return negotiation.rdf_response(dcat.dcat_view(svc.store, svc.settings))


@bp.route("/exports/dcat-ap")
def dcat_ap() -> BaseResponse:
    """Send the client to ``/catalog``, the one DCAT-AP description (query string kept)."""
    query = request.query_string.decode("latin-1")
    return redirect("/catalog" + (f"?{query}" if query else ""), 301)


@bp.post("/submissions/<actor>/cpsv-ap")
def submit_cpsv(actor: str) -> Response:
    """Map the CPSV-AP body into actor ``actor``'s part and submit the result (as a job,
    with its progress, when the client sends ``Prefer: respond-async``)."""
    slug = submit.authorised(actor)
    upload = submit.read_upload()

    def work(progress: Progress) -> Answer:
        svc = services()
        body = upload.parse(progress)
        imported = import_cpsv(body, slug, svc.settings.base_iri)
        refuse_empty(body, imported)
        # The stored part keeps blank nodes as this server's skolem IRIs: submitted again,
        # they are blank nodes once more (else they read as items of nobody's).
        stored = unskolemize(svc.store.graph(svc.layout.actor(slug)), svc.settings.base_iri)
        part = merged(stored, imported)
        try:
            outcome = submit.workflow().submit(slug, part, progress=progress)
        except RejectedSubmissionError as error:
            return Answer(status_of(error), partial(submit.rejection, error, part))
        return Answer(201, lambda: _created(outcome, part, imported))

    return run("import", SUBMISSION, work, len(upload.data), owner=slug)


def refuse_empty(body: Graph, imported: ImportedGraph) -> None:
    """Refuse an import that brings nothing: no statements, or no item of a CPSV-AP class
    we map (public service, channel, event, legal resource, rule, requirement)."""
    if not body:
        raise EmptySubmissionError(message("cpsv_empty"))
    if not any(cls in KINDS for cls in body.objects(None, RDF.type)):
        raise EmptySubmissionError(message("cpsv_no_kinds", count=len(body)))


def _created(outcome: Outcome, part: Graph, imported: ImportedGraph) -> Response:
    version = outcome.version
    if outcome.unchanged:
        return submit.unchanged(version)
    response = report_response(
        outcome.report,
        201,
        names=part,
        wrap=lambda report: {
            **version_json(version),
            "notes": imported.notes,
            "kept": imported.kept,
            "report": report,
        },
        record=record(version, services().layout),
        page={"verdict": "accepted", "version": version},
    )
    response.headers["Location"] = str(version.iri)
    return response
