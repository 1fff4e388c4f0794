"""Every refusal, over a real socket, is the catalog's text in the client's language.

One table provokes each status the validation, submission, import, rollback and restore,
job and SPARQL endpoints refuse with (400, 401, 403, 409, 413, 415, 422), and gives the
catalog message the answer must be (its parameters as the server must fill them; what the
test cannot know, such as a parser's own words, is :data:`ANY`). Each case is asked for in
Swedish and in English, as JSON and as plain text: the answer says its language in
``Content-Language``, its text is the catalog's in that language, and a syntax error names
the source (the request body, or the form's file) and the line that was broken on purpose,
in each RDF syntax.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from bench import hostile
from broken_documents import (
    BROKEN_JSONLD,
    BROKEN_JSONLD_ID,
    BROKEN_NQUADS,
    BROKEN_NTRIPLES,
    BROKEN_RDFXML,
    BROKEN_RDFXML_NODE,
    BROKEN_TRIG,
    BROKEN_TURTLE,
    CUT_RDFXML,
)
from catalog_text import ANY, BODY, fragments, named_file, syntax
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.limits import Limits
from samverkan.messages import LANGUAGES, Listing, Message, message, title
from samverkan.namespaces import SAM
from samverkan.rdfio import EXTENSIONS, FORMATS
from samverkan.storage import GraphLayout, OxigraphStore
from tokens import token_for

KIVRA = "kivra"
OTHER = "skatteverket"
TURTLE = "text/turtle"
FORM = "multipart/form-data; boundary=BOUNDARY"
#: The server's CPU time for one parse (or skolemisation): short, so that a long
#: collection meets it soon.
PARSE_CPU_SECONDS = 2


def form(fields: Mapping[str, str], file: tuple[str, bytes] | None = None) -> bytes:
    """Return a ``multipart/form-data`` body with ``fields`` and a ``file`` (name, content)."""
    parts = [
        f'--BOUNDARY\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    if file is not None:
        name, content = file
        head = f'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n")
        parts.append(content + b"\r\n")
    return b"".join(parts) + b"--BOUNDARY--\r\n"


DOCTYPE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY e "x"> ]>\n'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
)
DEEP = b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b " + b"[ ex:p " * 70 + b"\n"
MANY_TRIPLES = b"".join(b"<http://e/s%d> <http://e/p> <http://e/o> .\n" % n for n in range(100_001))
LONG = "http://e/" + "x" * 3000 + "/"
GROWING = (f"@prefix p: <{LONG}> .\n".encode()) + b"".join(
    b"p:s%d p:p p:o .\n" % n for n in range(2000)
)
TOO_LARGE = b"#" * (10 * 1024 * 1024 + 1)


@dataclass(frozen=True)
class Case:
    """A request, the status it must get and the catalog message its answer must be.

    In the path, headers and body, ``BASE`` is the server's base IRI, ``KIVRA_TOKEN`` and
    ``OTHER_TOKEN`` the actors' credentials, ``JOB`` a finished job and ``CURRENT`` the
    number of Kivra's current version.
    """

    status: int
    method: str
    path: str
    said: Message
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    #: The heading's code when it is not the status's own.
    heading: str | None = None


def ask(
    path: str,
    said: Message,
    status: int,
    body: bytes | None,
    media_type: str | None,
    heading: str | None = None,
    **more: str,
) -> Case:
    """Return a POST case: ``media_type`` is the body's, ``more`` are further headers."""
    headers = {"Content-Type": media_type} if media_type else {}
    return Case(status, "POST", path, said, body, {**headers, **more}, heading)


AS_KIVRA = {"Authorization": "Bearer KIVRA_TOKEN"}
RDF_MEDIA_TYPES = ", ".join(sorted(FORMATS))
RDF_EXTENSIONS = ", ".join(sorted(EXTENSIONS))
SUBMIT = f"/submissions/{KIVRA}"
IMPORT = f"/submissions/{KIVRA}/cpsv-ap"
ROLLBACK = f"/submissions/{KIVRA}/rollback/1"
KIVRA_ITEM = f"BASEid/{KIVRA}/x"
OWNER_CLAIM = f"<{KIVRA_ITEM}> <{SAM.owner}> <BASEid/{OTHER}> ."

CASES: dict[str, Case] = {
    # 400: the document does not parse, at a known line, in each syntax.
    "400 Turtle": ask("/validate", syntax(BODY, 3), 400, BROKEN_TURTLE, TURTLE),
    "400 TriG": ask("/validate", syntax(BODY, 4), 400, BROKEN_TRIG, "application/trig"),
    "400 N-Triples": ask(
        "/validate", syntax(BODY, 2), 400, BROKEN_NTRIPLES, "application/n-triples"
    ),
    "400 N-Quads": ask("/validate", syntax(BODY, 2), 400, BROKEN_NQUADS, "application/n-quads"),
    "400 JSON-LD": ask("/validate", syntax(BODY, 4), 400, BROKEN_JSONLD, "application/ld+json"),
    "400 JSON-LD keyword": ask(
        "/validate", syntax(BODY, 4, before=True), 400, BROKEN_JSONLD_ID, "application/ld+json"
    ),
    "400 RDF/XML": ask("/validate", syntax(BODY, 4), 400, BROKEN_RDFXML, "application/rdf+xml"),
    "400 RDF/XML node": ask(
        "/validate",
        syntax(BODY, 6, before=True),
        400,
        BROKEN_RDFXML_NODE,
        "application/rdf+xml",
    ),
    "400 RDF/XML cut short": ask(
        "/validate", syntax(BODY, 5), 400, CUT_RDFXML, "application/rdf+xml"
    ),
    "400 form file": ask(
        "/validate",
        syntax(named_file("kivra.ttl"), 3),
        400,
        form({}, ("kivra.ttl", BROKEN_TURTLE)),
        FORM,
    ),
    "400 submission": ask(SUBMIT, syntax(BODY, 3), 400, BROKEN_TURTLE, TURTLE, **AS_KIVRA),
    "400 import": ask(IMPORT, syntax(BODY, 2), 400, BROKEN_NTRIPLES, "text/plain", **AS_KIVRA),
    "400 not UTF-8": ask(
        "/validate",
        message(
            "rdf_syntax",
            where=message("at_line_column", source=BODY, line=2, column=ANY),
            detail=message("not_utf8_byte", byte="ff"),
        ),
        400,
        b'<http://e/a> <http://e/b> "a" .\n<http://e/a> <http://e/b> "\xff" .\n',
        "application/n-triples",
    ),
    "400 UTF-16": ask(
        "/validate",
        message(
            "rdf_syntax",
            where=message("at_line_column", source=BODY, line=1, column=1),
            detail=message("utf16"),
        ),
        400,
        "<http://e/a> <http://e/b> <http://e/c> .\n".encode("utf-16"),
        "application/n-triples",
    ),
    # 400: the request is incomplete or malformed.
    "400 no file": ask("/validate", message("no_file"), 400, form({"actor": KIVRA}), FORM),
    "400 not a slug": ask(
        "/validate?actor=Not_A_Slug",
        message("not_actor_slug", actor="Not_A_Slug"),
        400,
        BROKEN_TURTLE,
        TURTLE,
    ),
    "400 actor mismatch": ask(
        SUBMIT,
        message("actor_mismatch", named=OTHER, actor=KIVRA),
        400,
        form({"actor": OTHER}, ("kivra.ttl", BROKEN_TURTLE)),
        FORM,
        **AS_KIVRA,
    ),
    "400 broken escape": Case(
        400,
        "GET",
        "/sparql?query=%G1",
        message("broken_escape", where=message("where_query_string")),
    ),
    "400 SPARQL syntax": Case(
        400,
        "GET",
        "/sparql?query=SELECT%20*%20WHERE%20%7B%0A%3Fs%20%3Fp%20",
        message("query_syntax_at", line=2, column=ANY, detail=ANY),
    ),
    "400 SPARQL control character": ask(
        "/sparql",
        message("query_control", codepoint="0001", line=2),
        400,
        b"ASK {\n\x01 }",
        "application/sparql-query",
    ),
    "400 SPARQL two queries": Case(
        400, "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", message("sparql_several_queries")
    ),
    "400 SPARQL graph IRI": Case(
        400,
        "GET",
        "/sparql?query=ASK%7B%7D&default-graph-uri=nope",
        message("sparql_graph_iri", parameter="default-graph-uri", iri="nope"),
    ),
    "400 SPARQL form without query": ask(
        "/sparql",
        message("sparql_form_without_query"),
        400,
        b"default-graph-uri=http%3A%2F%2Fe%2Fg",
        "application/x-www-form-urlencoded",
    ),
    "400 SPARQL SERVICE": Case(
        400,
        "GET",
        "/sparql?" + urlencode({"query": "SELECT * { SERVICE <http://e/> { ?s ?p ?o } }"}),
        message("sparql_service"),
    ),
    "400 named query without its value": Case(
        400,
        "GET",
        "/queries/actor-inventory",
        message("query_parameter_missing", query="actor-inventory", name="actor"),
    ),
    "400 named query with a bad IRI": Case(
        400,
        "GET",
        "/queries/actor-inventory?actor=nope",
        message("query_parameter_iri", name="actor", raw="nope"),
    ),
    "400 named query cursor without page size": Case(
        400,
        "GET",
        f"/queries/actor-inventory?actor=BASEid/{KIVRA}&cursor=abc",
        message("cursor_without_page_size"),
    ),
    "400 a page that is no number": Case(
        400, "GET", "/catalogs/service?page=zero", message("page_not_a_number", raw="zero")
    ),
    "400 graph and default": Case(
        400, "GET", "/graphs?graph=BASEgraph/ontology&default", message("graph_and_default")
    ),
    "400 several graphs": Case(
        400,
        "GET",
        "/graphs?graph=BASEgraph/ontology&graph=BASEgraph/shapes",
        message("several_graphs"),
    ),
    "400 report of an unknown severity": Case(
        400,
        "GET",
        "/jobs/JOB/result?severity=Fatal&format=html",
        message("report_severity_unknown", known="Violation, Warning, Info", severity="Fatal"),
    ),
    "400 restore the current version": Case(
        400,
        "GET",
        f"/id/{KIVRA}/version/CURRENT/restore",
        message("version_current", number="CURRENT", actor=KIVRA),
    ),
    # 401: no credential, or an unknown one.
    "401 submission": ask(SUBMIT, message("credential_needed"), 401, BROKEN_TURTLE, TURTLE),
    "401 import": ask(IMPORT, message("credential_needed"), 401, BROKEN_TURTLE, TURTLE),
    "401 rollback": ask(ROLLBACK, message("credential_needed"), 401, b"", None),
    "401 unknown": ask(
        SUBMIT,
        message("credential_unknown"),
        401,
        BROKEN_TURTLE,
        TURTLE,
        Authorization="Bearer no-such-token",
    ),
    # 403: another actor's credential or items; what /sparql never does.
    "403 another's credential": ask(
        SUBMIT,
        message("credential_of_other", holder=OTHER, actor=KIVRA),
        403,
        BROKEN_TURTLE,
        TURTLE,
        Authorization="Bearer OTHER_TOKEN",
    ),
    "403 another's rollback": ask(
        ROLLBACK,
        message("credential_of_other", holder=OTHER, actor=KIVRA),
        403,
        b"",
        None,
        Authorization="Bearer OTHER_TOKEN",
    ),
    "403 another's item": ask(
        SUBMIT,
        message("foreign_subjects", actor=KIVRA, items=Listing([f"BASEid/{OTHER}"])),
        403,
        f"<BASEid/{OTHER}> <http://www.w3.org/2000/01/rdf-schema#label> 'x'@sv .\n".encode(),
        TURTLE,
        **AS_KIVRA,
    ),
    "403 claim": ask(
        SUBMIT,
        message("claims", actor=KIVRA, statements=Listing([OWNER_CLAIM.removesuffix(" .")])),
        403,
        OWNER_CLAIM.encode() + b"\n",
        TURTLE,
        **AS_KIVRA,
    ),
    "403 SPARQL update": ask(
        "/sparql",
        message("sparql_read_only"),
        403,
        b"INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "application/sparql-update",
    ),
    # 409: a job that has finished cannot be cancelled.
    "409 cancel a finished job": ask("/jobs/JOB/cancel", message("job_finished"), 409, b"", None),
    # 413: larger than the server takes, or than a document may become.
    "413 body": ask(
        "/validate", message("too_large", limit=10 * 1024 * 1024), 413, TOO_LARGE, TURTLE
    ),
    "413 triples": ask(
        "/validate",
        message("too_many_triples", source=BODY, limit=100_000),
        413,
        MANY_TRIPLES,
        "application/n-triples",
    ),
    "413 growth": ask(
        "/validate",
        message(
            "grows_too_much",
            source=BODY,
            size=len(GROWING),
            limit=Limits().max_output_bytes(len(GROWING)),
            factor=Limits().max_expansion,
        ),
        413,
        GROWING,
        TURTLE,
    ),
    "413 blank nodes": ask(
        SUBMIT,
        message("skolem_limit", source=message("the_submission"), needed=ANY),
        413,
        hostile.long_list(1_200).replace(b"<s>", f"<BASEid/{KIVRA}/list>".encode(), 1),
        "application/trig",
        **AS_KIVRA,
    ),
    # 415: what is not RDF, or not a query.
    "415 not RDF": ask(
        "/validate",
        message("media_type_not_rdf", media_type="application/pdf", accepted=RDF_MEDIA_TYPES),
        415,
        b"%PDF",
        "application/pdf",
    ),
    "415 no Content-Type": ask("/validate", message("no_content_type"), 415, b"x", None),
    "415 form file": ask(
        "/validate",
        message(
            "or_choose_syntax",
            reason=message(
                "extension_not_rdf",
                path=Path("notes.pdf"),
                extension=".pdf",
                accepted=RDF_EXTENSIONS,
            ),
        ),
        415,
        form({}, ("notes.pdf", b"%PDF")),
        FORM,
    ),
    "415 SPARQL body": ask(
        "/sparql",
        message(
            "sparql_media_type",
            form="application/x-www-form-urlencoded",
            query="application/sparql-query",
            sent="text/csv",
        ),
        415,
        b"a,b",
        "text/csv",
    ),
    "415 SPARQL charset": ask(
        "/sparql",
        message("sparql_charset", charset="latin-1"),
        415,
        b"ASK {}",
        "application/sparql-query; charset=latin-1",
    ),
    # 422: refused before parsing, empty, or breaking a guideline rule.
    "422 DOCTYPE": ask(
        "/validate",
        message(
            "dtd_refused",
            where=message("at_line_column", source=BODY, line=2, column=1),
            construct="DOCTYPE",
        ),
        422,
        DOCTYPE,
        "application/rdf+xml",
    ),
    "422 nesting": ask(
        SUBMIT,
        message(
            "too_deep",
            where=message("at_line_column", source=BODY, line=3, column=ANY),
            depth=64,
        ),
        422,
        DEEP,
        TURTLE,
        **AS_KIVRA,
    ),
    "422 empty": ask(
        SUBMIT,
        message("empty_submission"),
        422,
        b"",
        TURTLE,
        heading="title_nothing_to_submit",
        **AS_KIVRA,
    ),
    "422 empty import": ask(
        IMPORT,
        message("cpsv_empty"),
        422,
        b"",
        TURTLE,
        heading="title_nothing_to_submit",
        **AS_KIVRA,
    ),
    "422 import of no CPSV-AP kind": ask(
        IMPORT,
        message("cpsv_no_kinds", count=1),
        422,
        b"<http://e/a> <http://e/b> <http://e/c> .\n",
        TURTLE,
        heading="title_nothing_to_submit",
        **AS_KIVRA,
    ),
    "422 rule 9": ask(
        SUBMIT,
        message("rejected", rules="9", count=ANY, first=ANY),
        422,
        b"BROKEN",
        TURTLE,
        **AS_KIVRA,
    ),
}


@dataclass(frozen=True)
class Served:
    """The running server, the actors' credentials, and what the cases refer to."""

    live: LiveServer
    tokens: dict[str, str]
    #: Kivra's part without its description (which breaks rule 9).
    broken: bytes
    #: Kivra's current version, and a job that has finished.
    current: int
    job: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    store_path = tmp_path_factory.mktemp("refusals") / "store"
    base = base_iri_for(port)
    build_store(store_path, base)
    part = _part(store_path, base)
    tokens = {
        "KIVRA_TOKEN": token_for(store_path, KIVRA),
        "OTHER_TOKEN": token_for(store_path, OTHER),
    }
    settings = {"parse_cpu_seconds": str(PARSE_CPU_SECONDS)}
    with running_server(store_path, port, settings=settings) as live:
        current = _current_version(live, tokens["KIVRA_TOKEN"], part)
        kivra = URIRef(f"{base}id/{KIVRA}")
        broken = Graph().parse(data=part, format="turtle")
        broken.remove((kivra, DCTERMS.description, None))
        yield Served(
            live,
            tokens,
            broken.serialize(format="turtle", encoding="utf-8"),
            current,
            _finished_job(live, part),
        )


def _part(store_path: Path, base: str) -> bytes:
    store = OxigraphStore(store_path)
    try:
        part = Graph() + store.graph(GraphLayout(base).actor(KIVRA))
    finally:
        store.close()
    return part.serialize(format="turtle", encoding="utf-8")


def _current_version(live: LiveServer, token: str, part: bytes) -> int:
    """Submit Kivra's part as it is; return the number of its current version."""
    headers = {"Content-Type": TURTLE, "Authorization": f"Bearer {token}"}
    status, _, answer = live.request("POST", SUBMIT, part, headers | {"Accept": "application/json"})
    assert status in {200, 201}, answer
    number: int = json.loads(answer)["number"]
    return number


def _finished_job(live: LiveServer, part: bytes) -> str:
    """Validate Kivra's part as a job; return its id once it has finished."""
    headers = {"Content-Type": TURTLE, "Prefer": "respond-async", "Accept": "application/json"}
    status, answer_headers, answer = live.request("POST", "/validate", part, headers)
    assert status == 202, answer
    job = answer_headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = json.loads(live.request("GET", f"/jobs/{job}")[2])["state"]
        if state == "finished":
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish")


def _filled(served: Served, text: str) -> str:
    for placeholder, value in {
        **served.tokens,
        "BASE": served.live.base_iri,
        "JOB": served.job,
        "CURRENT": str(served.current),
    }.items():
        text = text.replace(placeholder, value)
    return text


def _request(
    served: Served, case: Case, lang: str, accept: str
) -> tuple[int, dict[str, str], bytes]:
    body = case.body
    if body == b"BROKEN":
        body = served.broken
    elif body is not None and b"BASE" in body:
        body = body.replace(b"BASE", served.live.base_iri.encode())
    headers = {k: _filled(served, v) for k, v in case.headers.items()}
    headers |= {"Accept": accept, "Accept-Language": lang}
    return served.live.request(case.method, _filled(served, case.path), body, headers)


@pytest.mark.parametrize("accept", ["application/json", "text/plain"])
@pytest.mark.parametrize(("lang", "asked"), [("sv", "sv-SE, en;q=0.5"), ("en", "en-GB")])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refusal_is_the_catalogs_text_in_the_asked_language(
    served: Served, case: str, lang: str, asked: str, accept: str
) -> None:
    expected = CASES[case]
    status, headers, data = _request(served, expected, asked, accept)
    text = data.decode("utf-8")
    assert status == expected.status, text
    assert headers["Content-Language"] == lang
    assert "Accept-Language" in headers.get("Vary", "")
    if accept == "application/json":
        document = json.loads(text)
        heading = message(expected.heading).text(lang) if expected.heading else title(status, lang)
        assert (document["status"], document["error"]) == (status, heading)
        text = document["message"]
    position = 0
    for part in fragments(expected.said, lang):
        part = _filled(served, part)
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not in {text!r}"
        position = found + len(part)


def test_without_accept_language_a_refusal_is_swedish(served: Served) -> None:
    status, headers, data = served.live.request(
        "POST", "/validate", BROKEN_RDFXML, {"Content-Type": "application/rdf+xml"}
    )
    assert status == 400
    assert headers["Content-Language"] == "sv"
    assert all(part in data.decode() for part in fragments(syntax(BODY, 4), "sv"))


def test_the_table_covers_every_refusing_status_and_each_syntax_by_its_line() -> None:
    assert {case.status for case in CASES.values()} == {400, 401, 403, 409, 413, 415, 422}
    syntaxes = {case.headers.get("Content-Type") for case in CASES.values() if case.status == 400}
    assert set(FORMATS) - {"application/x-turtle", "text/plain"} <= syntaxes
    assert set(LANGUAGES) == {"sv", "en"}
