"""Count what an HTML page shows (the rows of each table, its links), for the paging tests
and bench/pages.py."""

from __future__ import annotations

from html.parser import HTMLParser

#: Rows a table of a page may show (samverkan.web.common.paging.ROWS).
MAX_ROWS = 200
#: Bytes an HTML page may weigh.
MAX_BYTES = 500 * 1024


class TableRows(HTMLParser):
    """Collect the number of body rows of every table, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[int] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(0)
        elif tag == "thead":
            self.depth += 1
        elif tag == "tr" and self.tables and not self.depth:
            self.tables[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.depth -= 1


def table_rows(html: str) -> list[int]:
    """Return the number of body rows of each table of ``html``."""
    parser = TableRows()
    parser.feed(html)
    return parser.tables


class Links(HTMLParser):
    """Collect the ``href`` of every link of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def links(html: str) -> list[str]:
    """Return the targets of the links of ``html``, in document order."""
    parser = Links()
    parser.feed(html)
    return parser.found


def page_kind(path: str) -> str:
    """Return the kind of page a local path is: its fixed words, the names starred."""
    parts = path.strip("/").split("/")
    if parts[0] == "id":
        named = {1, 3}  # /id/<actor>/<kind>/<name>
        return "/" + "/".join("*" if n in named else p for n, p in enumerate(parts))
    if parts[0] == "catalogs" and len(parts) > 1:
        return "/catalogs/*"
    if parts[0] == "jobs":
        return "/jobs/*"
    return "/" + "/".join(parts)
