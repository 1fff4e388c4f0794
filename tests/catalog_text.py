"""Compare an answer with the message catalog's text, where some parameters are unknown.

A parameter the test cannot know (a parser's own words, a column) is :data:`ANY`; the
catalog's text is then checked piece by piece, in order, around it.
"""

from __future__ import annotations

from samverkan.messages import Message, message


class _Any:
    """A parameter the test cannot know (a parser's words, a count): any text matches."""

    def __str__(self) -> str:
        return "\0"

    def __repr__(self) -> str:
        return "\0"


ANY = _Any()
BODY = message("request_body")


def named_file(name: str) -> Message:
    return message("named_file", name=name)


def syntax(
    source: str | Message, line: int, *, column: object = ANY, before: bool = False
) -> Message:
    """The refusal of a document that does not parse, at ``line`` (or before it)."""
    if before:
        where = message("at_line_or_before", source=source, line=line)
    else:
        where = message("at_line_column", source=source, line=line, column=column)
    return message("rdf_syntax", where=where, detail=ANY)


def fragments(said: Message, lang: str) -> list[str]:
    """Return the catalog text's parts that the answer must hold, in order (a part the
    test cannot know, :data:`ANY`, separates them)."""
    return [part for part in said.text(lang).split("\0") if part]


def holds(text: str, said: Message, lang: str) -> bool:
    """Say whether ``text`` holds the catalog text of ``said`` in ``lang``, piece by piece."""
    position = 0
    for part in fragments(said, lang):
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
