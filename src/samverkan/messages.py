"""The messages the package gives its users, by code, in Swedish and English.

An error carries a :class:`Message` (a code from :data:`CATALOG` and its parameters), not a
finished sentence; whoever answers the user picks the language and calls
:meth:`Message.text`. A parameter may itself be :class:`Localised` (another message, a
:class:`Listing`, a validation result), written in the same language (a file's name, "the
request body"); other parameters are written as they are.

The texts are the language catalogs' (``MESSAGES`` in :mod:`samverkan.presentation.sv` and
:mod:`samverkan.presentation.en`); :data:`CATALOG` is their view by code. To add a message:
add its code to both with texts using the same ``{placeholders}``, and raise the error with
``message("code", name=value, ...)``. ``tests/test_messages.py`` checks that every code has
both languages and the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from samverkan.presentation.languages import MESSAGES, by_key

#: The languages every message is written in; the first is the default.
LANGUAGES = ("sv", "en")
DEFAULT = LANGUAGES[0]

#: How many items or statements a message lists before saying how many more there are.
SHOWN = 20


@runtime_checkable
class Localised(Protocol):
    """Anything that can be written in one of the :data:`LANGUAGES`."""

    def text(self, lang: str) -> str:
        """Return it written in ``lang``."""
        ...


@dataclass(frozen=True)
class Message:
    """A message to a user: its code in :data:`CATALOG` and the values it names."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """Return the message in ``lang`` (Swedish when it is not one of :data:`LANGUAGES`)."""
        texts = CATALOG[self.code]
        template = texts.get(lang) or texts[DEFAULT]
        return template.format(**{k: _written(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


def message(code: str, **params: object) -> Message:
    """Return the message ``code`` with ``params``; an unknown code is a programming error."""
    if code not in CATALOG:
        raise KeyError(f"no message {code!r} in the catalog")
    return Message(code, params)


@dataclass(frozen=True)
class Listing:
    """Values to list in a message: the first :data:`SHOWN`, then how many more."""

    values: Sequence[object]

    def text(self, lang: str) -> str:
        """Write the values separated by semicolons, saying how many were left out."""
        shown = "; ".join(_written(v, lang) for v in self.values[:SHOWN])
        rest = len(self.values) - SHOWN
        return shown + (message("and_more", count=rest).text(lang) if rest > 0 else "")


def _written(value: object, lang: str) -> str:
    if isinstance(value, Localised):
        return value.text(lang)
    return str(value)


#: The messages, by code and language (a view over the catalogs of
#: :mod:`samverkan.presentation`, one a language).
CATALOG: dict[str, dict[str, str]] = by_key(MESSAGES)


def title(status: int, lang: str) -> str:
    """Return the heading of an error answer with ``status``, in ``lang``."""
    code = f"title_{status}"
    return message(code if code in CATALOG else "title_other").text(lang)
