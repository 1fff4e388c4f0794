"""Read from a running server, as ``samverkan query --server`` and ``export --server`` do.

A named query is asked at ``/queries/<name>`` with its parameters, its answer taken as SPARQL
JSON results and read into the rows the store itself would give; an export is fetched from
``/exports/<profile>`` in the syntax asked for.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from urllib.parse import quote, urlencode

from samverkan.errors import InputError
from samverkan.storage.base import SelectResult
from samverkan.storage.results import read_json, select_result

#: Seconds to wait for a server's answer.
SERVER_SECONDS = 300
JSON_RESULTS = "application/sparql-results+json"
#: The media type to ask for, by the export command's ``--format``.
EXPORT_MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}


def query_server(server: str, name: str, values: Mapping[str, str]) -> SelectResult:
    """Run named query ``name`` on ``server`` with the parameter ``values``."""
    address = f"{server.rstrip('/')}/queries/{quote(name, safe='')}"
    if values:
        address += "?" + urlencode(dict(values))
    return select_result(read_json(fetch(address, JSON_RESULTS)))


def export_from_server(server: str, profile: str, syntax: str) -> bytes:
    """Fetch export ``profile`` (``cpsv-ap``, ``dcat-ap``) from ``server`` in ``syntax``."""
    address = f"{server.rstrip('/')}/exports/{quote(profile, safe='')}"
    return fetch(address, EXPORT_MEDIA_TYPES[syntax])


def fetch(address: str, accept: str) -> bytes:
    """GET ``address`` asking for ``accept``; an error answer is raised with its message."""
    sent = urllib.request.Request(address, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(sent, timeout=SERVER_SECONDS) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as error:
        message = error.read().decode("utf-8", "replace").strip()
        raise InputError(f"{address}: the server answered {error.code}: {message}") from None
    except urllib.error.URLError as error:
        raise InputError(f"cannot reach {address}: {error.reason}") from error
