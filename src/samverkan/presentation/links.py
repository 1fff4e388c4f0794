"""Links as pages and documents show them: an address, a name and the IRI named.

Only ``http``, ``https`` and ``mailto`` IRIs, and a server's own paths, become links:
anything else (``javascript:``, ``data:``, ``vbscript:``, a scheme nobody knows) has no
``href`` and is shown as text. Where an IRI leads on the server is
:mod:`samverkan.web.common.addresses`.
"""

from __future__ import annotations

from dataclasses import dataclass


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
