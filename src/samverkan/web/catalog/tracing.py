"""The diagram on an item's page: what it shows, read from the store, drawn by ``diagrams``.

Every item page gets the item's **traceability diagram**: the item's chain up and down its
column (the reasoner's ``sam:tracesTo`` / ``sam:tracedFrom`` closure, drawn one step at a
time), and the items one link across from any item of the chain (services supporting
activities, information used, produced or carried, schemas, exchanges between processes and
the services realising them), placed in the metamodel's columns and levels. A collaboration
area's page (and a collaboration process's) gets the **collaboration process map** instead.
Templates call :func:`diagram`; the queries are ``web/queries/trace-*.rq``,
``collaboration-map.rq`` and ``agents.rq``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint
from markupsafe import Markup
from rdflib import URIRef
from rdflib.term import Node

from samverkan import metamodel as mm
from samverkan.namespaces import SAMK
from samverkan.presentation.diagrams import (
    Arrow,
    Box,
    Grid,
    Lane,
    ProcessMap,
    process_map_svg,
    trace_svg,
)
from samverkan.web.common import language, rq
from samverkan.web.common.addresses import href
from samverkan.web.common.services import services
from samverkan.web.common.vocabulary import ontology

bp = Blueprint("tracing", __name__)

#: The columns of the traceability diagram (the exchange column sits between the two it links).
COLUMNS = ("process", "information", "exchange", "service")
#: Its rows: the metamodel's three levels, with life situations above and schemas below.
ROWS = ("situation", "conceptual", "logical", "realisation", "schema")
#: Where each class goes: (column, row).
PLACES: dict[URIRef, tuple[str, str]] = {
    mm.LIFE_SITUATION: ("process", "situation"),
    mm.LIFE_EVENT: ("process", "conceptual"),
    mm.BUSINESS_EVENT: ("process", "conceptual"),
    mm.CUSTOMER_FLOW: ("process", "conceptual"),
    mm.CONCEPTUAL_PROCESS: ("process", "conceptual"),
    mm.PROCESS: ("process", "logical"),
    mm.COLLABORATION_PROCESS: ("process", "logical"),
    mm.CUSTOMER_ACTION: ("process", "logical"),
    mm.ACTIVITY: ("process", "realisation"),
    mm.CONCEPT: ("information", "conceptual"),
    mm.INFORMATION: ("information", "logical"),
    mm.DATA_ELEMENT: ("information", "realisation"),
    mm.DATA_SCHEMA: ("information", "schema"),
    mm.SCHEMA_MAPPING: ("information", "schema"),
    mm.INFORMATION_EXCHANGE: ("exchange", "logical"),
    mm.CONCEPTUAL_SERVICE: ("service", "conceptual"),
    mm.LOGICAL_SERVICE: ("service", "logical"),
    mm.REALISED_SERVICE: ("service", "realisation"),
}
MAP_SCOPES = (mm.COLLABORATION_AREA, mm.COLLABORATION_PROCESS)
PER_CELL = 4


@dataclass
class Drawn:
    """An item to draw: its names and asserted types."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)


@bp.app_template_global()
def diagram(iri: str) -> Markup:
    """Return the SVG of an item's diagram (empty when there is nothing to draw)."""
    lang = language.current()
    nodes = _chain(URIRef(iri))
    me = nodes.get(iri)
    if me is None:
        return Markup("")
    if any(URIRef(t) in MAP_SCOPES for t in me.types):
        return Markup(process_map_svg(process_map(URIRef(iri), lang)))
    if not any(URIRef(t) in PLACES for t in me.types):
        return Markup("")
    return Markup(trace_svg(trace_grid(iri, nodes, lang), PER_CELL))


def trace_grid(iri: str, chain: dict[str, Drawn], lang: str) -> Grid:
    """Return the traceability diagram of ``iri`` whose chain is ``chain``."""
    neighbours, links = _links(URIRef(iri), set(chain))
    everything = {**neighbours, **chain}
    boxes = [b for node in everything.values() if (b := _box(node, iri, lang)) is not None]
    arrows = _steps(links, set(chain)) + [
        Arrow(source, target, _term_label(link, lang))
        for source, link, target in sorted(links)
        if not link.endswith("#tracesTo")
    ]
    return Grid(
        title=f"{language.text('diagram', lang)}: {_name(chain[iri], lang)}",
        columns=tuple(_heading("column", c, lang) for c in COLUMNS),
        rows=tuple(_heading("level", r, lang) for r in ROWS),
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        more=language.text("more_boxes", lang),
        more_href="#traceability",
    )


def process_map(scope: URIRef, lang: str) -> ProcessMap:
    """Return the collaboration process map of an area or of one collaboration process."""
    rows = services().store.select(rq.query("collaboration-map"), {"scope": scope}).rows
    agents = _agents()
    lanes = _lanes(rows, agents)
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    boxes, arrows = _map_boxes(rows, lane_index, lang), _map_arrows(rows, agents, lang)
    for arrow in arrows:
        for end in (arrow.source, arrow.target):
            if end in lane_index and end not in boxes:
                boxes[end] = Box(end, _name(agents[end], lang), href(end), row=lane_index[end])
    return ProcessMap(
        title=f"{language.text('diagram', lang)}: {_label(rows, str(scope), lang)}",
        lanes=tuple(Lane(key, _name(agents[key], lang), href(key)) for key in lanes),
        boxes=tuple(boxes.values()),
        arrows=tuple(arrows),
        legend=language.text("exchanges", lang),
    )


def _chain(item: URIRef) -> dict[str, Drawn]:
    rows = services().store.select(rq.query("trace-nodes"), {"item": item}).rows
    nodes: dict[str, Drawn] = {}
    for row in rows:
        _note(nodes, row, "node")
    return nodes


def _links(item: URIRef, chain: set[str]) -> tuple[dict[str, Drawn], set[tuple[str, str, str]]]:
    rows = services().store.select(rq.query("trace-links"), {"item": item}).rows
    neighbours: dict[str, Drawn] = {}
    links: set[tuple[str, str, str]] = set()
    for row in rows:
        links.add((str(row["from"]), str(row["link"]), str(row["to"])))
        if str(row["other"]) not in chain:
            _note(neighbours, row, "other")
    return neighbours, links


def _note(nodes: dict[str, Drawn], row: dict[str, Node], key: str) -> None:
    node = nodes.setdefault(str(row[key]), Drawn(str(row[key])))
    for lang, name in (("sv", "labelSv"), ("en", "labelEn")):
        if name in row:
            node.labels.setdefault(lang, str(row[name]))
    if "type" in row:
        node.types.add(str(row["type"]))


def _steps(links: set[tuple[str, str, str]], chain: set[str]) -> list[Arrow]:
    """Return the chain's direct steps: tracesTo links that no third item of it bridges."""
    up = {(s, t) for s, link, t in links if link.endswith("#tracesTo") and {s, t} <= chain}
    direct = [
        (s, t) for s, t in up if not any((s, m) in up and (m, t) in up for m in chain - {s, t})
    ]
    return [Arrow(s, t) for s, t in sorted(direct)]


def _box(node: Drawn, current: str, lang: str) -> Box | None:
    places = [PLACES[URIRef(t)] for t in sorted(node.types) if URIRef(t) in PLACES]
    if not places:
        return None
    column, row = places[0]
    kinds = ontology().most_specific(URIRef(t) for t in node.types)
    kind = ", ".join(ontology().label(k, lang) for k in kinds)
    return Box(
        node.iri, _name(node, lang), href(node.iri), kind,
        COLUMNS.index(column), ROWS.index(row), node.iri == current,
    )  # fmt: skip


def _lanes(rows: list[dict[str, Node]], agents: dict[str, Drawn]) -> list[str]:
    """Return the lanes: the participants and process owners, then customers, by name."""
    actors = {str(r["node"]) for r in rows if str(r["role"]) == "participant"}
    actors |= {str(r["owner"]) for r in rows if str(r["role"]) == "process" and "owner" in r}
    ends = {str(r[k]) for r in rows for k in ("sender", "receiver") if k in r}
    customers = {e for e in ends - actors if e in agents and not agents[e].types}
    key = _sort_key(agents)
    return sorted(actors & set(agents), key=key) + sorted(customers, key=key)


def _map_boxes(
    rows: list[dict[str, Node]], lane_index: dict[str, int], lang: str
) -> dict[str, Box]:
    boxes = {}
    for row in rows:
        owner = str(row.get("owner", ""))
        if str(row["role"]) == "process" and owner in lane_index:
            iri = str(row["node"])
            boxes[iri] = Box(iri, _label(rows, iri, lang), href(iri), row=lane_index[owner])
    return boxes


def _map_arrows(rows: list[dict[str, Node]], agents: dict[str, Drawn], lang: str) -> list[Arrow]:
    """Return one arrow per exchange, from process to process (or from / to the agent)."""
    found: dict[str, Arrow] = {}
    for row in rows:
        if str(row["role"]) != "exchange":
            continue
        iri = str(row["node"])
        source = str(row.get("from", row.get("sender", "")))
        target = str(row.get("to", row.get("receiver", "")))
        if source and target:
            found.setdefault(iri, Arrow(source, target, _label(rows, iri, lang), href(iri)))
    return [found[key] for key in sorted(found, key=lambda k: (found[k].label, k))]


def _agents() -> dict[str, Drawn]:
    """Return the exchanges' senders and receivers and every actor (types: {"actor"})."""
    rows = services().store.select(rq.query("agents")).rows
    agents: dict[str, Drawn] = {}
    for row in rows:
        _note(agents, {**row, "node": row["agent"]}, "node")
        if str(row.get("actor", "false")) == "true":
            agents[str(row["agent"])].types.add("actor")
    return agents


def _label(rows: list[dict[str, Node]], iri: str, lang: str) -> str:
    node = Drawn(iri)
    for row in rows:
        if str(row["node"]) == iri:
            _note({iri: node}, row, "node")
    return _name(node, lang)


def _name(node: Drawn, lang: str) -> str:
    other = "en" if lang == "sv" else "sv"
    return node.labels.get(lang) or node.labels.get(other) or services().path(node.iri) or node.iri


def _sort_key(agents: dict[str, Drawn]) -> Callable[[str], tuple[str, str]]:
    return lambda key: (_name(agents[key], "en").casefold(), key)


def _heading(kind: str, name: str, lang: str) -> str:
    if kind == "column" and name == "exchange":
        return ontology().label(mm.INFORMATION_EXCHANGE, lang)
    if kind == "level" and name in {"situation", "schema"}:
        cls = mm.LIFE_SITUATION if name == "situation" else mm.DATA_SCHEMA
        return ontology().label(cls, lang)
    return ontology().label(SAMK[f"{kind}/{name}"], lang)


def _term_label(term: str, lang: str) -> str:
    return ontology().label(URIRef(term), lang)
