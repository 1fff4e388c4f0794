"""The folder a harvester reads: the PROF description and every part it names.

Layout (each file's artifact IRI is ``https://samverkan.example.org/def/spec/<path>``, the
same on every deployment; a server also serves it at its own ``<base>def/spec/<path>``)::

    specification.ttl          the specification described with PROF (PROF-INSPEC)
    samverkan.ttl              the ontology, a data vocabulary (RDFS-INSPEC)
    concepts/<list>.ttl        each controlled list, a terminology (SKOS-INSPEC)
    shapes.ttl                 the guideline shapes, the application profile (SHACL-INSPEC)
    diagram.svg                the model as a diagram (SVG-INSPEC)
    documentation.sv.html      the documentation, in Swedish and in English
    documentation.en.html
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, VANN

from samverkan.config import Settings
from samverkan.namespaces import INSPEC, SHAPES_IRI
from samverkan.specification import diagram, documentation
from samverkan.specification.profile import Part, describe
from samverkan.specification.sources import Sources, read_sources

PROFILE_FILE = "specification.ttl"
MEDIA_TYPES = {".ttl": "text/turtle", ".svg": "image/svg+xml", ".html": "text/html"}
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Package:
    """The specification's files by path, and its PROF description."""

    spec: URIRef
    profile: Graph
    parts: tuple[Part, ...]
    files: dict[str, bytes]

    def media_type(self, path: str) -> str:
        """Return the media type of the package's file ``path``."""
        return MEDIA_TYPES[Path(path).suffix]


def build_package(settings: Settings) -> Package:
    """Build the package from the project's files, under ``settings.base_iri``."""
    sources = read_sources(settings)
    graphs = _graph_parts(sources)
    parts = [part for part, _ in graphs] + [_diagram_part(), *_documentation_parts()]
    profile = describe(sources, parts)
    files = {part.path: _turtle(graph) for part, graph in graphs}
    svg = diagram.draw(diagram.read_model(sources.merged(), sources.ontology))
    files["diagram.svg"] = svg.encode("utf-8")
    for lang in LANGUAGES:
        page = documentation.render(sources, profile, parts, svg, lang)
        files[f"documentation.{lang}.html"] = page.encode("utf-8")
    files[PROFILE_FILE] = _turtle(profile)
    return Package(sources.spec, profile, tuple(parts), files)


def write_package(package: Package, out: Path) -> list[Path]:
    """Write every file of ``package`` under ``out``; return the paths written."""
    written = []
    for path, body in sorted(package.files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        written.append(target)
    return written


def _graph_parts(sources: Sources) -> list[tuple[Part, Graph]]:
    """Return the parts that are RDF: vocabulary, terminologies, application profile."""
    vocabulary = sources.vocabulary
    ontology = sources.ontology
    found = [
        (
            Part(
                key="vocabulary",
                path=f"{str(ontology).rpartition('/')[2]}.ttl",
                media_type="text/turtle",
                title=_titles(vocabulary, ontology, DCTERMS.title),
                roles=("schema", "vocabulary"),
                conforms_to=INSPEC.RDFS,
                subject=ontology,
                namespace=str(vocabulary.value(ontology, VANN.preferredNamespaceUri) or ""),
            ),
            vocabulary,
        )
    ]
    for scheme, graph in sources.terminologies.items():
        found.append((_terminology(scheme, graph), graph))
    found.append((_application_profile(sources), sources.shapes))
    return found


def _terminology(scheme: URIRef, graph: Graph) -> Part:
    slug = str(scheme).rpartition("/")[2]
    return Part(
        key=f"terminology-{slug}",
        path=f"concepts/{slug}.ttl",
        media_type="text/turtle",
        title=_titles(graph, scheme, SKOS.prefLabel),
        roles=("vocabulary",),
        conforms_to=INSPEC.SKOS,
        subject=scheme,
    )


def _application_profile(sources: Sources) -> Part:
    document = SHAPES_IRI
    return Part(
        key="application-profile",
        path="shapes.ttl",
        media_type="text/turtle",
        title=_titles(sources.shapes, document, DCTERMS.title),
        roles=("constraints", "validation"),
        conforms_to=INSPEC.SHACL,
    )


def _diagram_part() -> Part:
    return Part(
        key="diagram",
        path="diagram.svg",
        media_type="image/svg+xml",
        title={"sv": "Översiktsbild av modellen", "en": "Diagram of the model"},
        roles=("specification",),
        conforms_to=INSPEC.SVG,
    )


def _documentation_parts() -> list[Part]:
    names = {"sv": ("svenska", "Swedish"), "en": ("engelska", "English")}
    return [
        Part(
            key=f"documentation-{lang}",
            path=f"documentation.{lang}.html",
            media_type="text/html",
            title={
                "sv": f"Dokumentation på {names[lang][0]}",
                "en": f"Documentation in {names[lang][1]}",
            },
            roles=("specification", "guidance"),
            language=lang,
        )
        for lang in LANGUAGES
    ]


def _titles(graph: Graph, subject: URIRef, predicate: URIRef) -> dict[str, str]:
    titles = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language:
            titles[value.language] = str(value)
    return titles


def _turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")
