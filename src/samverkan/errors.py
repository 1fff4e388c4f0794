"""One exception hierarchy for the whole package.

Every error carries a message a user can act on. The web layer maps these classes to HTTP
status codes in one place; the CLI maps them to exit statuses.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Where in an input a problem was found (1-based line and column, when known).

    ``approximate`` says that the parser noticed the problem only by ``line``: the problem
    is on that line or an earlier one (RDF/XML and JSON-LD parsers that give no position).
    """

    source: str | Message
    line: int | None = None
    column: int | None = None
    approximate: bool = False

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """Say where, in ``lang``: the source, then its line and column when known."""
        return self.as_message().text(lang)

    def as_message(self) -> Message:
        """Return where, as a message of the catalog."""
        if self.line is None:
            return message("at_source", source=self.source)
        if self.approximate:
            return message("at_line_or_before", source=self.source, line=self.line)
        if self.column is None:
            return message("at_line", source=self.source, line=self.line)
        return message("at_line_column", source=self.source, line=self.line, column=self.column)


class RdfSyntaxError(InputError):
    """An RDF document does not parse; says where and what the parser expected."""

    def __init__(self, position: SourcePosition, detail: str | Message) -> None:
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


class StoreIdentityError(SamverkanError):
    """The store was made for another base IRI than the one asked for; nothing was changed."""


class SubmittedPartsError(SamverkanError):
    """A load would replace parts that their actors submitted; nothing was changed."""


class ArchiveConflictError(SamverkanError):
    """A version's archived file exists already: the history is write-once."""


class InsufficientStorageError(StoreError):
    """The disk holding the store or its state is full; nothing was changed."""


#: What the disk answers when it is full, by errno and in the words of RocksDB and SQLite.
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_FULL_WORDS = ("No space left on device", "Disk quota exceeded", "database or disk is full")


def is_disk_full(error: BaseException) -> bool:
    """Say whether ``error`` means that the disk (or the quota) is full."""
    if isinstance(error, OSError) and error.errno in _FULL_ERRNOS:
        return True
    return isinstance(error, OSError | sqlite3.Error) and any(w in str(error) for w in _FULL_WORDS)


@contextmanager
def disk_full_as_error(what: str) -> Iterator[None]:
    """Turn a full disk met while doing ``what`` into :class:`InsufficientStorageError`."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        if not is_disk_full(error):
            raise
        raise InsufficientStorageError(
            f"the disk is full: {what} failed ({error}); nothing was changed, and the server "
            "takes writes again once its operator frees space"
        ) from error


class InconsistencyError(SamverkanError):
    """Reasoning found a contradiction (an individual of two disjoint classes)."""


class NotAcceptableError(InputError):
    """No representation the client accepts can be given."""


class UnsupportedMediaTypeError(InputError):
    """A request body's media type is not one this operation takes."""


class PayloadTooLargeError(InputError):
    """A request body is larger than the configured limit."""


class InputLimitError(PayloadTooLargeError):
    """A document needs more than one request may take: triples, output, memory or time."""


class RefusedConstructError(InputError):
    """A document uses what is refused before any parser sees it: a DTD, or deep nesting."""


class ForbiddenOperationError(InputError):
    """The request asks for something this endpoint never does (updates, LOAD)."""


class RefusedQueryError(InputError):
    """A query asks for what a public query may not do (SERVICE: contacting other hosts)."""


class NotFoundError(InputError):
    """Nothing is known under that identifier."""


class QueryTimeoutError(SamverkanError):
    """A query ran past the time limit and was stopped."""


class QueryMemoryError(SamverkanError):
    """A query needed more memory than a query worker may use, and was stopped."""


class ServerError(SamverkanError):
    """A process of the server could not start, or stopped and could not be replaced."""


class BusyError(SamverkanError):
    """The server has as much work under way as it takes; the client may try again later."""


class TooManyRequestsError(SamverkanError):
    """This client has as many requests of this kind under way as it may; it may retry."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class EmptySubmissionError(InputError):
    """A submission holds no statements; only an explicit withdrawal empties a part."""


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


class CancelledError(SamverkanError):
    """The work was cancelled by its client before its commit point; nothing was changed."""


class JobLostError(ServerError):
    """The server process running a job stopped before the job finished."""


class CancelRefusedError(InputError):
    """The work is past its commit point (or finished) and can no longer be cancelled."""
