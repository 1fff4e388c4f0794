"""The ontology as the pages know it: read from the store once per app."""

from __future__ import annotations

from samverkan.presentation.ontology import Ontology, build
from samverkan.web.common.services import services


def ontology() -> Ontology:
    """Return the current app's ontology model, reading it from the store the first time."""
    cache = services().cache
    found = cache.get("ontology")
    if not isinstance(found, Ontology):
        found = build(services().store.graph(services().layout.ontology))
        cache["ontology"] = found
    return found
