"""Every text of the interface and every message to its users, in English.

One catalog a language, with the same keys in each (``tests/test_messages.py``):
:data:`INTERFACE`, the pages' own words (:func:`samverkan.presentation.texts.text`), and
:data:`MESSAGES`, what refusals and verdicts say (:mod:`samverkan.messages`).
"""

from __future__ import annotations

#: The interface's own words, by key.
INTERFACE: dict[str, str] = {
    "home": "Home",
    "catalogs": "Catalogs",
    "actors": "Actors",
    "sparql": "SPARQL",
    "ontology": "Ontology",
    "shapes": "Guideline rules",
    "language": "Language",
    "tagline": "Linked data for digital collaboration in the public sector",
    "iri": "Identifier (IRI)",
    "formats": "As data",
    "type": "Type",
    "owner": "Owner",
    "properties": "Properties",
    "property": "Property",
    "value": "Value",
    "traceability": "Traceability",
    "suggestions": "{count} suggestions",
    "types": "Browse by type",
    "types_lead": (
        "The metamodel's classes and how many items each has. Each class lists its items,"
        " its sub-classes' too."
    ),
    "type_in_ontology": "The class in the ontology",
    "type_count": "{count} items",
    "chains": "Place in the chains",
    "chains_note": (
        "Life event → process → activity, concept → information → data, and the services "
        "at each level that the item reaches: its own chain, what links to it, and that "
        "item's chain."
    ),
    "chains_truncated": "The lists are cut short: the item reaches more than 2,000.",
    "diagram_in_text": "The same in text:",
    "chains_more": "Showing {shown} of {total}, the first by name.",
    "chains_none": "Nothing in this column.",
    "above": "Traces up to (why?)",
    "below": "Traced down to (with what?)",
    "across": "Links across the columns",
    "owns": "What this actor owns",
    "entries": "entries",
    "browse_entries": "Browse the catalog's entries",
    "items": "Items",
    "filter": "Filter",
    "all_actors": "All actors",
    "text": "Text in the name",
    "apply": "Show",
    "name": "Name",
    "modified": "Modified",
    "entry": "Entry",
    "previous": "Previous",
    "next": "Next",
    "page_of": "Page {page} of {pages}",
    "showing": "{count} entries match",
    "nothing": "No entries match.",
    "query": "Query",
    "run": "Run",
    "open_data": "Linked open data",
    "void": "Dataset description (VoID)",
    "dcat": "Data catalog (DCAT)",
    "dumps": "Downloads",
    "classes": "Classes",
    "object_properties": "Object properties",
    "datatype_properties": "Datatype properties",
    "annotation_properties": "Annotation properties",
    "schemes": "Controlled lists",
    "definition": "Definition",
    "also_called": "Also called",
    "superclasses": "Super-classes",
    "subclasses": "Sub-classes",
    "superproperties": "Super-properties",
    "subproperties": "Sub-properties",
    "domain": "Domain",
    "range": "Range",
    "inverse": "Inverse",
    "characteristics": "Characteristics",
    "transitive": "transitive",
    "alignment": "Alignment to standards",
    "metamodel": "Place in the metamodel",
    "version": "Version",
    "license": "Licence",
    "namespace": "Namespace",
    "contents": "Contents",
    "rule": "Rule",
    "severity": "Severity",
    "message": "Message",
    "target": "Applies to",
    "path": "Path",
    "severity_Violation": "Violation",
    "severity_Warning": "Warning",
    "severity_Info": "Info",
    "no_shapes": "No shapes: the rule is enforced by the submission workflow.",
    "counts": "What the federation holds",
    "metamodel_grid": "The metamodel: three columns \u00d7 three levels",
    "other_classes": "Other kinds",
    "cat_process": "Process catalog",
    "cat_information-exchange": "Information-exchange catalog",
    "cat_service": "Service catalog",
    "cat_assignment": "Assignment catalog",
    "intro": (
        "Samverkan is a federation of public and private actors that describe their "
        "processes, information and services in one shared structure and publish them in "
        "four shared catalogs, so that others can find and reuse them before building "
        "anew. Each actor describes and changes only its own parts. Everything here is "
        "linked data: every identifier can be looked up, as a web page or as RDF."
    ),
    "try_query": "Ask with SPARQL",
    "documentation": "Documentation and data",
    "ontology_long": "The ontology: classes, properties and controlled lists",
    "shapes_long": "The guideline rules as SHACL shapes",
    "skip": "Skip to content",
    "kind": "Kind",
    "count": "Number",
    "ontology_intro": "Every term has an identifier in the namespace below; it leads here.",
    "search": "Search",
    "search_words": "Words to find",
    "search_help": (
        "Searches names and descriptions in Swedish and English in every catalog. Every "
        "word must occur; inflected forms and the start of a word will do (register, "
        "services)."
    ),
    "search_count": "{count} matches",
    "search_none": "Nothing matches every word.",
    "search_more": "and {count} more",
    "cat_other": "Other",
    # The query page and the answers it shows (issue 15).
    "query_title": "Query the federation",
    "query_intro": (
        "Write a SPARQL query or start from one of the ready-made queries. The answer is "
        "shown as a table and, when it has a column of names and one of numbers, as a bar"
        " chart. The queries go to the federation's SPARQL endpoint, which is read-only."
    ),
    "query_label": "SPARQL query",
    "query_hint": "SELECT, ASK, CONSTRUCT or DESCRIBE; a query may run for a few seconds at most.",
    "query_keys": "Ctrl+Enter runs the query.",
    "format": "Answer as",
    "format_table": "a table on the page",
    "format_file": "file: {format}",
    "format_file_rdf": "file: {format} (CONSTRUCT, DESCRIBE)",
    "running": "Running the query …",
    "ran": "The answer is shown below.",
    "run_failed": "The server could not be reached; try again.",
    "answer": "Answer",
    "answer_table": "The answer as a table",
    "answer_rows": "{count} rows.",
    "answer_triples": "{count} triples.",
    "answer_first": "The first {shown} are shown; the whole answer comes as a file.",
    "answer_yes": "Yes: the query has at least one solution.",
    "answer_no": "No: the query has no solution.",
    "value_language": "Language",
    "download": "Download the answer:",
    "chart_caption": "Bar chart: {value} for each {label}. The table has the same values.",
    "chart_first": "The first {shown} of {count} rows.",
    "sparql_endpoint": "SPARQL endpoint",
    "sparql_endpoint_intro": (
        "Send SPARQL 1.1 queries to this address by GET or POST. The endpoint is "
        "read-only; answers come as SPARQL JSON, XML, CSV or TSV (SELECT, ASK) and "
        "Turtle, N-Triples, JSON-LD or RDF/XML (CONSTRUCT, DESCRIBE), chosen by Accept or"
        " the format parameter."
    ),
    "sparql_endpoint_page": (
        "Answers as tables and charts, ready-made queries and history: the query page"
    ),
    "query_more": "More queries, ready-made examples and history on the query page",
    "history_title": "Earlier queries",
    "history_help": "The latest queries you ran, kept in this browser only.",
    "history_empty": "No queries yet.",
    "history_rerun": "Run again:",
    "history_clear": "Clear the history",
    "named_queries": "Ready-made queries",
    "named_queries_help": (
        "Pick a query, fill in its values and run it; the values are checked and written "
        "into the query's VALUES block."
    ),
    "example_run": "Run the query",
    "type_iri": "IRI",
    "type_string": "text",
    "type_integer": "integer",
    "diagram": "Diagram",
    "diagram_trace": "Traceability through the metamodel; the box in bold is this item.",
    "diagram_map": (
        "Collaboration process map: the actors' processes and the information exchanges "
        "between them."
    ),
    "more_boxes": "+{count} more",
    "exchanges": "Information exchanges",
    "customer": "Customer",
    # The submission, report and history pages.
    "report": "Validation report",
    "conforms": "Conforms to the rules",
    "breaks": "Does NOT conform to the rules",
    "violations": "violations",
    "warnings": "warnings",
    "infos": "infos",
    "no_results": "Nothing to remark.",
    "no_rule": "No rule",
    "focus": "Focus node",
    "accepted": "Accepted as version {n}",
    "rejected": "Rejected: nothing was changed",
    "unchanged": "Unchanged: the content is version {n} already; no new version was made",
    "validated": "Validated in the context of the federation; nothing was changed.",
    "of_version": "Report of version {n}",
    "history": "Version history",
    "versions_of": "Versions of {actor}'s part",
    "number": "No.",
    "created": "Created",
    "by": "By",
    "activity": "Activity",
    "activity_load": "load",
    "activity_submission": "submission",
    "activity_rollback": "rollback",
    "activity_withdrawal": "withdrawal",
    "hash": "Checksum (SHA-256)",
    "triples": "Triples",
    "compare": "Compare",
    "with_previous": "with previous",
    "from": "From version",
    "to": "To version",
    "current": "current",
    "derived_from": "restored from",
    "comparison": "{actor}: version {old} compared with version {new}",
    "added": "Added triples",
    "removed": "Removed triples",
    "subject": "Subject",
    "predicate": "Predicate",
    "object": "Object",
    "none": "None.",
    # The submission page and the progress of long work.
    "submit": "Submit",
    "submit_title": "Validate or submit a description",
    "submit_intro": (
        "Choose a file with the actor's descriptions as RDF. Validate it first: it is "
        "checked against the guideline rules in the context of the federation, and "
        "nothing changes. Then submit it with the actor's credential; without violations "
        "it becomes the actor's new part."
    ),
    "submit_file": "File",
    "submit_file_hint": "Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML; at most {size}.",
    "submit_format": "Syntax",
    "submit_by_extension": "By the file name's extension",
    "actor": "Actor",
    "submit_any_actor": "The one whose items the file describes",
    "submit_dry_run": "Try it",
    "submit_validate": "Validate",
    "submit_validate_hint": "Shows the report; nothing changes and no credential is needed.",
    "submit_as_actor": "Submit as the actor",
    "submit_token": "The actor's credential",
    "submit_token_hint": "An operator makes one with samverkan credentials add <actor>.",
    "submit_token_missing": "Fill in the actor's credential to submit.",
    "submit_another": "Validate or submit another file",
    "too_large_file": "The file is larger than the server takes ({size}).",
    "upload_failed": "The connection to the server failed; try again.",
    "progress": "Progress",
    "phase_queued": "Waiting for its turn",
    "phase_uploading": "Uploading",
    "phase_parsing": "Reading the file",
    "phase_sovereignty": "Checking that everything is the actor's own (rule 8)",
    "phase_validating": "Validating against the guideline rules",
    "phase_inferring": "Updating the inferences",
    "phase_storing": "Storing the new version",
    "phase_finished": "Finished",
    # Paging, restoring a version, progress within a phase, report pages (issue 15).
    "first_page": "First",
    "last_page": "Last",
    "rows_of": "rows {first} to {last} of {total}",
    "changed": "Changed (triples)",
    "download_all": "The whole comparison",
    "restore": "Restore",
    "restore_this": "Restore…",
    "restore_title": "Restore version {n}",
    "restore_explain": (
        "Restoring makes a new version with the content of version {n}, checked against "
        "the rules again. History is never rewritten: version {current} and every other "
        "version stay."
    ),
    "restore_changes": "Against version {current}: {added} triples are added, {removed} removed.",
    "restore_see_changes": "See the changes",
    "restore_confirm": "Yes, make version {n}'s content the actor's new version.",
    "restore_button": "Restore version {n}",
    "cancel": "Cancel",
    "cancelling": "Cancelling…",
    "phase_failed": "Failed: the server running the work stopped",
    "phase_cancelled": "Cancelled: nothing was changed",
    "progress_done": "{done} of {total} {unit}",
    "progress_count": "{done} {unit}",
    "unit_triples": "triples",
    "unit_items": "items",
    "unit_bytes": "bytes",
    "elapsed": "{seconds} s so far",
    "remaining": "about {seconds} s left",
    "summary_by_rule": "Summary by rule",
    "rule_column": "Rule",
    "all_severities": "All severities",
    "all_rules": "All rules",
    "item_filter": "Item (IRI or part of it)",
    "downloads": "Download the report",
    "results_shown": "{count} of {total} results match the filter",
    "more_on_other_pages": (
        "Only the first 200 results are shown here. The whole report comes as JSON, CSV "
        "or Turtle (Accept), or page by page from the submission page."
    ),
}

#: The messages, by code, with their ``{placeholders}``.
MESSAGES: dict[str, str] = {
    # Pieces that other messages name.
    "and_more": " and {count} more",
    "request_body": "the request body",
    "named_file": "the file {name!r}",
    "at_source": "{source}",
    "at_line": "{source}, line {line}",
    "at_line_column": "{source}, line {line}, column {column}",
    # 400: the RDF sent cannot be read, or the request is incomplete.
    "rdf_syntax": "{where}: the RDF syntax cannot be read: {detail}",
    "at_line_or_before": "{source}, line {line} or earlier",
    "the_submission": "the submission",
    "utf16": "the document is UTF-16; send it as UTF-8",
    "not_utf8_byte": "byte 0x{byte} is not UTF-8; send the document as UTF-8",
    "nul_character": "a NUL character is not allowed (is the document UTF-16 or binary?)",
    "address_not_utf8": (
        "the request's {part} holds byte 0x{byte}, which is not UTF-8; percent-encode "
        "addresses and parameters as UTF-8"
    ),
    "address_control": (
        "the request's {part} holds the control character U+{codepoint}, which no address"
        " or parameter may hold"
    ),
    "part_path": "path",
    "part_query_string": "query string",
    "where_query_string": "the query string",
    "where_form": "the form",
    "parameter_name": "a parameter name",
    "parameter_named": "parameter {name!r}",
    "broken_escape": "{where} has a '%' that is not followed by two hex digits",
    "parameter_not_utf8": "{what} in {where} is not valid UTF-8 (byte {offset})",
    "parameter_control": (
        "{what} in {where} holds the control character U+{codepoint}; parameters are "
        "text, without NUL or other control characters"
    ),
    "version_current": "version {number} of {actor!r} is the current one already",
    "compare_numbers": (
        "say which versions to compare with ?from=N&to=M (whole numbers); {name} is {given}"
    ),
    "missing": "missing",
    # 409: a job that can no longer be cancelled, or that was.
    "job_cancelled": "the work was cancelled before it changed anything; nothing was changed",
    "job_finished": "the work has finished; it cannot be cancelled",
    "job_lost": (
        "the server running this work stopped before it finished (no sign of life for "
        "{seconds} s); send it again. A version it stored before it stopped is in the "
        "actor's history"
    ),
    "job_committing": (
        "the work is storing its version already (past the point where it could stop "
        "without changing anything); it cannot be cancelled"
    ),
    "empty_submission": (
        "the document holds no statements, and an empty document never replaces an "
        "actor's part; nothing was changed. Send the actor's descriptions as RDF; to take"
        " the whole part away, withdraw it explicitly (POST "
        "/submissions/<actor>/withdraw, or samverkan submit --withdraw --actor <actor>)"
    ),
    "no_file": "choose a file of RDF to send (the form's field 'file' is empty)",
    "not_actor_slug": "actor {actor!r} is not an actor slug (lower-case letters, digits, -)",
    "actor_mismatch": "the form names actor {named!r}, the address {actor!r}",
    "no_catalog": (
        "{item} is of a kind the {catalog} lists, but the federation has no such catalog "
        "to publish it in (guideline rule 9)"
    ),
    # 400 from /sparql.
    "query_too_nested": (
        "the query is too deeply nested, or has too long a block of triple patterns, for "
        "the parser; split it up"
    ),
    "query_escape_escape": (
        "the query does not parse: a codepoint escape (\\u…) spells another escape; write "
        "the character itself"
    ),
    "query_control": (
        "the query holds the control character U+{codepoint} on line {line}; a query is "
        "text, without NUL or other control characters"
    ),
    "sparql_form_without_query": "a POST form must carry a 'query' parameter",
    "sparql_several_queries": "give exactly one 'query' parameter, not several",
    "sparql_not_utf8": "the query body is not valid UTF-8 ({detail})",
    "sparql_graph_iri": "{parameter}: {iri!r} is not an absolute IRI",
    "query_parameter_iri": "parameter {name!r}: {raw!r} is not an absolute IRI",
    "query_parameter_integer": "parameter {name!r}: {raw!r} is not an integer",
    "query_parameter_unknown": "query {query!r} has no parameter {unknown}; it takes: {known}",
    "query_parameters_none": "none",
    "query_parameter_missing_cli": "query {query!r} needs --param {name}=…",
    "query_parameter_missing": "query {query!r} needs a value for ?{name}",
    "cursor_without_page_size": "a cursor needs the page-size it was given with",
    "page_not_a_number": "page must be a whole number from 1 up, not {raw!r}",
    "report_severity_unknown": "severity must be one of {known}, not {severity!r}",
    "graph_and_default": "give either ?graph=IRI or ?default, not both",
    "several_graphs": "give one ?graph parameter, not several",
    "query_syntax": "the query does not parse: {detail}",
    "query_syntax_at": "the query does not parse: line {line}, column {column}: {detail}",
    "update_syntax": "the update does not parse: {detail}",
    "update_syntax_at": "the update does not parse: line {line}, column {column}: {detail}",
    # 401: no credential, or an unknown one.
    "credential_needed": (
        "this needs the actor's credential: send 'Authorization: Bearer <token>' (an "
        "operator makes one with 'samverkan credentials add <actor>')"
    ),
    "credential_unknown": "the credential is not known, or has been revoked",
    # 403: guideline rule 8, and what /sparql never does.
    "credential_of_other": (
        "the credential is actor {holder!r}'s: only {actor!r} may change {actor!r}'s part"
        " (guideline rule 8)"
    ),
    "foreign_subjects": (
        "actor {actor!r} may describe only its own items (guideline rule 8), but the "
        "submission has statements about: {items}; nothing was changed"
    ),
    "claims": (
        "actor {actor!r} may link to other actors' items but not claim them, nor give its"
        " own away (guideline rule 8); refused, nothing was changed: {statements}"
    ),
    "sparql_read_only": (
        "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR and the "
        "like) is not accepted here; an actor changes its own part of the federation "
        "through a submission"
    ),
    "sparql_internal_graph": (
        "the graph <{graph}> is internal (names starting urn:x-samverkan: are the server's "
        "own) and cannot be chosen as a query's dataset (FROM, FROM NAMED, "
        "default-graph-uri, named-graph-uri); choose among the graphs /graphs lists"
    ),
    "sparql_service": (
        "federated queries (SERVICE) are not allowed: this endpoint never contacts other "
        "hosts on behalf of a query"
    ),
    # 503: the server is busy.
    "busy_parsing": "the server is parsing as many documents as it takes; try again soon",
    "busy": (
        "the server is already working on {limit} validations or submissions; try again in a minute"
    ),
    # 413: too large.
    "too_large": (
        "the request body is larger than this server takes ({limit} bytes); split the "
        "submission or ask the operator to raise max_body_bytes"
    ),
    # 413: what a document may become and use when it is parsed (samverkan.bounded).
    "too_many_triples": (
        "{source} holds more than {limit} triples, the most one request takes; split it"
    ),
    "grows_too_much": (
        "{source} ({size} bytes) grows past {limit} bytes of N-Quads (at most {factor} "
        "times its size); a document may not grow that much"
    ),
    "parse_cpu": (
        "parsing {source} took more than {seconds} s of CPU time and was stopped; "
        "simplify or split it"
    ),
    "parse_memory": (
        "parsing {source} needed more than {mib} MiB of memory and was stopped; simplify "
        "or split it"
    ),
    "skolem_limit": (
        "giving the blank nodes of {source} their stable identifiers needed {needed} (the"
        " cost grows fast with blank nodes that look alike, as in a long collection); "
        "name the resources with IRIs or split it"
    ),
    "more_memory": "more than {mib} MiB of memory",
    "more_cpu": "more than {seconds} s of CPU time",
    "validation_time": (
        "validating took more than {seconds} s and was stopped; split the submission into"
        " smaller ones"
    ),
    "validation_memory": (
        "validating needed more than {mib} MiB of memory and was stopped; split the "
        "submission into smaller ones"
    ),
    "validator_stopped": (
        "the validator stopped on this submission (status {status}); nothing was changed"
    ),
    # 422: what no parser is given (samverkan.limits), or what stopped it.
    "dtd_refused": (
        "{where}: RDF/XML with <!{construct} is refused (entities can grow a small "
        "document into gigabytes); send it without a DTD"
    ),
    "too_deep": (
        "{where}: the document nests deeper than {depth} levels; flatten it (name the "
        "nested resources)"
    ),
    "parser_stack": "{source} nests too deeply for the parser, which stopped; flatten it",
    "parser_failed": (
        "the parser failed on {source} (its process ended with status {status}) and "
        "nothing was read; check the document's nesting and structure"
    ),
    "cpsv_empty": "the CPSV-AP document holds no statements: nothing imported",
    "cpsv_no_kinds": (
        "none of the document's {count} statements describes a CPSV-AP public service, "
        "channel, event, rule, legal resource or requirement: nothing imported"
    ),
    "title_nothing_to_submit": "Nothing to submit",
    # 415: a syntax or media type not taken.
    "no_content_type": (
        "say what the body is with Content-Type: text/turtle, application/trig, "
        "application/n-triples, application/ld+json or application/rdf+xml"
    ),
    "media_type_not_rdf": (
        "media type {media_type!r} is not an accepted RDF syntax; use one of {accepted}"
    ),
    "extension_not_rdf": (
        "{path}: extension {extension!r} names no RDF syntax; use one of {accepted}"
    ),
    "or_choose_syntax": "{reason}; or choose the syntax in the form",
    "sparql_media_type": (
        "a query is POSTed as {form} (with a 'query' parameter) or as {query}, not as {sent}"
    ),
    "sparql_no_content_type": "a body without Content-Type",
    "sparql_charset": "a query body must be UTF-8, not {charset}",
    # The query page (issue 15).
    "query_format": "there is no format {name!r}; choose one of {known}",
    # 422: the guideline rules.
    "rejected": (
        "the submission breaks guideline rule(s) {rules} ({count} violations), first: "
        "{first}; nothing was changed"
    ),
    "violation": "{focus} {path} {value} (rule {rule}): {text}",
    # What the web framework refuses on its own (its texts are English only).
    "http_400": (
        "the server cannot understand the request (a broken form or header, say); nothing"
        " was changed"
    ),
    "http_404": "there is nothing at this address on this server",
    "http_405": "this address does not take that method; the Allow header says which it takes",
    # The command line's refusals of its own.
    "no_such_file": "no such file: {paths}",
    # The command line's answer to a submission that was refused.
    "not_accepted": "not accepted ({status}): {reason}",
    # The headings of error answers, by status.
    "title_400": "Bad request",
    "title_401": "Credential needed",
    "title_403": "Not allowed",
    "title_404": "Not found",
    "title_405": "Method not allowed",
    "title_406": "Not acceptable",
    "title_409": "Conflict",
    "title_413": "Too large",
    "title_415": "Unsupported media type",
    "title_422": "Breaks the guideline rules",
    "title_429": "Too many requests",
    "title_507": "Insufficient storage",
    "title_500": "Server error",
    "title_503": "Unavailable",
    "title_other": "Error",
}
