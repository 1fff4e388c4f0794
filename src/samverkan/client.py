"""Submit a file to a running server, as ``samverkan submit --server`` does.

Without progress to show this is one request, and the server's answer is the answer. With
progress, the request asks to be answered asynchronously (``Prefer: respond-async``,
RFC 7240) and the file is sent in blocks whose progress is shown; the server answers 202
with the job's address, which is polled for its phases until the job has finished, and
then its result is fetched: the same status and document the single request would have
had. A server that does not take the preference answers at once, and that answer is used.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

from samverkan.errors import InputError
from samverkan.progress import ReadingProgress, TerminalProgress
from samverkan.rdfio import format_for_path

#: Seconds to wait for a server's answer to a submission (its job included).
SERVER_SECONDS = 300
#: Seconds between two looks at a job.
POLL_SECONDS = 0.3

Answer = tuple[int, dict[str, Any]]


def submit_file(
    server: str, actor: str, path: Path, token: str, lang: str, progress: TerminalProgress
) -> Answer:
    """Send ``path`` as actor ``actor``'s new part; return the status and the answer."""
    url = f"{server.rstrip('/')}/submissions/{actor}?{urlencode({'lang': lang})}"
    headers = {
        "Content-Type": format_for_path(path).media_type,
        "Accept": "application/json",
        "Authorization": f"Bearer {token}",
    }
    if not progress.enabled:
        status, _, answer = _exchange(urllib.request.Request(url, path.read_bytes(), headers))
        return status, answer
    size = path.stat().st_size
    headers |= {"Prefer": "respond-async", "Content-Length": str(size)}
    with path.open("rb") as file:
        progress.uploaded(0, size)
        body = ReadingProgress(file, size, progress.uploaded)
        status, location, answer = _exchange(urllib.request.Request(url, body, headers))
    if status != 202 or not location:
        return status, answer
    return _follow(urljoin(url, location), lang, progress)


def withdraw_part(server: str, actor: str, token: str, lang: str) -> Answer:
    """Ask the server to make an empty part actor ``actor``'s new version."""
    url = f"{server.rstrip('/')}/submissions/{actor}/withdraw?{urlencode({'lang': lang})}"
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    status, _, answer = _exchange(urllib.request.Request(url, b"", headers, method="POST"))
    return status, answer


def _follow(job: str, lang: str, progress: TerminalProgress) -> Answer:
    """Poll the job until it has finished, showing its phases; return its result."""
    deadline = time.monotonic() + SERVER_SECONDS
    address = f"{job}?{urlencode({'lang': lang})}"
    while time.monotonic() < deadline:
        _, _, state = _exchange(urllib.request.Request(address, headers=_JSON))
        progress(str(state.get("phase", "")), _count(state, "done"), _count(state, "total"))
        if state.get("state") == "finished" and state.get("result"):
            result = urljoin(job, f"{state['result']}?{urlencode({'lang': lang})}")
            status, _, answer = _exchange(urllib.request.Request(result, headers=_JSON))
            return status, answer
        time.sleep(POLL_SECONDS)
    raise InputError(f"the server has not finished in {SERVER_SECONDS} s; its job is at {job}")


def _count(state: dict[str, object], key: str) -> int | None:
    """Return a count of the job's state (None when it has none)."""
    value = state.get(key)
    return value if isinstance(value, int) else None


_JSON = {"Accept": "application/json"}


def _exchange(sent: urllib.request.Request) -> tuple[int, str | None, dict[str, Any]]:
    """Send a request; return its status, its ``Location`` and its JSON document."""
    try:
        with urllib.request.urlopen(sent, timeout=SERVER_SECONDS) as response:
            return response.status, response.headers.get("Location"), _document(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None, _document(error.read())
    except urllib.error.URLError as error:
        raise InputError(f"cannot reach {sent.full_url}: {error.reason}") from error


def _document(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except ValueError:
        return {"message": body.decode("utf-8", "replace").strip()}
    return document if isinstance(document, dict) else {"message": str(document)}
