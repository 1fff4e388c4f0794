"""Refuse requests that would change the store or make the server contact another host.

``SERVICE`` (federated query) would open a connection to any IRI a client names, and every
SPARQL Update (``LOAD`` among them, which fetches a document) would change the federation,
which only submissions may do. The query is tokenised just enough to find keywords outside
strings, IRIs, prefixed names, language tags and comments, so that the word "service" inside
a literal, an IRI or a name never triggers a refusal. Nothing is fetched to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from samverkan.errors import ForbiddenOperationError
from samverkan.messages import message

_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<name>[?$]?[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)

READ_ONLY = message("sparql_read_only")

#: Keywords refused anywhere in a public query, with the reason given to the client.
REFUSED = {"SERVICE": message("sparql_service")}

#: Keywords that open an update operation (SPARQL 1.1 Update, section 3).
UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def keywords(query: str) -> set[str]:
    """Return the bare words of ``query`` (upper-cased): candidates for SPARQL keywords."""
    return set(_bare_words(query))


def operation(query: str) -> str | None:
    """Return the keyword that opens the operation after the prologue (PREFIX and BASE)."""
    words = _significant_tokens(query)
    for token in words:
        word = token.upper()
        if word == "PREFIX":
            next(words, None)  # the prefix name; its IRI follows
            next(words, None)
        elif word == "BASE":
            next(words, None)
        else:
            return word
    return None


def check_query(query: str) -> None:
    """Raise :class:`ForbiddenOperationError` if ``query`` is an update or uses SERVICE."""
    if operation(query) in UPDATE_OPERATIONS:
        raise ForbiddenOperationError(READ_ONLY)
    for keyword in sorted(keywords(query) & REFUSED.keys()):
        raise ForbiddenOperationError(REFUSED[keyword])


def _significant_tokens(query: str) -> Iterator[str]:
    for match in _TOKENS.finditer(query):
        if match.lastgroup != "comment":
            yield match.group()


def _bare_words(query: str) -> Iterator[str]:
    for match in _TOKENS.finditer(query):
        word = match.group("name")
        if word and word[0] not in "?$" and ":" not in word:
            yield word.upper()
