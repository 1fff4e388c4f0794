"""Every refusal in the client's language, over a real socket.

Each status the submission, validation, import and SPARQL endpoints refuse with (400, 401,
403, 413, 415, 422) is asked for in Swedish and in English, as JSON and as plain text; the
answer says which language it is in (``Content-Language``), and names what and where: the
source and line of a syntax error, the item or statement and the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.namespaces import SH
from samverkan.storage import GraphLayout, OxigraphStore
from tokens import token_for

KIVRA = "kivra"
TURTLE = "text/turtle"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str, bytes]]:
    """A running server, Kivra's credential, and Kivra's part without its description
    (which breaks rule 9)."""
    port = free_port()
    store_path = tmp_path_factory.mktemp("served") / "store"
    base = base_iri_for(port)
    build_store(store_path, base)
    broken = _without_description(store_path, base)
    token = token_for(store_path, KIVRA)
    with running_server(store_path, port) as live:
        yield live, token, broken


def _without_description(store_path: Path, base: str) -> bytes:
    store = OxigraphStore(store_path)
    try:
        part = Graph() + store.graph(GraphLayout(base).actor(KIVRA))
    finally:
        store.close()
    part.remove((URIRef(f"{base}id/{KIVRA}"), DCTERMS.description, None))
    return part.serialize(format="turtle", encoding="utf-8")


def _ask(
    live: LiveServer,
    method: str,
    path: str,
    lang: str,
    accept: str,
    body: bytes | None = None,
    **headers: str,
) -> tuple[int, dict[str, str], str]:
    status, answer_headers, data = live.request(
        method, path, body, {"Accept": accept, "Accept-Language": lang, **headers}
    )
    text = data.decode("utf-8")
    if accept == "application/json":
        text = json.loads(text)["message"]
    return status, answer_headers, text


#: (status, method, path, extra headers, body, words the Swedish answer has, the English)
#: — the body ``"BROKEN"`` is Kivra's part breaking rule 9.
CASES = {
    "400 Turtle syntax": (
        400,
        "POST",
        "/validate",
        {"Content-Type": TURTLE},
        b"@prefix ex: <http://e/> .\nex:a ex:b .\n",
        ["anropets innehåll, rad 2, kolumn", "RDF-syntaxen"],
        ["the request body, line 2, column", "RDF syntax"],
    ),
    "400 N-Triples syntax": (
        400,
        "POST",
        "/validate",
        {"Content-Type": "application/n-triples"},
        b"<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> oops .\n",
        ["rad 2, kolumn"],
        ["line 2, column"],
    ),
    "422 empty": (
        422,
        "POST",
        "/submissions/kivra",
        {"Content-Type": TURTLE, "Authorization": "TOKEN"},
        b"",
        ["inga påståenden", "ingenting ändrades"],
        ["holds no statements", "nothing was changed"],
    ),
    "400 SPARQL syntax": (
        400,
        "GET",
        "/sparql?query=SELECT%20*%20WHERE%20%7B%0A%3Fs%20%3Fp%20",
        {},
        None,
        ["frågan går inte att tolka: rad 2, kolumn"],
        ["the query does not parse: line 2, column"],
    ),
    "401 no credential": (
        401,
        "POST",
        "/submissions/kivra",
        {"Content-Type": TURTLE},
        b"",
        ["behörighetsnyckel", "Authorization: Bearer"],
        ["credential", "Authorization: Bearer"],
    ),
    "401 unknown credential": (
        401,
        "POST",
        "/submissions/kivra",
        {"Content-Type": TURTLE, "Authorization": "Bearer no-such-token"},
        b"",
        ["okänd eller har återkallats"],
        ["not known, or has been revoked"],
    ),
    "403 another actor's item": (
        403,
        "POST",
        "/submissions/kivra",
        {"Content-Type": TURTLE, "Authorization": "TOKEN"},
        b"<BASEid/skatteverket> <http://www.w3.org/2000/01/rdf-schema#label> 'x'@sv .\n",
        ["vägledningsregel 8", "BASEid/skatteverket", "ingenting ändrades"],
        ["guideline rule 8", "BASEid/skatteverket", "nothing was changed"],
    ),
    "403 SPARQL update": (
        403,
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-update"},
        b"INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        ["kan bara läsas"],
        ["read-only"],
    ),
    "413 too large": (
        413,
        "POST",
        "/validate",
        {"Content-Type": TURTLE},
        b"#" * (10 * 1024 * 1024 + 1),
        ["större än servern tar emot (10485760 byte)"],
        ["larger than this server takes (10485760 bytes)"],
    ),
    "415 not RDF": (
        415,
        "POST",
        "/validate",
        {"Content-Type": "application/pdf"},
        b"%PDF",
        ["medietypen 'application/pdf' är ingen RDF-syntax"],
        ["media type 'application/pdf' is not an accepted RDF syntax"],
    ),
    "415 SPARQL body": (
        415,
        "POST",
        "/sparql",
        {"Content-Type": "text/csv"},
        b"a,b",
        ["en fråga skickas med POST som"],
        ["a query is POSTed as"],
    ),
    "422 rule 9": (
        422,
        "POST",
        "/submissions/kivra",
        {"Content-Type": TURTLE, "Authorization": "TOKEN"},
        b"BROKEN",
        ["vägledningsregel 9", '"Kivra" <BASEid/kivra>', "på svenska", "ingenting ändrades"],
        ["guideline rule(s) 9", '"Kivra" <BASEid/kivra>', "in Swedish", "nothing was changed"],
    ),
}


@pytest.mark.parametrize("accept", ["application/json", "text/plain"])
@pytest.mark.parametrize(("lang", "asked"), [("sv", "sv-SE"), ("en", "en-GB")])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refusal_is_in_the_asked_language_naming_what_and_where(
    server: tuple[LiveServer, str, bytes], case: str, lang: str, asked: str, accept: str
) -> None:
    live, token, broken = server
    status, method, path, headers, body, swedish, english = CASES[case]
    sent = {k: v.replace("TOKEN", f"Bearer {token}") for k, v in headers.items()}
    if body == b"BROKEN":
        body = broken
    elif body is not None:
        body = body.replace(b"BASE", live.base_iri.encode())
    got, answer_headers, text = _ask(live, method, path, asked, accept, body, **sent)
    assert got == status, text
    assert answer_headers["Content-Language"] == lang
    for words in swedish if lang == "sv" else english:
        assert words.replace("BASE", live.base_iri) in text


@pytest.mark.parametrize("accept", ["application/json", TURTLE, "text/html", "text/plain"])
def test_a_rejections_report_names_its_items_by_label_and_iri_in_every_form(
    server: tuple[LiveServer, str, bytes], accept: str
) -> None:
    live, _, broken = server
    kivra = f"{live.base_iri}id/{KIVRA}"
    status, headers, data = live.request(
        "POST",
        "/validate",
        broken,
        {"Content-Type": TURTLE, "Accept": accept, "Accept-Language": "en"},
    )
    assert status == 200
    assert headers["Content-Language"] == "en"
    if accept == "application/json":
        result = json.loads(data)["results"][0]
        assert (result["focusNode"], result["focusLabel"]) == (kivra, "Kivra")
    elif accept == TURTLE:
        report = Graph().parse(data=data, format="turtle")
        focus = URIRef(kivra)
        assert (None, SH.focusNode, focus) in report
        assert {str(label) for label in report.objects(focus, RDFS.label)} >= {"Kivra"}
    else:
        text = data.decode()
        assert "Kivra" in text
        assert kivra in text or f"/id/{KIVRA}" in text


def test_an_error_page_for_a_browser_is_in_its_language(
    server: tuple[LiveServer, str, bytes],
) -> None:
    live, _, _ = server
    status, headers, data = live.request(
        "POST",
        "/validate",
        b"%PDF",
        {"Content-Type": "application/pdf", "Accept": "text/html", "Accept-Language": "sv-SE"},
    )
    page = data.decode()
    assert status == 415
    assert headers["Content-Language"] == "sv"
    assert '<html lang="sv">' in page
    assert "Medietypen tas inte emot" in page
    assert "är ingen RDF-syntax" in page
