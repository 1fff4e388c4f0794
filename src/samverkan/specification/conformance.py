"""Check a package against the INSPEC rules a machine can check.

Three kinds of check, each finding naming its rule: the SHACL rule sets in ``rules/``
(``prof.ttl`` on the description, and ``rdfs.ttl``, ``skos.ttl`` or ``shacl.ttl`` on each
part by what it conforms to); the rules that relate the description to its parts (every
artifact present, DV-6, TE-5, AP-2, PROF-9, ENRICH-3); and SVG-INSPEC on the diagram.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROF, RDF, RDFS, SH, SKOS, VANN
from rdflib.term import Node

from samverkan.namespaces import INSPEC
from samverkan.specification import terms
from samverkan.specification.diagram import element_id
from samverkan.specification.package import PROFILE_FILE, Package

#: The rule set for each kind of part, by what the part conforms to.
RULE_SETS = {INSPEC.RDFS: "rdfs.ttl", INSPEC.SKOS: "skos.ttl", INSPEC.SHACL: "shacl.ttl"}
#: The kinds of entity an element of an SVG-INSPEC diagram may stand for (rule SVG-2).
SVG_TYPES = {
    "foundational",
    "application-profile",
    "diagram",
    "data-vocabulary",
    "class",
    "property",
    "node-shape",
    "property-shape",
    "concept",
    "terminology",
    "concept-collection",
}
XLINK = "{http://www.w3.org/1999/xlink}href"
_RULE = re.compile(r"^([A-Z]+(?:-\d+)?):")


@dataclass(frozen=True)
class Finding:
    """A rule that a file of the package breaks, where and how."""

    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def check(package: Package) -> list[Finding]:
    """Return every rule the package breaks (an empty list when it conforms)."""
    findings = validate(package.profile, "prof.ttl", PROFILE_FILE)
    for part in package.parts:
        if part.conforms_to in RULE_SETS:
            data = Graph().parse(data=package.files[part.path], format="turtle")
            findings += validate(data, RULE_SETS[part.conforms_to], part.path)
    findings += cross_check(package)
    findings += check_svg(package.files["diagram.svg"].decode("utf-8"), "diagram.svg")
    return findings


@cache
def rules(name: str) -> Graph:
    """Return the rule set ``rules/<name>``."""
    text = (resources.files("samverkan.specification") / "rules" / name).read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def validate(data: Graph, rule_set: str, where: str) -> list[Finding]:
    """Validate ``data`` against one rule set; return a finding per result."""
    _, report, _ = pyshacl.validate(
        data, shacl_graph=rules(rule_set), advanced=True, inference="none"
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = str(report.value(result, SH.resultMessage) or "")
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        about = f" ({focus}{' → ' + str(value) if value is not None else ''})"
        found = _RULE.match(message)
        findings.append(Finding(found.group(1) if found else "?", where, message + about))
    return sorted(findings, key=str)


def cross_check(package: Package) -> list[Finding]:
    """Check the rules that relate the description to its parts."""
    return [
        *_artifacts(package),
        *_subjects(package, INSPEC.RDFS, OWL.Ontology, "DV-6"),
        *_subjects(package, INSPEC.SKOS, SKOS.ConceptScheme, "TE-5"),
        *_profile_resource(package),
        *_used_parts(package),
        *_introduced(package),
    ]


def _own_parts(package: Package, conforms_to: URIRef) -> list[tuple[URIRef, str]]:
    """Return (descriptor, file path) of the parts that conform to ``conforms_to``."""
    prefix = f"{package.spec}/"
    found = []
    for node in package.profile.subjects(DCTERMS.conformsTo, conforms_to):
        for artifact in package.profile.objects(node, PROF.hasArtifact):
            if isinstance(node, URIRef) and str(artifact).startswith(prefix):
                found.append((node, str(artifact)[len(prefix) :]))
    return found


def _graph(package: Package, path: str) -> Graph:
    return Graph().parse(data=package.files[path], format="turtle")


def _artifacts(package: Package) -> list[Finding]:
    prefix = f"{package.spec}/"
    return [
        Finding("PROF-2", str(artifact), f"the package has no file {str(artifact)[len(prefix) :]}")
        for artifact in package.profile.objects(None, PROF.hasArtifact)
        if str(artifact).startswith(prefix) and str(artifact)[len(prefix) :] not in package.files
    ]


def _subjects(package: Package, kind: URIRef, resource: URIRef, rule: str) -> list[Finding]:
    """Check that each part's dct:subject is the one ``resource`` of its dataset."""
    findings = []
    for node, path in _own_parts(package, kind):
        declared = set(_graph(package, path).subjects(RDF.type, resource))
        subject = package.profile.value(node, DCTERMS.subject)
        if {subject} != declared:
            findings.append(
                Finding(
                    rule,
                    path,
                    f"{rule}: dct:subject {subject} is not the {resource} "
                    f"of the dataset ({', '.join(map(str, declared)) or 'none'})",
                )
            )
    return findings


def _profile_resource(package: Package) -> list[Finding]:
    findings = []
    for _, path in _own_parts(package, INSPEC.SHACL):
        declared = set(_graph(package, path).subjects(RDF.type, PROF.Profile))
        if declared != {package.spec}:
            findings.append(
                Finding(
                    "AP-2",
                    path,
                    f"AP-2: the application profile resource must be the "
                    f"specification {package.spec}, not {sorted(map(str, declared))}",
                )
            )
    return findings


def _used_parts(package: Package) -> list[Finding]:
    """PROF-9: every vocabulary and terminology the public shapes use is a part."""
    namespaces = [
        str(n)
        for n in package.profile.objects(None, VANN.preferredNamespaceUri)
        if isinstance(n, Literal)
    ]
    schemes = set(package.profile.objects(None, DCTERMS.subject))
    findings = []
    for _, path in _own_parts(package, INSPEC.SHACL):
        shapes = _graph(package, path)
        public = terms.public_shapes(shapes)
        for term in sorted(set(terms.named_by(shapes, public))):
            if not any(str(term).startswith(n) for n in namespaces):
                findings.append(
                    Finding("PROF-9", path, f"PROF-9: no part is the vocabulary of {term}")
                )
        for value in sorted(terms.values_named(shapes, public)):
            if not _in_listed_scheme(package, value, schemes):
                findings.append(
                    Finding("PROF-9", path, f"PROF-9: no part is the terminology of {value}")
                )
    return findings


def _in_listed_scheme(package: Package, concept: URIRef, schemes: set[Node]) -> bool:
    for _, path in _own_parts(package, INSPEC.SKOS):
        graph = _graph(package, path)
        if any(s in schemes for s in graph.objects(concept, SKOS.inScheme)):
            return True
    return False


def _introduced(package: Package) -> list[Finding]:
    """ENRICH-3: every class and property of the vocabulary is listed as introduced."""
    listed = set(package.profile.objects(package.spec, INSPEC.introduces))
    findings = []
    for node, path in _own_parts(package, INSPEC.RDFS):
        ontology = package.profile.value(node, DCTERMS.subject)
        defined = set(_graph(package, path).subjects(RDFS.isDefinedBy, ontology))
        findings += [
            Finding("ENRICH-3", path, f"ENRICH-3: {term} is not listed with inspec:introduces")
            for term in sorted(defined - listed, key=str)
        ]
    return findings


def check_svg(svg: str, where: str) -> list[Finding]:
    """Check SVG-INSPEC's rules SVG-1 to SVG-3 (and that the file is well-formed)."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        return [Finding("SVG", where, f"SVG: not well-formed XML: {error}")]
    findings = []
    for element in root.iter():
        kinds = element.get("data-inspec-type")
        if kinds is None:
            continue
        href = element.get("href") or element.get(XLINK)
        if not href:
            findings.append(
                Finding("SVG-1", where, f"SVG-1: an element of type {kinds} has no href")
            )
        unknown = {k.strip() for k in kinds.split(",")} - SVG_TYPES
        if unknown:
            findings.append(
                Finding("SVG-2", where, f"SVG-2: unknown data-inspec-type {sorted(unknown)}")
            )
        ident = element.get("id")
        if href and ident and ident.startswith("d_") and ident != element_id(href):
            findings.append(Finding("SVG-3", where, f"SVG-3: id {ident} is not d_ + md5 of {href}"))
    return findings
