"""Cacheable reads: every public GET has an ETag tied to the store's generation.

A repeated read with the tag is a 304 while the store is unchanged; every write (a
submission, a withdrawal) changes the generation, so the next read is a 200 with a new tag.
Writes and answers to a credential are never stored. The generation lives in the store, so
two stores opened on the same data agree on it (tests/test_caching_proxy.py puts a real nginx
in front of a real server).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Response, request
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef

from federations import KIVRA, TURTLE, Federation, described_anew, serving, turtle
from samverkan import search
from samverkan.config import Settings, load_settings
from samverkan.errors import ConfigurationError
from samverkan.federation import build
from samverkan.storage import GraphLayout, OxigraphStore, generation, identity
from samverkan.submissions.credentials import Credentials
from samverkan.web import create_app
from virtuoso import Virtuoso

#: One public read of each kind: pages, an item (negotiated and by suffix), the SPARQL
#: endpoint, a named query, the catalog, VoID, a dump, the ontology's documentation.
PUBLIC_READS = [
    ("/", {"Accept": "text/html"}),
    ("/catalogs/service?lang=en", {}),
    ("/id/skatteverket/service/navet", {"Accept": "text/turtle"}),
    ("/id/skatteverket/service/navet.html", {"Accept-Language": "sv"}),
    ("/sparql?query=" + quote("ASK { ?s ?p ?o }"), {"Accept": "application/sparql-results+json"}),
    ("/queries/concepts-without-information", {"Accept": "application/sparql-results+json"}),
    ("/catalog", {"Accept": "text/turtle"}),
    ("/.well-known/void", {"Accept": "text/turtle"}),
    ("/dumps/actor/kivra.nq.gz", {}),
    ("/def/samverkan", {"Accept": "text/html"}),
    ("/search?q=navet", {}),
]


@pytest.fixture
def federation(state_copy: Settings) -> Iterator[Federation]:
    with serving(state_copy) as served:
        yield served


def names(header: str) -> set[str]:
    return {part.strip() for part in header.split(",")}


@pytest.mark.parametrize(("path", "headers"), PUBLIC_READS)
def test_a_public_read_is_cacheable_and_a_repeat_with_its_tag_is_304(
    client: FlaskClient, path: str, headers: dict[str, str]
) -> None:
    first = client.get(path, headers=headers)
    assert first.status_code == 200, first.get_data(as_text=True)[:300]
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert first.headers["X-Accel-Expires"] == "@1"
    assert names(first.headers["Vary"]) >= {"Accept", "Accept-Language"}
    tag = first.headers["ETag"]
    again = client.get(path, headers={**headers, "If-None-Match": tag})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == "public, no-cache"
    other = client.get(path, headers={**headers, "If-None-Match": '"not-this-one"'})
    assert other.status_code == 200
    assert other.data == first.data


def test_each_representation_and_query_has_its_own_tag(client: FlaskClient) -> None:
    item = "/id/skatteverket/service/navet"
    tags = {
        client.get(item, headers={"Accept": "text/turtle"}).headers["ETag"],
        client.get(item, headers={"Accept": "application/ld+json"}).headers["ETag"],
        client.get(item, headers={"Accept": "text/html", "Accept-Language": "sv"}).headers["ETag"],
        client.get(item, headers={"Accept": "text/html", "Accept-Language": "en"}).headers["ETag"],
        client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }")).headers["ETag"],
        client.get("/sparql?query=" + quote("ASK { ?s a ?o }")).headers["ETag"],
    }
    assert len(tags) == 6


def test_a_star_is_not_taken_for_a_tag(client: FlaskClient) -> None:
    answer = client.get("/", headers={"If-None-Match": "*"})
    assert answer.status_code == 200


def test_an_accepted_submission_makes_every_earlier_tag_stale(federation: Federation) -> None:
    client = federation.client()
    item = "/id/kivra"
    before = client.get(item, headers={"Accept": "text/turtle"})
    tag = before.headers["ETag"]
    assert (
        client.get(item, headers={"Accept": "text/turtle", "If-None-Match": tag}).status_code == 304
    )
    posted = client.post(
        f"/submissions/{KIVRA}",
        data=turtle(described_anew(federation.part(KIVRA), "A new description.")),
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="application/json"),
    )
    assert posted.status_code in {200, 201}, posted.get_data(as_text=True)
    after = client.get(item, headers={"Accept": "text/turtle", "If-None-Match": tag})
    assert after.status_code == 200
    assert after.headers["ETag"] != tag
    assert b"A new description." in after.data
    assert b"A new description." not in before.data


def test_a_withdrawal_makes_the_tags_stale(federation: Federation) -> None:
    client = federation.client()
    dump = client.get("/dumps/actor/kivra.nq.gz").headers["ETag"]
    listing = client.get("/dumps/")
    assert b"kivra" in listing.data
    withdrawn = client.post(
        f"/submissions/{KIVRA}/withdraw", headers=federation.auth(KIVRA, Accept="application/json")
    )
    assert withdrawn.status_code in {200, 201}, withdrawn.get_data(as_text=True)
    gone = client.get("/dumps/actor/kivra.nq.gz", headers={"If-None-Match": dump})
    assert gone.status_code == 404  # the part is empty now, not "not modified"
    relisted = client.get("/dumps/", headers={"If-None-Match": listing.headers["ETag"]})
    assert relisted.status_code == 200
    assert b"kivra" not in relisted.data


def test_writes_and_credentialed_answers_are_never_stored(federation: Federation) -> None:
    client = federation.client()
    posted = client.post(
        f"/submissions/{KIVRA}",
        data=turtle(federation.part(KIVRA)),
        content_type=TURTLE,
        headers=federation.auth(KIVRA, Accept="application/json"),
    )
    assert posted.headers["Cache-Control"] == "private, no-store"
    assert posted.headers["X-Accel-Expires"] == "0"  # nginx: never keep
    assert "ETag" not in posted.headers
    with_credential = client.get("/", headers=federation.auth(KIVRA))
    assert with_credential.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in with_credential.headers
    validated = client.post("/validate", data=turtle(federation.part(KIVRA)), content_type=TURTLE)
    assert validated.headers["Cache-Control"] == "private, no-store"
    assert client.get("/health").headers["Cache-Control"] == "private, no-store"


def test_an_error_is_not_given_a_tag(client: FlaskClient) -> None:
    missing = client.get("/id/nobody/nothing", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404
    assert "ETag" not in missing.headers
    assert missing.headers["Cache-Control"] == "no-cache"
    assert missing.headers["X-Accel-Expires"] == "0"


def test_a_max_age_lets_caches_answer_for_that_long(
    settings: Settings, store: OxigraphStore
) -> None:
    app = create_app({"TESTING": True}, settings=replace(settings, cache_max_age=30), store=store)
    answer = app.test_client().get("/catalog", headers={"Accept": "text/turtle"})
    assert answer.headers["Cache-Control"] == "public, max-age=30"
    assert answer.headers["X-Accel-Expires"] == "30"
    assert "ETag" in answer.headers


def test_a_store_without_a_generation_gets_no_tag(settings: Settings) -> None:
    bare = OxigraphStore()  # holds nothing, records no identity: nothing to tie a tag to
    try:
        answer = (
            create_app({"TESTING": True}, settings=settings, store=bare)
            .test_client()
            .get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))
        )
        assert answer.status_code == 200
        assert "ETag" not in answer.headers
        assert answer.headers["Cache-Control"] == "no-cache"
    finally:
        bare.close()


# --- the generation itself ---------------------------------------------------------------

G = URIRef("http://example.org/graph/g")


def one_statement(text: str) -> Graph:
    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(text)))
    return graph


def test_every_write_changes_the_generation_and_it_survives_reopening(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    assert generation.current(store) is None
    store.replace_graph(G, one_statement("before the identity"))
    assert generation.current(store) is None  # no identity recorded: nothing is stamped
    store.replace_graph(store.identity_graph, identity.record(store, "http://example.org/"))
    seen = [generation.current(store)]
    store.replace_graph(G, one_statement("a"))
    seen.append(generation.current(store))
    store.apply(replace={}, remove={G: one_statement("a")}, add={G: one_statement("b")})
    seen.append(generation.current(store))
    store.drop_graph(G)
    seen.append(generation.current(store))
    assert None not in seen
    assert len(set(seen)) == len(seen)
    assert identity.recorded_base(store) == "http://example.org/"
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    try:
        assert generation.current(reopened) == seen[-1]
    finally:
        reopened.close()


def test_two_remote_stores_over_one_endpoint_agree_on_the_generation(
    virtuoso: Virtuoso,
) -> None:
    writer, reader = virtuoso.store("generation"), virtuoso.store("generation")
    writer.replace_graph(writer.identity_graph, identity.record(writer, "http://example.org/"))
    first = generation.current(reader)
    assert first is not None
    assert first == generation.current(writer)
    writer.replace_graph(G, one_statement("a"))
    second = generation.current(reader)
    assert second not in {None, first}
    writer.drop_graph(G)
    assert generation.current(reader) not in {None, first, second}


def test_a_write_while_an_answer_is_made_leaves_it_under_the_older_tag(
    federation: Federation,
) -> None:
    """The generation is read before the answer is made: an answer made before a write never
    goes out under the tag of the store after it."""
    writes: list[str] = []

    def write_after_the_answer_is_made(response: Response) -> Response:
        # Registered after caching's own hook, so it runs before it (Flask runs them last
        # registered first): the answer is made, the store changes, then the tag is set.
        if request.path == "/id/kivra" and not writes:
            federation.store.replace_graph(G, one_statement("written meanwhile"))
            writes.append(request.path)
        return response

    federation.app.after_request(write_after_the_answer_is_made)
    client = federation.client()
    first = client.get("/id/kivra", headers={"Accept": "text/turtle"})
    assert writes
    again = client.get(
        "/id/kivra", headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200  # the first answer's tag was already stale
    assert again.headers["ETag"] != first.headers["ETag"]


def test_a_search_tag_follows_the_search_index_too(federation: Federation) -> None:
    """The index is written just after the store: a change to it alone makes the tag stale."""
    client = federation.client()
    first = client.get("/search?q=navet")
    repeated = client.get("/search?q=navet", headers={"If-None-Match": first.headers["ETag"]})
    assert repeated.status_code == 304
    index = search.index_path(federation.settings)
    assert index.is_file()
    changed = index.stat().st_mtime_ns + 1_000_000_000
    os.utime(index, ns=(changed, changed))
    again = client.get("/search?q=navet", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200


def test_two_apps_over_one_remote_store_agree_on_tags_and_see_each_others_writes(
    virtuoso: Virtuoso, settings: Settings, tmp_path: Path
) -> None:
    """As two server processes over one store cluster: the same read gets the same tag from
    either, and a submission to one makes the other's tag stale."""
    shared = replace(settings, store_path=tmp_path / "state" / "store")
    first_store, second_store = virtuoso.store("caching"), virtuoso.store("caching")
    for name in first_store.graph_names():
        first_store.drop_graph(name)
    build(first_store, shared)
    token = Credentials(first_store).create(KIVRA)
    first = create_app({"TESTING": True}, settings=shared, store=first_store).test_client()
    second = create_app({"TESTING": True}, settings=shared, store=second_store).test_client()
    item = {"Accept": "text/turtle"}
    tag = first.get("/id/kivra", headers=item).headers["ETag"]
    assert second.get("/id/kivra", headers=item).headers["ETag"] == tag
    repeated = second.get("/id/kivra", headers={**item, "If-None-Match": tag})
    assert repeated.status_code == 304
    part = first_store.graph(GraphLayout(shared.base_iri).actor(KIVRA))
    posted = first.post(
        f"/submissions/{KIVRA}",
        data=turtle(described_anew(part, "Submitted to the first process.")),
        content_type=TURTLE,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    assert posted.status_code in {200, 201}, posted.get_data(as_text=True)
    after = second.get("/id/kivra", headers={**item, "If-None-Match": tag})
    assert after.status_code == 200
    assert b"Submitted to the first process." in after.data
    assert after.headers["ETag"] != tag
    assert first.get("/id/kivra", headers=item).headers["ETag"] == after.headers["ETag"]


def test_the_max_age_comes_from_the_environment_and_is_checked() -> None:
    assert load_settings(environ={"SAMVERKAN_CACHE_MAX_AGE": "15"}).cache_max_age == 15
    assert load_settings(environ={}).cache_max_age == 0
    with pytest.raises(ConfigurationError, match="cache max age"):
        load_settings(environ={"SAMVERKAN_CACHE_MAX_AGE": "-1"})


def test_each_encoding_of_an_answer_has_its_own_tag_and_each_is_revalidated(
    client: FlaskClient,
) -> None:
    plain = client.get("/dumps/actor/kivra.nq", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/dumps/actor/kivra.nq", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    assert "Accept-Encoding" in names(zipped.headers["Vary"])
    for answer, encoding in ((plain, "identity"), (zipped, "gzip")):
        again = client.get(
            "/dumps/actor/kivra.nq",
            headers={"Accept-Encoding": encoding, "If-None-Match": answer.headers["ETag"]},
        )
        assert again.status_code == 304
        assert again.headers["ETag"] == answer.headers["ETag"]
