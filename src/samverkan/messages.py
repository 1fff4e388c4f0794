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
    "at_line_or_before": {
        "sv": "{source}, rad {line} eller tidigare",
        "en": "{source}, line {line} or earlier",
    },
    "the_submission": {"sv": "inlämningen", "en": "the submission"},
    "utf16": {
        "sv": "dokumentet är UTF-16; skicka det som UTF-8",
        "en": "the document is UTF-16; send it as UTF-8",
    },
    "not_utf8_byte": {
        "sv": "byten 0x{byte} är inte UTF-8; skicka dokumentet som UTF-8",
        "en": "byte 0x{byte} is not UTF-8; send the document as UTF-8",
    },
    "nul_character": {
        "sv": "tecknet NUL är inte tillåtet (är dokumentet UTF-16 eller binärt?)",
        "en": "a NUL character is not allowed (is the document UTF-16 or binary?)",
    },
    "address_not_utf8": {
        "sv": "anropets {part} innehåller byten 0x{byte}, som inte är UTF-8; procentkoda "
        "adresser och parametrar som UTF-8",
        "en": "the request's {part} holds byte 0x{byte}, which is not UTF-8; "
        "percent-encode addresses and parameters as UTF-8",
    },
    "address_control": {
        "sv": "anropets {part} innehåller styrtecknet U+{codepoint}, som ingen adress eller "
        "parameter får innehålla",
        "en": "the request's {part} holds the control character U+{codepoint}, which no "
        "address or parameter may hold",
    },
    "part_path": {"sv": "sökväg", "en": "path"},
    "part_query_string": {"sv": "frågedel", "en": "query string"},
    "where_query_string": {"sv": "adressens frågedel", "en": "the query string"},
    "where_form": {"sv": "formuläret", "en": "the form"},
    "parameter_name": {"sv": "ett parameternamn", "en": "a parameter name"},
    "parameter_named": {"sv": "parametern {name!r}", "en": "parameter {name!r}"},
    "broken_escape": {
        "sv": "{where} har ett '%' som inte följs av två hexadecimala siffror",
        "en": "{where} has a '%' that is not followed by two hex digits",
    },
    "parameter_not_utf8": {
        "sv": "{what} i {where} är inte giltig UTF-8 (byte {offset})",
        "en": "{what} in {where} is not valid UTF-8 (byte {offset})",
    },
    "parameter_control": {
        "sv": "{what} i {where} innehåller styrtecknet U+{codepoint}; parametrar är text, "
        "utan NUL eller andra styrtecken",
        "en": "{what} in {where} holds the control character U+{codepoint}; parameters are "
        "text, without NUL or other control characters",
    },
    "version_current": {
        "sv": "version {number} av {actor!r} är redan den gällande",
        "en": "version {number} of {actor!r} is the current one already",
    },
    "compare_numbers": {
        "sv": "ange vilka versioner som ska jämföras med ?from=N&to=M (heltal); {name} är {given}",
        "en": "say which versions to compare with ?from=N&to=M (whole numbers); {name} is {given}",
    },
    "missing": {"sv": "inte angiven", "en": "missing"},
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
    "query_too_nested": {
        "sv": "frågan är för djupt nästlad, eller har för långa block av trippelmönster, för "
        "tolken; dela upp den",
        "en": "the query is too deeply nested, or has too long a block of triple patterns, "
        "for the parser; split it up",
    },
    "query_escape_escape": {
        "sv": "frågan går inte att tolka: en kodpunktsescape (\\u…) skriver en annan escape; "
        "skriv tecknet självt",
        "en": "the query does not parse: a codepoint escape (\\u…) spells another escape; "
        "write the character itself",
    },
    "query_control": {
        "sv": "frågan innehåller styrtecknet U+{codepoint} på rad {line}; en fråga är text, "
        "utan NUL eller andra styrtecken",
        "en": "the query holds the control character U+{codepoint} on line {line}; a query "
        "is text, without NUL or other control characters",
    },
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
    "busy_parsing": {
        "sv": "servern läser redan så många dokument som den tar emot; försök igen snart",
        "en": "the server is parsing as many documents as it takes; try again soon",
    },
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
    # 413: what a document may become and use when it is parsed (samverkan.bounded).
    "too_many_triples": {
        "sv": "{source} har fler än {limit} tripler, det mesta ett anrop tar emot; dela upp den",
        "en": "{source} holds more than {limit} triples, the most one request takes; split it",
    },
    "grows_too_much": {
        "sv": "{source} ({size} byte) växer till mer än {limit} byte N-Quads (högst {factor} "
        "gånger sin storlek); ett dokument får inte växa så mycket",
        "en": "{source} ({size} bytes) grows past {limit} bytes of N-Quads (at most {factor} "
        "times its size); a document may not grow that much",
    },
    "parse_cpu": {
        "sv": "att läsa {source} tog mer än {seconds} s processortid och avbröts; förenkla "
        "eller dela upp den",
        "en": "parsing {source} took more than {seconds} s of CPU time and was stopped; "
        "simplify or split it",
    },
    "parse_memory": {
        "sv": "att läsa {source} behövde mer än {mib} MiB minne och avbröts; förenkla eller "
        "dela upp den",
        "en": "parsing {source} needed more than {mib} MiB of memory and was stopped; "
        "simplify or split it",
    },
    "skolem_limit": {
        "sv": "att ge de tomma noderna i {source} sina stabila identifierare behövde {needed} "
        "(kostnaden växer snabbt med tomma noder som liknar varandra, som i en lång lista); "
        "namnge resurserna med IRI:er eller dela upp den",
        "en": "giving the blank nodes of {source} their stable identifiers needed {needed} "
        "(the cost grows fast with blank nodes that look alike, as in a long collection); "
        "name the resources with IRIs or split it",
    },
    "more_memory": {"sv": "mer än {mib} MiB minne", "en": "more than {mib} MiB of memory"},
    "more_cpu": {
        "sv": "mer än {seconds} s processortid",
        "en": "more than {seconds} s of CPU time",
    },
    "validation_time": {
        "sv": "valideringen tog mer än {seconds} s och avbröts; dela upp inlämningen i "
        "mindre delar",
        "en": "validating took more than {seconds} s and was stopped; split the submission "
        "into smaller ones",
    },
    "validation_memory": {
        "sv": "valideringen behövde mer än {mib} MiB minne och avbröts; dela upp inlämningen "
        "i mindre delar",
        "en": "validating needed more than {mib} MiB of memory and was stopped; split the "
        "submission into smaller ones",
    },
    "validator_stopped": {
        "sv": "valideraren stannade på den här inlämningen (status {status}); ingenting ändrades",
        "en": "the validator stopped on this submission (status {status}); nothing was changed",
    },
    # 422: what no parser is given (samverkan.limits), or what stopped it.
    "dtd_refused": {
        "sv": "{where}: RDF/XML med <!{construct} avvisas (entiteter kan göra ett litet "
        "dokument till gigabyte); skicka det utan DTD",
        "en": "{where}: RDF/XML with <!{construct} is refused (entities can grow a small "
        "document into gigabytes); send it without a DTD",
    },
    "too_deep": {
        "sv": "{where}: dokumentet är nästlat djupare än {depth} nivåer; gör det plattare "
        "(namnge de nästlade resurserna)",
        "en": "{where}: the document nests deeper than {depth} levels; flatten it (name the "
        "nested resources)",
    },
    "parser_stack": {
        "sv": "{source} är för djupt nästlad för tolken, som stannade; gör den plattare",
        "en": "{source} nests too deeply for the parser, which stopped; flatten it",
    },
    "parser_failed": {
        "sv": "tolken misslyckades med {source} (processen slutade med status {status}) och "
        "ingenting lästes; kontrollera dokumentets nästling och struktur",
        "en": "the parser failed on {source} (its process ended with status {status}) and "
        "nothing was read; check the document's nesting and structure",
    },
    "cpsv_empty": {
        "sv": "CPSV-AP-dokumentet har inga påståenden: ingenting importerades",
        "en": "the CPSV-AP document holds no statements: nothing imported",
    },
    "cpsv_no_kinds": {
        "sv": "inget av dokumentets {count} påståenden beskriver en offentlig tjänst, kanal, "
        "händelse, regel, rättslig resurs eller ett krav enligt CPSV-AP: ingenting "
        "importerades",
        "en": "none of the document's {count} statements describes a CPSV-AP public "
        "service, channel, event, rule, legal resource or requirement: nothing imported",
    },
    "title_nothing_to_submit": {"sv": "Inget att lämna in", "en": "Nothing to submit"},
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
    # What the web framework refuses on its own (its texts are English only).
    "http_400": {
        "sv": "servern förstår inte begäran (till exempel ett trasigt formulär eller en "
        "felaktig rubrik); ingenting ändrades",
        "en": "the server cannot understand the request (a broken form or header, say); "
        "nothing was changed",
    },
    "http_404": {
        "sv": "adressen finns inte på den här servern",
        "en": "there is nothing at this address on this server",
    },
    "http_405": {
        "sv": "adressen tar inte emot den metoden; rubriken Allow säger vilka den tar emot",
        "en": "this address does not take that method; the Allow header says which it takes",
    },
    # The command line's refusals of its own.
    "no_such_file": {"sv": "filen finns inte: {paths}", "en": "no such file: {paths}"},
    # The command line's answer to a submission that was refused.
    "not_accepted": {
        "sv": "inte godtagen ({status}): {reason}",
        "en": "not accepted ({status}): {reason}",
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
