"""Federated submissions over HTTP (guideline rule 8: each actor publishes only its own part).

Routes:

- ``POST /validate`` — validate a body of RDF in the context of the current federation and
  change nothing (``?actor=SLUG`` judges it as that actor's new part; without it, as the
  part of the one actor whose items it describes). 200 with the report.
- ``POST /submissions/<actor>`` with ``Authorization: Bearer <token>`` — make the body the
  actor's new part. ``POST /submissions`` does the same for the token's own actor.
- ``POST /submissions/<actor>/rollback/<n>`` — make version ``n``'s content the newest
  version (validated anew).

Bodies are Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML, chosen by ``Content-Type``;
parsing never fetches anything (no remote JSON-LD contexts, no XML external entities).
Relative IRIs resolve against ``{base}id/``.

Answers (the report as described in :mod:`samverkan.web.reports`):

- 201 accepted (warnings allowed), ``Location`` the new version's IRI; the JSON answer is
  ``{"version": iri, "number": n, ..., "report": {...}}``;
- 422 a violation: the report, and nothing changed;
- 400 malformed RDF (naming line and column) or an empty submission; 415 an unknown
  media type; 413 a body over ``max_body_bytes``;
- 401 no credential or an unknown one (with ``WWW-Authenticate: Bearer``); 403 a
  credential of another actor, or a submission with statements about another actor's
  items (the answer names them; nothing changed).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request
from rdflib import Graph

from samverkan.errors import (
    AuthenticationError,
    InputError,
    InvalidCredentialError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RejectedSubmissionError,
    UnsupportedMediaTypeError,
)
from samverkan.rdfio import format_for_media_type, parse_quads
from samverkan.submissions.credentials import Credentials
from samverkan.submissions.service import Outcome, Submissions
from samverkan.submissions.versions import Version, record
from samverkan.terms import graph_from_triples
from samverkan.validation import Report, Validator
from samverkan.web.errors import TITLES, status_of, too_large_message
from samverkan.web.reports import report_response
from samverkan.web.services import services

bp = Blueprint("submissions", __name__)


def workflow() -> Submissions:
    """Return the app's submission workflow (validating with the project's shapes, which
    name terms under the canonical base; the workflow moves data there and back)."""
    cache = services().cache
    found = cache.get("submissions")
    if not isinstance(found, Submissions):
        validator = Validator.from_project(services().settings)
        found = Submissions(services().settings, services().store, validator)
        cache["submissions"] = found
    return found


def credentials() -> Credentials:
    """Return the credentials kept beside the store."""
    return Credentials(services().settings.state_dir / "credentials.json")


@bp.post("/validate")
def validate() -> Response:
    """Validate the body as it would be judged on submission; change nothing."""
    actor = request.args.get("actor") or None
    if actor is not None and not is_slug(actor):
        raise InputError(f"?actor={actor!r} is not an actor slug (lower-case letters, digits, -)")
    submission = read_body()
    report = workflow().validate(submission, actor)
    page = {"verdict": "validated", "submitted_as": actor}
    return report_response(report, 200, names=submission, page=page)


@bp.post("/submissions")
def submit_own() -> Response:
    """Make the body the new part of the actor whose credential is given."""
    return _submit(authenticated_actor())


@bp.post("/submissions/<actor>")
def submit(actor: str) -> Response:
    """Make the body actor ``actor``'s new part."""
    return _submit(authorised(actor))


@bp.post("/submissions/<actor>/rollback/<int:number>")
def rollback(actor: str, number: int) -> Response:
    """Make an earlier version's content the actor's newest version."""
    slug = authorised(actor)
    versions = workflow().versions
    earlier = versions.archive.read(slug, versions.version(slug, number).number)
    return _created(workflow().rollback(slug, number), earlier)


@bp.errorhandler(RejectedSubmissionError)
def rejected(error: RejectedSubmissionError) -> Response:
    """Answer a submission that breaks a rule with its report (422); nothing was changed."""
    assert isinstance(error.report, Report)
    names = g.get("submitted", Graph())
    return report_response(
        error.report,
        status_of(error),
        names=names,
        wrap=lambda report: {**_error_fields(error), "report": report},
        page={"verdict": "rejected", "message": str(error)},
    )


def _error_fields(error: RejectedSubmissionError) -> dict[str, Any]:
    status = status_of(error)
    return {"status": status, "error": TITLES[status], "message": str(error)}


def _submit(actor: str) -> Response:
    submission = read_body()
    return _created(workflow().submit(actor, submission), submission)


def _created(outcome: Outcome, content: Graph) -> Response:
    version = outcome.version
    response = report_response(
        outcome.report,
        201,
        names=content,
        wrap=lambda report: {**version_json(version), "report": report},
        record=record(version, services().layout),
        page={"verdict": "accepted", "version": version},
    )
    response.headers["Location"] = str(version.iri)
    return response


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


def read_body() -> Graph:
    """Parse the request body by its ``Content-Type``, never fetching anything."""
    limit = services().settings.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLargeError(too_large_message(limit))
    if not request.content_type:
        raise UnsupportedMediaTypeError(
            "say what the body is with Content-Type: text/turtle, application/trig, "
            "application/n-triples, application/ld+json or application/rdf+xml"
        )
    rdf_format = format_for_media_type(request.content_type)
    base = services().settings.base_iri + "id/"
    quads = parse_quads(request.get_data(cache=False), rdf_format, "the request body", base)
    g.submitted = graph_from_triples(quads)
    submitted: Graph = g.submitted
    return submitted


def authenticated_actor() -> str:
    """Return the actor whose bearer token the request carries."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(
            "this needs the actor's credential: send 'Authorization: Bearer <token>' "
            "(an operator makes one with 'samverkan credentials add <actor>')"
        )
    actor = credentials().actor_for(token.strip())
    if actor is None:
        raise InvalidCredentialError("the credential is not known, or has been revoked")
    return actor


def authorised(actor: str) -> str:
    """Return ``actor`` when the request carries its credential; raise 401 or 403 otherwise."""
    holder = authenticated_actor()
    if holder != actor:
        raise PermissionDeniedError(
            f"the credential is actor {holder!r}'s: only {actor!r} may change "
            f"{actor!r}'s part (guideline rule 8)"
        )
    return checked_slug(actor)


def is_slug(text: str) -> bool:
    """Say whether ``text`` can name an actor (the rule is the graph layout's)."""
    try:
        services().layout.actor(text)
    except ValueError:
        return False
    return True


def checked_slug(actor: str) -> str:
    """Return ``actor`` if it can be an actor's slug, else raise :class:`NotFoundError`."""
    if not is_slug(actor):
        raise NotFoundError(f"{actor!r} is not an actor (slugs are lower-case letters, digits, -)")
    return actor
