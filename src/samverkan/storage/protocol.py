"""What the SPARQL protocol asks of a store, and what it gets back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from samverkan.errors import ForbiddenOperationError
from samverkan.messages import Message, message
from samverkan.query_policy import CheckedQuery, check_query

#: The three shapes a query answer can take.
SOLUTIONS, BOOLEAN, TRIPLES = "solutions", "boolean", "triples"

#: The query forms that give each shape of answer, as a client would name them.
FORM_QUERIES = {SOLUTIONS: "SELECT", BOOLEAN: "ASK", TRIPLES: "CONSTRUCT or DESCRIBE"}


@dataclass(frozen=True)
class ProtocolQuery:
    """A query as received by the endpoint, with its dataset and the chosen format per form.

    ``formats`` maps each answer form to the media type the client gets for it, or to None
    when the client accepts no format of that form (the answer is then refused as 406).
    ``default_graphs`` and ``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri``; when either is given they replace the query's own dataset.
    ``checked`` is None for a client's text, which the store checks where it runs the query
    (:func:`samverkan.query_policy.check_query`); the server's own queries, built from a
    checked template with values written in as terms, carry their check.
    """

    text: str
    formats: dict[str, str | None]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    checked: CheckedQuery | None = None

    def policy(self) -> CheckedQuery:
        """Return the text to run and what it asks for, or raise if the query is refused.

        A dataset naming an internal graph, by the protocol's parameters or by the query's
        ``FROM`` and ``FROM NAMED``, is refused (:class:`ForbiddenOperationError`): engines
        differ on which of the two wins (Virtuoso 7.2 takes ``FROM`` over the parameters),
        so such a query is never sent to one.
        """
        checked = self.checked or check_query(self.text)
        named = (*self.default_graphs, *self.named_graphs)
        named += (*checked.default_graphs, *checked.named_graphs)
        for graph in named:
            if _may_be_internal(graph) or _relative_internal(graph, self.base_iri):
                raise ForbiddenOperationError(message("sparql_internal_graph", graph=graph))
        return checked

    @property
    def has_protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


#: The start of the name of every internal graph (the store's identity and registry, version
#: archives, reports, credentials, jobs): never shown by a public read
#: (:func:`samverkan.storage.base.is_internal`).
INTERNAL_PREFIX = "urn:x-samverkan:"


def _may_be_internal(graph: str) -> bool:
    """Say whether a dataset's graph IRI is internal, or could be once an engine resolves
    it: a relative IRI the policy's parser leaves as it is (against a ``BASE`` such as
    ``<urn:a>``, which RFC 3986 resolves ``./x-samverkan:…`` against and rdflib does not)."""
    return graph.startswith(INTERNAL_PREFIX) or _INTERNAL_MARK in graph.lower()


#: What every internal graph's name holds, in any engine's resolution of it.
_INTERNAL_MARK = INTERNAL_PREFIX.removeprefix("urn:")


def _relative_internal(graph: str, base_iri: str | None) -> bool:
    """Say whether a relative graph IRI resolves to an internal one against ``base_iri``."""
    return bool(base_iri) and urljoin(base_iri or "", graph).startswith(INTERNAL_PREFIX)


@dataclass(frozen=True)
class ProtocolAnswer:
    """A serialised query answer."""

    form: str
    media_type: str
    body: bytes = field(repr=False)


class ProtocolStream:
    """A query answer whose body comes in chunks as the engine produces it.

    Iterate it once for the body; :meth:`close` it whatever happens (an answer not read to
    its end gives its worker up, which is then replaced). ``on_close`` runs once, at the
    end or at :meth:`close`, whichever comes first.
    """

    def __init__(
        self,
        form: str,
        media_type: str,
        chunks: Iterable[bytes],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.form = form
        self.media_type = media_type
        self._chunks = chunks
        self._on_close = [on_close] if on_close else []

    @classmethod
    def whole(cls, answer: ProtocolAnswer) -> ProtocolStream:
        """Return an answer already serialised as a stream of one chunk."""
        return cls(answer.form, answer.media_type, [answer.body])

    def also_on_close(self, action: Callable[[], None]) -> None:
        """Run ``action`` too once the answer is closed (after what was there)."""
        self._on_close.append(action)

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._chunks
        finally:
            self.close()

    def close(self) -> None:
        """Give up what the answer holds (its worker, its admission), once."""
        closing = getattr(self._chunks, "close", None)
        actions, self._on_close = self._on_close, []
        try:
            if closing is not None:
                closing()
        finally:
            for action in actions:
                action()


_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")
#: Oxigraph's parser names character classes in Rust syntax; say them in words.
_CHARACTER_CLASSES = (
    (re.compile(r"\['A' \.\.= 'Z'[^\]]*\]"), "a letter"),
    (re.compile(r"\['0'\s*\.\.=\s*'9'\]"), "a digit"),
    (re.compile(r"\[_\]"), "any character"),
)


def syntax_message(error: SyntaxError, what: str = "query") -> Message:
    """Say where and why a query does not parse: "line L, column C: expected …"."""
    detail = " ".join(str(error).split())
    match = _POSITION.match(detail)
    if match is None:
        return message(f"{what}_syntax", detail=detail)
    detail = detail[match.end() :]
    for pattern, words in _CHARACTER_CLASSES:
        detail = pattern.sub(words, detail)
    line, column = int(match.group(1)), int(match.group(2))
    return message(f"{what}_syntax_at", line=line, column=column, detail=detail)
