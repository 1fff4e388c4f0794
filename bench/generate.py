"""Generate a synthetic federation in Samverkan's ontology, deterministic from a seed.

Shaped like the example federation: one coordinating actor owns the life situations, life
events, customer roles and the four catalogs; every other actor has processes realising
those events, activities, concepts → information → data with schemas, services at the three
levels, information exchanges with other actors, and catalog entries, all labelled and
described in Swedish and English. About 1 030 triples per actor::

    python bench/generate.py --triples 100000 --out bench/work/federation-100k.nq

Each actor's part is its own named graph, as in the store.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from samverkan import namespaces

BASE = "https://samverkan.example.org/"
SAM = str(namespaces.SAM)
CONCEPTS = str(namespaces.SAMK)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
PRIMARY_TOPIC = ox.NamedNode("http://xmlns.com/foaf/0.1/primaryTopic")
FORMAT = ox.NamedNode("http://purl.org/dc/terms/format")
TRIPLES_PER_ACTOR = 1030
SITUATIONS, EVENTS_PER_SITUATION = 10, 5  # the hub's life situations, events in each
WORDS = (
    "barn",
    "flytt",
    "företag",
    "skatt",
    "bostad",
    "skola",
    "vård",
    "pension",
    "arbete",
    "adress",
    "förälder",
    "bidrag",
    "registrering",
    "ansökan",
    "beslut",
    "intyg",
    "anmälan",
    "tillstånd",
    "avgift",
    "ersättning",
)


def sam(name: str) -> ox.NamedNode:
    return ox.NamedNode(SAM + name)


def concept(scheme: str, code: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CONCEPTS}{scheme}/{code}")


@dataclass
class Writer:
    """Collects the quads of one actor's graph."""

    slug: str
    random: random.Random
    quads: list[ox.Quad]

    @property
    def graph(self) -> ox.NamedNode:
        return ox.NamedNode(f"{BASE}graph/actor/{self.slug}")

    @property
    def actor(self) -> ox.NamedNode:
        return ox.NamedNode(f"{BASE}id/{self.slug}")

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def item(self, kind: str, local: str, cls: str, name: str) -> ox.NamedNode:
        """Add a described item owned by this actor and return its IRI."""
        iri = ox.NamedNode(f"{BASE}id/{self.slug}/{kind}/{local}")
        words = " ".join(self.random.sample(WORDS, 2))
        self.add(iri, RDF_TYPE, sam(cls))
        self.add(iri, sam("owner"), self.actor)
        self.add(iri, LABEL, ox.Literal(f"{name} {words} ({self.slug})", language="sv"))
        self.add(iri, LABEL, ox.Literal(f"{name} {words} ({self.slug}) en", language="en"))
        self.add(iri, DESCRIPTION, ox.Literal(f"Beskrivning av {name} {words}.", language="sv"))
        self.add(iri, DESCRIPTION, ox.Literal(f"Description of {name} {words}.", language="en"))
        return iri

    def entry(self, item: ox.NamedNode, catalog: str) -> None:
        """List ``item`` in one of the coordinating actor's catalogs."""
        entry = ox.NamedNode(f"{item.value}/entry")
        self.add(entry, RDF_TYPE, sam("CatalogEntry"))
        self.add(entry, PRIMARY_TOPIC, item)
        self.add(entry, sam("listedIn"), ox.NamedNode(f"{BASE}id/hub/catalog/{catalog}"))
        self.add(entry, sam("owner"), self.actor)


def hub(rng: random.Random) -> Writer:
    """The coordinating actor: life situations, events, customer roles, catalogs."""
    w = Writer("hub", rng, [])
    _actor(w, "agency")
    for s in range(SITUATIONS):
        situation = w.item("life-situation", f"s{s}", "LifeSituation", f"Livssituation {s}")
        for e in range(EVENTS_PER_SITUATION):
            kind = "BusinessEvent" if e == 0 else "LifeEvent"
            event = w.item("life-event", f"s{s}e{e}", kind, f"Livshändelse {s}.{e}")
            w.add(event, sam("partOfLifeSituation"), situation)
    for code in ("citizen", "company"):
        customer = w.item("customer", code, "Customer", f"Kund {code}")
        w.add(customer, sam("actorKind"), concept("actor-kind", code))
    for name, cls in (
        ("process", "ProcessCatalog"),
        ("exchange", "InformationExchangeCatalog"),
        ("service", "ServiceCatalog"),
        ("assignment", "AssignmentCatalog"),
    ):
        w.item("catalog", name, cls, f"Katalog {name}")
    return w


def _actor(w: Writer, kind: str) -> None:
    w.add(w.actor, RDF_TYPE, sam("PublicActor" if kind != "private" else "PrivateActor"))
    w.add(w.actor, sam("owner"), w.actor)
    w.add(w.actor, sam("actorKind"), concept("actor-kind", kind))
    w.add(w.actor, LABEL, ox.Literal(f"Aktör {w.slug}", language="sv"))
    w.add(w.actor, LABEL, ox.Literal(f"Actor {w.slug}", language="en"))
    w.add(w.actor, DESCRIPTION, ox.Literal(f"Aktören {w.slug}.", language="sv"))
    w.add(w.actor, DESCRIPTION, ox.Literal(f"The actor {w.slug}.", language="en"))


def member(index: int, actors: int, rng: random.Random) -> Writer:
    """One ordinary actor with complete chains in all three columns."""
    w = Writer(f"a{index}", rng, [])
    _actor(w, rng.choice(("agency", "municipality", "region", "private")))
    channel = w.item("channel", "web", "Channel", "Webb")
    w.add(channel, sam("channelKind"), concept("channel-kind", "digital"))
    information = _information_column(w)
    activities = _process_column(w, information)
    realised = _service_column(w, information, activities, channel)
    _exchanges(w, index, actors, information, realised)
    return w


def _process_column(w: Writer, information: list[ox.NamedNode]) -> list[ox.NamedNode]:
    activities = []
    for p in range(10):
        situation, event_number = (
            w.random.randrange(SITUATIONS),
            w.random.randrange(EVENTS_PER_SITUATION),
        )
        event = f"{BASE}id/hub/life-event/s{situation}e{event_number}"
        process = w.item("process", f"p{p}", "Process", f"Process {p}")
        w.add(process, sam("realisesEvent"), ox.NamedNode(event))
        w.entry(process, "process")
        for a in range(4):
            activity = w.item("activity", f"p{p}a{a}", "Activity", f"Aktivitet {p}.{a}")
            w.add(activity, sam("partOfProcess"), process)
            w.add(activity, sam("usesInformation"), w.random.choice(information))
            activities.append(activity)
    return activities


def _information_column(w: Writer) -> list[ox.NamedNode]:
    schemas = []
    for s in range(5):
        schema = w.item("schema", f"x{s}", "DataSchema", f"Schema {s}")
        w.add(
            schema,
            FORMAT,
            ox.NamedNode("http://www.iana.org/assignments/media-types/application/xml"),
        )
        schemas.append(schema)
    information = []
    for c in range(10):
        concept_iri = w.item("concept", f"c{c}", "Concept", f"Begrepp {c}")
        info = w.item("information", f"i{c}", "Information", f"Information {c}")
        w.add(info, sam("representsConcept"), concept_iri)
        w.entry(info, "exchange")
        information.append(info)
    for d in range(15):
        data = w.item("data", f"d{d}", "DataElement", f"Data {d}")
        w.add(data, sam("realisesInformation"), information[d % len(information)])
        w.add(data, sam("schema"), schemas[d % len(schemas)])
    return information


def _service_column(
    w: Writer,
    information: list[ox.NamedNode],
    activities: list[ox.NamedNode],
    channel: ox.NamedNode,
) -> list[ox.NamedNode]:
    levels = (("ConceptualService", 2), ("LogicalService", 4), ("RealisedService", 6))
    above: list[ox.NamedNode] = []
    realised: list[ox.NamedNode] = []
    for cls, count in levels:
        current = []
        for n in range(count):
            service = w.item("service", f"{cls[0].lower()}{n}", cls, f"Tjänst {cls[0]}{n}")
            w.add(service, sam("serviceType"), concept("service-type", "agency-specific"))
            w.add(service, sam("channel"), channel)
            if above:
                w.add(service, sam("realisesService"), above[n % len(above)])
            w.entry(service, "service")
            current.append(service)
        above = current
    for n, service in enumerate(above):
        w.add(service, sam("supports"), activities[n * 3 % len(activities)])
        w.add(service, sam("carriesInformation"), information[n % len(information)])
        w.add(service, sam("schema"), ox.NamedNode(f"{BASE}id/{w.slug}/schema/x{n % 5}"))
        realised.append(service)
    return realised


def _exchanges(
    w: Writer,
    index: int,
    actors: int,
    information: list[ox.NamedNode],
    realised: list[ox.NamedNode],
) -> None:
    for e in range(5):
        other = (index + 1 + w.random.randrange(max(actors - 1, 1))) % actors  # sender ≠ receiver
        receiver = ox.NamedNode(f"{BASE}id/a{other}")
        exchange = w.item("exchange", f"e{e}", "InformationExchange", f"Utbyte {e}")
        w.add(exchange, sam("sender"), w.actor)
        w.add(exchange, sam("receiver"), receiver)
        w.add(exchange, sam("carriesInformation"), information[e])
        w.add(exchange, sam("exchangeRealisedBy"), realised[e % len(realised)])
        w.add(exchange, sam("schema"), ox.NamedNode(f"{BASE}id/{w.slug}/schema/x{e}"))
        w.entry(exchange, "exchange")


def federation(triples: int, seed: int = 2014) -> Iterator[Writer]:
    """Yield the actors' parts of a federation of about ``triples`` triples."""
    rng = random.Random(seed)
    actors = max(2, round(triples / TRIPLES_PER_ACTOR))
    yield hub(rng)
    for index in range(actors):
        yield member(index, actors, rng)


def write(triples: int, out: Path, seed: int = 2014) -> int:
    """Write the federation as N-Quads to ``out``; return the number of quads."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("wb") as sink:
        for part in federation(triples, seed):
            ox.serialize(part.quads, sink, format=ox.RdfFormat.N_QUADS)
            count += len(part.quads)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(f"{write(args.triples, args.out, args.seed)} quads in {args.out}")


if __name__ == "__main__":
    main()
