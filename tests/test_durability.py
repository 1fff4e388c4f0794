"""Once a submission is answered 201, a crash does not lose it, and leaves nothing half-written.

``samverkan serve`` runs as a subprocess on a fresh store. Two actors stream small valid
changes to their parts (their own description, reworded each time); when some have been
answered 201, the server is killed with SIGKILL, mid-stream. Restarted on the same store, it
must hold every answered version (a submission in flight at the kill may have landed too,
unanswered), each actor's part must be exactly its recorded current version, and every
recorded version must have its archived content.
"""

from __future__ import annotations

import http.client
import json
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from live_server import LiveServer, base_iri_for, build_store, free_port, running_server
from samverkan.config import load_settings
from samverkan.rdfio import parse_file
from samverkan.rebasing import to_deployment
from samverkan.storage import GraphLayout, OxigraphStore
from samverkan.submissions.archive import canonical_bytes, content_hash
from samverkan.submissions.service import VersionLog
from samverkan.submissions.versions import Version, read_history
from tokens import token_for

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
ACTORS = ("kivra", "region-uppsala")
#: The server is killed once each actor has had this many submissions answered 201 ...
ANSWERED_BEFORE_KILL = 3
#: ... and no actor sends more than this many, whatever happens.
MOST_PER_ACTOR = 25


@dataclass
class Stream:
    """What the actors were told: per actor, the content hash of each answered version.

    An answer that is not 201, or names another content than the one sent, is ``refused``.
    """

    answered: dict[str, dict[int, str]] = field(default_factory=lambda: {a: {} for a in ACTORS})
    refused: list[tuple[str, int, dict]] = field(default_factory=list)
    enough: threading.Condition = field(default_factory=threading.Condition)
    finished: int = 0

    def enough_answered(self) -> bool:
        return all(len(versions) >= ANSWERED_BEFORE_KILL for versions in self.answered.values())


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Stream]:
    """A store whose server was killed mid-stream, the store's base IRI, and what was answered."""
    store = tmp_path_factory.mktemp("durable") / "store"
    base = base_iri_for(free_port())
    build_store(store, base)
    tokens = {actor: token_for(store, actor) for actor in ACTORS}
    stream = Stream()
    with running_server(store, free_port(), ["--base-iri", base]) as live:
        senders = [
            threading.Thread(target=_send_changes, args=(live, base, actor, tokens[actor], stream))
            for actor in ACTORS
        ]
        for sender in senders:
            sender.start()
        with stream.enough:
            stream.enough.wait_for(
                lambda: stream.enough_answered() or stream.finished == len(ACTORS)
            )
        live.process.send_signal(signal.SIGKILL)
        live.process.wait()
        for sender in senders:
            sender.join()
    return store, base, stream


def _send_changes(live: LiveServer, base: str, actor: str, token: str, stream: Stream) -> None:
    """Submit reworded parts until the server stops answering (or enough were sent)."""
    part = to_deployment(parse_file(PROJECT / "data" / f"{actor}.ttl"), base)
    try:
        for take in range(MOST_PER_ACTOR):
            content = reworded(part, GraphLayout(base), actor, take)
            status, answer = _submit(live, actor, token, content)
            sent = content_hash(canonical_bytes(content))
            with stream.enough:
                if status == 201 and answer["contentHash"] == sent:
                    stream.answered[actor][answer["number"]] = answer["contentHash"]
                else:
                    stream.refused.append((actor, status, answer))
                stream.enough.notify_all()
    except (OSError, http.client.HTTPException):
        pass  # the server was killed: what was answered is what counts
    finally:
        with stream.enough:
            stream.finished += 1
            stream.enough.notify_all()


def reworded(part: Graph, layout: GraphLayout, actor: str, take: int) -> Graph:
    """Return the actor's part with its English description reworded for this take."""
    changed = Graph() + part
    iri = layout.actor_iri(actor)
    descriptions = part.objects(iri, DCTERMS.description)
    english = next(d for d in descriptions if isinstance(d, Literal) and d.language == "en")
    changed.remove((iri, DCTERMS.description, english))
    changed.add((iri, DCTERMS.description, Literal(f"{english} (Take {take}.)", lang="en")))
    return changed


def _submit(live: LiveServer, actor: str, token: str, content: Graph) -> tuple[int, dict]:
    status, _, body = live.request(
        "POST",
        f"/submissions/{actor}",
        content.serialize(format="nt", encoding="utf-8"),
        {
            "Content-Type": "application/n-triples",
            "Accept": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )
    return status, json.loads(body)


@pytest.fixture(scope="module")
def restarted(crashed: tuple[Path, str, Stream]) -> dict[str, list[Version]]:
    """Each actor's history as the restarted server publishes it."""
    store, base, _ = crashed
    layout = GraphLayout(base)
    histories = {}
    with running_server(store, free_port(), ["--base-iri", base]) as live:
        assert live.request("GET", "/health")[0] == 200
        for actor in ACTORS:
            status, _, body = live.request("GET", f"/id/{actor}/versions.ttl")
            assert status == 200
            graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
            histories[actor] = read_history(graph, layout, actor)
    return histories


def test_the_server_was_killed_mid_stream(crashed: tuple[Path, str, Stream]) -> None:
    _, _, stream = crashed
    assert stream.refused == []
    assert stream.enough_answered()


def test_every_answered_version_survives_the_crash(
    crashed: tuple[Path, str, Stream], restarted: dict[str, list[Version]]
) -> None:
    _, _, stream = crashed
    for actor in ACTORS:
        recorded = {v.number: v.content_hash for v in restarted[actor]}
        for number, digest in stream.answered[actor].items():
            assert recorded.get(number) == digest, (actor, number)


def test_the_newest_answered_version_is_current_or_followed_by_an_unanswered_one(
    crashed: tuple[Path, str, Stream], restarted: dict[str, list[Version]]
) -> None:
    _, _, stream = crashed
    for actor in ACTORS:
        newest = max(stream.answered[actor])
        current = restarted[actor][-1]
        assert current.number in (newest, newest + 1), actor
        assert [v.number for v in restarted[actor]] == list(range(1, current.number + 1))


def test_nothing_is_half_written(
    crashed: tuple[Path, str, Stream], restarted: dict[str, list[Version]]
) -> None:
    path, base, _ = crashed
    settings = load_settings(
        {"project_dir": PROJECT, "store_path": path, "base_iri": base}, environ={}
    )
    store = OxigraphStore(path)
    try:
        layout, log = GraphLayout(base), VersionLog(settings, store)
        for actor, history in restarted.items():
            part = store.graph(layout.actor(actor))
            assert content_hash(canonical_bytes(part)) == history[-1].content_hash, actor
            for version in history:
                archived = canonical_bytes(log.archive.read(actor, version.number))
                assert content_hash(archived) == version.content_hash, (actor, version.number)
    finally:
        store.close()
