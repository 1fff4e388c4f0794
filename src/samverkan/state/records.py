"""Records of internal state: subjects with properties in one state graph of the store.

Each record is a subject (``urn:x-samverkan:state:<kind>:<id>``) with properties of the
internal namespace :data:`ST` (``urn:x-samverkan:state#``, never the public ontology), in the
graph :meth:`~samverkan.storage.base.Store.state_graph` names. Every operation is one
request to the store (:meth:`~samverkan.storage.base.Store.state_update`, ``state_select``),
so what one process writes every other process reads at once. Times are the store's own
(``NOW()``, written where a value is :data:`NOW`), and so is the clock a reader compares
them with: servers on machines whose clocks disagree still agree on how old a record is.
Values reach the updates through VALUES blocks of terms written by Oxigraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from samverkan import rq
from samverkan.errors import StoreError
from samverkan.sparql_values import fill
from samverkan.storage.base import SelectResult, Store
from samverkan.storage.values import term_text

#: The vocabulary of internal state.
ST = Namespace("urn:x-samverkan:state#")
#: The value that stands for the store's clock at the time of writing.
NOW = None
#: An identifier's part in a record's IRI: what token_hex and token_urlsafe make.
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: Statements per update request (a record's body may be large; Virtuoso's parser is not).
_CHUNK = 200


@dataclass
class Record:
    """One subject's properties, each a list of values, read at the store's time ``now``."""

    subject: URIRef
    values: dict[URIRef, list[Node]]
    now: datetime

    def one(self, predicate: URIRef) -> Node | None:
        """Return the property's value (the smallest, should there be several), or None."""
        found = self.values.get(predicate)
        return min(found, key=str) if found else None

    def text(self, predicate: URIRef) -> str | None:
        """Return the property's value as text, or None."""
        value = self.one(predicate)
        return None if value is None else str(value)

    def number(self, predicate: URIRef) -> int | None:
        """Return the property's value as an integer, or None."""
        value = self.one(predicate)
        return None if value is None else int(str(value))

    def age(self, predicate: URIRef) -> float | None:
        """Return how many seconds ago (by the store's clock) the property's newest time was."""
        times = [timestamp(value) for value in self.values.get(predicate, [])]
        return (self.now - max(times)).total_seconds() if times else None


class Records:
    """The records of one state graph (``kind``: ``credentials``, ``locks``, ``jobs``)."""

    def __init__(self, store: Store, kind: str, *, replicated: bool = False) -> None:
        """``replicated``: replicas of an embedded store must see each write at once."""
        self.store = store
        self.kind = kind
        self.graph = store.state_graph(kind)
        self.replicated = replicated

    def subject(self, identifier: str) -> URIRef:
        """Return the IRI of the record ``identifier`` (refused unless it is a plain token)."""
        if not _ID.match(identifier):
            raise ValueError(f"not an identifier of a {self.kind} record: {identifier!r}")
        return URIRef(f"urn:x-samverkan:state:{self.kind}:{identifier}")

    def set(
        self,
        subject: URIRef,
        values: Mapping[URIRef, Node | None],
        unset: Iterable[URIRef] = (),
    ) -> None:
        """Give each property of ``subject`` its value (:data:`NOW`: the store's clock), and
        take the properties ``unset`` away, in one request.

        On Virtuoso a reader may see a property without a value while it is replaced;
        what must never look absent (a lease's renewal) is written with :meth:`add`.
        """
        operations = self._rows("set", subject, values)
        gone = [f"({term_text(self.graph)} {term_text(subject)} {term_text(p)})" for p in unset]
        if gone:
            operations.append(fill(rq.packaged("samverkan.state", "unset"), ROWS=" ".join(gone)))
        self.store.state_update(" ;\n".join(operations), replicated=self.replicated)

    def add(self, subject: URIRef, values: Mapping[URIRef, Node | None]) -> None:
        """Add a value to each property of ``subject``, keeping those it had."""
        operations = self._rows("add", subject, values)
        self.store.state_update(" ;\n".join(operations), replicated=self.replicated)

    def _rows(
        self, template_name: str, subject: URIRef, values: Mapping[URIRef, Node | None]
    ) -> list[str]:
        rows = [
            f"({term_text(self.graph)} {term_text(subject)} {term_text(p)} "
            f"{'UNDEF' if v is NOW else term_text(v)})"
            for p, v in values.items()
        ]
        template = rq.packaged("samverkan.state", template_name)
        return [
            fill(template, ROWS=" ".join(rows[i : i + _CHUNK])) for i in range(0, len(rows), _CHUNK)
        ]

    def remove(self, subjects: Iterable[URIRef]) -> None:
        """Remove every statement about ``subjects``."""
        rows = " ".join(f"({term_text(self.graph)} {term_text(s)})" for s in set(subjects))
        if rows:
            update = fill(rq.packaged("samverkan.state", "remove"), ROWS=rows)
            self.store.state_update(update, replicated=self.replicated)

    def read(self, subject: URIRef) -> Record | None:
        """Return the record of ``subject``, or None when there is none."""
        rows = f"({term_text(self.graph)} {term_text(subject)})"
        found = self._records(fill(rq.packaged("samverkan.state", "read"), ROWS=rows))
        return found[0] if found else None

    def find(self, key: URIRef, value: Node | None = None) -> list[Record]:
        """Return the records whose ``key`` is ``value`` (any value when None)."""
        wanted = "UNDEF" if value is None else term_text(value)
        rows = f"({term_text(self.graph)} {term_text(key)} {wanted})"
        return self._records(fill(rq.packaged("samverkan.state", "find"), ROWS=rows))

    def _records(self, query: str) -> list[Record]:
        result: SelectResult = self.store.state_select(query, [self.graph])
        records: dict[URIRef, Record] = {}
        for row in result.rows:
            subject = row["s"]
            assert isinstance(subject, URIRef)
            record = records.get(subject)
            if record is None:
                record = records[subject] = Record(subject, {}, timestamp(row["now"]))
            predicate = row["p"]
            assert isinstance(predicate, URIRef)
            record.values.setdefault(predicate, []).append(row["o"])
        return sorted(records.values(), key=lambda r: str(r.subject))


_FRACTION = re.compile(r"(\.\d{6})\d+")


def timestamp(value: Node) -> datetime:
    """Read an ``xsd:dateTime`` the store wrote (Virtuoso's has no zone: taken as UTC)."""
    text = _FRACTION.sub(r"\1", str(value)).replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StoreError(f"the store gave a time that does not read as one: {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def text(value: str) -> Literal:
    """Return a plain string literal."""
    return Literal(value)


def integer(value: int) -> Literal:
    """Return an ``xsd:integer`` literal."""
    return Literal(value, datatype=XSD.integer)
