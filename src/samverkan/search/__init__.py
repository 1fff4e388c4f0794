"""Full-text search over every catalog: an SQLite FTS5 index beside the store."""

from __future__ import annotations

from pathlib import Path

from samverkan.config import Settings
from samverkan.search.index import SearchIndex, query_terms
from samverkan.search.query import match_expression
from samverkan.search.results import Group, Hit, Results, marked, snippet

__all__ = [
    "Group",
    "Hit",
    "Results",
    "SearchIndex",
    "for_settings",
    "index_path",
    "marked",
    "match_expression",
    "query_terms",
    "snippet",
]


def index_path(settings: Settings) -> Path:
    """Return where the index of a deployment lives: ``search.sqlite`` beside the store."""
    return settings.state_dir / "search.sqlite"


def for_settings(settings: Settings) -> SearchIndex:
    """Return the search index of a deployment."""
    return SearchIndex(index_path(settings))
