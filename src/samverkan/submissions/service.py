"""The submission workflow: validate in context, check sovereignty, land a new version."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from samverkan import limits, search
from samverkan.config import Settings
from samverkan.errors import (
    EmptySubmissionError,
    NotFoundError,
    RejectedSubmissionError,
    disk_full_as_error,
)
from samverkan.listings import listings_change
from samverkan.messages import Message, message
from samverkan.namespaces import SH
from samverkan.progress import Progress, silent
from samverkan.reasoning import inference_change, without_blank_nodes
from samverkan.skolem import LIMITS, skolemize, unskolemize
from samverkan.state.leases import Leases
from samverkan.storage import GraphLayout, Store
from samverkan.submissions import listing, sovereignty
from samverkan.submissions.archive import Archive, canonical_bytes, content_hash, import_folder
from samverkan.submissions.changes import Changes, as_graph, changes
from samverkan.submissions.context import validate_in_context
from samverkan.submissions.locks import Locks
from samverkan.submissions.versions import Version, read_history, record, version_iri
from samverkan.validation import Report, Severity, Validator

#: Comparisons of two versions kept in memory (the oldest made are forgotten first).
COMPARISONS_KEPT = 64


@dataclass(frozen=True)
class Outcome:
    """An accepted version and the report it was accepted with; or, when the content was
    the current version's already, that version (``unchanged``: nothing was written)."""

    version: Version
    report: Report
    unchanged: bool = False


@dataclass(frozen=True)
class Comparison:
    """What changed between two versions: sorted N-Triples lines, and as graphs."""

    changes: Changes

    @property
    def added(self) -> Graph:
        """Return the triples added."""
        return as_graph(self.changes.added)

    @property
    def removed(self) -> Graph:
        """Return the triples removed."""
        return as_graph(self.changes.removed)


class VersionLog:
    """The recorded versions of every actor's part: history graphs plus archived content."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.store = store
        self.layout = GraphLayout(settings.base_iri)
        self.archive = Archive(store)
        folder = settings.state_dir / "versions"
        if folder.is_dir() and not store.read_only:  # what earlier releases kept in files
            import_folder(self.archive, folder)
        #: Comparisons made, by the two versions' content hashes (versions never change).
        self._compared: dict[tuple[str, str], Changes] = {}
        self._lock = threading.Lock()

    def history(self, actor: str) -> list[Version]:
        """Return the versions of an actor's part, oldest first."""
        return read_history(self.store.graph(self.layout.history(actor)), self.layout, actor)

    def version(self, actor: str, number: int) -> Version:
        """Return one version, or raise :class:`NotFoundError`."""
        for version in self.history(actor):
            if version.number == number:
                return version
        raise NotFoundError(f"actor {actor!r} has no version {number}")

    def compare(self, actor: str, older: int, newer: int) -> Comparison:
        """Return the triples added and removed from version ``older`` to ``newer``."""
        return self.compare_versions(self.version(actor, older), self.version(actor, newer))

    def compare_versions(self, first: Version, second: Version) -> Comparison:
        """Return the triples added and removed from version ``first`` to ``second``."""
        actor = first.actor
        key = (first.content_hash, second.content_hash)
        found = self._compared.get(key)
        if found is None:
            before, after = (self.archive.read_bytes(actor, v.number) for v in (first, second))
            found = changes(before, after)
            with self._lock:
                self._compared[key] = found
                while len(self._compared) > COMPARISONS_KEPT:
                    del self._compared[next(iter(self._compared))]
        return Comparison(found)

    def next_number(self, actor: str, previous: list[Version]) -> int:
        """Return the number the actor's next version gets: one above every number the
        history records and every number the archive holds a file for, so that numbers only
        grow, whatever was lost or rebuilt (a crash before recording, a history dropped)."""
        recorded = previous[-1].number if previous else 0
        return 1 + max(recorded, self.archive.largest(actor))

    def history_after_load(self, actor: str, part: Graph) -> Graph:
        """Return actor's history with a "load" version added if ``part`` is new content."""
        history = self.store.graph(self.layout.history(actor))
        previous = read_history(history, self.layout, actor)
        if not previous or previous[-1].content_hash != content_hash(canonical_bytes(part)):
            self.append(actor, history, part, "load", None)
        return history

    def append(
        self,
        actor: str,
        history: Graph,
        content: Graph,
        activity: str,
        derived_from: URIRef | None,
    ) -> Version:
        """Archive ``content`` as actor's next version and record it in ``history``."""
        previous = read_history(history, self.layout, actor)
        number = self.next_number(actor, previous)
        data = canonical_bytes(content)
        version = Version(
            actor=actor,
            number=number,
            iri=version_iri(self.layout, actor, number),
            created=datetime.now(UTC),
            content_hash=content_hash(data),
            triples=len(content),
            replaces=previous[-1].iri if previous else None,
            derived_from=derived_from,
            activity=activity,
        )
        self.archive.write(actor, number, data)
        history += record(version, self.layout)
        history.set((self.layout.actor_iri(actor), self.layout.sam.currentVersion, version.iri))
        return version


class Submissions:
    """Accept new versions of actors' parts, one actor at a time, atomically and durably."""

    def __init__(self, settings: Settings, store: Store, validator: Validator) -> None:
        self.store = store
        self.validator = validator
        self.layout = GraphLayout(settings.base_iri)
        self.versions = VersionLog(settings, store)
        self.locks = Locks(Leases(store, settings.lease_seconds))
        self.search = search.for_settings(settings)
        #: What computing a submission's canonical blank node labels may use.
        self.limits = limits.for_server(settings)

    def validate(
        self, submission: Graph, actor: str | None = None, progress: Progress = silent
    ) -> Report:
        """Validate a body as it would be judged on submission; change nothing."""
        return validate_submission(
            self.validator, self.store, self.layout, submission, actor, progress, self.limits
        )

    def submit(
        self,
        actor: str,
        submission: Graph,
        activity: str = "submission",
        derived_from: URIRef | None = None,
        progress: Progress = silent,
    ) -> Outcome:
        """Make ``submission`` actor ``actor``'s new part, or raise and change nothing.

        An empty ``submission`` is refused (:class:`EmptySubmissionError`): an actor takes
        its part away only by asking to, with :meth:`withdraw`. Content equal to the current
        version's (the same canonical content hash) makes no new version: the outcome is
        the current version, ``unchanged``, and it is not validated again.

        ``progress`` is told each phase of :data:`samverkan.progress.SUBMISSION` after
        parsing as it begins.
        """
        _require_content(submission)
        return self._submit(actor, submission, activity, derived_from, progress)

    def withdraw(self, actor: str) -> Outcome:
        """Make an empty part actor ``actor``'s new version, at the actor's request.

        The earlier versions stay: a rollback to one of them restores it. Withdrawing a part
        that is empty already is ``unchanged``.
        """
        if not self.versions.history(actor):
            raise NotFoundError(f"actor {actor!r} has no part to withdraw")
        return self._submit(actor, Graph(), "withdrawal", None, silent)

    def rollback(self, actor: str, number: int) -> Outcome:
        """Make an earlier version's content the newest version (validated anew)."""
        earlier = self.versions.version(actor, number)
        content = unskolemize(
            self.versions.archive.read(actor, earlier.number), self.layout.base_iri
        )
        return self._submit(actor, content, "rollback", earlier.iri, silent)

    def _submit(
        self,
        actor: str,
        submission: Graph,
        activity: str,
        derived_from: URIRef | None,
        progress: Progress,
    ) -> Outcome:
        progress("sovereignty", 0, len(sovereignty.items(submission)))
        sovereignty.check(submission, self.layout, actor, self.validator.ontology)
        where = str(self.layout.actor(actor))
        submission = skolemize(submission, self.layout.base_iri, where, limits=self.limits)
        with self.locks.actor(actor):
            submission = listing.listed(
                self.store, self.layout, self.validator.ontology, actor, submission
            )
            if (current := self._current_if_same(actor, submission)) is not None:
                return Outcome(current, Report(), unchanged=True)
            report = self._judge(actor, submission, progress)
            if not report.conforms:
                raise RejectedSubmissionError(_rejection(report), report)
            with self.locks.writer(), disk_full_as_error(f"storing {actor!r}'s new version"):
                version = self._land(actor, submission, report, activity, derived_from, progress)
        return Outcome(version, report)

    def _current_if_same(self, actor: str, content: Graph) -> Version | None:
        """Return the actor's current version if its content is ``content`` already."""
        history = self.versions.history(actor)
        if history and history[-1].content_hash == content_hash(canonical_bytes(content)):
            return history[-1]
        return None

    def _judge(self, actor: str, content: Graph, progress: Progress) -> Report:
        """Validate ``content`` in context; an empty part has no items, so breaks no rule."""
        if len(content) == 0:
            return _conforming_report()
        return self.validate(content, actor, progress)

    def _land(
        self,
        actor: str,
        submission: Graph,
        report: Report,
        activity: str,
        derived_from: URIRef | None,
        progress: Progress,
    ) -> Version:
        progress("inferring", 0, len(submission))
        ontology = self.store.graph(self.layout.ontology)
        current = self.store.graph(self.layout.actor(actor))
        change = inference_change(self.store, self.layout, ontology, actor, current, submission)
        listed = listings_change(self.store, self.layout, actor, current, submission, change)
        progress("storing", 0, len(submission))
        history = self.store.graph(self.layout.history(actor))
        version = self.versions.append(actor, history, submission, activity, derived_from)
        self.versions.archive.write_report(
            actor, version.number, report.graph.serialize(format="turtle")
        )
        self.store.apply(
            replace={self.layout.actor(actor): submission, self.layout.history(actor): history},
            remove={self.layout.inferred: change.remove, self.layout.listings: listed.remove},
            add={
                self.layout.inferred: without_blank_nodes(change.add),
                self.layout.listings: listed.add,
            },
        )
        self.search.refresh_actor(self.store, self.layout, actor)
        return version


def validate_submission(
    validator: Validator,
    store: Store,
    layout: GraphLayout,
    submission: Graph,
    actor: str | None = None,
    progress: Progress = silent,
    bounds: limits.Limits = LIMITS,
) -> Report:
    """Validate a body as it would be judged on submission, in the context of ``store``.

    Without ``actor`` the body is judged as the new part of each actor whose items it
    describes. Blank nodes get the identifiers a submission would give them (computed within
    ``bounds``, see :mod:`samverkan.skolem`). Every way in
    (``samverkan validate``, ``POST /validate``, submissions and imports) comes here.
    """
    _require_content(submission)
    scope = actor or sole_actor(layout, submission)
    where = str(layout.actor(scope)) if scope else layout.base_iri
    submission = skolemize(submission, layout.base_iri, where, limits=bounds)
    progress("validating", 0, len(sovereignty.items(submission)))
    return validate_in_context(validator, store, layout, actor, submission)


def sole_actor(layout: GraphLayout, submission: Graph) -> str | None:
    """Return the one actor whose space holds all the submission's items, if there is one."""
    slugs = {sovereignty.owner_slug(layout, s) for s in sovereignty.items(submission)}
    return slugs.pop() if len(slugs) == 1 else None


def _require_content(submission: Graph) -> None:
    if len(submission) == 0:
        raise EmptySubmissionError(message("empty_submission"))


def _conforming_report() -> Report:
    """Return the SHACL report of validating nothing: it conforms."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return Report([], graph)


def _rejection(report: Report) -> Message:
    """Say which rules the submission breaks, how often, and the first violation."""
    violations = [r for r in report.by_rule_flat() if r.severity is Severity.VIOLATION]
    rules = ", ".join(sorted({r.rule or "?" for r in violations}, key=_rule_order))
    first = violations[0]
    return message(
        "rejected",
        rules=rules,
        count=len(violations),
        first=message(
            "violation",
            focus=Named(report, first.focus),
            path=first.path or "",
            value=Named(report, first.value) if first.value is not None else "",
            rule=first.rule or "?",
            text=first,
        ),
    )


def _rule_order(rule: str) -> tuple[int, str]:
    return (int(rule), "") if rule.isdigit() else (99, rule)


@dataclass(frozen=True)
class Named:
    """A term of a report as a message names it: by its label in the language, and its IRI
    (a literal as written in Turtle)."""

    report: Report
    term: Node

    def text(self, lang: str) -> str:
        """Return the term's label and IRI, or the term alone when it has no label."""
        label = self.report.label(self.term, lang)
        return (
            f"{json.dumps(label, ensure_ascii=False)} {self.term.n3()}" if label else self.term.n3()
        )
