"""The named queries of ``queries/`` as addresses of their own: ``/queries/<name>?param=value``.

Integrators who run the same question every day call its address with the parameters in the
URL, and get the answer as from ``/sparql`` (content negotiation, ``format``, the time limit,
a worker process). Each value is checked against its parameter's type, then written into the
query's patterns by Oxigraph's own term writer and kept in a VALUES block, so the answer is
what binding the variable gives (SPARQL SEP-0007) while the engine starts from the value: on
Oxigraph a group nested in a UNION does not see a VALUES block outside it, and would read the
whole federation (schema-impact at 100 k triples: 1 000 ms with the block, 16 ms written in).

The query policy (:mod:`samverkan.query_policy`: no SERVICE, no update) is applied to each
query's template, once per process: the values written in are terms, written by Oxigraph,
and cannot add an operation, so the answer query carries its template's check.

``/queries`` lists them, with their parameters, as JSON.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, jsonify, request, url_for

from samverkan.errors import NotFoundError, QueryParameterError, UnknownQueryError
from samverkan.queries import NamedQuery, find_query, load_queries
from samverkan.query_policy import CheckedQuery, check_query
from samverkan.storage.protocol import ProtocolQuery
from samverkan.storage.values import pin_values
from samverkan.web import admission, negotiation
from samverkan.web.links import absolute
from samverkan.web.services import services

bp = Blueprint("named", __name__)


@bp.route("/queries")
def listing() -> Response:
    """Every named query: its address, what it answers, and its parameters."""
    named = load_queries(services().settings.queries_dir)
    return jsonify(queries=[_summary(query) for query in named.values()])


@bp.route("/queries/<name>")
def answer(name: str) -> Response:
    """Run one named query with the parameters of the URL, answered as ``/sparql`` answers."""
    settings = services().settings
    try:
        query = find_query(settings.queries_dir, name)
    except UnknownQueryError as error:
        raise NotFoundError(str(error)) from None
    values = {p.name: request.args.get(p.name, "") for p in query.parameters}
    if missing := [name for name, value in values.items() if not value]:
        raise QueryParameterError(f"query {query.name!r} needs a value for ?{missing[0]}")
    template = checked_template(query.text())
    text = pin_values(query.text(), query.bindings(values))
    protocol = ProtocolQuery(
        text=text,
        formats=negotiation.choose_all(),
        base_iri=settings.base_iri + "sparql",
        checked=CheckedQuery(text, template.form, template.names_dataset),
    )
    with admission.queries().admitted(admission.current_client()):
        result = services().store.protocol_query(protocol, settings.query_timeout)
    response = Response(result.body, 200, content_type=result.media_type)
    response.headers["Vary"] = "Accept"
    return response


@lru_cache(maxsize=128)
def checked_template(text: str) -> CheckedQuery:
    """Check a named query's template against the policy (once per text and process)."""
    return check_query(text)


def _summary(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "address": absolute(url_for("named.answer", name=query.name)),
        "title": query.title,
        "description": query.description,
        "parameters": [{"name": p.name, "type": p.type, "doc": p.doc} for p in query.parameters],
    }
