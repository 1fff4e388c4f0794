"""Each actor's versions, browsable: the history, any two versions compared, their reports.

Routes (registered before :mod:`samverkan.web.catalog.items`, whose ``/id/<path:…>`` would
otherwise take them; Werkzeug also ranks these more specific rules first):

- ``/id/<actor>/versions`` — the versions of an actor's part, newest first: who, when,
  activity, checksum, triples, report and compare links. HTML, or the history graph as
  RDF (by ``Accept``, ``?format=`` or a suffix ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``).
  Each version ``/id/<actor>/version/<n>`` dereferences as an item (its PROV/DCAT record).
- ``/id/<actor>/versions/compare?from=N&to=M`` — the triples added and removed from
  version N to version M: HTML; JSON for scripts (``{"added": [...], "removed": [...]}``,
  each triple an N-Triples line); TriG or N-Quads with the two parts as named graphs
  ``…#added`` and ``…#removed``; Turtle or N-Triples as two sections under comments.
- ``/id/<actor>/version/<n>/report`` — the validation report that accepted version n, as
  archived (Turtle, byte for byte), or as JSON-LD, N-Triples, compact JSON or HTML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from samverkan.errors import InputError, NotFoundError
from samverkan.messages import message
from samverkan.rdfio import parse_quads
from samverkan.submissions.service import Comparison
from samverkan.submissions.versions import Version, version_json
from samverkan.terms import graph_from_triples, quads_for_graph, to_rdflib
from samverkan.validation import Report
from samverkan.validation.report import read_results
from samverkan.web.common import language
from samverkan.web.common.actors import checked_slug
from samverkan.web.common.negotiation import HTML, NTRIPLES, TURTLE, serialize
from samverkan.web.common.paging import page_of
from samverkan.web.common.representation import SUFFIXES, Target, respond
from samverkan.web.common.services import services
from samverkan.web.submissions.reports import (
    JSON,
    REPORT_NAMES,
    REPORT_OFFERS,
    Shown,
    choose_media_type,
    report_response,
)
from samverkan.web.submissions.shown import part_names, shown
from samverkan.web.submissions.submit import workflow

bp = Blueprint("history", __name__)

LABEL = ox.NamedNode(str(RDFS.label))
TRIG = "application/trig"
NQUADS = "application/n-quads"
COMPARE_OFFERS = (HTML, JSON, TURTLE, NTRIPLES, TRIG, NQUADS)
COMPARE_NAMES = {
    "html": HTML,
    "json": JSON,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": NTRIPLES,
    "trig": TRIG,
    "nq": NQUADS,
}


@bp.get("/id/<actor>/versions")
@bp.get("/id/<actor>/versions.<any(html, ttl, nt, jsonld, rdf):suffix>")
def versions(actor: str, suffix: str | None = None) -> Response:
    """The versions of an actor's part, newest first."""
    slug = checked_slug(actor)
    history = _history(slug)
    target = Target(f"/id/{slug}/versions", SUFFIXES[suffix] if suffix else None)
    graph = services().store.graph(services().layout.history(slug))
    return respond(target, services().iri(target.path), lambda: graph, lambda: _page(slug, history))


@bp.get("/id/<actor>/versions/compare")
def compare(actor: str) -> Response:
    """What changed from one version to another."""
    slug = checked_slug(actor)
    old, new = (_number(request.args.get(name), name) for name in ("from", "to"))
    log = workflow().versions
    older, newer = log.version(slug, old), log.version(slug, new)
    comparison = log.compare(slug, old, new)
    media_type = choose_media_type(COMPARE_OFFERS, COMPARE_NAMES)
    if media_type == HTML:
        body = _compare_page(slug, older, newer, comparison).encode("utf-8")
    elif media_type == JSON:
        document = _compare_json(older, newer, comparison)
        body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        body = _compare_rdf(comparison, media_type)
    response = Response(body, 200, content_type=_content_type(media_type))
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


@bp.get("/id/<actor>/version/<int:number>/report")
def version_report(actor: str, number: int) -> Response:
    """The validation report a version was accepted with."""
    slug = checked_slug(actor)
    version = workflow().versions.version(slug, number)
    turtle = _archived_report(version)
    if choose_media_type(REPORT_OFFERS, REPORT_NAMES) == TURTLE:
        response = Response(turtle, 200, content_type="text/turtle; charset=utf-8")
        response.headers["Vary"] = "Accept, Accept-Language"
        return response
    graph = Graph().parse(data=turtle, format="turtle")
    shapes = services().store.graph(services().layout.shapes)
    report = Report(read_results(graph, shapes), graph)
    page = {"verdict": "archived", "version": version}
    return report_response(report, 200, names=_archived_names(slug, number), page=page)


def _archived_names(slug: str, number: int) -> Graph:
    """Return the names (``rdfs:label``) in an archived version, to label its report."""
    content = workflow().versions.archive.read_bytes(slug, number)
    quads = parse_quads(content, ox.RdfFormat.N_TRIPLES, f"version {number} of {slug!r}")
    return graph_from_triples(q for q in quads if q.predicate == LABEL)


def _history(slug: str) -> list[Version]:
    history = workflow().versions.history(slug)
    if not history:
        raise NotFoundError(f"actor {slug!r} has no recorded versions")
    return history


def _number(raw: str | None, name: str) -> int:
    if raw is None or not raw.strip().isdigit():
        given = message("missing") if raw is None else repr(raw)
        raise InputError(message("compare_numbers", name=name, given=given))
    return int(raw)


def _archived_report(version: Version) -> str:
    turtle = workflow().versions.archive.read_report(version.actor, version.number)
    if turtle is None:
        raise NotFoundError(
            f"version {version.number} of {version.actor!r} has no validation report: it was "
            f"made by '{version.activity}', not by a validated submission"
        )
    return turtle


@dataclass(frozen=True)
class Row:
    """One version as the history page shows it, with what changed from the one before."""

    version: Version
    previous: int | None
    added: int | None
    removed: int | None


def _page(slug: str, history: list[Version]) -> str:
    lang = language.current()
    actor = services().layout.actor_iri(slug)
    part = part_names(slug)
    shown_page = page_of(list(reversed(history)))
    previous = {later.number: earlier for earlier, later in pairwise(history)}
    return render_template(
        "history.html",
        slug=slug,
        actor=shown(actor, part, lang),
        versions=[v for v in reversed(history)],
        rows=[_row(v, previous.get(v.number)) for v in shown_page.rows],
        page=shown_page,
        current=history[-1].number,
        reported={v.number for v in history if v.activity != "load"},
        compare_url=lambda old, new: _compare_url(slug, old, new),
        compare_path=f"/id/{slug}/versions/compare",
        path_of=_local_path,
        w=lambda key: language.text(key, lang),
        alternates=[
            (s, f"/id/{slug}/versions.{s}", media_type)
            for s, media_type in SUFFIXES.items()
            if s != "html"
        ],
        iri=services().iri(f"/id/{slug}/versions"),
    )


def _row(version: Version, previous: Version | None) -> Row:
    """Return a version's row: the counts of triples added and removed since the previous."""
    if previous is None:
        return Row(version, None, version.triples, 0)
    changes = workflow().versions.compare_versions(previous, version).changes
    return Row(version, previous.number, len(changes.added), len(changes.removed))


def _local_path(iri: URIRef) -> str:
    return services().path(str(iri)) or str(iri)


def _compare_url(slug: str, old: int, new: int) -> str:
    args = {"from": old, "to": new, **({"lang": lang} if (lang := language.explicit()) else {})}
    return f"/id/{slug}/versions/compare?{urlencode(args)}"


def _compare_page(slug: str, older: Version, newer: Version, comparison: Comparison) -> str:
    lang = language.current()
    names = part_names(slug)
    parts = {
        "added": page_of(comparison.changes.added, "added_page"),
        "removed": page_of(comparison.changes.removed, "removed_page"),
    }
    return render_template(
        "compare.html",
        slug=slug,
        actor=shown(services().layout.actor_iri(slug), names, lang),
        older=older,
        newer=newer,
        numbers=[v.number for v in reversed(workflow().versions.history(slug))],
        parts=[(key, part, _rows(part.rows, names, lang)) for key, part in parts.items()],
        versions_url=f"/id/{slug}/versions",
        w=lambda key: language.text(key, lang),
    )


def _rows(lines: Sequence[str], names: Graph, lang: str) -> list[tuple[Shown | None, ...]]:
    """Return one page of N-Triples lines, in their order, as terms for the page."""
    triples = parse_quads("\n".join(lines), ox.RdfFormat.N_TRIPLES, "changes")
    return [
        tuple(shown(to_rdflib(term), names, lang) for term in (t.subject, t.predicate, t.object))
        for t in triples
    ]


def _compare_json(older: Version, newer: Version, comparison: Comparison) -> dict[str, Any]:
    return {
        "actor": older.actor,
        "from": version_json(older),
        "to": version_json(newer),
        "added": list(comparison.changes.added),
        "removed": list(comparison.changes.removed),
    }


def _compare_rdf(comparison: Comparison, media_type: str) -> bytes:
    if media_type in (TRIG, NQUADS):
        syntax = ox.RdfFormat.TRIG if media_type == TRIG else ox.RdfFormat.N_QUADS
        return ox.serialize(_named_parts(comparison), format=syntax) or b""
    sections = []
    for name, part in (("added", comparison.added), ("removed", comparison.removed)):
        body = serialize(part, media_type).decode("utf-8")
        sections.append(f"# {name}: {len(part)} triples\n{body}")
    return "\n".join(sections).encode("utf-8")


def _named_parts(comparison: Comparison) -> list[ox.Quad]:
    """Return the comparison as two named graphs, ``<this address>#added`` and ``#removed``."""
    here = services().iri(request.full_path)
    return [
        *quads_for_graph(comparison.added, URIRef(f"{here}#added")),
        *quads_for_graph(comparison.removed, URIRef(f"{here}#removed")),
    ]


def _content_type(media_type: str) -> str:
    if media_type in (HTML, TURTLE, JSON):
        return f"{media_type}; charset=utf-8"
    return media_type
