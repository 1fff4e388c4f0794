"""The ontology as the pages know it: read from the store once per app."""

from __future__ import annotations

from samverkan.presentation.ontology import Ontology
from samverkan.web.common.services import services


def ontology() -> Ontology:
    """Return the current app's ontology model (:attr:`Services.ontology`)."""
    return services().ontology
