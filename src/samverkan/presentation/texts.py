"""The texts of the interface in each language, and which of a term's values a page shows.

Which language a page is in is the web layer's to say (:mod:`samverkan.web.common.language`);
what is written in it is in the catalogs, one a language (``INTERFACE`` in
:mod:`samverkan.presentation.sv` and :mod:`samverkan.presentation.en`), for the pages, the
exports and the specification alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal

from samverkan.presentation.languages import INTERFACE, by_key


def best_language(accepted: Iterable[tuple[str, float]], offered: tuple[str, ...]) -> str:
    """Return the offered language the client ranks highest, matching by primary subtag
    (``en-GB`` is ``en``); ``*`` or no match gives the first offered."""
    ranked = sorted(accepted, key=lambda entry: -entry[1])
    for tag, quality in ranked:
        primary = tag.split("-", 1)[0].lower()
        if quality > 0 and primary in offered:
            return primary
        if quality > 0 and primary == "*":
            return offered[0]
    return offered[0]


def pick(values: Iterable[Literal], lang: str) -> Literal | None:
    """Return the value in ``lang``, else in Swedish, else English, else any value."""
    found = list(values)
    for wanted in (lang, "sv", "en"):
        for value in found:
            if value.language == wanted:
                return value
    plain = [value for value in found if value.language is None]
    candidates = plain or found
    return candidates[0] if candidates else None


def ordered(values: Iterable[Literal], lang: str) -> list[Literal]:
    """Return the values with those in ``lang`` first, then untagged, then by language."""
    return sorted(values, key=lambda v: (v.language != lang, v.language or "", str(v)))


#: The interface's own words, by key and language (a view over the catalogs).
TEXTS: dict[str, dict[str, str]] = by_key(INTERFACE)


def text(key: str, lang: str) -> str:
    """Return the interface text ``key`` in ``lang`` (English when it lacks a translation)."""
    words = TEXTS.get(key, {})
    return words.get(lang) or words.get("en") or key
