"""Where an IRI leads from a page: its local path when it lives under the base.

Only what :func:`samverkan.presentation.links.is_safe` allows becomes a link; anything
else has no ``href`` and is shown as text.
"""

from __future__ import annotations

from urllib.parse import urlencode

from samverkan.presentation.links import Link, is_safe
from samverkan.web.common.language import explicit
from samverkan.web.common.services import services

__all__ = ["Link", "absolute", "href", "is_safe", "link", "with_lang"]


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
