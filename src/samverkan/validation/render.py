"""Write a validation report as text for people, JSON for scripts, or SHACL Turtle."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from samverkan.validation.report import Report, Result, Severity

_HEADINGS = {"sv": "Regel", "en": "Rule"}
_NO_RULE = {"sv": "Utan regel", "en": "No rule"}


def rule_titles(ontology: Graph, lang: str) -> dict[str, str]:
    """Return each guideline rule's short name in ``lang``, from the concept scheme."""
    titles: dict[str, str] = {}
    for concept, label in ontology.subject_objects(SKOS.prefLabel):
        # Under any base: the ontology may come from a deployment's store.
        if "/def/concepts/guideline-rule/" not in str(concept):
            continue
        code = str(concept).rsplit("/", 1)[-1]
        if isinstance(label, Literal) and (label.language == lang or code not in titles):
            titles[code] = str(label)
    return titles


def as_text(report: Report, lang: str, titles: dict[str, str]) -> str:
    """Return the report grouped by rule, each result with focus, path, value and message."""
    lines = []
    for rule, results in report.by_rule().items():
        heading = f"{_HEADINGS.get(lang, 'Rule')} {rule}" if rule else _NO_RULE.get(lang, "No rule")
        if rule in titles:
            heading += f": {titles[rule]}"
        lines += [heading, "=" * len(heading)]
        lines += [_result_text(result, lang, report) for result in results]
    lines.append(_summary(report, lang))
    return "\n".join(lines) + "\n"


def _result_text(result: Result, lang: str, report: Report) -> str:
    parts = [f"  {result.severity.value:<9} {_show(result.focus, report, lang)}"]
    if result.path:
        parts.append(f"            path:    {result.path}")
    if result.value is not None:
        parts.append(f"            value:   {_show(result.value, report, lang)}")
    parts.append(f"            message: {result.text(lang)}")
    return "\n".join(parts)


def _show(term: Node, report: Report, lang: str) -> str:
    """Write a term as the text report shows it: an IRI by its label and IRI."""
    if not isinstance(term, URIRef):
        return term.n3()
    written = report.graph.namespace_manager.normalizeUri(term)
    label = report.label(term, lang)
    return f"{json.dumps(label, ensure_ascii=False)} {written}" if label else written


def _summary(report: Report, lang: str) -> str:
    counts = {s: len(report.of_severity(s)) for s in Severity}
    if lang == "sv":
        verdict = "uppfyller reglerna" if report.conforms else "uppfyller INTE reglerna"
        return (
            f"{counts[Severity.VIOLATION]} överträdelser, {counts[Severity.WARNING]} varningar, "
            f"{counts[Severity.INFO]} tips: {verdict}"
        )
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (
        f"{counts[Severity.VIOLATION]} violations, {counts[Severity.WARNING]} warnings, "
        f"{counts[Severity.INFO]} infos: {verdict}"
    )


def as_json(report: Report, lang: str) -> str:
    """Return a compact JSON document for scripts."""
    document: dict[str, Any] = {
        "conforms": report.conforms,
        "counts": {s.value: len(report.of_severity(s)) for s in Severity},
        "results": [_result_json(result, report, lang) for result in report.by_rule_flat()],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _result_json(result: Result, report: Report, lang: str) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "severity": result.severity.value,
        "focusNode": str(result.focus),
        "focusLabel": report.label(result.focus, lang),
        "path": result.path,
        "value": None if result.value is None else str(result.value),
        "valueLabel": report.label(result.value, lang),
        "message": result.text(lang),
        "messages": result.message,
        "shape": str(result.shape),
    }


def as_turtle(report: Report) -> str:
    """Return the SHACL validation report graph as Turtle."""
    return report.graph.serialize(format="turtle")
