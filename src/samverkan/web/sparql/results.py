"""A query's answer as people read it: a table of plain values, and a bar chart where it helps.

The query runs as any public query does (the store checks it against the policy in a query
worker, within the time limit, admitted like a client of ``/sparql``); its answer comes back
as SPARQL JSON (or N-Triples for CONSTRUCT and DESCRIBE), read by Oxigraph into terms. Each
term becomes a :class:`Cell`: a literal by its lexical form with its language or datatype
beside it, an IRI as a link (to this server's page for its own items and vocabulary; only
``http`` and ``https`` addresses elsewhere: :func:`samverkan.web.common.addresses.href`),
named by its label where the store has one. The templates escape everything. At most
:data:`SHOWN_ROWS` rows are shown; the whole answer is a download away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from samverkan.namespaces import PREFIXES
from samverkan.sparql_values import fill, iris
from samverkan.storage.protocol import BOOLEAN, SOLUTIONS, TRIPLES, ProtocolAnswer, ProtocolQuery
from samverkan.web.common import admission, language, rq
from samverkan.web.common.addresses import href
from samverkan.web.common.negotiation import JSON_RESULTS, NTRIPLES
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

#: Rows a table shows; the download has them all.
SHOWN_ROWS = 200
#: Bars a chart draws at most (the first rows, in the answer's order).
CHART_BARS = 30
#: Datatypes whose values are numbers (right-aligned; a column of them can be charted).
NUMERIC = frozenset(
    str(XSD[name])
    for name in (
        *("integer", "decimal", "double", "float", "int", "long", "short", "byte"),
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"),
    )
)
#: Datatypes a value of which is plain text: no badge.
PLAIN = frozenset({str(XSD.string), str(RDF.langString)})
#: Namespaces whose terms are shown as ``prefix:name``.
_NAMESPACES = tuple(PREFIXES.values())
#: The columns of a CONSTRUCT or DESCRIBE answer.
TRIPLE_COLUMNS = ("subject", "predicate", "object")


@dataclass(frozen=True)
class Cell:
    """One value as the table shows it."""

    text: str
    href: str = ""
    iri: str = ""
    #: A shorter name of the IRI (``sam:Service``, ``/id/digg``) shown under its label.
    short: str = ""
    lang: str = ""
    datatype: str = ""
    datatype_iri: str = ""
    numeric: bool = False
    blank: bool = False


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value and its length (0 to 1, of the longest)."""

    label: str
    value: str
    share: float


@dataclass(frozen=True)
class Chart:
    """A bar chart of one numeric column against one column of names."""

    label_column: str
    value_column: str
    bars: tuple[Bar, ...]
    rows: int


@dataclass(frozen=True)
class Answer:
    """A query's answer for a page: a table (its first rows), or a yes or no."""

    form: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell | None, ...], ...] = ()
    total: int = 0
    boolean: bool | None = None
    chart: Chart | None = None


def run(text: str) -> Answer:
    """Run a client's query as ``/sparql`` would and return its answer for a page."""
    settings = services().settings
    query = ProtocolQuery(
        text=text,
        formats={SOLUTIONS: JSON_RESULTS, BOOLEAN: JSON_RESULTS, TRIPLES: NTRIPLES},
        base_iri=settings.base_iri + "sparql",
    )
    with admission.queries().admitted(admission.current_client()):
        answer = services().store.protocol_query(query, settings.query_timeout)
    return read(answer, language.current())


def read(answer: ProtocolAnswer, lang: str) -> Answer:
    """Turn a serialised answer into cells, labelled in ``lang``."""
    if answer.form == TRIPLES:
        triples = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        rows = [(t.subject, t.predicate, t.object) for t in triples]
        return _table(TRIPLES, TRIPLE_COLUMNS, rows, lang)
    results = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        return Answer(BOOLEAN, boolean=bool(results))
    assert isinstance(results, ox.QuerySolutions)
    columns = tuple(variable.value for variable in results.variables)
    rows = [tuple(solution[name] for name in columns) for solution in results]
    return _table(SOLUTIONS, columns, rows, lang)


def _table(
    form: str, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]], lang: str
) -> Answer:
    shown = rows[:SHOWN_ROWS]
    names = labels(_iris_in(shown), lang)
    cells = tuple(tuple(cell(term, names) for term in row) for row in shown)
    return Answer(form, columns, cells, len(rows), chart=chart(columns, cells))


def _iris_in(rows: Iterable[tuple[object, ...]]) -> set[str]:
    return {term.value for row in rows for term in row if isinstance(term, ox.NamedNode)}


def labels(found: set[str], lang: str) -> dict[str, str]:
    """Return the name in ``lang`` (or the best other) of each IRI that the store names."""
    if not found:
        return {}
    query = fill(rq.query("result-labels"), ITEMS=iris(URIRef(iri) for iri in found))
    names: dict[str, list[Literal]] = {}
    for row in services().store.select(query).rows:
        label = row["label"]
        if isinstance(label, Literal):
            names.setdefault(str(row["item"]), []).append(label)
    picked = {iri: language.pick(values, lang) for iri, values in names.items()}
    return {iri: str(label) for iri, label in picked.items() if label is not None}


def cell(term: object, names: dict[str, str]) -> Cell | None:
    """Return one term as a cell (None for an unbound variable)."""
    if isinstance(term, ox.NamedNode):
        return _iri_cell(term.value, names)
    if isinstance(term, ox.Literal):
        return _literal_cell(term)
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}", blank=True)
    return None


def _iri_cell(iri: str, names: dict[str, str]) -> Cell:
    """Name an IRI by its label, else by ``prefix:name`` or its path on this server."""
    short = ontology().curie(URIRef(iri)) if iri.startswith(_NAMESPACES) else None
    short = short or services().path(iri) or iri
    label = names.get(iri)
    if label is None:
        return Cell(short, href(iri), iri)
    return Cell(label, href(iri), iri, short=short)


def _literal_cell(term: ox.Literal) -> Cell:
    datatype = term.datatype.value
    if term.language:
        return Cell(term.value, lang=term.language)
    if datatype in PLAIN:
        return Cell(term.value)
    numeric = datatype in NUMERIC
    return Cell(
        term.value,
        datatype=ontology().curie(URIRef(datatype)),
        datatype_iri=datatype,
        numeric=numeric,
    )


def chart(columns: tuple[str, ...], rows: tuple[tuple[Cell | None, ...], ...]) -> Chart | None:
    """Return a bar chart when the answer has two columns, one of names and one of numbers
    (none negative), and at least two rows; else None."""
    if len(columns) != 2 or len(rows) < 2:
        return None
    numeric = [all(_is_number(row[at]) for row in rows) for at in (0, 1)]
    if numeric.count(True) != 1:
        return None
    value_at = numeric.index(True)
    label_at = 1 - value_at
    pairs = [(row[label_at], _number(row[value_at])) for row in rows[:CHART_BARS]]
    largest = max(value for _, value in pairs)
    if largest <= 0 or any(value < 0 for _, value in pairs):
        return None
    bars = tuple(
        Bar(label.text if label else "", _shown_number(value), value / largest)
        for label, value in pairs
    )
    return Chart(columns[label_at], columns[value_at], bars, len(rows))


def _is_number(found: Cell | None) -> bool:
    if found is None or not found.numeric:
        return False
    try:
        return math.isfinite(float(found.text))
    except ValueError:
        return False


def _number(found: Cell | None) -> float:
    assert found is not None
    return float(found.text)


def _shown_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
