"""Hostile documents over real HTTP (issue 13, point 2): each gets a clear 4xx, nothing more.

One real server (``samverkan serve``) for the module. Every attack of the issue that
concerns a document is sent to ``POST /validate``, ``POST /submissions/kivra`` (with Kivra's
credential) and the CPSV-AP import ``POST /submissions/kivra/cpsv-ap``. Each must be refused
with 400, 413 or 422, the answer naming what was wrong (the encoding, the DTD, the nesting,
the number of triples); afterwards the server still answers ``/health`` and Kivra's history
and archive are as they were. Valid RDF that costs the reference engine (pySHACL) minutes
(1 000 services) is stopped at the validation time limit (413) the same way, on a server
configured with that engine. A valid submission at the end shows
that the history is read where a new version would show.

Below the server, :func:`samverkan.bounded.parse` is run on what the checks before parsing
would refuse, so that the child process itself meets it: the parser's crash ends only the
child, and the answer says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from bench import hostile
from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan import bounded
from samverkan.errors import InputLimitError, RefusedConstructError
from samverkan.limits import MIB, Limits
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.archive import Archive
from samverkan.submissions.versions import read_history
from samverkan.terms import graph_from_triples
from tokens import token_for

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
ACTOR = "kivra"
#: The server's time limit on one validation (the default is 60 s).
VALIDATION_SECONDS = 10
TARGETS = ("/validate", f"/submissions/{ACTOR}", f"/submissions/{ACTOR}/cpsv-ap")

#: For each attack: the statuses it may get, and words the message must contain.
EXPECTED: dict[str, tuple[set[int], tuple[str, ...]]] = {
    "JSON-LD nested 4 000 levels": ({422}, ("nests deeper than 64",)),
    "RDF/XML with nested entities": ({422}, ("<!DOCTYPE", "refused")),
    "Turtle, 200 000 nested blank nodes": ({422}, ("nests deeper than 64",)),
    "Turtle, 200 000 nested collections": ({422}, ("nests deeper than 64",)),
    "Turtle, a list of 500 000 items": ({413}, ("more than 100000 triples",)),
    "random bytes as Turtle": ({400}, ("not UTF-8",)),
    "random bytes as JSON-LD": ({400}, ("not UTF-8",)),
}


@dataclass(frozen=True)
class Served:
    """The running server, its store's folder and Kivra's credential."""

    live: LiveServer
    store: Path
    token: str

    def send(self, target: str, body: bytes, media_type: str) -> tuple[int, dict[str, str]]:
        """Post ``body`` to ``target`` with Kivra's credential; return status and JSON."""
        headers = {
            "Content-Type": media_type,
            "Accept": "application/json",
            "Accept-Language": "en",
            "Authorization": f"Bearer {self.token}",
        }
        status, _, answer = self.live.request("POST", target, body, headers)
        return status, json.loads(answer) if answer.startswith(b"{") else {"raw": answer}

    def state(self) -> tuple[bytes, list[int], list[str]]:
        """Return Kivra's history as N-Triples, the numbers of its versions, and the names
        of the documents kept in Kivra's archive (internal graphs of the store, read from
        its folder while the server runs, since no public read shows them)."""
        status, _, history = self.live.request("GET", f"/id/{ACTOR}/versions.nt")
        assert status == 200, history
        graph = Graph().parse(data=history, format="nt")
        numbers = [v.number for v in read_history(graph, GraphLayout(self.live.base_iri), ACTOR)]
        opened = OxigraphStore(self.store, query_workers=0, read_only=True)
        try:
            documents = sorted(Archive(opened).documents(ACTOR))
        finally:
            opened.close()
        return history, numbers, documents

    def healthy(self) -> bool:
        """Say whether the server process runs and answers ``/health`` with 200."""
        return self.live.process.poll() is None and self.live.request("GET", "/health")[0] == 200


def serving(folder: Path, settings: dict[str, str]) -> Iterator[Served]:
    """Run a server over a store built in ``folder``, with Kivra's credential."""
    port = free_port()
    store = folder / "store"
    build_store(store, base_iri_for(port))
    token = token_for(store, ACTOR)
    with running_server(store, port, settings=settings) as live:
        yield Served(live, store, token)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server over a built store, with the default (native) engine."""
    limits = {"validation_seconds": str(VALIDATION_SECONDS)}
    yield from serving(tmp_path_factory.mktemp("hostile"), limits)


@pytest.fixture(scope="module")
def slowly_validating(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server validating with the reference engine, which 1 000 services keep for minutes."""
    limits = {"validation_seconds": str(VALIDATION_SECONDS), "validation_engine": "pyshacl"}
    yield from serving(tmp_path_factory.mktemp("slow"), limits)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("attack", sorted(hostile.BODIES))
def test_a_hostile_document_gets_a_clear_4xx_and_changes_nothing(
    served: Served, attack: str, target: str
) -> None:
    body, media_type = hostile.BODIES[attack]
    statuses, words = EXPECTED[attack]
    before = served.state()
    status, answer = served.send(target, body, media_type)
    assert status in statuses, (attack, target, status, answer)
    message = str(answer.get("message", answer))
    assert all(word in message for word in words), (attack, target, message)
    assert served.healthy(), served.live.log.read_text()
    assert served.state() == before


@pytest.mark.parametrize("target", TARGETS[:2])
def test_a_validation_past_its_time_is_stopped_and_changes_nothing(
    slowly_validating: Served, target: str
) -> None:
    """1 000 services parse in no time, but pySHACL would take minutes: 413 at the limit."""
    before = slowly_validating.state()
    status, answer = slowly_validating.send(target, hostile.many_services(), hostile.TURTLE)
    assert status == 413, answer
    assert f"took more than {VALIDATION_SECONDS} s" in answer["message"]
    assert slowly_validating.healthy(), slowly_validating.live.log.read_text()
    assert slowly_validating.state() == before


def test_a_valid_submission_still_lands_after_the_attacks(served: Served) -> None:
    """The history read above is where a version shows: a valid part adds one."""
    before = served.state()
    part = _kivra(served.live)
    status, answer = served.send(f"/submissions/{ACTOR}", part, "application/n-triples")
    assert status == 201, answer
    history, numbers, documents = served.state()
    assert history != before[0]
    assert numbers == [*before[1], before[1][-1] + 1]  # no number was used by an attack
    assert len(documents) > len(before[2])


def _kivra(live: LiveServer) -> bytes:
    """Return Kivra's part as N-Triples with a new English description."""
    graph = to_deployment(parse_file(PROJECT / "data" / f"{ACTOR}.ttl"), live.base_iri)
    kivra = URIRef(f"{live.base_iri}id/{ACTOR}")
    english = [d for d in graph.objects(kivra, DCTERMS.description) if isinstance(d, Literal)]
    for old in [d for d in english if d.language == "en"]:
        graph.remove((kivra, DCTERMS.description, old))
    graph.add((kivra, DCTERMS.description, Literal("Survived the attacks.", lang="en")))
    return graph.serialize(format="nt", encoding="utf-8")


# --- the bounded child itself, past the checks ---------------------------------------------


def test_a_parser_blow_up_ends_only_the_child() -> None:
    """pyoxigraph's JSON-LD parser on 4 000 levels runs out of the child's memory (or of its
    stack, given more memory): the child dies, and the caller is told which limit."""
    with pytest.raises((InputLimitError, RefusedConstructError)) as raised:
        bounded.parse(hostile.nested_json_ld(), ox.RdfFormat.JSON_LD, "the body", None, Limits())
    assert any(
        words in str(raised.value)
        for words in ("needed more than 512 MiB", "nests too deeply for the parser")
    ), raised.value


def test_a_parse_past_its_memory_ends_the_child() -> None:
    """A list of 500 000 items needs more than 64 MiB: the child is stopped, not the caller."""
    tight = Limits(memory_bytes=64 * MIB)
    with pytest.raises(InputLimitError, match="needed more than 64 MiB"):
        bounded.parse(hostile.long_list(), ox.RdfFormat.TURTLE, "the body", "http://x/", tight)


def test_a_document_that_grows_too_much_is_stopped() -> None:
    """A short document of long IRIs repeated grows past its N-Quads allowance."""
    tight = Limits(min_output_bytes=1024, max_output_bytes_ceiling=1024)
    with pytest.raises(InputLimitError, match="grows past 1024 bytes"):
        bounded.parse(hostile.long_list(1000), ox.RdfFormat.TURTLE, "the body", "http://x/", tight)


def test_the_child_gives_the_parsers_quads() -> None:
    """What passes comes back as the graph the parser gives in this process."""
    data = hostile.long_list(50)
    nquads = bounded.parse(data, ox.RdfFormat.TURTLE, "the body", "http://x/", Limits())
    inside = graph_from_triples(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri="http://x/"))
    outside = graph_from_triples(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert len(inside) == 101
    assert isomorphic(inside, outside)
