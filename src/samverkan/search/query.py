"""Answering a query from the index: per catalog, the number of matches and the best ones.

Each catalog's items have row ids in a block of their own (:func:`block`), so a catalog's
matches are a row-id range of the FTS5 table: counting them reads only the index. Within a
catalog, matches are ranked by bm25 (names weigh ten times as much as descriptions). Ranking
costs time in proportion to the matches, so when a catalog has more than ``RANK_ALL`` of
them (a word found in most items), only the items whose *names* match are ranked — with
such weights they come first anyway — and when even those are too many, the first items
by IRI are shown. Either way a query reads a bounded number of rows, whatever the size of
the federation.
"""

from __future__ import annotations

import sqlite3

from samverkan.search.documents import CATALOGS
from samverkan.search.results import Group, Hit

#: Row ids of one catalog's items lie in [block(c), block(c) + BLOCK).
BLOCK = 1 << 32
#: bm25 weights of the columns of ``item_text``: names count ten times as much as texts.
WEIGHTS = "10.0, 10.0, 1.0, 1.0"
#: A catalog with more matches than this ranks only its name matches (see above).
RANK_ALL = 2000
WHERE = "item_text MATCH ? AND rowid BETWEEN ? AND ?"
COUNT = f"SELECT count(*) FROM item_text WHERE {WHERE}"
RANKED = f"""
SELECT rowid, bm25(item_text, {WEIGHTS}) AS score FROM item_text WHERE {WHERE}
ORDER BY score, rowid LIMIT ?
"""
FIRST = f"SELECT rowid, bm25(item_text, {WEIGHTS}) FROM item_text WHERE {WHERE} LIMIT ?"
IN_ORDER = f"""
SELECT rowid, bm25(item_text, {WEIGHTS}) FROM item_text WHERE {WHERE} ORDER BY rowid LIMIT ?
"""
DETAILS = """
SELECT item.iri, item.catalog, item.kinds, item.owner, item.label_sv, item.label_en,
       item.text_sv, item.text_en, owner.label_sv, owner.label_en
FROM item LEFT JOIN item AS owner ON owner.iri = item.owner
WHERE item.id = ?
"""


def block(catalog: str) -> int:
    """Return the first row id of a catalog's block."""
    return (CATALOGS.index(catalog) + 1) * BLOCK


def match_expression(terms: list[str]) -> str:
    """Return an FTS5 query matching every term as a prefix, each quoted as an FTS5 string."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def groups(connection: sqlite3.Connection, terms: list[str], per_group: int) -> list[Group]:
    """Return, per catalog with matches, their number and the best ``per_group`` hits."""
    everywhere = match_expression(terms)
    in_names = f"{{name_sv name_en}} : ({everywhere})"
    found = []
    for catalog in CATALOGS:
        first = block(catalog)
        span = (first, first + BLOCK - 1)
        total = _count(connection, everywhere, span)
        if total:
            ranked = _best(connection, everywhere, in_names, span, total, per_group)
            hits = [_details(connection, row_id, score) for row_id, score in ranked]
            found.append(Group(catalog, total, hits))
    return found


def _best(
    connection: sqlite3.Connection,
    everywhere: str,
    in_names: str,
    span: tuple[int, int],
    total: int,
    limit: int,
) -> list[tuple[int, float]]:
    """Return the row ids and scores of a catalog's best matches (see the module's notes)."""
    if total <= RANK_ALL:
        return _rows(connection, RANKED, everywhere, span, limit)
    named = _rows(connection, FIRST, in_names, span, RANK_ALL + 1)
    ranked = len(named) <= RANK_ALL
    best = sorted(named, key=lambda row: (row[1], row[0]))[:limit] if ranked else named[:limit]
    if len(best) < limit:
        seen = {row_id for row_id, _ in best}
        rest = _rows(connection, IN_ORDER, everywhere, span, limit + len(best))
        best += [row for row in rest if row[0] not in seen][: limit - len(best)]
    return best


def _count(connection: sqlite3.Connection, expression: str, span: tuple[int, int]) -> int:
    return int(connection.execute(COUNT, (expression, *span)).fetchone()[0])


def _rows(
    connection: sqlite3.Connection, sql: str, expression: str, span: tuple[int, int], limit: int
) -> list[tuple[int, float]]:
    return [(int(r), float(s)) for r, s in connection.execute(sql, (expression, *span, limit))]


def _details(connection: sqlite3.Connection, row_id: int, score: float) -> Hit:
    iri, catalog, kinds, owner, *names = connection.execute(DETAILS, (row_id,)).fetchone()
    label_sv, label_en, text_sv, text_en, owner_sv, owner_en = names
    return Hit(
        iri=iri,
        catalog=catalog,
        kinds=tuple(kinds.split()),
        owner=owner,
        labels={"sv": label_sv, "en": label_en},
        texts={"sv": text_sv, "en": text_en},
        score=-score,
        owner_labels={"sv": owner_sv or "", "en": owner_en or ""},
    )
