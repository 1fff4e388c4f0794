"""The language of a page: ``?lang=``, else ``Accept-Language``, else English.

A page is in the language of ``?lang=`` when it names one the server offers, else the best
match of ``Accept-Language`` among the configured languages, else English (or the first
configured language when English is not offered). An unknown ``?lang`` is ignored rather
than refused, so that error pages can always be rendered. The texts themselves are
:mod:`samverkan.presentation.texts` (named here too, so that pages say ``language.text``).
"""

from __future__ import annotations

from flask import request

from samverkan import messages
from samverkan.presentation.texts import TEXTS, best_language, ordered, pick, text
from samverkan.web.common.services import services

__all__ = [
    "TEXTS",
    "best_language",
    "current",
    "explicit",
    "of_messages",
    "ordered",
    "pick",
    "text",
]

FALLBACK = "en"


def current() -> str:
    """Return the language the current page is written in."""
    offered = services().settings.languages
    asked = request.args.get("lang", "")
    if asked in offered:
        return asked
    best = request.accept_languages.best_match(offered)
    if best:
        return best
    return FALLBACK if FALLBACK in offered else offered[0]


def of_messages() -> str:
    """Return the language to answer a refusal or a verdict in: ``?lang=`` when it names one
    of the messages' languages, else the best of them by ``Accept-Language`` (q-values
    honoured, ``sv-SE`` counting as ``sv``), else Swedish."""
    asked = request.args.get("lang", "")
    if asked in messages.LANGUAGES:
        return asked
    return best_language(request.accept_languages, messages.LANGUAGES)


def explicit() -> str | None:
    """Return the language named by ``?lang`` (when the server offers it), else None."""
    asked = request.args.get("lang", "")
    return asked if asked in services().settings.languages else None
