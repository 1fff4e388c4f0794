"""Diagrams drawn on the server as SVG: pure functions from plain data to SVG text.

Two drawings: the **traceability diagram** of an item (a grid of the metamodel's columns and
levels with the item's chain and its neighbours, the item in bold) and the **collaboration
process map** of a collaboration area (a swimlane per actor with its processes, numbered
arrows for the information exchanges between them, and a legend naming each exchange).
Every box is a link (``<a href>`` inside the SVG); every text is escaped; nothing needs
JavaScript. The functions know nothing of RDF or Flask: the callers hand them boxes,
arrows and lanes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

BOX_W, BOX_H, GAP_X, GAP_Y = 190, 50, 46, 14
HEAD_W, HEAD_H, MARGIN = 130, 30, 10
CHARS_PER_LINE = 27
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, MUTED, LINE, ACCENT, TINT = "#1d232b", "#545e6b", "#9aa4b1", "#005a8c", "#e8f1f7"


@dataclass(frozen=True)
class Box:
    """One item drawn as a box: where it goes (column, row) and where it links to."""

    key: str
    label: str
    href: str
    kind: str = ""
    column: int = 0
    row: int = 0
    current: bool = False


@dataclass(frozen=True)
class Arrow:
    """A link from one box to another, with a name (and, for exchanges, an address)."""

    source: str
    target: str
    label: str = ""
    href: str = ""


@dataclass(frozen=True)
class Grid:
    """A traceability diagram: headings of the columns and rows, boxes and arrows."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...] = ()
    more: str = "+{count} more"
    more_href: str = ""


@dataclass(frozen=True)
class Lane:
    """A swimlane: an actor (or the customer) and where its page is."""

    key: str
    label: str
    href: str


@dataclass(frozen=True)
class ProcessMap:
    """A collaboration process map: lanes, process boxes (``row`` = lane) and exchanges."""

    title: str
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...] = ()
    legend: str = "Information exchanges"


@dataclass
class _Canvas:
    """SVG elements collected while drawing, and the drawing's size."""

    width: int = 0
    height: int = 0
    parts: list[str] = field(default_factory=list)

    def svg(self, title: str, kind: str) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram-{kind}" role="group" '
            f'aria-label="{escape(title)}" '
            f'width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT}" font-size="12">'
        )
        return "\n".join([head, f"<title>{escape(title)}</title>", _DEFS, *self.parts, "</svg>"])


_DEFS = (
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MUTED}"/>'
    "</marker></defs>"
)


def trace_svg(grid: Grid, per_cell: int = 4) -> str:
    """Draw a traceability diagram; at most ``per_cell`` boxes per cell, then "+N more"."""
    shown, hidden = _cap(grid.boxes, per_cell)
    columns = sorted({box.column for box in shown} | {column for column, _ in hidden})
    rows = sorted({box.row for box in shown} | {row for _, row in hidden})
    cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for box in shown:
        cells[(box.column, box.row)].append(box)
    heights = {
        row: max(len(cells[(c, row)]) + ((c, row) in hidden) for c in columns) for row in rows
    }
    canvas = _Canvas(HEAD_W + len(columns) * (BOX_W + GAP_X) + MARGIN)
    x_of = {c: HEAD_W + i * (BOX_W + GAP_X) + GAP_X // 2 for i, c in enumerate(columns)}
    y_of, y = {}, HEAD_H + MARGIN
    for row in rows:
        y_of[row] = y
        y += heights[row] * (BOX_H + GAP_Y) + GAP_Y
    canvas.height = y
    places = {
        box.key: (x_of[box.column], y_of[box.row] + i * (BOX_H + GAP_Y))
        for (_, _), boxes in cells.items()
        for i, box in enumerate(boxes)
    }
    _headings(canvas, grid, columns, x_of, rows, y_of)
    canvas.parts += [_edge(a, places) for a in grid.arrows if {a.source, a.target} <= set(places)]
    canvas.parts += [_box(box, *places[box.key]) for box in shown]
    for (column, row), count in sorted(hidden.items()):
        top = y_of[row] + len(cells[(column, row)]) * (BOX_H + GAP_Y)
        canvas.parts.append(_more(grid, count, x_of[column], top))
    return canvas.svg(grid.title, "trace")


def process_map_svg(chart: ProcessMap) -> str:
    """Draw a collaboration process map: one lane per actor, arrows for the exchanges."""
    lane_of = {box.key: box.row for box in chart.boxes}
    ranks = rank(chart.boxes, chart.arrows)
    slots: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for box in sorted(chart.boxes, key=lambda b: (ranks[b.key], b.label, b.key)):
        slots[(box.row, ranks[box.key])].append(box)
    depth = {
        i: max([len(v) for (r, _), v in slots.items() if r == i] or [1]) for i in lane_of.values()
    }
    columns = max(ranks.values(), default=0) + 1
    canvas = _Canvas(HEAD_W + columns * (BOX_W + GAP_X) + MARGIN)
    places, y = {}, MARGIN
    for index, lane in enumerate(chart.lanes):
        height = depth.get(index, 1) * (BOX_H + GAP_Y) + GAP_Y
        canvas.parts.append(_lane(lane, y, height, canvas.width, index))
        for (row, column), boxes in slots.items():
            if row == index:
                for i, box in enumerate(boxes):
                    x = HEAD_W + column * (BOX_W + GAP_X) + GAP_X // 2
                    places[box.key] = (x, y + GAP_Y + i * (BOX_H + GAP_Y))
        y += height
    numbered = [a for a in chart.arrows if {a.source, a.target} <= set(places)]
    pairs: dict[frozenset[str], int] = defaultdict(int)
    for number, arrow in enumerate(numbered, start=1):
        nth = pairs[frozenset((arrow.source, arrow.target))]
        pairs[frozenset((arrow.source, arrow.target))] += 1
        canvas.parts.append(_exchange(number, arrow, places, nth))
    canvas.parts += [_box(box, *places[box.key]) for box in chart.boxes if box.key in places]
    canvas.height = _legend(canvas, chart.legend, numbered, y + GAP_Y)
    return canvas.svg(chart.title, "map")


def rank(boxes: Iterable[Box], arrows: Iterable[Arrow]) -> dict[str, int]:
    """Return each box's column: the longest chain of arrows leading to it (cycles cut)."""
    keys = [box.key for box in boxes]
    incoming: dict[str, list[str]] = defaultdict(list)
    for arrow in arrows:
        if arrow.source != arrow.target:
            incoming[arrow.target].append(arrow.source)
    found: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(key: str) -> int:
        if key in found:
            return found[key]
        visiting.add(key)
        before = [depth(s) + 1 for s in incoming[key] if s not in visiting and s in keys]
        visiting.discard(key)
        found[key] = max(before, default=0)
        return found[key]

    return {key: depth(key) for key in sorted(keys)}


def wrap(text: str, width: int = CHARS_PER_LINE, lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``lines`` lines of about ``width`` characters (… if cut)."""
    found: list[str] = []
    for word in text.split():
        if found and len(found[-1]) + 1 + len(word) <= width:
            found[-1] += " " + word
        else:
            found.append(word)
    if len(found) > lines:
        found = [*found[: lines - 1], found[lines - 1]]
        found[-1] = found[-1][: width - 1].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in found]


def _cap(boxes: Iterable[Box], per_cell: int) -> tuple[list[Box], dict[tuple[int, int], int]]:
    """Keep at most ``per_cell`` boxes per cell (the current item always); count the rest."""
    cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for box in boxes:
        cells[(box.column, box.row)].append(box)
    shown: list[Box] = []
    hidden: dict[tuple[int, int], int] = {}
    for cell, found in sorted(cells.items()):
        ordered = sorted(found, key=lambda b: (not b.current, b.label.casefold(), b.key))
        shown += ordered[:per_cell]
        if len(ordered) > per_cell:
            hidden[cell] = len(ordered) - per_cell
    return shown, hidden


def _headings(
    canvas: _Canvas,
    grid: Grid,
    columns: list[int],
    x_of: dict[int, int],
    rows: list[int],
    y_of: dict[int, int],
) -> None:
    for column in columns:
        x = x_of[column] + BOX_W // 2
        text = escape(grid.columns[column])
        canvas.parts.append(
            f'<text x="{x}" y="{MARGIN + 14}" text-anchor="middle" font-weight="600" '
            f'fill="{INK}">{text}</text>'
        )
    for row in rows:
        y = y_of[row] + BOX_H // 2
        lines = wrap(grid.rows[row], 18)
        spans = "".join(
            f'<tspan x="{MARGIN}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        canvas.parts.append(f'<text y="{y - 4 * (len(lines) - 1)}" fill="{MUTED}">{spans}</text>')


def _box(box: Box, x: int, y: int) -> str:
    stroke, width, fill = (ACCENT, 3, TINT) if box.current else (LINE, 1, "#ffffff")
    weight = ' font-weight="700"' if box.current else ""
    lines = wrap(box.label, CHARS_PER_LINE - 3 if box.current else CHARS_PER_LINE)
    label = "".join(
        f'<tspan x="{x + 8}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    current = ' aria-current="page"' if box.current else ""
    body = (
        f"<title>{escape(box.label)}{escape(' — ' + box.kind) if box.kind else ''}</title>"
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>'
        f'<text x="{x + 8}" y="{y + 13}" font-size="10" fill="{MUTED}">{escape(box.kind)}</text>'
        f'<text y="{y + 28}" fill="{ACCENT}"{weight}>{label}</text>'
    )
    return _anchor(box.href, body, f' class="box"{current}')


def _anchor(href: str, body: str, attributes: str = "") -> str:
    """Wrap ``body`` in a link to ``href``; in a group when it has nowhere safe to go."""
    if href:
        return f'<a href="{escape(href)}"{attributes}>{body}</a>'
    return f"<g{attributes}>{body}</g>"


def _more(grid: Grid, count: int, x: int, y: int) -> str:
    text = escape(grid.more.format(count=count))
    body = f'<text x="{x + 8}" y="{y + 12}" fill="{MUTED}" font-style="italic">{text}</text>'
    return f'<a href="{escape(grid.more_href)}">{body}</a>' if grid.more_href else body


def _edge(arrow: Arrow, places: dict[str, tuple[int, int]]) -> str:
    (x1, y1), (x2, y2) = places[arrow.source], places[arrow.target]
    if x1 != x2:
        path = _curve((x1, y1), (x2, y2))
    elif abs(y2 - y1) <= BOX_H + 3 * GAP_Y:
        start, end = (y1 + BOX_H, y2) if y1 < y2 else (y1, y2 + BOX_H)
        path = f"M{x1 + BOX_W // 2},{start} L{x1 + BOX_W // 2},{end}"
    else:
        path = _loop((x1, y1), (x2, y2))
    title = f"<title>{escape(arrow.label)}</title>" if arrow.label else ""
    return (
        f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="1.5" '
        f'marker-end="url(#arrowhead)">{title}</path>'
    )


def _curve(source: tuple[int, int], target: tuple[int, int]) -> str:
    (x1, y1), (x2, y2) = source, target
    forward = x2 > x1
    sx, tx = (x1 + BOX_W, x2) if forward else (x1, x2 + BOX_W)
    sy, ty = y1 + BOX_H // 2, y2 + BOX_H // 2
    bend = max(40, abs(tx - sx) // 3) * (1 if forward else -1)
    return f"M{sx},{sy} C{sx + bend},{sy} {tx - bend},{ty} {tx},{ty}"


def _lane(lane: Lane, y: int, height: int, width: int, index: int) -> str:
    fill = "#f6f8fa" if index % 2 == 0 else "#ffffff"
    lines = wrap(lane.label, 17, 3)
    spans = "".join(
        f'<tspan x="{MARGIN}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<g class="lane" data-lane="{escape(lane.key)}">'
        f'<rect x="0" y="{y}" width="{width}" height="{height}" fill="{fill}" stroke="{LINE}"/>'
        + _anchor(
            lane.href,
            f"<title>{escape(lane.label)}</title>"
            f'<text y="{y + 20}" font-weight="600" fill="{ACCENT}">{spans}</text>',
        )
        + "</g>"
    )


def _exchange(number: int, arrow: Arrow, places: dict[str, tuple[int, int]], nth: int) -> str:
    """Draw an exchange's arrow with its number on it (the ``nth`` between the same boxes)."""
    (x1, y1), (x2, y2) = places[arrow.source], places[arrow.target]
    path = _curve((x1, y1), (x2, y2)) if x1 != x2 else _loop((x1, y1), (x2, y2))
    mx, my = _along(path, 0.5 + 0.15 * ((nth + 1) // 2) * (-1) ** nth)
    return (
        f'<g class="exchange" data-source="{escape(arrow.source)}" '
        f'data-target="{escape(arrow.target)}">'
        f'<path d="{path}" fill="none" stroke="{MUTED}" stroke-width="1.5" '
        f'marker-end="url(#arrowhead)"/>'
        + _anchor(
            arrow.href,
            f"<title>{escape(arrow.label)}</title>"
            f'<circle cx="{mx}" cy="{my}" r="9" fill="#ffffff" stroke="{ACCENT}"/>'
            f'<text x="{mx}" y="{my + 4}" text-anchor="middle" font-size="10" '
            f'fill="{ACCENT}">{number}</text>',
        )
        + "</g>"
    )


def _along(path: str, t: float) -> tuple[int, int]:
    """Return the point at ``t`` (0 to 1) of a path ``M x,y C x,y x,y x,y``."""
    points = [tuple(map(float, p.split(","))) for p in path[1:].replace("C", " ").split()]
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = points
    u = 1 - t
    x = u**3 * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t**3 * dx
    y = u**3 * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t**3 * dy
    return round(x), round(y)


def _loop(source: tuple[int, int], target: tuple[int, int]) -> str:
    """Return a path between two boxes stacked in one column, bulging to the right."""
    (x, y1), (_, y2) = source, target
    right = x + BOX_W
    sy, ty = y1 + BOX_H // 2, y2 + BOX_H // 2
    return f"M{right},{sy} C{right + 50},{sy} {right + 50},{ty} {right},{ty}"


def _legend(canvas: _Canvas, title: str, arrows: list[Arrow], y: int) -> int:
    if not arrows:
        return y
    canvas.parts.append(
        f'<text x="{MARGIN}" y="{y + 12}" font-weight="600" fill="{INK}">{escape(title)}</text>'
    )
    for number, arrow in enumerate(arrows, start=1):
        y += 18
        label = f"{number}. {escape(arrow.label)}"
        text = f'<text x="{MARGIN}" y="{y + 12}" fill="{ACCENT}">{label}</text>'
        canvas.parts.append(_anchor(arrow.href, text))
    return y + 24
