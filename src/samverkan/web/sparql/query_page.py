"""The query page: a form for SPARQL, its answer as a table (and a chart), the named queries.

The form works without JavaScript: ``/query`` takes the query (GET or POST) and answers with
the page and, below the form, the answer rendered on the server (:mod:`.results`); with
another ``format`` than ``table`` it answers the query as a file to download in that format.
``/query/results`` gives the answer's section alone, which the page's script
(``static/query-page.js``) puts in place without reloading, keeping a history of the queries
run in the browser's storage.

The named queries of ``queries/`` are offered with their parameters. The user fills in the
values; the page (or, for its script, ``/query/examples/<name>``) answers with the query's
text and the values in a VALUES block: each value checked against its parameter's type and
written by Oxigraph (:func:`samverkan.storage.values.inject_values`), never pasted in.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, jsonify, render_template, request
from rdflib import RDF, RDFS, Graph, URIRef

from samverkan.errors import InputError, QueryParameterError, SamverkanError
from samverkan.messages import message
from samverkan.queries import NamedQuery, Parameter, find_query, load_queries
from samverkan.rebasing import to_deployment
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolQuery
from samverkan.storage.values import inject_values
from samverkan.web.common import admission, language, rq
from samverkan.web.common.errors import status_of
from samverkan.web.common.negotiation import FORMAT_NAMES
from samverkan.web.common.services import services
from samverkan.web.sparql import results

#: The formats the form offers besides the table, with the extension of their files.
DOWNLOADS = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "ttl": "ttl",
    "nt": "nt",
    "jsonld": "jsonld",
}
#: File extensions by the media type of an answer.
EXTENSIONS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
}

bp = Blueprint("query", __name__)


@dataclass(frozen=True)
class Field:
    """A parameter of a named query as a form field, with the value it shows."""

    name: str
    type: str
    doc: str
    value: str


@dataclass(frozen=True)
class Example:
    """A named query as the page offers it."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Outcome:
    """What running the form's query gave: an answer, or what was wrong, and the status."""

    answer: results.Answer | None
    problem: str
    status: int


@bp.route("/query", methods=["GET", "POST"])
def page() -> Response:
    """The form with the query asked (or a named one, or the starting one), its answer below
    it when one was asked, the named queries with their parameters."""
    named = load_queries(services().settings.queries_dir)
    chosen = request.args.get("name", "")
    asked = _asked_query()
    shown_format = _param("format") or "table"
    if asked is not None and shown_format != "table":
        return download(asked, shown_format)
    if chosen:
        text = filled_text(find_query(services().settings.queries_dir, chosen))
    else:
        text = rq.query("editor-start") if asked is None else asked
    run_now = asked is not None or (bool(chosen) and request.args.get("run") == "1")
    outcome = answer_to(text) if run_now else None
    examples = [_example(query, query.name == chosen) for query in named.values()]
    body = render_template(
        "query.html", examples=examples, chosen=chosen, text=text, outcome=outcome
    )
    return _page(body, outcome.status if outcome else 200)


@bp.route("/query/results", methods=["GET", "POST"])
def answer_section() -> Response:
    """The answer's section alone, as the page shows it below the form (for its script)."""
    asked = _asked_query()
    if asked is None:
        raise InputError(message("sparql_form_without_query"))
    outcome = answer_to(asked)
    return _page(render_template("results.html", text=asked, outcome=outcome), outcome.status)


def answer_to(text: str) -> Outcome:
    """Run the query for the page; a refusal or failure is said in the page's language."""
    try:
        return Outcome(results.run(text), "", 200)
    except SamverkanError as error:
        return Outcome(None, error.text(language.of_messages()), status_of(error))


def download(text: str, name: str) -> Response:
    """Answer the query in the format ``name`` as a file to save (``answer.csv``, say)."""
    if name not in DOWNLOADS:
        known = ", ".join(["table", *DOWNLOADS])
        raise InputError(message("query_format", name=name, known=known))
    settings = services().settings
    query = ProtocolQuery(
        text=text,
        formats={form: FORMAT_NAMES[form].get(name) for form in (SOLUTIONS, BOOLEAN, TRIPLES)},
        base_iri=settings.base_iri + "sparql",
    )
    with admission.queries().admitted(admission.current_client()):
        answer = services().store.protocol_query(query, settings.query_timeout)
    response = Response(answer.body, 200, content_type=answer.media_type)
    extension = EXTENSIONS.get(answer.media_type.partition(";")[0], DOWNLOADS[name])
    response.headers["Content-Disposition"] = f'attachment; filename="answer.{extension}"'
    return response


def _asked_query() -> str | None:
    """Return the query the form sent (POST body or GET parameter), if any."""
    values = _values("query")
    if len(values) > 1:
        raise InputError(message("sparql_several_queries"))
    return values[0] if values and values[0].strip() else None


def _param(name: str) -> str | None:
    values = _values(name)
    return values[0] if values else None


def _values(name: str) -> list[str]:
    """Return a parameter's values from the form (POST) or else the address."""
    sent = request.form.getlist(name) if request.method == "POST" else []
    return sent or request.args.getlist(name)


@bp.route("/query/examples/<name>")
def example(name: str) -> Response:
    """One named query as JSON: what it answers, its parameters, its text with their values."""
    query = find_query(services().settings.queries_dir, name)
    shown = _example(query, True)
    return jsonify(
        name=shown.name,
        title=shown.title,
        description=shown.description,
        parameters=[vars(field) for field in shown.fields],
        query=filled_text(query),
    )


def filled_text(query: NamedQuery) -> str:
    """Return the query's text with the request's values (else the examples) written in."""
    values = {field.name: field.value for field in _example(query, True).fields}
    if missing := [name for name, value in values.items() if not value]:
        raise QueryParameterError(f"query {query.name!r} needs a value for ?{missing[0]}")
    return inject_values(query.text(), query.bindings(values))


def _example(query: NamedQuery, asked: bool) -> Example:
    """Describe a named query; its fields show the request's values when it is the one asked."""
    fields = tuple(
        Field(
            parameter.name,
            parameter.type,
            parameter.doc.replace(parameter.example, _deployed(parameter)),
            (_asked(parameter.name) if asked else "") or _deployed(parameter),
        )
        for parameter in query.parameters
    )
    lang = language.current()
    return Example(query.name, query.title_in(lang), query.description_in(lang), fields)


def _deployed(parameter: Parameter) -> str:
    """Return the parameter's example as this deployment names it.

    The headers' examples are items of the committed files, named under the canonical base.
    """
    example = parameter.example
    if parameter.type != "iri" or not example:
        return example
    graph = Graph()
    graph.add((URIRef(example), RDF.type, RDFS.Resource))
    [subject] = to_deployment(graph, services().settings.base_iri).subjects()
    return str(subject)


def _asked(name: str) -> str:
    return request.args.get(name, "").strip()


def _page(body: str, status: int = 200) -> Response:
    response = Response(body, status, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept-Language"
    return response
