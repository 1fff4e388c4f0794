"""The submission page and its form: a file posted as ``multipart/form-data``, no script.

The form posts to the same routes as scripts do (``POST /validate``, ``POST /submissions``)
and is answered with the report page; the limits, the checks and the errors are those of
a body sent as it is.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest
from rdflib import Graph

from federations import (
    KIVRA,
    SKATTEVERKET,
    Federation,
    described_anew,
    of_no_service_type,
    serving,
    turtle,
    without_descriptions,
)
from samverkan.config import Settings
from samverkan.storage import OxigraphStore
from samverkan.web import create_app

#: What Chromium sends with a form post.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def form(content: bytes, filename: str, **fields: str) -> dict[str, object]:
    """Return the fields of the submission form with ``content`` as the chosen file."""
    return {"file": (io.BytesIO(content), filename), **fields}


def post_form(federation: Federation, path: str, data: dict[str, object]) -> tuple[int, str]:
    answer = federation.client().post(
        path, data=data, content_type="multipart/form-data", headers={"Accept": BROWSER}
    )
    return answer.status_code, answer.get_data(as_text=True)


@dataclass
class Row:
    """One result of the report page: the text and the links of each cell."""

    cells: list[str] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)


class ReportRows(HTMLParser):
    """Read the result rows of the report page's result tables (not its summary)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.in_body = False
        self.of_results = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.of_results = "results" in (dict(attrs).get("class") or "").split()
        elif tag == "tbody" and self.of_results:
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append(Row())
        elif self.in_body and tag == "td":
            self.rows[-1].cells.append("")
            self.rows[-1].links.append([])
        elif self.in_body and tag == "a":
            self.rows[-1].links[-1].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_body and self.rows and self.rows[-1].cells:
            self.rows[-1].cells[-1] += data.strip()


def report_rows(page: str) -> list[Row]:
    reader = ReportRows()
    reader.feed(page)
    return reader.rows


# --- The page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "validate"),
    [("sv", "Validera eller lämna in", "Validera"), ("en", "Validate or submit", "Validate")],
)
def test_the_submission_page_is_a_form_that_works_without_scripts(
    federation: Federation, lang: str, title: str, validate: str
) -> None:
    page = federation.client().get(f"/submit?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert title in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and 'name="file"' in page
    assert '<option value="kivra">Kivra</option>' in page
    assert 'name="access_token" type="password"' in page
    assert f'formaction="/validate?lang={lang}">{validate}</button>' in page
    assert f'formaction="/submissions?lang={lang}"' in page


def test_every_page_links_to_the_submission_page(federation: Federation) -> None:
    page = federation.client().get("/?lang=en").get_data(as_text=True)
    assert '<a href="/submit?lang=en">Submit</a>' in page


# --- A dry run ---------------------------------------------------------------------------------


def test_a_dry_run_shows_the_report_with_every_focus_node_a_link(federation: Federation) -> None:
    broken = without_descriptions(federation.part(KIVRA))
    before = federation.snapshot()
    status, page = post_form(
        federation, "/validate?lang=en", form(turtle(broken), "kivra.ttl", actor=KIVRA)
    )
    assert status == 200
    assert "<h2>Rule 9:" in page
    assert "nothing was changed" in page
    [row] = report_rows(page)
    assert row.cells[0] == "Violation"
    assert row.links[1] == ["/id/kivra?lang=en"]
    assert federation.snapshot() == before


def test_a_value_that_is_an_iri_is_a_link_too(federation: Federation) -> None:
    broken, service = of_no_service_type(federation.part(KIVRA))
    status, page = post_form(federation, "/validate?lang=en", form(turtle(broken), "kivra.ttl"))
    assert status == 200
    [row] = [row for row in report_rows(page) if row.cells[2] == "sam:serviceType"]
    focus = str(service).removeprefix("https://samverkan.example.org")
    assert row.links[1] == [f"{focus}?lang=en"]
    assert row.links[3] == ["/id/kivra?lang=en"]


@pytest.mark.parametrize(
    ("rdflib_format", "filename", "chosen"),
    [
        ("turtle", "kivra.ttl", ""),
        ("trig", "kivra.trig", ""),
        ("nt", "kivra.nt", ""),
        ("json-ld", "kivra.jsonld", ""),
        ("xml", "kivra.rdf", ""),
        ("turtle", "kivra.txt", "text/turtle"),
        ("xml", "kivra.ttl", "application/rdf+xml"),
    ],
)
def test_the_syntax_is_the_files_extension_unless_the_form_chooses_one(
    federation: Federation, rdflib_format: str, filename: str, chosen: str
) -> None:
    content = federation.part(KIVRA).serialize(format=rdflib_format, encoding="utf-8")
    status, page = post_form(federation, "/validate", form(content, filename, format=chosen))
    assert status == 200, page
    assert 'data-conforms="true"' in page


def test_a_file_of_no_known_syntax_is_415_saying_how_to_choose_one(
    federation: Federation,
) -> None:
    status, page = post_form(federation, "/validate", form(b"<a> <b> <c> .", "notes.txt"))
    assert status == 415
    assert "choose the syntax in the form" in page


def test_bad_rdf_in_the_file_is_400_naming_the_file_line_and_column(
    federation: Federation,
) -> None:
    content = b"<https://samverkan.example.org/id/kivra> a\n  <oops\n"
    status, page = post_form(federation, "/validate", form(content, "broken.ttl"))
    assert status == 400
    assert "the file &#39;broken.ttl&#39;, line 2, column" in page


def test_a_form_without_a_file_is_400(federation: Federation) -> None:
    status, page = post_form(federation, "/validate", form(b"", ""))
    assert status == 400
    assert "choose a file" in page


def test_a_form_over_the_limit_is_413_saying_the_limit(state_copy: Settings) -> None:
    small = replace(state_copy, max_body_bytes=1000)
    store = OxigraphStore(small.store_path)
    try:
        client = create_app({"TESTING": True}, settings=small, store=store).test_client()
        answer = client.post(
            "/validate",
            data=form(b"#" * 2000, "big.ttl"),
            content_type="multipart/form-data",
            headers={"Accept": "application/json", "Accept-Language": "en"},
        )
    finally:
        store.close()
    assert answer.status_code == 413
    assert "1000 bytes" in answer.get_json()["message"]


# --- Submitting ----------------------------------------------------------------------------------


def submission_form(federation: Federation, part: Graph, token_of: str = KIVRA) -> dict:
    return form(turtle(part), "kivra.ttl", actor=KIVRA, access_token=federation.tokens[token_of])


def test_an_accepted_submission_from_the_form_creates_a_version(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, sent from a form.")
    status, page = post_form(federation, "/submissions?lang=en", submission_form(federation, new))
    assert status == 201
    assert "Accepted as version 2" in page
    assert 'href="/id/kivra/version/2?lang=en"' in page
    assert len(federation.part(KIVRA) ^ new) == 0


def test_a_rejected_submission_from_the_form_changes_nothing(federation: Federation) -> None:
    before = federation.snapshot()
    broken = without_descriptions(federation.part(KIVRA))
    status, page = post_form(
        federation, "/submissions?lang=en", submission_form(federation, broken)
    )
    assert status == 422
    assert "Rejected: nothing was changed" in page
    assert report_rows(page)[0].links[1] == ["/id/kivra?lang=en"]
    assert federation.snapshot() == before


def test_the_form_needs_the_named_actors_credential(federation: Federation) -> None:
    before = federation.snapshot()
    new = described_anew(federation.part(KIVRA), "Kivra, by someone else.")
    status, page = post_form(
        federation, "/submissions", submission_form(federation, new, token_of=SKATTEVERKET)
    )
    assert status == 403
    assert "only &#39;kivra&#39; may change" in page
    assert federation.snapshot() == before


def test_a_form_without_a_credential_is_401(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, anonymously.")
    data = form(turtle(new), "kivra.ttl", actor=KIVRA)
    assert post_form(federation, "/submissions", data)[0] == 401


def test_the_form_and_the_address_must_name_the_same_actor(federation: Federation) -> None:
    new = described_anew(federation.part(KIVRA), "Kivra, twice named.")
    data = submission_form(federation, new)
    status, page = post_form(federation, f"/submissions/{SKATTEVERKET}", data)
    assert status == 400
    assert "the form names actor &#39;kivra&#39;, the address &#39;skatteverket&#39;" in page
