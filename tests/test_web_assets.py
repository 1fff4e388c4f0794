"""Static files served like a real site: hashed URLs, gzip, a year's caching; the favicon."""

from __future__ import annotations

import gzip
import hashlib
import re

import pytest
from flask.testing import FlaskClient

from samverkan.web.common.assets import FOLDER
from samverkan.web.common.caching import IMMUTABLE

HTML = {"Accept": "text/html"}


def linked(client: FlaskClient, path: str) -> list[str]:
    """Return the URLs of the stylesheets, scripts and icons a page links to."""
    page = client.get(path, headers=HTML).get_data(as_text=True)
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)


@pytest.mark.parametrize("page", ["/", "/query", "/submit"])
def test_pages_name_static_files_by_their_content_hash(client: FlaskClient, page: str) -> None:
    urls = [url for url in linked(client, page) if url.startswith("/static/")]
    assert urls
    for url in urls:
        path, _, query = url.partition("?")
        body = (FOLDER / path.removeprefix("/static/")).read_bytes()
        assert query == "v=" + hashlib.sha256(body).hexdigest()[:16], url
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == IMMUTABLE.cache_control
        assert answer.headers["X-Accel-Expires"] == IMMUTABLE.nginx
        assert answer.data == body


def test_a_text_file_goes_gzipped_to_a_client_that_accepts_it(client: FlaskClient) -> None:
    url = next(u for u in linked(client, "/") if "samverkan.css" in u)
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data)
    for answer in (plain, zipped):
        assert answer.headers["Vary"] == "Accept-Encoding"
        assert answer.mimetype == "text/css"
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


def test_a_file_answers_304_to_its_tag_in_each_encoding(client: FlaskClient) -> None:
    for encoding in ("identity", "gzip"):
        headers = {"Accept-Encoding": encoding}
        first = client.get("/static/submit.js", headers=headers)
        again = client.get(
            "/static/submit.js", headers={**headers, "If-None-Match": first.headers["ETag"]}
        )
        assert (again.status_code, again.data) == (304, b"")


def test_a_url_without_the_current_hash_must_be_revalidated(client: FlaskClient) -> None:
    for url in ("/static/samverkan.css", "/static/samverkan.css?v=0000000000000000"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize(
    "path", ["/static/../caching.py", "/static/%2e%2e/caching.py", "/static/nothing.css"]
)
def test_nothing_outside_the_static_files_is_served(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_favicon_is_an_icon_and_pages_link_one(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype in {"image/vnd.microsoft.icon", "image/x-icon"}
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header: reserved 0, type 1
    links = linked(client, "/")
    assert "/favicon.ico" in links
    svg = next(u for u in links if "favicon.svg" in u)
    answer = client.get(svg)
    assert answer.mimetype == "image/svg+xml"
    assert b"<svg" in answer.data
