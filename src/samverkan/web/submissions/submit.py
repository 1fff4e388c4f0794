"""Federated submissions over HTTP (guideline rule 8: each actor publishes only its own part).

Routes:

- ``POST /validate`` — validate a body of RDF in the context of the current federation and
  change nothing (``?actor=SLUG`` judges it as that actor's new part; without it, as the
  part of the one actor whose items it describes). 200 with the report.
- ``POST /submissions/<actor>`` with ``Authorization: Bearer <token>`` — make the body the
  actor's new part. ``POST /submissions`` does the same for the token's own actor.
- ``POST /submissions/<actor>/rollback/<n>`` — make version ``n``'s content the newest
  version (validated anew).
- ``POST /submissions/<actor>/withdraw`` — make an empty part the actor's newest version
  (the body is not read); a rollback restores an earlier one.

Bodies are Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML, chosen by ``Content-Type``;
parsing never fetches anything (no remote JSON-LD contexts, no XML external entities).
Relative IRIs resolve against ``{base}id/``.

The same routes take an HTML form (``multipart/form-data``, the page ``/submit``): the file
in the field ``file``, its syntax by its extension or the field ``format`` (a media type),
the actor in ``actor`` and, for a submission, the credential in ``access_token`` (as
RFC 6750 names it) when there is no ``Authorization`` header. The limits, the checks and the
answers are those of a body sent as it is.

With ``Prefer: respond-async`` a validation or submission runs as a job
(:mod:`samverkan.web.submissions.jobs`): 202 at once, then its phases and its answer from
``Location``.

Answers (the report as described in :mod:`samverkan.web.submissions.reports`):

- 201 accepted (warnings allowed), ``Location`` the new version's IRI; the JSON answer is
  ``{"version": iri, "number": n, ..., "report": {...}}``;
- 200 unchanged: the content is the current version's already (the same canonical content
  hash), so no version is made; ``Location`` and ``Content-Location`` name the current
  version, and the JSON answer is ``{"version": iri, "number": n, ..., "unchanged": true}``;
- 422 a violation: the report, and nothing changed; or a document without statements
  (only a withdrawal empties a part);
- 400 malformed RDF (naming line and column); 415 an unknown media type; 413 a body
  over ``max_body_bytes``;
- 401 no credential or an unknown one (with ``WWW-Authenticate: Bearer``); 403 a
  credential of another actor, or a submission with statements about another actor's
  items (the answer names them; nothing changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request
from rdflib import Graph

from samverkan import limits
from samverkan.errors import (
    AuthenticationError,
    InputError,
    InvalidCredentialError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RejectedSubmissionError,
    UnsupportedFormatError,
    UnsupportedMediaTypeError,
)
from samverkan.messages import Message, message, title
from samverkan.progress import SUBMISSION, VALIDATION, Progress, silent
from samverkan.rdfio import EXTENSIONS, format_for_media_type, format_for_path, parse_untrusted
from samverkan.rebasing import to_deployment
from samverkan.submissions.credentials import Credentials
from samverkan.submissions.service import Outcome, Submissions
from samverkan.submissions.versions import Version, record, version_json
from samverkan.terms import graph_from_triples
from samverkan.validation import Report, isolated
from samverkan.web.common import admission, language
from samverkan.web.common.actors import actors as federation_actors
from samverkan.web.common.actors import checked_slug, is_slug
from samverkan.web.common.errors import status_of, too_large_message
from samverkan.web.common.services import services
from samverkan.web.submissions.jobs import Answer, run
from samverkan.web.submissions.reports import report_response

bp = Blueprint("submissions", __name__)


def workflow() -> Submissions:
    """Return the app's submission workflow (validating with the project's shapes)."""
    settings, store = services().settings, services().store
    return services().held(
        Submissions, lambda: Submissions(settings, store, isolated.for_server(settings))
    )


def credentials() -> Credentials:
    """Return the credentials kept in the store."""
    return Credentials(services().store)


#: The syntaxes a person may choose on the submission page (else the file's extension says).
FORM_SYNTAXES = (
    ("text/turtle", "Turtle"),
    ("application/trig", "TriG"),
    ("application/n-triples", "N-Triples"),
    ("application/n-quads", "N-Quads"),
    ("application/ld+json", "JSON-LD"),
    ("application/rdf+xml", "RDF/XML"),
)


@bp.get("/submit")
def page() -> Response:
    """The page for validating and submitting a file: a form that works without scripts,
    and in place with progress where scripts run (``static/submit.js``)."""
    lang = language.current()
    actors = [(_slug_of(a.iri), a.label(lang)) for a in federation_actors()]
    limit = services().settings.max_body_bytes
    body = render_template(
        "submit.html",
        actors=sorted(((s, n) for s, n in actors if s), key=lambda a: a[1].casefold()),
        syntaxes=FORM_SYNTAXES,
        extensions=",".join(sorted(EXTENSIONS)),
        max_bytes=limit,
        max_size=f"{limit / 1_048_576:.3g} MiB",
    )
    response = Response(body, 200, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    return response


def _slug_of(actor_iri: str) -> str | None:
    prefix = services().settings.base_iri + "id/"
    slug = actor_iri.removeprefix(prefix)
    return slug if actor_iri.startswith(prefix) and is_slug(slug) else None


@dataclass(frozen=True)
class Upload:
    """A body of RDF as it arrived: its bytes, its syntax and its name in error messages."""

    data: bytes
    rdf_format: ox.RdfFormat
    source: Message

    def parse(self, progress: Progress = silent) -> Graph:
        """Parse the body, never fetching anything; relative IRIs resolve under ``id/``.

        The body is checked and parsed in a bounded process (:mod:`samverkan.bounded`).
        Items named under the canonical base (as in the committed files) are translated to
        this deployment's base here, where the submission arrives.
        """
        progress("parsing", 0)
        settings = services().settings
        quads = parse_untrusted(
            self.data,
            self.rdf_format,
            self.source,
            settings.base_iri + "id/",
            limits.for_server(settings),
        )
        progress("parsing", len(quads), len(quads))
        return to_deployment(graph_from_triples(quads), settings.base_iri)


@bp.post("/validate")
def validate() -> Response:
    """Validate the body as it would be judged on submission; change nothing."""
    actor = request.args.get("actor") or form_field("actor") or None
    if actor is not None and not is_slug(actor):
        raise InputError(message("not_actor_slug", actor=actor))
    upload = read_upload()

    release = admission.validations().enter(admission.current_client())

    def work(progress: Progress) -> Answer:
        try:
            submission = upload.parse(progress)
            report = workflow().validate(submission, actor, progress)
        finally:
            release()
        page = {"verdict": "validated", "submitted_as": actor}
        return Answer(200, lambda: report_response(report, 200, names=submission, page=page))

    try:
        return run("validation", VALIDATION, work, len(upload.data), owner=actor)
    except BaseException:  # no job took the share over (an answer without one releases it)
        release()
        raise


@bp.post("/submissions")
def submit_own() -> Response:
    """Make the body the new part of the actor whose credential is given (or of the actor
    a form names, if the credential is that actor's)."""
    named = form_field("actor")
    return _submit(authorised(named) if named else authenticated_actor())


@bp.post("/submissions/<actor>")
def submit(actor: str) -> Response:
    """Make the body actor ``actor``'s new part."""
    named = form_field("actor")
    if named and named != actor:
        raise InputError(message("actor_mismatch", named=named, actor=actor))
    return _submit(authorised(actor))


@bp.post("/submissions/<actor>/rollback/<int:number>")
def rollback(actor: str, number: int) -> Response:
    """Make an earlier version's content the actor's newest version."""
    slug = authorised(actor)
    versions = workflow().versions
    earlier = versions.archive.read(slug, versions.version(slug, number).number)
    return _submitted(earlier, lambda: workflow().rollback(slug, number)).render()


@bp.post("/submissions/<actor>/withdraw")
def withdraw(actor: str) -> Response:
    """Make an empty part actor ``actor``'s newest version, at the actor's request."""
    slug = authorised(actor)
    return _submitted(Graph(), lambda: workflow().withdraw(slug)).render()


@bp.errorhandler(RejectedSubmissionError)
def rejected(error: RejectedSubmissionError) -> Response:
    """Answer a submission that breaks a rule with its report (422); nothing was changed."""
    return rejection(error, g.get("submitted", Graph()))


def rejection(error: RejectedSubmissionError, names: Graph) -> Response:
    """Answer with the report of a rejected submission; ``names`` labels its items."""
    assert isinstance(error.report, Report)
    return report_response(
        error.report,
        status_of(error),
        names=names,
        wrap=lambda report: {**_error_fields(error), "report": report},
        page={"verdict": "rejected", "message": error.text(language.of_messages())},
    )


def _error_fields(error: RejectedSubmissionError) -> dict[str, Any]:
    status, lang = status_of(error), language.of_messages()
    return {"status": status, "error": title(status, lang), "message": error.text(lang)}


def _submit(actor: str) -> Response:
    upload = read_upload()

    def work(progress: Progress) -> Answer:
        submission = upload.parse(progress)
        return _submitted(
            submission, lambda: workflow().submit(actor, submission, progress=progress)
        )

    return run("submission", SUBMISSION, work, len(upload.data), owner=actor)


def _submitted(content: Graph, attempt: Callable[[], Outcome]) -> Answer:
    """Make the attempt; answer 201 with the new version, 200 when the content was the
    current version's already, or 422 with the rejection."""
    try:
        outcome = attempt()
    except RejectedSubmissionError as error:
        return Answer(status_of(error), partial(rejection, error, content))
    if outcome.unchanged:
        return Answer(200, lambda: unchanged(outcome.version))
    return Answer(201, lambda: _created(outcome, content))


def unchanged(version: Version) -> Response:
    """Answer that the part is ``version``'s content already: 200, and nothing was made."""
    response = report_response(
        Report(),
        200,
        names=Graph(),
        wrap=lambda _: {**version_json(version), "unchanged": True, "message": _same(version)},
        record=record(version, services().layout),
        page={"verdict": "unchanged", "version": version},
    )
    response.headers["Location"] = str(version.iri)
    response.headers["Content-Location"] = str(version.iri)
    return response


def _same(version: Version) -> str:
    return (
        f"unchanged: the content is version {version.number} of {version.actor!r} already "
        "(the same canonical content hash); no new version was made"
    )


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


def read_body() -> Graph:
    """Parse the request body (or the form's file), never fetching anything."""
    g.submitted = read_upload().parse()
    submitted: Graph = g.submitted
    return submitted


def read_upload() -> Upload:
    """Return the RDF sent: the body by its ``Content-Type``, or a form's file."""
    limit = services().settings.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLargeError(too_large_message(limit))
    if request.mimetype == FORM:
        return _form_upload()
    if not request.content_type:
        raise UnsupportedMediaTypeError(message("no_content_type"))
    rdf_format = format_for_media_type(request.content_type)
    return Upload(request.get_data(cache=False), rdf_format, message("request_body"))


FORM = "multipart/form-data"


def form_field(name: str) -> str:
    """Return a field of a ``multipart/form-data`` request (empty for other requests)."""
    if request.mimetype != FORM:
        return ""
    return request.form.get(name, "").strip()


def _form_upload() -> Upload:
    """Return the file of a form (the field ``file``), its syntax by ``format`` or its name."""
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        raise InputError(message("no_file"))
    name = Path(sent.filename.replace("\\", "/")).name
    chosen = form_field("format")
    rdf_format = format_for_media_type(chosen) if chosen else _format_by_name(name)
    return Upload(sent.read(), rdf_format, message("named_file", name=name))


def _format_by_name(name: str) -> ox.RdfFormat:
    try:
        return format_for_path(Path(name))
    except UnsupportedFormatError as error:
        reason = error.message or str(error)
        raise UnsupportedFormatError(message("or_choose_syntax", reason=reason)) from None


def authenticated_actor() -> str:
    """Return the actor whose bearer token the request carries (a form's ``access_token``
    when there is no ``Authorization`` header)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not scheme and form_field("access_token"):
        scheme, token = "bearer", form_field("access_token")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(message("credential_needed"))
    actor = credentials().actor_for(token.strip())
    if actor is None:
        raise InvalidCredentialError(message("credential_unknown"))
    return actor


def authorised(actor: str) -> str:
    """Return ``actor`` when the request carries its credential; raise 401 or 403 otherwise."""
    holder = authenticated_actor()
    if holder != actor:
        raise PermissionDeniedError(message("credential_of_other", holder=holder, actor=actor))
    return checked_slug(actor)
