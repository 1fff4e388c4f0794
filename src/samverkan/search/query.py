"""Answering a query from the index: per catalog, the number of matches and the best ones.

A query word matches an item in one of two ways: as a stem or the start of one in
``item_text`` (``tjänsterna`` finds ``tjänst``), or as a part of any word in ``item_gram``,
the FTS5 trigram index of the folded names and descriptions: so a Swedish compound is found
by any of its parts (``bokföring`` and ``folk`` find ``folkbokföring``, ``deklaration``
finds ``inkomstdeklaration``), and an English word inside a longer one. Every word must
match, one way or the other. Words shorter than three letters match only as stems.

Each catalog's items have row ids in a block of their own (:func:`block`), so a catalog's
matches are a row-id range: counting them reads only the indexes. Ranking (:func:`rank`)
puts exact names first: a name equal to the query, then a name starting with it, then names
holding every word as a word, then names holding every word as a part, then the rest (a
description matches); within a tier by bm25 (names ten times the descriptions), then by the
shorter name. A catalog with more than ``RANK_ALL`` matches ranks only those whose names
match, and when even those are too many, the first items by row id are shown, so a query
reads a bounded number of rows whatever the size of the federation.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from samverkan.search.documents import CATALOGS
from samverkan.search.results import Group, Hit
from samverkan.search.stemming import MIN_PART

#: Row ids of one catalog's items lie in [block(c), block(c) + BLOCK).
BLOCK = 1 << 32
#: bm25 weights of the columns of ``item_text``: names count ten times as much as texts.
WEIGHTS = "10.0, 10.0, 1.0, 1.0"
#: A catalog with more matches than this ranks only its name matches (see above).
RANK_ALL = 2000
STEMS = "SELECT rowid FROM item_text WHERE item_text MATCH ? AND rowid BETWEEN ? AND ?"
PARTS = "SELECT rowid FROM item_gram WHERE item_gram MATCH ? AND rowid BETWEEN ? AND ?"
SCORES = f"""
SELECT rowid, bm25(item_text, {WEIGHTS}) FROM item_text
WHERE item_text MATCH ? AND rowid BETWEEN ? AND ?
"""
DETAILS = """
SELECT item.iri, item.catalog, item.kinds, item.owner, item.label_sv, item.label_en,
       item.text_sv, item.text_en, owner.label_sv, owner.label_en
FROM item LEFT JOIN item AS owner ON owner.iri = item.owner
WHERE item.id = ?
"""
NAMES = "{name_sv name_en}"


@dataclass(frozen=True)
class Word:
    """One word of a query: its stem (for ``item_text``) and its folded form (a part)."""

    stem: str
    folded: str


def block(catalog: str) -> int:
    """Return the first row id of a catalog's block."""
    return (CATALOGS.index(catalog) + 1) * BLOCK


def quoted(text: str) -> str:
    """Return ``text`` as an FTS5 string (so no operator or column name can be written)."""
    return '"' + text.replace('"', '""') + '"'


def match_expression(terms: list[str]) -> str:
    """Return an FTS5 query matching every term as a prefix, each quoted as an FTS5 string."""
    return " AND ".join(quoted(term) + "*" for term in terms)


def matching(
    words: list[Word], span: tuple[int, int], names_only: bool
) -> tuple[str, list[str | int]]:
    """Return SQL giving the row ids in ``span`` that every word matches, and its parameters.

    Per word, the union of its stem matches and its part matches; across words, their
    intersection: each a lookup in an FTS5 index, limited to the catalog's row ids.
    """
    scope = f"{NAMES} : " if names_only else ""
    selects: list[str] = []
    parameters: list[str | int] = []
    for word in words:
        options = [STEMS]
        parameters += [f"{scope}({quoted(word.stem)}*)", *span]
        if len(word.folded) >= MIN_PART:
            options.append(PARTS)
            parameters += [f"{scope}({quoted(word.folded)})", *span]
        selects.append(" UNION ".join(options))
    return " INTERSECT ".join(f"SELECT * FROM ({select})" for select in selects), parameters


def groups(connection: sqlite3.Connection, words: list[Word], per_group: int) -> list[Group]:
    """Return, per catalog with matches, their number and the best ``per_group`` hits."""
    found = []
    for catalog in CATALOGS:
        first = block(catalog)
        span = (first, first + BLOCK - 1)
        total = _count(connection, words, span)
        if total:
            ranked = _best(connection, words, span, total, per_group)
            hits = [_details(connection, row_id, score) for row_id, score in ranked]
            found.append(Group(catalog, total, hits))
    return found


def rank(query: str, words: list[Word], folded: str, stemmed: str, bm25: float | None) -> float:
    """Return how well a name matches (higher first): its tier, then bm25, then brevity.

    ``folded`` and ``stemmed`` are the item's name as the index holds it (folded, and its
    words stemmed); ``query`` is the query folded.
    """
    stems = stemmed.split()
    if folded == query:
        tier = 4
    elif folded.startswith(query):
        tier = 3
    elif all(any(s.startswith(w.stem) for s in stems) for w in words):
        tier = 2
    elif all(w.folded in folded for w in words):
        tier = 1
    else:
        tier = 0
    relevance = -bm25 if bm25 is not None else 0.0
    return tier * 1000.0 + min(relevance, 999.0) + 1.0 / (1.0 + len(folded))


def _best(
    connection: sqlite3.Connection,
    words: list[Word],
    span: tuple[int, int],
    total: int,
    limit: int,
) -> list[tuple[int, float]]:
    """Return the row ids and scores of a catalog's best matches (see the module's notes)."""
    names_only = total > RANK_ALL
    candidates = _candidates(connection, words, span, names_only)
    if names_only and len(candidates) < limit:
        seen = {row for row, _ in candidates}
        more = _candidates(connection, words, span, False)
        candidates += [c for c in more if c[0] not in seen][: limit - len(candidates)]
    scores = _scores(connection, words, span, names_only) if len(candidates) <= RANK_ALL else {}
    query = " ".join(w.folded for w in words)
    scored = [
        (row, max(rank(query, words, f, s, scores.get(row)) for f, s in names))
        for row, names in candidates
    ]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:limit]


def _candidates(
    connection: sqlite3.Connection, words: list[Word], span: tuple[int, int], names_only: bool
) -> list[tuple[int, list[tuple[str, str]]]]:
    """Return the first matches by row id, each with its names folded and stemmed."""
    found, parameters = matching(words, span, names_only)
    sql = f"SELECT id, folded, stemmed FROM item WHERE id IN ({found}) ORDER BY id LIMIT ?"
    rows = connection.execute(sql, (*parameters, RANK_ALL + 1))
    return [(int(r[0]), list(zip(r[1].split("\n"), r[2].split("\n"), strict=True))) for r in rows]


def _scores(
    connection: sqlite3.Connection, words: list[Word], span: tuple[int, int], names_only: bool
) -> dict[int, float]:
    """Return bm25 of the items whose stems match every word (others match by parts)."""
    expression = match_expression([w.stem for w in words])
    if names_only:
        expression = f"{NAMES} : ({expression})"
    return {int(r): float(s) for r, s in connection.execute(SCORES, (expression, *span))}


def _count(connection: sqlite3.Connection, words: list[Word], span: tuple[int, int]) -> int:
    found, parameters = matching(words, span, False)
    return int(connection.execute(f"SELECT count(*) FROM ({found})", parameters).fetchone()[0])


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
        score=score,
        owner_labels={"sv": owner_sv or "", "en": owner_en or ""},
    )
