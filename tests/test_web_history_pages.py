"""The history in the pages: links to it, counts of what changed, a paged comparison, and
restoring an earlier version from the page (a new version; history is never rewritten)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from bench.htmlpages import MAX_ROWS, table_rows
from federations import KIVRA, TURTLE, Federation, described_anew, serving, turtle
from samverkan.config import Settings
from samverkan.namespaces import ID
from samverkan.submissions.archive import Archive, canonical_bytes, content_hash

HTML = {"Accept": "text/html"}


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def submit(federation: Federation, graph: Graph) -> int:
    answer = federation.client().post(
        f"/submissions/{KIVRA}",
        data=turtle(graph),
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="application/json"),
    )
    return answer.status_code


def with_labels(part: Graph, count: int) -> Graph:
    """Return Kivra's part with ``count`` more labels on Kivra (a big change to page)."""
    copy = Graph() + part
    for n in range(count):
        copy.add((ID[KIVRA], RDFS.comment, Literal(f"Note number {n}.", lang="en")))
    return copy


def html(federation: Federation, path: str) -> str:
    answer = federation.client().get(path, headers=HTML)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/kivra", "/id/kivra/process/digital-mail-delivery"])
def test_actor_and_item_pages_link_to_the_actors_history(federation: Federation, path: str) -> None:
    page = html(federation, f"{path}?lang=sv")
    assert 'href="/id/kivra/versions?lang=sv"' in page


def test_the_history_counts_what_each_version_added_and_removed(federation: Federation) -> None:
    part = federation.part(KIVRA)
    second, third = with_labels(part, 5), described_anew(part, "Kivra anew.")
    assert submit(federation, second) == 201
    assert submit(federation, third) == 201
    page = html(federation, f"/id/{KIVRA}/versions")
    counts = dict(
        (int(n), (int(a), int(r)))
        for n, a, r in re.findall(
            r'data-version="(\d+)">.*?data-added="(\d+)" data-removed="(\d+)"', page, re.S
        )
    )
    assert counts[2] == (5, 0)
    assert counts[3] == (len(set(third) - set(second)), len(set(second) - set(third)))
    assert counts[3][1] > 5


def test_a_big_comparison_is_shown_a_page_at_a_time(federation: Federation) -> None:
    assert submit(federation, with_labels(federation.part(KIVRA), 450)) == 201
    first = html(federation, f"/id/{KIVRA}/versions/compare?from=1&to=2")
    assert max(table_rows(first)) == MAX_ROWS
    assert "(450)" in first
    last = html(federation, f"/id/{KIVRA}/versions/compare?from=1&to=2&added_page=3")
    assert table_rows(last) == [50]
    whole = federation.client().get(f"/id/{KIVRA}/versions/compare?from=1&to=2&format=json")
    assert len(whole.get_json()["added"]) == 450


def test_restoring_asks_for_the_credential_and_a_confirmation(federation: Federation) -> None:
    first = set(federation.part(KIVRA))
    assert submit(federation, described_anew(federation.part(KIVRA), "Kivra anew.")) == 201
    second = set(federation.part(KIVRA))
    history = html(federation, f"/id/{KIVRA}/versions?lang=en")
    assert 'href="/id/kivra/version/1/restore?lang=en"' in history
    page = html(federation, f"/id/{KIVRA}/version/1/restore?lang=en")
    assert 'action="/submissions/kivra/rollback/1?lang=en"' in page
    assert 'name="access_token" type="password"' in page
    assert re.search(r'name="confirm" type="checkbox" value="yes" required', page)
    assert f'data-added="{len(first - second)}" data-removed="{len(second - first)}"' in page
    assert len(first ^ second) > 0


def test_the_current_version_cannot_be_restored(federation: Federation) -> None:
    answer = federation.client().get(f"/id/{KIVRA}/version/1/restore", headers=HTML)
    assert answer.status_code == 400


def test_the_restore_form_makes_a_new_version_equal_to_the_old(federation: Federation) -> None:
    original = canonical_bytes(federation.part(KIVRA))
    assert submit(federation, described_anew(federation.part(KIVRA), "Kivra anew.")) == 201
    archive = Archive(federation.store)
    before = archive.documents(KIVRA)
    answer = federation.client().post(
        f"/submissions/{KIVRA}/rollback/1?lang=en",
        data={"access_token": federation.tokens[KIVRA], "confirm": "yes"},
        content_type="multipart/form-data",
        headers=HTML,
    )
    assert answer.status_code == 201
    assert "Accepted as version 3" in answer.get_data(as_text=True)
    after = archive.documents(KIVRA)
    assert {k: after[k] for k in before} == before  # nothing earlier was touched
    assert content_hash(after[f"urn:x-samverkan:archive:{KIVRA}:3"]) == content_hash(original)
    history = html(federation, f"/id/{KIVRA}/versions")
    assert 'data-version="3"' in history and "restored from" in history


def test_restoring_with_a_wrong_credential_changes_nothing(federation: Federation) -> None:
    assert submit(federation, described_anew(federation.part(KIVRA), "Kivra anew.")) == 201
    before = federation.snapshot()
    answer = federation.client().post(
        f"/submissions/{KIVRA}/rollback/1",
        data={"access_token": "not-a-token", "confirm": "yes"},
        content_type="multipart/form-data",
        headers=HTML,
    )
    assert answer.status_code == 401
    assert federation.snapshot() == before
    assert URIRef(f"{ID[KIVRA]}/version/3") not in set(
        federation.store.graph(federation.layout.history(KIVRA)).subjects()
    )
