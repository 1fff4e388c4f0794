"""Links on pages: where an IRI leads (its local path when it lives under the base).

Only ``http``, ``https`` and ``mailto`` IRIs, and this server's own paths, become links:
anything else (``javascript:``, ``data:``, ``vbscript:``, a scheme nobody knows) has no
``href`` and is shown as text.
"""

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


#: What a link may start with (browsers ignore case in schemes).
SAFE_STARTS = ("http://", "https://", "mailto:")


def is_safe(url: str) -> bool:
    """Say whether ``url`` may be a link: http, https, mailto, or a path of this server."""
    if url.startswith("/"):
        return not url.startswith(("//", "/\\"))
    return url.startswith("#") or url.lower().startswith(SAFE_STARTS)


def href(iri: str) -> str:
    """Return where a link to ``iri`` points: the local page for IRIs under the base; empty
    for an IRI that may not be a link (:func:`is_safe`)."""
    local = services().path(iri)
    if local is None:
        return iri if is_safe(iri) else ""
    return with_lang(local) if is_safe(local) else ""


def with_lang(local: str) -> str:
    """Append the language asked for by ``?lang`` to a local address, so that it carries on."""
    lang = explicit()
    if lang is None:
        return local
    path, hash_, fragment = local.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode({'lang': lang})}{hash_}{fragment}"


def absolute(path: str) -> str:
    """Return a path of this server as an address under the configured base IRI (never
    under the request's ``Host``, which the client chooses)."""
    return services().settings.base_iri + path.lstrip("/")


def link(iri: str, label: str) -> Link:
    """Return a link to ``iri`` named ``label``."""
    return Link(href(iri), label, iri)
