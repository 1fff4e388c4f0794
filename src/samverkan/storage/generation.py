"""The store's generation: a token that every write replaces, kept in the store itself.

Whatever reads the store can ask for the generation and know that an answer it made from the
store is still the store's answer while the generation is the same: the web layer ties its
``ETag`` to it (:mod:`samverkan.web.common.caching`). The token lives in the store's identity graph
(:mod:`.identity`) as the dataset's ``owl:versionInfo``, so every server process over one
store, embedded or remote, reads the same value::

    <urn:x-samverkan:store:identity> owl:versionInfo "5f0c2a9e41d7b3c8" .

Every write of :class:`~samverkan.storage.base.Store` (an accepted submission, a rollback, a
withdrawal, a load) ends with :func:`stamp`, in the same update request as the write itself,
so no reader sees the new data under the old generation. The token is random, not a counter:
two processes that write at once make two different tokens without reading each other's.
A store that records no identity yet is not stamped; its generation is None.
"""

from __future__ import annotations

import secrets

from rdflib import URIRef

from samverkan import rq
from samverkan.sparql_values import fill, iris, literal
from samverkan.storage.base import Store

#: Bytes of randomness in a token (as twice as many hexadecimal digits).
TOKEN_BYTES = 8


def stamp(identity_graph: URIRef) -> str:
    """Return the update that gives the store recording ``identity_graph`` a new generation."""
    token = secrets.token_hex(TOKEN_BYTES)
    template = rq.packaged("samverkan.storage", "stamp-generation")
    return fill(template, GRAPH=iris([identity_graph]), TOKEN=literal(token))


def current(store: Store) -> str | None:
    """Return the store's generation, or None when it records none (not built yet)."""
    query = rq.packaged("samverkan.storage", "generation")
    rows = store.select(query, {"graph": store.identity_graph}).rows
    tokens = sorted(str(row["generation"]) for row in rows)
    return "+".join(tokens) if tokens else None
