"""The metamodel's classes, named once in code: each constant is a class of the ontology.

Code that means a class of ``ontology/samverkan.ttl`` names it here, never as a bare string;
``tests/test_metamodel.py`` checks that every constant is a class of the ontology, and that
:data:`CATALOGS` are the ontology's catalog classes. :data:`CATALOGS` is the one list of the
federation's four catalogs: their listings' paths, their classes and the kinds of items
each lists (the catalog pages, the DCAT-AP and VoID descriptions, the search's groups and
the submission workflow read it).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from samverkan.namespaces import SAM
from samverkan.sparql_values import iris

# The process column, top (why?) to bottom, and what frames it.
LIFE_SITUATION = SAM.LifeSituation
LIFE_EVENT = SAM.LifeEvent
BUSINESS_EVENT = SAM.BusinessEvent
CUSTOMER_FLOW = SAM.CustomerFlow
CONCEPTUAL_PROCESS = SAM.ConceptualProcess
CUSTOMER_ACTION = SAM.CustomerAction
COLLABORATION_AREA = SAM.CollaborationArea
COLLABORATION_PROCESS = SAM.CollaborationProcess
PROCESS = SAM.Process
ACTIVITY = SAM.Activity
CUSTOMER_VALUE = SAM.CustomerValue
# The information column, and the exchanges between actors.
CONCEPT = SAM.Concept
INFORMATION = SAM.Information
DATA_ELEMENT = SAM.DataElement
DATA_SCHEMA = SAM.DataSchema
SCHEMA_MAPPING = SAM.SchemaMapping
INFORMATION_EXCHANGE = SAM.InformationExchange
# The service column.
SERVICE = SAM.Service
CONCEPTUAL_SERVICE = SAM.ConceptualService
LOGICAL_SERVICE = SAM.LogicalService
REALISED_SERVICE = SAM.RealisedService
PUBLIC_SERVICE = SAM.PublicService
CHANNEL = SAM.Channel
SYSTEM = SAM.System
# Assignments, rules, actors and what holds the rest.
DEVELOPMENT_INITIATIVE = SAM.DevelopmentInitiative
SCORECARD = SAM.Scorecard
REGULATION = SAM.Regulation
REQUIREMENT = SAM.Requirement
ACTOR = SAM.Actor
FEDERATION_ITEM = SAM.FederationItem
CATALOG = SAM.Catalog
PROCESS_CATALOG = SAM.ProcessCatalog
INFORMATION_EXCHANGE_CATALOG = SAM.InformationExchangeCatalog
SERVICE_CATALOG = SAM.ServiceCatalog
ASSIGNMENT_CATALOG = SAM.AssignmentCatalog
CATALOG_ENTRY = SAM.CatalogEntry

#: Every class named above.
CLASSES: tuple[URIRef, ...] = tuple(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, URIRef)
)


@dataclass(frozen=True)
class CatalogKind:
    """One of the federation's catalogs: where its listing is, its class, what it lists."""

    #: The path segment of its listing, ``/catalogs/<slug>``.
    slug: str
    #: Its class (a sub-class of ``sam:Catalog``).
    cls: URIRef
    #: The kinds of items it lists (with their sub-classes), as the ontology defines it.
    lists: tuple[URIRef, ...]


#: The federation's catalogs, in the order pages show them.
CATALOGS: tuple[CatalogKind, ...] = (
    CatalogKind("process", PROCESS_CATALOG, (CONCEPTUAL_PROCESS, PROCESS, COLLABORATION_PROCESS)),
    CatalogKind(
        "information-exchange", INFORMATION_EXCHANGE_CATALOG, (INFORMATION, INFORMATION_EXCHANGE)
    ),
    CatalogKind("service", SERVICE_CATALOG, (SERVICE,)),
    CatalogKind("assignment", ASSIGNMENT_CATALOG, (DEVELOPMENT_INITIATIVE, SCORECARD)),
)


def catalog_classes() -> str:
    """Return the catalogs' classes as the rows of a query's ``VALUES`` block."""
    return iris(kind.cls for kind in CATALOGS)


def local(term: URIRef) -> str:
    """Return the local name of a term of the vocabulary (``sam:LifeEvent`` is ``LifeEvent``)."""
    return str(term)[len(str(SAM)) :] if str(term).startswith(str(SAM)) else str(term)
