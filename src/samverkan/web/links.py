"""Links on pages: where an IRI leads (its local path when it lives under the base)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from samverkan.web.language import explicit
from samverkan.web.services import services


@dataclass(frozen=True)
class Link:
    """A thing to link to: its address on this server (or elsewhere), its name and its IRI."""

    href: str
    label: str
    iri: str


def href(iri: str) -> str:
    """Return where a link to ``iri`` points: the local page for IRIs under the base."""
    local = services().path(iri)
    if local is None:
        return iri
    return with_lang(local)


def with_lang(local: str) -> str:
    """Append the language asked for by ``?lang`` to a local address, so that it carries on."""
    lang = explicit()
    if lang is None:
        return local
    path, hash_, fragment = local.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode({'lang': lang})}{hash_}{fragment}"


def link(iri: str, label: str) -> Link:
    """Return a link to ``iri`` named ``label``."""
    return Link(href(iri), label, iri)
