"""The specification packaged per DIGG's Interoperable Specifications profile (INSPEC).

``samverkan publish spec --out DIR`` writes, and the server publishes under ``/def/spec``,
one folder that a harvester such as Sweden's data portal can read: the specification
resource described with the Profiles Vocabulary (PROF-INSPEC), the ontology as a data
vocabulary (RDFS-INSPEC), each controlled list as a terminology (SKOS-INSPEC), the guideline
shapes as the application profile (SHACL-INSPEC), an SVG diagram of the model (SVG-INSPEC)
and the HTML documentation in Swedish and English. The INSPEC rules that a machine can check
are SHACL shapes in ``rules/`` and cross-checks in :mod:`~samverkan.specification.conformance`.

Rules: https://github.com/diggsweden/interoperable-specifications (docs/rules.md, 1.1.1).
"""

from samverkan.specification.package import Package, build_package, write_package

__all__ = ["Package", "build_package", "write_package"]
