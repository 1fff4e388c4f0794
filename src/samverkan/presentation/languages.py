"""The catalogs of texts, one a language (:mod:`.sv`, :mod:`.en`), and views over them by key."""

from __future__ import annotations

from collections.abc import Mapping

from samverkan.presentation import en, sv

#: The interface's own words, by language and key.
INTERFACE: dict[str, dict[str, str]] = {"sv": sv.INTERFACE, "en": en.INTERFACE}
#: The messages to users, by language and code.
MESSAGES: dict[str, dict[str, str]] = {"sv": sv.MESSAGES, "en": en.MESSAGES}


def by_key(tables: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Return the languages' tables as one: key, then language, then text (keys in order)."""
    found: dict[str, dict[str, str]] = {}
    for lang, table in tables.items():
        for key, text in table.items():
            found.setdefault(key, {})[lang] = text
    return found
