"""What the SPARQL protocol asks of a store, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The three shapes a query answer can take.
SOLUTIONS, BOOLEAN, TRIPLES = "solutions", "boolean", "triples"


@dataclass(frozen=True)
class ProtocolQuery:
    """A query as received by the endpoint, with its dataset and the chosen format per form.

    ``formats`` maps each answer form to the media type the client gets for it, or to None
    when the client accepts no format of that form (the answer is then refused as 406).
    """

    text: str
    formats: dict[str, str | None]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass(frozen=True)
class ProtocolAnswer:
    """A serialised query answer."""

    form: str
    media_type: str
    body: bytes = field(repr=False)
