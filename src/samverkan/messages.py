"""The messages the package gives its users, by code, in Swedish and English.

An error carries a :class:`Message` (a code from :data:`CATALOG` and its parameters), not a
finished sentence; whoever answers the user picks the language and calls
:meth:`Message.text`. A parameter may itself be :class:`Localised` (another message, a
:class:`Listing`, a validation result), written in the same language (a file's name, "the
request body"); other parameters are written as they are.

To add a message: add its code to :data:`CATALOG` with an ``sv`` and an ``en`` text using
the same ``{placeholders}``, and raise the error with ``message("code", name=value, ...)``.
``tests/test_messages.py`` checks that every entry has both languages and the same
placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

#: The languages every message is written in; the first is the default.
LANGUAGES = ("sv", "en")
DEFAULT = LANGUAGES[0]

#: How many items or statements a message lists before saying how many more there are.
SHOWN = 20


@runtime_checkable
class Localised(Protocol):
    """Anything that can be written in one of the :data:`LANGUAGES`."""

    def text(self, lang: str) -> str:
        """Return it written in ``lang``."""
        ...


@dataclass(frozen=True)
class Message:
    """A message to a user: its code in :data:`CATALOG` and the values it names."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """Return the message in ``lang`` (Swedish when it is not one of :data:`LANGUAGES`)."""
        texts = CATALOG[self.code]
        template = texts.get(lang) or texts[DEFAULT]
        return template.format(**{k: _written(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


def message(code: str, **params: object) -> Message:
    """Return the message ``code`` with ``params``; an unknown code is a programming error."""
    if code not in CATALOG:
        raise KeyError(f"no message {code!r} in the catalog")
    return Message(code, params)


@dataclass(frozen=True)
class Listing:
    """Values to list in a message: the first :data:`SHOWN`, then how many more."""

    values: Sequence[object]

    def text(self, lang: str) -> str:
        """Write the values separated by semicolons, saying how many were left out."""
        shown = "; ".join(_written(v, lang) for v in self.values[:SHOWN])
        rest = len(self.values) - SHOWN
        return shown + (message("and_more", count=rest).text(lang) if rest > 0 else "")


def _written(value: object, lang: str) -> str:
    if isinstance(value, Localised):
        return value.text(lang)
    return str(value)


#: Every message, by code: its Swedish and English text.
CATALOG: dict[str, dict[str, str]] = {
    # Pieces that other messages name.
    "and_more": {"sv": " och {count} till", "en": " and {count} more"},
    "request_body": {"sv": "anropets innehåll", "en": "the request body"},
    "named_file": {"sv": "filen {name!r}", "en": "the file {name!r}"},
    "at_source": {"sv": "{source}", "en": "{source}"},
    "at_line": {"sv": "{source}, rad {line}", "en": "{source}, line {line}"},
    "at_line_column": {
        "sv": "{source}, rad {line}, kolumn {column}",
        "en": "{source}, line {line}, column {column}",
    },
    # 400: the RDF sent cannot be read, or the request is incomplete.
    "rdf_syntax": {
        "sv": "{where}: RDF-syntaxen går inte att läsa: {detail}",
        "en": "{where}: the RDF syntax cannot be read: {detail}",
    },
    # 409: a job that can no longer be cancelled, or that was.
    "job_cancelled": {
        "sv": "arbetet avbröts innan det ändrade något; ingenting ändrades",
        "en": "the work was cancelled before it changed anything; nothing was changed",
    },
    "job_finished": {
        "sv": "arbetet är redan klart och kan inte avbrytas",
        "en": "the work has finished; it cannot be cancelled",
    },
    "job_committing": {
        "sv": "arbetet sparar redan sin version (förbi den punkt där det kunde avbrytas utan "
        "att ändra något); det kan inte avbrytas",
        "en": "the work is storing its version already (past the point where it could stop "
        "without changing anything); it cannot be cancelled",
    },
    "empty_submission": {
        "sv": "dokumentet har inga påståenden, och ett tomt dokument ersätter aldrig en "
        "aktörs del; ingenting ändrades. Skicka aktörens beskrivningar som RDF; för att ta "
        "bort hela delen, dra tillbaka den uttryckligen (POST /submissions/<aktör>/withdraw, "
        "eller samverkan submit --withdraw --actor <aktör>)",
        "en": "the document holds no statements, and an empty document never replaces an "
        "actor's part; nothing was changed. Send the actor's descriptions as RDF; to take the "
        "whole part away, withdraw it explicitly (POST /submissions/<actor>/withdraw, or "
        "samverkan submit --withdraw --actor <actor>)",
    },
    "no_file": {
        "sv": "välj en fil med RDF att skicka (formulärets fält 'file' är tomt)",
        "en": "choose a file of RDF to send (the form's field 'file' is empty)",
    },
    "not_actor_slug": {
        "sv": "aktören {actor!r} är ingen aktörsbeteckning (små bokstäver, siffror, -)",
        "en": "actor {actor!r} is not an actor slug (lower-case letters, digits, -)",
    },
    "actor_mismatch": {
        "sv": "formuläret anger aktören {named!r}, adressen {actor!r}",
        "en": "the form names actor {named!r}, the address {actor!r}",
    },
    "no_catalog": {
        "sv": "{item} är av ett slag som {catalog} förtecknar, men federationen har ingen "
        "sådan katalog att publicera det i (vägledningsregel 9)",
        "en": "{item} is of a kind the {catalog} lists, but the federation has no such "
        "catalog to publish it in (guideline rule 9)",
    },
    # 400 from /sparql.
    "sparql_form_without_query": {
        "sv": "ett POST-formulär måste ha parametern 'query'",
        "en": "a POST form must carry a 'query' parameter",
    },
    "sparql_several_queries": {
        "sv": "ange exakt en parameter 'query', inte flera",
        "en": "give exactly one 'query' parameter, not several",
    },
    "sparql_not_utf8": {
        "sv": "frågan är inte giltig UTF-8 ({detail})",
        "en": "the query body is not valid UTF-8 ({detail})",
    },
    "sparql_graph_iri": {
        "sv": "{parameter}: {iri!r} är ingen absolut IRI",
        "en": "{parameter}: {iri!r} is not an absolute IRI",
    },
    "query_syntax": {
        "sv": "frågan går inte att tolka: {detail}",
        "en": "the query does not parse: {detail}",
    },
    "query_syntax_at": {
        "sv": "frågan går inte att tolka: rad {line}, kolumn {column}: {detail}",
        "en": "the query does not parse: line {line}, column {column}: {detail}",
    },
    "update_syntax": {
        "sv": "ändringen går inte att tolka: {detail}",
        "en": "the update does not parse: {detail}",
    },
    "update_syntax_at": {
        "sv": "ändringen går inte att tolka: rad {line}, kolumn {column}: {detail}",
        "en": "the update does not parse: line {line}, column {column}: {detail}",
    },
    # 401: no credential, or an unknown one.
    "credential_needed": {
        "sv": "det här kräver aktörens behörighetsnyckel: skicka 'Authorization: Bearer "
        "<nyckel>' (en administratör skapar en med 'samverkan credentials add <aktör>')",
        "en": "this needs the actor's credential: send 'Authorization: Bearer <token>' "
        "(an operator makes one with 'samverkan credentials add <actor>')",
    },
    "credential_unknown": {
        "sv": "behörighetsnyckeln är okänd eller har återkallats",
        "en": "the credential is not known, or has been revoked",
    },
    # 403: guideline rule 8, and what /sparql never does.
    "credential_of_other": {
        "sv": "behörighetsnyckeln tillhör aktören {holder!r}: bara {actor!r} får ändra "
        "{actor!r}s del (vägledningsregel 8)",
        "en": "the credential is actor {holder!r}'s: only {actor!r} may change {actor!r}'s "
        "part (guideline rule 8)",
    },
    "foreign_subjects": {
        "sv": "aktören {actor!r} får bara beskriva sina egna objekt (vägledningsregel 8), men "
        "inlämningen har påståenden om: {items}; ingenting ändrades",
        "en": "actor {actor!r} may describe only its own items (guideline rule 8), but the "
        "submission has statements about: {items}; nothing was changed",
    },
    "claims": {
        "sv": "aktören {actor!r} får länka till andra aktörers objekt men inte göra anspråk "
        "på dem, och inte ge bort sina egna (vägledningsregel 8); avvisad, ingenting "
        "ändrades: {statements}",
        "en": "actor {actor!r} may link to other actors' items but not claim them, nor give "
        "its own away (guideline rule 8); refused, nothing was changed: {statements}",
    },
    "sparql_read_only": {
        "sv": "ändpunkten kan bara läsas: SPARQL Update (INSERT, DELETE, LOAD, CLEAR och "
        "liknande) tas inte emot här; en aktör ändrar sin del av federationen genom en "
        "inlämning",
        "en": "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR and the "
        "like) is not accepted here; an actor changes its own part of the federation through "
        "a submission",
    },
    "sparql_service": {
        "sv": "federerade frågor (SERVICE) är inte tillåtna: ändpunkten kontaktar aldrig "
        "andra värdar för en frågas räkning",
        "en": "federated queries (SERVICE) are not allowed: this endpoint never contacts "
        "other hosts on behalf of a query",
    },
    # 503: the server is busy.
    "busy": {
        "sv": "servern arbetar redan med {limit} valideringar eller inlämningar; försök igen "
        "om en minut",
        "en": "the server is already working on {limit} validations or submissions; try "
        "again in a minute",
    },
    # 413: too large.
    "too_large": {
        "sv": "anropets innehåll är större än servern tar emot ({limit} byte); dela upp "
        "inlämningen eller be administratören höja max_body_bytes",
        "en": "the request body is larger than this server takes ({limit} bytes); split the "
        "submission or ask the operator to raise max_body_bytes",
    },
    # 415: a syntax or media type not taken.
    "no_content_type": {
        "sv": "ange vad innehållet är med Content-Type: text/turtle, application/trig, "
        "application/n-triples, application/ld+json eller application/rdf+xml",
        "en": "say what the body is with Content-Type: text/turtle, application/trig, "
        "application/n-triples, application/ld+json or application/rdf+xml",
    },
    "media_type_not_rdf": {
        "sv": "medietypen {media_type!r} är ingen RDF-syntax som tas emot; använd någon av "
        "{accepted}",
        "en": "media type {media_type!r} is not an accepted RDF syntax; use one of {accepted}",
    },
    "extension_not_rdf": {
        "sv": "{path}: filändelsen {extension!r} anger ingen RDF-syntax; använd någon av "
        "{accepted}",
        "en": "{path}: extension {extension!r} names no RDF syntax; use one of {accepted}",
    },
    "or_choose_syntax": {
        "sv": "{reason}; eller välj syntax i formuläret",
        "en": "{reason}; or choose the syntax in the form",
    },
    "sparql_media_type": {
        "sv": "en fråga skickas med POST som {form} (med parametern 'query') eller som "
        "{query}, inte som {sent}",
        "en": "a query is POSTed as {form} (with a 'query' parameter) or as {query}, not as {sent}",
    },
    "sparql_no_content_type": {
        "sv": "innehåll utan Content-Type",
        "en": "a body without Content-Type",
    },
    "sparql_charset": {
        "sv": "en fråga måste vara UTF-8, inte {charset}",
        "en": "a query body must be UTF-8, not {charset}",
    },
    # The query page (issue 15).
    "query_format": {
        "sv": "formatet {name!r} finns inte; välj ett av {known}",
        "en": "there is no format {name!r}; choose one of {known}",
    },
    # 422: the guideline rules.
    "rejected": {
        "sv": "inlämningen bryter mot vägledningsregel {rules} (antal överträdelser: {count}), "
        "först: {first}; ingenting ändrades",
        "en": "the submission breaks guideline rule(s) {rules} ({count} violations), first: "
        "{first}; nothing was changed",
    },
    "violation": {
        "sv": "{focus} {path} {value} (regel {rule}): {text}",
        "en": "{focus} {path} {value} (rule {rule}): {text}",
    },
    # The headings of error answers, by status.
    "title_400": {"sv": "Felaktig begäran", "en": "Bad request"},
    "title_401": {"sv": "Behörighetsnyckel behövs", "en": "Credential needed"},
    "title_403": {"sv": "Inte tillåtet", "en": "Not allowed"},
    "title_404": {"sv": "Hittades inte", "en": "Not found"},
    "title_405": {"sv": "Metoden tillåts inte", "en": "Method not allowed"},
    "title_406": {"sv": "Kan inte ges i den formen", "en": "Not acceptable"},
    "title_409": {"sv": "Krock", "en": "Conflict"},
    "title_413": {"sv": "För stort", "en": "Too large"},
    "title_415": {"sv": "Medietypen tas inte emot", "en": "Unsupported media type"},
    "title_422": {"sv": "Bryter mot vägledningsreglerna", "en": "Breaks the guideline rules"},
    "title_429": {"sv": "För många förfrågningar", "en": "Too many requests"},
    "title_507": {"sv": "Lagringsutrymmet räcker inte", "en": "Insufficient storage"},
    "title_500": {"sv": "Serverfel", "en": "Server error"},
    "title_503": {"sv": "Inte tillgänglig", "en": "Unavailable"},
    "title_other": {"sv": "Fel", "en": "Error"},
}


def title(status: int, lang: str) -> str:
    """Return the heading of an error answer with ``status``, in ``lang``."""
    code = f"title_{status}"
    return message(code if code in CATALOG else "title_other").text(lang)
