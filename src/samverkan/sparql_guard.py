"""Refuse query features that would make the server contact another host.

``SERVICE`` (federated query) would open a connection to any IRI a client names. The query is
tokenised just enough to find keywords outside strings, IRIs, prefixed names and comments, so
that the word "service" inside a literal, an IRI or a name never triggers a refusal.
"""

from __future__ import annotations

import re

from samverkan.errors import ForbiddenOperationError

_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<name>[?$]?[A-Za-z_][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Keywords refused in public queries, with the reason given to the client.
REFUSED = {
    "SERVICE": "federated queries (SERVICE) are not allowed: this endpoint never contacts "
    "other hosts on behalf of a query",
}


def keywords(query: str) -> set[str]:
    """Return the bare words of ``query`` (upper-cased): candidates for SPARQL keywords."""
    found = set()
    for match in _TOKENS.finditer(query):
        word = match.group("name")
        if word and word[0] not in "?$" and ":" not in word:
            found.add(word.upper())
    return found


def check_query(query: str) -> None:
    """Raise :class:`ForbiddenOperationError` if ``query`` uses a refused feature."""
    for keyword in sorted(keywords(query) & REFUSED.keys()):
        raise ForbiddenOperationError(REFUSED[keyword])
