"""The federation's actors as pages name them, and actors' slugs in request paths."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import Node

from samverkan.errors import NotFoundError
from samverkan.web.common import rq
from samverkan.web.common.services import services


@dataclass(frozen=True)
class Named:
    """Something with an IRI and names in Swedish and English."""

    iri: str
    sv: str | None
    en: str | None

    def label(self, lang: str) -> str:
        first, second = (self.sv, self.en) if lang == "sv" else (self.en, self.sv)
        return first or second or self.iri


def actors() -> list[Named]:
    """Return the federation's actors."""
    rows = services().store.select(rq.query("actors")).rows
    return [Named(str(r["actor"]), _text(r, "labelSv"), _text(r, "labelEn")) for r in rows]


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


def _text(row: dict[str, Node], name: str) -> str | None:
    return str(row[name]) if name in row else None
