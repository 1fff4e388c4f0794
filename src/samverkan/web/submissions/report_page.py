"""The validation report as a page for people: a summary first, then the results, filtered
and a page at a time; and the results as CSV for a spreadsheet.

The summary counts the results of each rule by severity. Below it the results come in the
report's order (by rule, then severity, then focus node), narrowed by ``?severity=``,
``?rule=`` and ``?item=`` (a part of the focus node's IRI, any case), at most
:data:`~samverkan.web.common.paging.ROWS` to a page (``?page=``), and grouped under their rule's
heading. Only the shown page's results are labelled and rendered, so that a report of
thousands of results answers as fast as a short one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask import request
from rdflib import Graph

from samverkan.errors import InputError
from samverkan.messages import message
from samverkan.validation import Report, Result, Severity
from samverkan.web.common import language
from samverkan.web.common.language import pick
from samverkan.web.common.paging import Page, page_of
from samverkan.web.common.vocabulary import ontology
from samverkan.web.submissions.shown import Shown, shown

#: The columns of the CSV form, one result a row.
CSV_COLUMNS = ("rule", "severity", "focusNode", "path", "value", "message", "shape")
#: The text of results without a rule, in ``?rule=`` and the CSV.
NO_RULE = "none"


@dataclass(frozen=True)
class ResultView:
    """One result as the report page shows it."""

    severity: str
    focus: Shown | None
    path: str | None
    value: Shown | None
    message: str


def view(result: Result, report: Report, names: Graph, lang: str) -> ResultView:
    """Return one result for the page, its terms labelled from ``names`` (or the report)."""
    return ResultView(
        severity=result.severity.value,
        focus=shown(result.focus, names, lang, report),
        path=result.path,
        value=shown(result.value, names, lang, report),
        message=result.text(lang),
    )


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the results to (empty: everything)."""

    severity: str = ""
    rule: str = ""
    item: str = ""

    def keeps(self, result: Result) -> bool:
        """Say whether ``result`` passes the filters."""
        if self.severity and result.severity.value != self.severity:
            return False
        if self.rule and (result.rule or NO_RULE) != self.rule:
            return False
        return not self.item or self.item.casefold() in str(result.focus).casefold()

    @property
    def active(self) -> bool:
        """Say whether any filter is set."""
        return bool(self.severity or self.rule or self.item)


@dataclass(frozen=True)
class SummaryRow:
    """One rule's results, counted by severity."""

    rule: str
    heading: str
    counts: dict[str, int]


@dataclass(frozen=True)
class ReportPage:
    """Everything the report page shows of the results."""

    summary: list[SummaryRow]
    filters: Filters
    page: Page[Result]
    groups: list[tuple[str, list[ResultView]]]
    rules: list[tuple[str, str]]
    addressable: bool


def filters() -> Filters:
    """Read the filters from the request, refusing a severity that does not exist."""
    severity = request.args.get("severity", "").strip()
    if severity and severity not in {s.value for s in Severity}:
        known = ", ".join(s.value for s in Severity)
        raise InputError(message("report_severity_unknown", known=known, severity=severity))
    rule = request.args.get("rule", "").strip()
    return Filters(severity, rule, request.args.get("item", "").strip()[:500])


def report_page(report: Report, names: Graph, lang: str) -> ReportPage:
    """Return the summary, and the page of filtered results the request asks for."""
    headings = _headings(report, lang)
    chosen = filters() if request.method == "GET" else Filters()
    kept = [r for r in report.by_rule_flat() if chosen.keeps(r)]
    page = page_of(kept)
    groups: dict[str, list[ResultView]] = {}
    for result in page.rows:
        groups.setdefault(headings[result.rule], []).append(view(result, report, names, lang))
    return ReportPage(
        summary=_summary(report, headings),
        filters=chosen,
        page=page,
        groups=list(groups.items()),
        rules=[(rule or NO_RULE, heading) for rule, heading in headings.items()],
        addressable=request.method == "GET",
    )


def _headings(report: Report, lang: str) -> dict[str | None, str]:
    """Return each rule's heading, in the report's order of rules."""
    titles = rule_titles(lang)
    headings = {}
    for rule in report.by_rule():
        heading = (
            f"{language.text('rule', lang)} {rule}" if rule else language.text("no_rule", lang)
        )
        headings[rule] = f"{heading}: {titles[rule]}" if rule in titles else heading
    return headings


def rule_titles(lang: str) -> dict[str, str]:
    """Return each guideline rule's short name in ``lang``, from the cached ontology (what
    :func:`samverkan.validation.render.rule_titles` reads from the ontology graph)."""
    titles = {}
    for term, labels in ontology().labels.items():
        if "/def/concepts/guideline-rule/" in str(term):
            found = pick(labels, lang)
            if found is not None:
                titles[str(term).rsplit("/", 1)[-1]] = str(found)
    return titles


def _summary(report: Report, headings: dict[str | None, str]) -> list[SummaryRow]:
    rows = []
    for rule, results in report.by_rule().items():
        counts = {s.value: 0 for s in Severity}
        for result in results:
            counts[result.severity.value] += 1
        rows.append(SummaryRow(rule or NO_RULE, headings[rule], counts))
    return rows


def as_csv(report: Report, lang: str) -> str:
    """Return the results as CSV (RFC 4180), one a row, in the report's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.by_rule_flat():
        value = "" if r.value is None else str(r.value)
        row = (r.rule or NO_RULE, r.severity.value, str(r.focus), r.path or "", value)
        writer.writerow([safe_cell(text) for text in (*row, r.text(lang), str(r.shape))])
    return out.getvalue()


def safe_cell(text: str) -> str:
    """Return a cell a spreadsheet shows as text: one that would start a formula (submitted
    values may) gets a leading apostrophe, as OWASP advises against CSV injection."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
