"""The diagram of the model (SVG-INSPEC): the metamodel's grid and every other class.

The top of the drawing is the metamodel as the seed draws it: three columns (process,
information, service) by three levels (conceptual, logical, realisation), each cell the
class placed there by ``sam:metamodelColumn`` and ``sam:metamodelLevel`` with its
sub-classes, and arrows for the properties that link two cells (one of each inverse pair,
pointing up a column or across to the right). Below, every other class of the ontology as a
tree of sub-classes. Each class, property, concept and the vocabulary itself is a link to
its IRI carrying ``data-inspec-type`` (rules SVG-1 and SVG-2) and ``id="d_<md5 of IRI>"``
(rule SVG-3). Names are English with the Swedish below.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from samverkan.namespaces import SAM, SAMK
from samverkan.presentation.diagrams import ACCENT, FONT, INK, LINE, MUTED, TINT

COLUMNS = ("process", "information", "service")
LEVELS = ("conceptual", "logical", "realisation")
HEAD_W, CELL_W, GAP_X, GAP_Y = 112, 236, 30, 64
TOP, MARGIN, HEAD_H, MEMBER_H, ENTRY_H, INDENT = 72, 16, 44, 36, 40, 18


@dataclass(frozen=True)
class Term:
    """A class, property or concept: its IRI and its English and Swedish names."""

    iri: str
    en: str
    sv: str
    kind: str = "class"


@dataclass(frozen=True)
class Arrow:
    """Properties that lead from one cell of the grid to another."""

    source: tuple[int, int]
    target: tuple[int, int]
    properties: tuple[Term, ...]


@dataclass
class Model:
    """What the drawing shows, read from the ontology."""

    title: Term
    columns: list[Term]
    levels: list[Term]
    cells: dict[tuple[int, int], list[Term]] = field(default_factory=dict)
    arrows: list[Arrow] = field(default_factory=list)
    tree: list[tuple[int, Term]] = field(default_factory=list)


def read_model(graph: Graph, ontology: URIRef) -> Model:
    """Read the grid, the links between its cells and the other classes from ``graph``."""
    sam, concepts = str(SAM), str(SAMK)
    reader = _Reader(graph, sam)
    title = reader.term(ontology, "data-vocabulary", DCTERMS.title)
    model = Model(
        title,
        [reader.term(URIRef(f"{concepts}column/{c}"), "concept") for c in COLUMNS],
        [reader.term(URIRef(f"{concepts}level/{c}"), "concept") for c in LEVELS],
    )
    heads = reader.grid(model.columns, model.levels)
    placed: set[URIRef] = set()
    for cell, head in heads.items():
        members = [head, *reader.descendants(head, stop=set(heads.values()))]
        model.cells[cell] = [reader.term(c) for c in members]
        placed |= set(members)
    model.arrows = reader.arrows(heads)
    model.tree = [(depth, reader.term(c)) for depth, c in reader.tree(placed)]
    return model


class _Reader:
    """Reads names, the class hierarchy and the linking properties of one ontology."""

    def __init__(self, graph: Graph, sam: str) -> None:
        self.graph, self.sam = graph, sam
        self.classes = self.owned(graph.subjects(RDF.type, OWL.Class))

    def owned(self, terms: Iterable[Node]) -> list[URIRef]:
        """Return the terms of this ontology among ``terms``, sorted by English name."""
        found = {t for t in terms if isinstance(t, URIRef) and t.startswith(self.sam)}
        return sorted(found, key=self.sort_key)

    def name(self, term: URIRef, lang: str, *predicates: URIRef) -> str:
        for predicate in (*predicates, RDFS.label, SKOS.prefLabel):
            for value in self.graph.objects(term, predicate):
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
        return str(term).rpartition("#")[2] or str(term).rpartition("/")[2]

    def term(self, iri: URIRef, kind: str = "class", *predicates: URIRef) -> Term:
        return Term(
            str(iri), self.name(iri, "en", *predicates), self.name(iri, "sv", *predicates), kind
        )

    def sort_key(self, term: URIRef) -> str:
        return self.name(term, "en").casefold()

    def grid(self, columns: list[Term], levels: list[Term]) -> dict[tuple[int, int], URIRef]:
        """Return the class at each (column, level) of the metamodel."""
        column_of = {URIRef(t.iri): i for i, t in enumerate(columns)}
        level_of = {URIRef(t.iri): i for i, t in enumerate(levels)}
        found = {}
        for cls in self.classes:
            column = self.graph.value(cls, URIRef(self.sam + "metamodelColumn"))
            level = self.graph.value(cls, URIRef(self.sam + "metamodelLevel"))
            if column in column_of and level in level_of:
                found[(column_of[column], level_of[level])] = cls  # type: ignore[index]
        return found

    def children(self, cls: URIRef) -> list[URIRef]:
        return self.owned(self.graph.subjects(RDFS.subClassOf, cls))

    def descendants(self, cls: URIRef, stop: set[URIRef]) -> list[URIRef]:
        found: list[URIRef] = []
        for child in self.children(cls):
            if child not in stop and child not in found:
                found += [child, *self.descendants(child, stop)]
        return found

    def tree(self, placed: set[URIRef]) -> list[tuple[int, URIRef]]:
        """Return the classes not in the grid, depth first, with their depth."""
        supers = {c: self.owned(self.graph.objects(c, RDFS.subClassOf)) for c in self.classes}
        roots = [c for c in self.classes if not supers[c] and c not in placed]
        found: list[tuple[int, URIRef]] = []
        seen = set(placed)

        def visit(cls: URIRef, depth: int) -> None:
            if cls in seen:
                return
            seen.add(cls)
            found.append((depth, cls))
            for child in self.children(cls):
                visit(child, depth + 1)

        for root in roots:
            visit(root, 0)
        for cls in self.classes:
            visit(cls, 0)
        return found

    def arrows(self, heads: dict[tuple[int, int], URIRef]) -> list[Arrow]:
        """Return one arrow per pair of cells that properties link, up or to the right."""
        cell_of = {cls: cell for cell, cls in heads.items()}
        grouped: dict[tuple[tuple[int, int], tuple[int, int]], list[Term]] = defaultdict(list)
        for prop in sorted(self.owned(self.graph.subjects(RDF.type, OWL.ObjectProperty)), key=str):
            source = self._cell(cell_of, prop, RDFS.domain)
            target = self._cell(cell_of, prop, RDFS.range)
            if source is None or target is None or source == target:
                continue
            if _forward(source, target) or not self._has_inverse(prop):
                grouped[(source, target)].append(self.term(prop, "property"))
        return [Arrow(s, t, tuple(p)) for (s, t), p in sorted(grouped.items())]

    def _cell(
        self, cell_of: dict[URIRef, tuple[int, int]], prop: URIRef, end: URIRef
    ) -> tuple[int, int] | None:
        found = self.graph.value(prop, end)
        return cell_of.get(found) if isinstance(found, URIRef) else None

    def _has_inverse(self, prop: URIRef) -> bool:
        graph = self.graph
        return (prop, OWL.inverseOf, None) in graph or (None, OWL.inverseOf, prop) in graph


def _forward(source: tuple[int, int], target: tuple[int, int]) -> bool:
    """Say whether a link points across to the right, or up its column."""
    return source[0] < target[0] or (source[0] == target[0] and source[1] > target[1])


def element_id(iri: str) -> str:
    """Return the id SVG-INSPEC gives the element of an entity (rule SVG-3)."""
    return "d_" + hashlib.md5(iri.encode("utf-8")).hexdigest()


@dataclass
class _Canvas:
    parts: list[str] = field(default_factory=list)
    named: set[str] = field(default_factory=set)

    def entity(self, term: Term, body: str) -> None:
        """Wrap ``body`` in a link to the entity (rules SVG-1, SVG-2; SVG-3 once per IRI)."""
        iri = escape(term.iri)
        ident = "" if term.iri in self.named else f' id="{element_id(term.iri)}"'
        self.named.add(term.iri)
        self.parts.append(
            f'<a href="{iri}" xlink:href="{iri}" data-inspec-type="{term.kind}"{ident}>'
            f"<title>{escape(term.en)} / {escape(term.sv)}</title>{body}</a>"
        )


def draw(model: Model) -> str:
    """Draw the model as SVG text."""
    canvas = _Canvas()
    width = HEAD_W + len(COLUMNS) * (CELL_W + GAP_X) + MARGIN
    tops = _row_tops(model)
    title = _text(MARGIN, 28, model.title.en, 17, ACCENT, bold=True)
    canvas.entity(model.title, title + _text(MARGIN, 48, model.title.sv, 13, MUTED))
    _headings(canvas, model, tops)
    boxes = {cell: _cell(canvas, model, cell, tops) for cell in model.cells}
    for arrow in model.arrows:
        _arrow(canvas, arrow, boxes)
    height = _tree(canvas, model, tops[-1] + 24)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12" role="img">'
    )
    return (
        "\n".join(
            [head, f"<title>{escape(model.title.en)}</title>", _DEFS, *canvas.parts, "</svg>"]
        )
        + "\n"
    )


_DEFS = (
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MUTED}"/>'
    "</marker></defs>"
)


def _row_tops(model: Model) -> list[int]:
    """Return the top of each level's row, and below the last, where the grid ends."""
    tops, y = [], TOP + 42
    for level in range(len(LEVELS)):
        tops.append(y)
        tallest = max(
            (len(model.cells.get((c, level), [])) for c in range(len(COLUMNS))), default=1
        )
        y += HEAD_H + max(tallest - 1, 0) * MEMBER_H + 8 + GAP_Y
    return [*tops, y - GAP_Y]


def _x(column: int) -> int:
    return HEAD_W + column * (CELL_W + GAP_X)


def _headings(canvas: _Canvas, model: Model, tops: list[int]) -> None:
    for i, column in enumerate(model.columns):
        middle = _x(i) + CELL_W // 2
        body = _text(middle, TOP + 12, column.en, 13, INK, True, "middle")
        canvas.entity(column, body + _text(middle, TOP + 27, column.sv, 11, MUTED, anchor="middle"))
    for i, level in enumerate(model.levels):
        body = _text(MARGIN, tops[i] + 18, level.en, 13, INK, bold=True)
        body += _text(MARGIN, tops[i] + 34, level.sv, 11, MUTED)
        canvas.entity(level, body)


def _cell(
    canvas: _Canvas, model: Model, cell: tuple[int, int], tops: list[int]
) -> tuple[int, int, int, int]:
    """Draw a cell's class and its sub-classes; return the box (x, y, width, height)."""
    head, *members = model.cells[cell]
    x, y = _x(cell[0]), tops[cell[1]]
    height = HEAD_H + len(members) * MEMBER_H + (8 if members else 0)
    rect = _rect(x, y, CELL_W, height, 6, TINT, ACCENT)
    canvas.entity(head, rect + _names(x + 10, y + 18, head))
    for i, member in enumerate(members):
        my = y + HEAD_H + i * MEMBER_H
        canvas.entity(member, _entry(x + 10, my, CELL_W - 20, MEMBER_H - 4, member))
    return x, y, CELL_W, height


def _arrow(
    canvas: _Canvas, arrow: Arrow, boxes: dict[tuple[int, int], tuple[int, int, int, int]]
) -> None:
    sx, sy, sw, _sh = boxes[arrow.source]
    tx, ty, tw, th = boxes[arrow.target]
    if arrow.source[0] == arrow.target[0]:
        x1, y1, x2, y2 = sx + sw // 2, sy, tx + tw // 2, ty + th
        lx, ly, anchor = x1 + 8, (y1 + y2) // 2 - 6 * len(arrow.properties) + 10, "start"
    else:
        x1, y1, x2, y2 = sx + sw - 30, sy, tx + 30, ty + th
        lx, ly, anchor = (x1 + x2) // 2 + 10, (y1 + y2) // 2 + 4, "start"
    canvas.parts.append(
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{MUTED}" stroke-width="1.4" '
        'marker-end="url(#arrowhead)"/>'
    )
    for i, prop in enumerate(arrow.properties):
        canvas.entity(prop, _text(lx, ly + i * 14, prop.en, 11, ACCENT, anchor=anchor))


def _tree(canvas: _Canvas, model: Model, top: int) -> int:
    """Draw the classes outside the grid in columns; return the drawing's height."""
    heading = "Further classes · Övriga klasser"
    canvas.parts.append(_text(MARGIN, top + 16, heading, 13, INK, bold=True))
    per_column = -(-len(model.tree) // len(COLUMNS))
    bottom = top
    for i, (depth, term) in enumerate(model.tree):
        column, row = divmod(i, per_column)
        x, y = _x(column) + depth * INDENT, top + 30 + row * ENTRY_H
        canvas.entity(term, _entry(x, y, CELL_W - depth * INDENT, ENTRY_H - 6, term))
        bottom = max(bottom, y + ENTRY_H)
    return bottom + MARGIN


def _entry(x: int, y: int, width: int, height: int, term: Term) -> str:
    """Draw a small box with a class's English and Swedish names."""
    rect = _rect(x, y, width, height, 4, "#fff", LINE)
    return rect + _text(x + 8, y + 14, term.en, 11, INK) + _text(x + 8, y + 27, term.sv, 10, MUTED)


def _rect(x: int, y: int, width: int, height: int, radius: int, fill: str, stroke: str) -> str:
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="{radius}" '
        f'fill="{fill}" stroke="{stroke}"/>'
    )


def _names(x: int, y: int, term: Term) -> str:
    return _text(x, y, term.en, 13, INK, bold=True) + _text(x, y + 16, term.sv, 11, MUTED)


def _text(
    x: int, y: int, words: str, size: int, fill: str, bold: bool = False, anchor: str = "start"
) -> str:
    weight = ' font-weight="600"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{weight}>'
        f"{escape(words)}</text>"
    )
