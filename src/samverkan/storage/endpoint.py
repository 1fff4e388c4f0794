"""Talk to a SPARQL 1.1 endpoint over HTTP: queries, updates, and errors in the package's words.

Every request is a form-encoded POST (SPARQL 1.1 Protocol, sections 2.1.2 and 2.2.1): it has
no length limit and every engine takes it (Virtuoso 7.2 never answers a direct POST of
``application/sparql-query``). Engines differ in a few ways, collected in a :class:`Dialect`.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.client import HTTPResponse

from samverkan.errors import ConfigurationError, QuerySyntaxError, QueryTimeoutError, StoreError


@dataclass(frozen=True)
class Dialect:
    """What one kind of engine needs beyond the standard."""

    name: str
    #: Text put before every update request.
    update_prologue: str = ""
    #: Triples per ``INSERT DATA`` operation (a request holds as many operations as needed).
    insert_chunk: int = 1000
    #: ``INSERT DATA`` refuses blank nodes, so triples with them use ``INSERT … WHERE {}``.
    bnodes_in_insert_data: bool = True
    #: The request parameter that limits a query's run time, in milliseconds.
    timeout_parameter: str | None = None
    #: Text put before the store's own queries (never before a client's), on their first line.
    query_prologue: str = ""


STANDARD = Dialect("standard")
#: Virtuoso 7.2: without ``sql:big-data-const`` an update of 1,000 triples compiles for
#: seconds and one of 2,000 is refused ("generated SQL text has exceeded 10000 lines"); its
#: parser gives up ("memory exhausted") above about 5,000 triples in one operation. Its
#: optimiser, which estimates from random samples, now and then chooses a join order that
#: runs for ever once a graph has been replaced (dcat-records.rq and dcat-federation.rq in
#: 15 of 21 fresh databases after one submission); the store's own queries, written with
#: their most selective patterns first, are run in the order written.
VIRTUOSO = Dialect(
    "virtuoso",
    update_prologue="DEFINE sql:big-data-const 1\n",
    bnodes_in_insert_data=False,
    timeout_parameter="timeout",
    query_prologue='DEFINE sql:select-option "order" ',  # on the query's first line
)
DIALECTS = {d.name: d for d in (STANDARD, VIRTUOSO)}

_TIMEOUT_WORDS = re.compile(r"timeout|timed out|exceeds the limit|S1T00", re.IGNORECASE)


def dialect_named(name: str) -> Dialect:
    """Return the dialect called ``name``, or say which ones exist."""
    try:
        return DIALECTS[name]
    except KeyError:
        known = ", ".join(sorted(DIALECTS))
        raise ConfigurationError(f"store dialect {name!r} is unknown; use one of {known}") from None


@dataclass(frozen=True)
class Dataset:
    """The protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters."""

    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()


class Endpoint:
    """A query URL and an update URL, with credentials for the update URL if it needs them."""

    def __init__(
        self,
        query_url: str,
        update_url: str,
        timeout: float,
        credentials: tuple[str, str] | None = None,
        dialect: Dialect = STANDARD,
    ) -> None:
        self.query_url, self.update_url = query_url, update_url
        self.timeout = timeout
        self.dialect = dialect
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, [query_url, update_url], *credentials)
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self.opener = urllib.request.build_opener(*handlers)

    def query(
        self, text: str, accept: str, dataset: Dataset, time_limit: float | None = None
    ) -> bytes:
        """Send a query; return the body of the answer in the ``accept`` format."""
        fields: list[tuple[str, str]] = [("query", text)]
        fields += [("default-graph-uri", g) for g in dataset.default_graphs]
        fields += [("named-graph-uri", g) for g in dataset.named_graphs]
        if time_limit is not None and self.dialect.timeout_parameter:
            fields.append((self.dialect.timeout_parameter, str(int(time_limit * 1000))))
        wait = self.timeout if time_limit is None else time_limit + 2.0
        return self._post(self.query_url, fields, accept, wait, time_limit)

    def update(self, text: str) -> None:
        """Send one update request (all its operations together)."""
        fields = [("update", self.dialect.update_prologue + text)]
        self._post(self.update_url, fields, "application/sparql-results+json, */*", self.timeout)

    def _post(
        self,
        url: str,
        fields: list[tuple[str, str]],
        accept: str,
        wait: float,
        time_limit: float | None = None,
    ) -> bytes:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", accept)
        try:
            response: HTTPResponse = self.opener.open(request, timeout=wait)
            with response:
                _check_complete(response, time_limit)
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as error:
            raise _http_error(url, error, time_limit) from None
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise _timeout(time_limit if time_limit is not None else wait) from None
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {error}") from None


def _check_complete(response: HTTPResponse, time_limit: float | None) -> None:
    """Refuse a partial answer (Virtuoso's "anytime" answer when its time limit struck)."""
    if response.headers.get("X-SQL-State") == "S1TAT":
        raise _timeout(time_limit or 0.0)


def _http_error(url: str, error: urllib.error.HTTPError, time_limit: float | None) -> Exception:
    detail = _first_lines(error.read().decode("utf-8", "replace"))
    if error.code == 400:
        return QuerySyntaxError(f"the store refused the query or update: {detail}")
    if error.code in {401, 403}:
        return StoreError(f"the SPARQL endpoint {url} refused the credentials ({error.code})")
    if time_limit is not None and _TIMEOUT_WORDS.search(detail):
        return _timeout(time_limit)
    return StoreError(f"the SPARQL endpoint {url} failed ({error.code}): {detail}")


def _timeout(seconds: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran for more than {seconds:g} s and was stopped; "
        "narrow it down (add LIMIT, bind more variables) or use the data dumps"
    )


def _first_lines(text: str) -> str:
    """Keep the engine's message, not the query it echoes back."""
    message = text.split("\n\nSPARQL query:", 1)[0]
    return " ".join(message.split())[:500] or "no details given"
