"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only, time-limited, no outbound fetch.

The store checks each query against :mod:`samverkan.query_policy` where it runs it (in the
query worker, or before it is sent to a remote engine), so no path reaches an engine
unchecked.
"""

from __future__ import annotations

import contextlib
import re

from flask import Blueprint, Response, render_template, request

from samverkan.errors import ForbiddenOperationError, InputError, UnsupportedMediaTypeError
from samverkan.messages import message
from samverkan.namespaces import SAM
from samverkan.query_policy import READ_ONLY
from samverkan.storage.protocol import ProtocolQuery
from samverkan.web.common import admission, negotiation
from samverkan.web.common.services import services
from samverkan.web.sparql.service_description import service_description

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query, or describe the service when there is none."""
    text = _query_text()
    if text is None:
        return _describe_service()
    query = ProtocolQuery(
        text=text,
        formats=negotiation.choose_all(),
        default_graphs=_graph_iris("default-graph-uri"),
        named_graphs=_graph_iris("named-graph-uri"),
        base_iri=services().settings.base_iri + "sparql",
    )
    return streamed_answer(query)


def streamed_answer(query: ProtocolQuery) -> Response:
    """Answer ``query`` as the query worker writes it, chunk by chunk (the web process never
    holds the whole answer), holding the client's admission until the last chunk is sent or
    the client goes away. What fails before the first chunk is an error status as before;
    what fails after it (the time limit, the worker's memory cap) breaks the answer off,
    and the client sees a body that is not complete."""
    held = contextlib.ExitStack()
    held.enter_context(admission.queries().admitted(admission.current_client()))
    try:
        answer = services().store.protocol_stream(query, services().settings.query_timeout)
    except BaseException:
        held.close()
        raise
    answer.also_on_close(held.close)
    response = Response(answer, 200, content_type=answer.media_type)
    response.headers["Vary"] = "Accept"
    return response


def _query_text() -> str | None:
    """Read the query as the protocol allows: GET parameter, form body or direct body."""
    if request.method in {"GET", "HEAD"}:  # HEAD: the same headers as GET, no body
        _refuse_update(request.args.getlist("update"))
        return _single(request.args.getlist("query"))
    media_type = request.mimetype
    if media_type == FORM:
        _refuse_update(request.form.getlist("update"))
        text = _single(request.form.getlist("query"))
        if text is None:
            raise InputError(message("sparql_form_without_query"))
        return text
    if media_type == QUERY:
        return _utf8_body()
    if media_type == UPDATE:
        raise ForbiddenOperationError(READ_ONLY)
    sent = media_type or message("sparql_no_content_type")
    raise UnsupportedMediaTypeError(message("sparql_media_type", form=FORM, query=QUERY, sent=sent))


def _refuse_update(updates: list[str]) -> None:
    if updates:
        raise ForbiddenOperationError(READ_ONLY)


def _single(values: list[str]) -> str | None:
    if len(values) > 1:
        raise InputError(message("sparql_several_queries"))
    return values[0] if values else None


def _utf8_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise UnsupportedMediaTypeError(message("sparql_charset", charset=charset))
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(message("sparql_not_utf8", detail=error)) from None


def _graph_iris(parameter: str) -> tuple[str, ...]:
    iris = tuple(request.args.getlist(parameter))
    if request.mimetype == FORM:
        iris += tuple(request.form.getlist(parameter))
    for iri in iris:
        if not _IRI.match(iri):
            raise InputError(message("sparql_graph_iri", parameter=parameter, iri=iri))
    return iris


def _describe_service() -> Response:
    if negotiation.prefers_html():
        page = render_template("sparql.html", sam=str(SAM))
        return Response(page, content_type="text/html; charset=utf-8")
    return negotiation.rdf_response(service_description(services()))
