"""The text index: an SQLite FTS5 file beside the store, rebuilt on load, kept per actor.

Three tables: ``item`` (one row per item: IRI, actor, catalog, types, owner, and the names and
descriptions shown in results) and ``item_text``, an FTS5 table over the same rows holding
the names and descriptions in Swedish and English as :func:`~.stemming.normalise` writes
them. The tokenizer is ``unicode61 remove_diacritics 2`` (so ``for`` finds ``för`` and
``e`` ``é``), with prefix indexes of 2, 3 and 4 characters for fast prefix queries; and
``item_gram``, the same texts folded (:func:`~.stemming.fold`) under FTS5's ``trigram``
tokenizer, which finds any part of a word of three letters or more (compounds by their
parts).
How a query is answered is told in :mod:`samverkan.search.query`.

A rebuild writes a new file and moves it into place, so readers never see half an index;
``refresh_actor`` replaces one actor's rows in one transaction. The index is derived state:
when it is missing or of another schema version, :meth:`SearchIndex.ensure` rebuilds it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from samverkan.search.documents import CATALOGS, Document, read
from samverkan.search.query import BLOCK, Word, block, groups
from samverkan.search.results import Group, Results
from samverkan.search.stemming import fold, normalise, stem, words
from samverkan.storage import GraphLayout, Store

SCHEMA_VERSION = "4"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE item (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, actor TEXT NOT NULL,
  catalog TEXT NOT NULL, kinds TEXT NOT NULL, owner TEXT NOT NULL,
  label_sv TEXT NOT NULL, label_en TEXT NOT NULL, text_sv TEXT NOT NULL, text_en TEXT NOT NULL,
  folded TEXT NOT NULL, stemmed TEXT NOT NULL
);
CREATE INDEX item_actor ON item (actor);
CREATE VIRTUAL TABLE item_text USING fts5 (
  name_sv, name_en, text_sv, text_en,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE VIRTUAL TABLE item_gram USING fts5 (
  name_sv, name_en, text_sv, text_en, tokenize = 'trigram'
);
"""
DELETE_TEXT = "DELETE FROM item_text WHERE rowid IN (SELECT id FROM item WHERE actor = ?)"
DELETE_GRAMS = "DELETE FROM item_gram WHERE rowid IN (SELECT id FROM item WHERE actor = ?)"
LAST = "SELECT max(id) FROM item WHERE id BETWEEN ? AND ?"
#: At most this many words of a query are looked for; shorter words than MIN_WORD are not.
MAX_WORDS, MIN_WORD = 12, 2


class SearchIndex:
    """The full-text index of the federation's items, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def ensure(self, store: Store, layout: GraphLayout) -> None:
        """Build the index from the store unless a current one is in place."""
        if not self._current():
            self.rebuild(store, layout)

    def rebuild(self, store: Store, layout: GraphLayout) -> int:
        """Build the index anew from every actor's part; return the number of items."""
        documents = read(store, layout)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_name(f"{self.path.name}.{os.getpid()}.new")
        scratch.unlink(missing_ok=True)
        with closing(sqlite3.connect(scratch)) as connection, connection:
            connection.executescript(SCHEMA)
            connection.execute("INSERT INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
            _insert(connection, documents)
        os.replace(scratch, self.path)
        return len(documents)

    def refresh_actor(self, store: Store, layout: GraphLayout, actor: str) -> None:
        """Replace one actor's items with what the store now holds of its part.

        The store has changed already, so a failure here must not undo that: the index is
        removed instead, and the next search builds it anew.
        """
        try:
            if not self._current():
                self.rebuild(store, layout)
                return
            documents = read(store, layout, actor)
            with self._connect() as connection, connection:
                connection.execute(DELETE_TEXT, (actor,))
                connection.execute(DELETE_GRAMS, (actor,))
                connection.execute("DELETE FROM item WHERE actor = ?", (actor,))
                _insert(connection, documents)
        except (sqlite3.Error, OSError) as error:
            print(f"samverkan: search index dropped, to be rebuilt: {error}", file=sys.stderr)
            self.path.unlink(missing_ok=True)

    def search(self, text: str, per_group: int = 10) -> Results:
        """Return the items matching every word of ``text``, ranked, grouped by catalog."""
        started = time.perf_counter()
        found_words = query_words(text)
        terms = [word.stem for word in found_words]
        found: list[Group] = []
        if found_words:
            with self._connect() as connection:
                found = groups(connection, found_words, per_group)
        return Results(text, terms, found, time.perf_counter() - started)

    def dump(self) -> list[str]:
        """Return the index's content as SQL statements (to compare two builds)."""
        with self._connect() as connection:
            return list(connection.iterdump())

    def _current(self) -> bool:
        if not self.path.is_file():
            return False
        try:
            with self._connect() as connection:
                row = connection.execute("SELECT value FROM meta WHERE key = 'version'")
                found = row.fetchone()
        except sqlite3.Error:
            return False
        return found is not None and found[0] == SCHEMA_VERSION

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            yield connection
        finally:
            connection.close()


def query_terms(text: str) -> list[str]:
    """Return the stems a query looks for: its words, stemmed, each once, in order."""
    return [word.stem for word in query_words(text)]


def query_words(text: str) -> list[Word]:
    """Return the words a query looks for (stem and folded form), each stem once, in order."""
    unique: dict[str, Word] = {}
    for word in words(text)[: MAX_WORDS * 2]:
        stemmed = stem(word)
        if len(stemmed) >= MIN_WORD:
            unique.setdefault(stemmed, Word(stemmed, fold(word)))
    return list(unique.values())[:MAX_WORDS]


def _insert(connection: sqlite3.Connection, documents: list[Document]) -> None:
    """Add documents, numbering each after the last row of its catalog's block."""
    numbered = []
    for catalog in CATALOGS:
        first = block(catalog)
        found = connection.execute(LAST, (first, first + BLOCK - 1)).fetchone()[0]
        same = (d for d in documents if d.catalog == catalog)
        numbered += list(enumerate(same, start=(found or first - 1) + 1))
    connection.executemany(
        "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_item_row(number, document) for number, document in numbered),
    )
    connection.executemany(
        "INSERT INTO item_text (rowid, name_sv, name_en, text_sv, text_en) VALUES (?, ?, ?, ?, ?)",
        (_text_row(number, document) for number, document in numbered),
    )
    connection.executemany(
        "INSERT INTO item_gram (rowid, name_sv, name_en, text_sv, text_en) VALUES (?, ?, ?, ?, ?)",
        (_gram_row(number, document) for number, document in numbered),
    )


def _item_row(number: int, document: Document) -> tuple[int | str, ...]:
    """Return what the result list shows of an item (descriptions one per line), and its
    names folded and stemmed (one per line) for ranking."""
    texts = ("\n".join(document.texts.get(lang, [])) for lang in ("sv", "en"))
    labels = (document.label(lang) for lang in ("sv", "en"))
    kinds = " ".join(document.types)
    names = [document.label(lang) for lang in ("sv", "en")]
    folded = "\n".join(fold(name) for name in names)
    stemmed = "\n".join(normalise(name) for name in names)
    return (number, document.iri, document.actor, document.catalog, kinds, document.owner,
            *labels, *texts, folded, stemmed)  # fmt: skip


def _text_row(number: int, document: Document) -> tuple[int | str, ...]:
    """Return the item's names and descriptions by language, stemmed, for the index."""
    columns = (
        normalise(" ".join(values.get(lang, [])))
        for values in (document.names, document.texts)
        for lang in ("sv", "en")
    )
    return (number, *columns)


def _gram_row(number: int, document: Document) -> tuple[int | str, ...]:
    """Return the item's names and descriptions by language, folded, for the trigram index."""
    columns = (
        fold(" ".join(values.get(lang, [])))
        for values in (document.names, document.texts)
        for lang in ("sv", "en")
    )
    return (number, *columns)
