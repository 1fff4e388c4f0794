"""One exception hierarchy for the whole package.

Every error carries a message a user can act on. The web layer maps these classes to HTTP
status codes in one place; the CLI maps them to exit statuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from samverkan.messages import Message, message


class SamverkanError(Exception):
    """Base of every error the package raises on purpose.

    It carries either a :class:`~samverkan.messages.Message` from the catalog (written in
    the language of whoever reads it) or, for errors no user meets, a plain text.
    ``str(error)`` is the English text.
    """

    def __init__(self, what: str | Message = "") -> None:
        super().__init__(what)
        self.message = what if isinstance(what, Message) else None

    def __str__(self) -> str:
        return self.message.text("en") if self.message else super().__str__()

    def text(self, lang: str) -> str:
        """Return what was wrong, in ``lang`` when the error has a catalog message."""
        return self.message.text(lang) if self.message else str(self)


class ConfigurationError(SamverkanError):
    """A setting is missing or malformed."""


class InputError(SamverkanError):
    """Input given by a user cannot be used as it is."""


@dataclass(frozen=True)
class SourcePosition:
    """Where in an input a problem was found (1-based line and column, when known)."""

    source: str | Message
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """Say where, in ``lang``: the source, then its line and column when known."""
        return self.as_message().text(lang)

    def as_message(self) -> Message:
        """Return where, as a message of the catalog."""
        if self.line is None:
            return message("at_source", source=self.source)
        if self.column is None:
            return message("at_line", source=self.source, line=self.line)
        return message("at_line_column", source=self.source, line=self.line, column=self.column)


class RdfSyntaxError(InputError):
    """An RDF document does not parse; says where and what the parser expected."""

    def __init__(self, position: SourcePosition, detail: str) -> None:
        super().__init__(message("rdf_syntax", where=position.as_message(), detail=detail))
        self.position = position
        self.detail = detail


class UnsupportedFormatError(InputError):
    """The media type or file extension names no RDF syntax that is accepted."""


class UnknownQueryError(InputError):
    """No named query has that name."""


class QueryParameterError(InputError):
    """A named query's parameter is missing, unknown or malformed."""


class QuerySyntaxError(InputError):
    """A SPARQL query or update does not parse."""


class StoreError(SamverkanError):
    """The store cannot be opened, read or written."""


class InconsistencyError(SamverkanError):
    """Reasoning found a contradiction (an individual of two disjoint classes)."""


class NotAcceptableError(InputError):
    """No representation the client accepts can be given."""


class UnsupportedMediaTypeError(InputError):
    """A request body's media type is not one this operation takes."""


class PayloadTooLargeError(InputError):
    """A request body is larger than the configured limit."""


class ForbiddenOperationError(InputError):
    """The request asks for something this endpoint never does (updates, SERVICE, LOAD)."""


class NotFoundError(InputError):
    """Nothing is known under that identifier."""


class QueryTimeoutError(SamverkanError):
    """A query ran past the time limit and was stopped."""


class ServerError(SamverkanError):
    """A process of the server could not start, or stopped and could not be replaced."""


class BusyError(SamverkanError):
    """The server has as much work under way as it takes; the client may try again later."""


class RejectedSubmissionError(InputError):
    """A submission breaks a mandatory guideline rule; nothing was changed."""

    def __init__(self, what: str | Message, report: object) -> None:
        super().__init__(what)
        self.report = report


class AuthenticationError(SamverkanError):
    """No valid credential was given."""


class InvalidCredentialError(AuthenticationError):
    """A credential was given, but it is unknown or has been revoked."""


class PermissionDeniedError(SamverkanError):
    """The credential is valid, but for another actor."""
