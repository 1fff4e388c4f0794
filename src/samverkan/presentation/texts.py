"""The texts of the interface in each language, and which of a term's values a page shows.

Which language a page is in is the web layer's to say (:mod:`samverkan.web.common.language`);
what is written in it is here, for the pages, the exports and the specification alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal


def best_language(accepted: Iterable[tuple[str, float]], offered: tuple[str, ...]) -> str:
    """Return the offered language the client ranks highest, matching by primary subtag
    (``en-GB`` is ``en``); ``*`` or no match gives the first offered."""
    ranked = sorted(accepted, key=lambda entry: -entry[1])
    for tag, quality in ranked:
        primary = tag.split("-", 1)[0].lower()
        if quality > 0 and primary in offered:
            return primary
        if quality > 0 and primary == "*":
            return offered[0]
    return offered[0]


def pick(values: Iterable[Literal], lang: str) -> Literal | None:
    """Return the value in ``lang``, else in Swedish, else English, else any value."""
    found = list(values)
    for wanted in (lang, "sv", "en"):
        for value in found:
            if value.language == wanted:
                return value
    plain = [value for value in found if value.language is None]
    candidates = plain or found
    return candidates[0] if candidates else None


def ordered(values: Iterable[Literal], lang: str) -> list[Literal]:
    """Return the values with those in ``lang`` first, then untagged, then by language."""
    return sorted(values, key=lambda v: (v.language != lang, v.language or "", str(v)))


#: The interface's own words, by key, in Swedish and English.
TEXTS: dict[str, dict[str, str]] = {
    "home": {"sv": "Start", "en": "Home"},
    "catalogs": {"sv": "Kataloger", "en": "Catalogs"},
    "actors": {"sv": "Aktörer", "en": "Actors"},
    "sparql": {"sv": "SPARQL", "en": "SPARQL"},
    "ontology": {"sv": "Ontologi", "en": "Ontology"},
    "shapes": {"sv": "Vägledningsregler", "en": "Guideline rules"},
    "language": {"sv": "Språk", "en": "Language"},
    "tagline": {
        "sv": "Länkade data för digital samverkan i offentlig sektor",
        "en": "Linked data for digital collaboration in the public sector",
    },
    "iri": {"sv": "Identifierare (IRI)", "en": "Identifier (IRI)"},
    "formats": {"sv": "Som data", "en": "As data"},
    "type": {"sv": "Typ", "en": "Type"},
    "owner": {"sv": "Ägare", "en": "Owner"},
    "properties": {"sv": "Egenskaper", "en": "Properties"},
    "property": {"sv": "Egenskap", "en": "Property"},
    "value": {"sv": "Värde", "en": "Value"},
    "traceability": {"sv": "Spårbarhet", "en": "Traceability"},
    "yasgui_editor": {"sv": "SPARQL-fråga", "en": "SPARQL query"},
    "yasgui_endpoint": {"sv": "SPARQL-ändpunkt", "en": "SPARQL endpoint"},
    "yasgui_tab": {"sv": "Flikens namn", "en": "Tab name"},
    "suggestions": {"sv": "{count} förslag", "en": "{count} suggestions"},
    "types": {"sv": "Bläddra efter typ", "en": "Browse by type"},
    "types_lead": {
        "sv": "Metamodellens klasser och hur många objekt var och en har. Varje klass listar "
        "sina objekt, underklassernas också.",
        "en": "The metamodel's classes and how many items each has. Each class lists its "
        "items, its sub-classes' too.",
    },
    "type_in_ontology": {"sv": "Klassen i ontologin", "en": "The class in the ontology"},
    "type_count": {"sv": "{count} objekt", "en": "{count} items"},
    "chains": {"sv": "Plats i kedjorna", "en": "Place in the chains"},
    "chains_note": {
        "sv": "Livshändelse → process → aktivitet, begrepp → information → data, och "
        "tjänsterna på varje nivå som objektet når: dess egen kedja, det som kopplas till "
        "den och kedjan för det.",
        "en": "Life event → process → activity, concept → information → data, and the "
        "services at each level that the item reaches: its own chain, what links to it, "
        "and that item's chain.",
    },
    "chains_truncated": {
        "sv": "Listorna är avkortade: objektet når fler än 2 000.",
        "en": "The lists are cut short: the item reaches more than 2,000.",
    },
    "diagram_in_text": {"sv": "Samma sak i text:", "en": "The same in text:"},
    "chains_more": {
        "sv": "Visar {shown} av {total}, de första i namnordning.",
        "en": "Showing {shown} of {total}, the first by name.",
    },
    "chains_none": {"sv": "Inget i den här kolumnen.", "en": "Nothing in this column."},
    "above": {"sv": "Spåras uppåt till (varför?)", "en": "Traces up to (why?)"},
    "below": {"sv": "Spåras nedåt till (med vad?)", "en": "Traced down to (with what?)"},
    "across": {"sv": "Kopplingar mellan kolumnerna", "en": "Links across the columns"},
    "owns": {"sv": "Det här äger aktören", "en": "What this actor owns"},
    "entries": {"sv": "poster", "en": "entries"},
    "browse_entries": {
        "sv": "Bläddra bland katalogens poster",
        "en": "Browse the catalog's entries",
    },
    "items": {"sv": "Objekt", "en": "Items"},
    "filter": {"sv": "Filtrera", "en": "Filter"},
    "all_actors": {"sv": "Alla aktörer", "en": "All actors"},
    "text": {"sv": "Text i namnet", "en": "Text in the name"},
    "apply": {"sv": "Visa", "en": "Show"},
    "name": {"sv": "Namn", "en": "Name"},
    "modified": {"sv": "Ändrad", "en": "Modified"},
    "entry": {"sv": "Post", "en": "Entry"},
    "previous": {"sv": "Föregående", "en": "Previous"},
    "next": {"sv": "Nästa", "en": "Next"},
    "page_of": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "showing": {
        "sv": "{count} poster matchar",
        "en": "{count} entries match",
    },
    "nothing": {"sv": "Inga poster matchar.", "en": "No entries match."},
    "query": {"sv": "Fråga", "en": "Query"},
    "run": {"sv": "Kör", "en": "Run"},
    "open_data": {"sv": "Öppna länkade data", "en": "Linked open data"},
    "void": {"sv": "Datamängdsbeskrivning (VoID)", "en": "Dataset description (VoID)"},
    "dcat": {"sv": "Datakatalog (DCAT)", "en": "Data catalog (DCAT)"},
    "dumps": {"sv": "Nedladdningar", "en": "Downloads"},
    "classes": {"sv": "Klasser", "en": "Classes"},
    "object_properties": {"sv": "Objektegenskaper", "en": "Object properties"},
    "datatype_properties": {"sv": "Dataegenskaper", "en": "Datatype properties"},
    "annotation_properties": {"sv": "Annoteringsegenskaper", "en": "Annotation properties"},
    "schemes": {"sv": "Kontrollerade listor", "en": "Controlled lists"},
    "definition": {"sv": "Definition", "en": "Definition"},
    "also_called": {"sv": "Kallas även", "en": "Also called"},
    "superclasses": {"sv": "Överklasser", "en": "Super-classes"},
    "subclasses": {"sv": "Underklasser", "en": "Sub-classes"},
    "superproperties": {"sv": "Överegenskaper", "en": "Super-properties"},
    "subproperties": {"sv": "Underegenskaper", "en": "Sub-properties"},
    "domain": {"sv": "Domän", "en": "Domain"},
    "range": {"sv": "Värdemängd", "en": "Range"},
    "inverse": {"sv": "Invers", "en": "Inverse"},
    "characteristics": {"sv": "Egenskaper", "en": "Characteristics"},
    "transitive": {"sv": "transitiv", "en": "transitive"},
    "alignment": {"sv": "Koppling till standarder", "en": "Alignment to standards"},
    "metamodel": {"sv": "Plats i metamodellen", "en": "Place in the metamodel"},
    "version": {"sv": "Version", "en": "Version"},
    "license": {"sv": "Licens", "en": "Licence"},
    "namespace": {"sv": "Namnrymd", "en": "Namespace"},
    "contents": {"sv": "Innehåll", "en": "Contents"},
    "rule": {"sv": "Regel", "en": "Rule"},
    "severity": {"sv": "Allvarlighetsgrad", "en": "Severity"},
    "message": {"sv": "Meddelande", "en": "Message"},
    "target": {"sv": "Gäller", "en": "Applies to"},
    "path": {"sv": "Väg", "en": "Path"},
    "severity_Violation": {"sv": "Överträdelse", "en": "Violation"},
    "severity_Warning": {"sv": "Varning", "en": "Warning"},
    "severity_Info": {"sv": "Upplysning", "en": "Info"},
    "no_shapes": {
        "sv": "Inga former: regeln upprätthålls av inlämningsflödet.",
        "en": "No shapes: the rule is enforced by the submission workflow.",
    },
    "counts": {"sv": "Innehåll i federationen", "en": "What the federation holds"},
    "metamodel_grid": {
        "sv": "Metamodellen: tre kolumner \u00d7 tre nivåer",
        "en": "The metamodel: three columns \u00d7 three levels",
    },
    "other_classes": {"sv": "Övriga slag", "en": "Other kinds"},
    "cat_process": {"sv": "Processkatalog", "en": "Process catalog"},
    "cat_information-exchange": {
        "sv": "Informationsutbyteskatalog",
        "en": "Information-exchange catalog",
    },
    "cat_service": {"sv": "Tjänstekatalog", "en": "Service catalog"},
    "cat_assignment": {"sv": "Uppdragskatalog", "en": "Assignment catalog"},
    "intro": {
        "sv": "Samverkan är en federation av offentliga och privata aktörer som beskriver sina "
        "processer, sin information och sina tjänster i en gemensam struktur och publicerar "
        "dem i fyra gemensamma kataloger, så att andra kan hitta och återanvända dem innan de "
        "bygger nytt. Varje aktör beskriver och ändrar bara sina egna delar. Allt här är "
        "länkade data: varje identifierare går att slå upp, som webbsida eller som RDF.",
        "en": "Samverkan is a federation of public and private actors that describe their "
        "processes, information and services in one shared structure and publish them in "
        "four shared catalogs, so that others can find and reuse them before building anew. "
        "Each actor describes and changes only its own parts. Everything here is linked "
        "data: every identifier can be looked up, as a web page or as RDF.",
    },
    "try_query": {"sv": "Fråga med SPARQL", "en": "Ask with SPARQL"},
    "documentation": {"sv": "Dokumentation och data", "en": "Documentation and data"},
    "ontology_long": {
        "sv": "Ontologin: klasser, egenskaper och kontrollerade listor",
        "en": "The ontology: classes, properties and controlled lists",
    },
    "shapes_long": {
        "sv": "Vägledningsreglerna som SHACL-former",
        "en": "The guideline rules as SHACL shapes",
    },
    "skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "kind": {"sv": "Slag", "en": "Kind"},
    "count": {"sv": "Antal", "en": "Number"},
    "ontology_intro": {
        "sv": "Varje term har en identifierare i namnrymden nedan; den leder hit.",
        "en": "Every term has an identifier in the namespace below; it leads here.",
    },
    "search": {"sv": "Sök", "en": "Search"},
    "search_words": {"sv": "Sökord", "en": "Words to find"},
    "search_help": {
        "sv": "Söker i namn och beskrivningar på svenska och engelska i alla kataloger. Alla "
        "ord ska finnas; böjda former och början av ord räcker (folkbokför, tjänster).",
        "en": "Searches names and descriptions in Swedish and English in every catalog. Every "
        "word must occur; inflected forms and the start of a word will do (register, services).",
    },
    "search_count": {"sv": "{count} träffar", "en": "{count} matches"},
    "search_none": {"sv": "Inget matchar alla orden.", "en": "Nothing matches every word."},
    "search_more": {"sv": "och {count} till", "en": "and {count} more"},
    "cat_other": {"sv": "Övrigt", "en": "Other"},
    # The query page.
    "query_title": {"sv": "Fråga federationen", "en": "Query the federation"},
    "query_intro": {
        "sv": "Skriv en SPARQL-fråga i redigeraren eller börja från en av de färdiga frågorna. "
        "Svaret visas som tabell och, när det har en kolumn med namn och en med tal, som "
        "stapeldiagram. Frågorna går till federationens SPARQL-ändpunkt, som bara kan läsas.",
        "en": "Write a SPARQL query in the editor or start from one of the ready-made queries. "
        "The answer is shown as a table and, when it has a column of names and one of numbers, "
        "as a bar chart. The queries go to the federation's SPARQL endpoint, which is read-only.",
    },
    "named_queries": {"sv": "Färdiga frågor", "en": "Ready-made queries"},
    "named_queries_help": {
        "sv": "Välj en fråga, fyll i värdena och lägg den i redigeraren; värdena kontrolleras "
        "och skrivs in i frågans VALUES-block.",
        "en": "Pick a query, fill in its values and put it in the editor; the values are "
        "checked and written into the query's VALUES block.",
    },
    "to_editor": {"sv": "Lägg i redigeraren", "en": "Put in the editor"},
    "editor": {"sv": "SPARQL-redigerare", "en": "SPARQL editor"},
    "format": {"sv": "Format", "en": "Format"},
    "chart": {"sv": "Diagram", "en": "Chart"},
    "chart_first": {
        "sv": "De första {shown} av {count} raderna.",
        "en": "The first {shown} of {count} rows.",
    },
    "without_script": {
        "sv": "Utan JavaScript skickas frågan till SPARQL-ändpunkten och svaret kommer som "
        "data i det valda formatet.",
        "en": "Without JavaScript the query is sent to the SPARQL endpoint and the answer "
        "comes back as data in the chosen format.",
    },
    "diagram": {"sv": "Diagram", "en": "Diagram"},
    "diagram_trace": {
        "sv": "Spårbarhet genom metamodellen; rutan i fetstil är det här objektet.",
        "en": "Traceability through the metamodel; the box in bold is this item.",
    },
    "diagram_map": {
        "sv": "Samverkansprocesskarta: aktörernas processer och informationsutbytena mellan dem.",
        "en": "Collaboration process map: the actors' processes and the information exchanges "
        "between them.",
    },
    "more_boxes": {"sv": "+{count} till", "en": "+{count} more"},
    "exchanges": {"sv": "Informationsutbyten", "en": "Information exchanges"},
    "customer": {"sv": "Kund", "en": "Customer"},
    # The submission, report and history pages.
    "report": {"sv": "Valideringsrapport", "en": "Validation report"},
    "conforms": {"sv": "Uppfyller reglerna", "en": "Conforms to the rules"},
    "breaks": {"sv": "Uppfyller INTE reglerna", "en": "Does NOT conform to the rules"},
    "violations": {"sv": "överträdelser", "en": "violations"},
    "warnings": {"sv": "varningar", "en": "warnings"},
    "infos": {"sv": "upplysningar", "en": "infos"},
    "no_results": {"sv": "Inga anmärkningar.", "en": "Nothing to remark."},
    "no_rule": {"sv": "Utan regel", "en": "No rule"},
    "focus": {"sv": "Objekt", "en": "Focus node"},
    "accepted": {"sv": "Mottagen som version {n}", "en": "Accepted as version {n}"},
    "rejected": {"sv": "Avvisad: ingenting ändrades", "en": "Rejected: nothing was changed"},
    "unchanged": {
        "sv": "Oförändrad: innehållet är redan version {n}; ingen ny version gjordes",
        "en": "Unchanged: the content is version {n} already; no new version was made",
    },
    "validated": {
        "sv": "Validerad i federationens sammanhang; ingenting ändrades.",
        "en": "Validated in the context of the federation; nothing was changed.",
    },
    "of_version": {"sv": "Rapport för version {n}", "en": "Report of version {n}"},
    "history": {"sv": "Versionshistorik", "en": "Version history"},
    "versions_of": {"sv": "Versioner av {actor}s del", "en": "Versions of {actor}'s part"},
    "number": {"sv": "Nr", "en": "No."},
    "created": {"sv": "Skapad", "en": "Created"},
    "by": {"sv": "Av", "en": "By"},
    "activity": {"sv": "Aktivitet", "en": "Activity"},
    "activity_load": {"sv": "inläsning", "en": "load"},
    "activity_submission": {"sv": "inlämning", "en": "submission"},
    "activity_rollback": {"sv": "återställning", "en": "rollback"},
    "activity_withdrawal": {"sv": "tillbakadragande", "en": "withdrawal"},
    "hash": {"sv": "Kontrollsumma (SHA-256)", "en": "Checksum (SHA-256)"},
    "triples": {"sv": "Tripler", "en": "Triples"},
    "compare": {"sv": "Jämför", "en": "Compare"},
    "with_previous": {"sv": "mot föregående", "en": "with previous"},
    "from": {"sv": "Från version", "en": "From version"},
    "to": {"sv": "Till version", "en": "To version"},
    "current": {"sv": "gällande", "en": "current"},
    "derived_from": {"sv": "återställd från", "en": "restored from"},
    "comparison": {
        "sv": "{actor}: version {old} jämförd med version {new}",
        "en": "{actor}: version {old} compared with version {new}",
    },
    "added": {"sv": "Tillagda tripler", "en": "Added triples"},
    "removed": {"sv": "Borttagna tripler", "en": "Removed triples"},
    "subject": {"sv": "Subjekt", "en": "Subject"},
    "predicate": {"sv": "Predikat", "en": "Predicate"},
    "object": {"sv": "Objekt", "en": "Object"},
    "none": {"sv": "Inga.", "en": "None."},
    # The submission page and the progress of long work.
    "submit": {"sv": "Lämna in", "en": "Submit"},
    "submit_title": {
        "sv": "Validera eller lämna in en beskrivning",
        "en": "Validate or submit a description",
    },
    "submit_intro": {
        "sv": "Välj en fil med aktörens beskrivningar som RDF. Validera den först: den prövas "
        "mot vägledningsreglerna i federationens sammanhang, och ingenting ändras. Lämna sedan "
        "in den med aktörens behörighetsnyckel; utan överträdelser blir den aktörens nya del.",
        "en": "Choose a file with the actor's descriptions as RDF. Validate it first: it is "
        "checked against the guideline rules in the context of the federation, and nothing "
        "changes. Then submit it with the actor's credential; without violations it becomes "
        "the actor's new part.",
    },
    "submit_file": {"sv": "Fil", "en": "File"},
    "submit_file_hint": {
        "sv": "Turtle, TriG, N-Triples, N-Quads, JSON-LD eller RDF/XML; högst {size}.",
        "en": "Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML; at most {size}.",
    },
    "submit_format": {"sv": "Syntax", "en": "Syntax"},
    "submit_by_extension": {
        "sv": "Enligt filnamnets ändelse",
        "en": "By the file name's extension",
    },
    "actor": {"sv": "Aktör", "en": "Actor"},
    "submit_any_actor": {
        "sv": "Den vars objekt filen beskriver",
        "en": "The one whose items the file describes",
    },
    "submit_dry_run": {"sv": "Provkör", "en": "Try it"},
    "submit_validate": {"sv": "Validera", "en": "Validate"},
    "submit_validate_hint": {
        "sv": "Visar rapporten; ingenting ändras och ingen nyckel behövs.",
        "en": "Shows the report; nothing changes and no credential is needed.",
    },
    "submit_as_actor": {"sv": "Lämna in som aktören", "en": "Submit as the actor"},
    "submit_token": {"sv": "Aktörens behörighetsnyckel", "en": "The actor's credential"},
    "submit_token_hint": {
        "sv": "En administratör skapar den med samverkan credentials add <aktör>.",
        "en": "An operator makes one with samverkan credentials add <actor>.",
    },
    "submit_token_missing": {
        "sv": "Fyll i aktörens behörighetsnyckel för att lämna in.",
        "en": "Fill in the actor's credential to submit.",
    },
    "submit_another": {
        "sv": "Validera eller lämna in en annan fil",
        "en": "Validate or submit another file",
    },
    "too_large_file": {
        "sv": "Filen är större än servern tar emot ({size}).",
        "en": "The file is larger than the server takes ({size}).",
    },
    "upload_failed": {
        "sv": "Förbindelsen med servern bröts; försök igen.",
        "en": "The connection to the server failed; try again.",
    },
    "progress": {"sv": "Förlopp", "en": "Progress"},
    "phase_queued": {"sv": "Väntar på sin tur", "en": "Waiting for its turn"},
    "phase_uploading": {"sv": "Laddar upp", "en": "Uploading"},
    "phase_parsing": {"sv": "Läser filen", "en": "Reading the file"},
    "phase_sovereignty": {
        "sv": "Kontrollerar att allt är aktörens eget (regel 8)",
        "en": "Checking that everything is the actor's own (rule 8)",
    },
    "phase_validating": {
        "sv": "Validerar mot vägledningsreglerna",
        "en": "Validating against the guideline rules",
    },
    "phase_inferring": {"sv": "Uppdaterar slutledningarna", "en": "Updating the inferences"},
    "phase_storing": {"sv": "Sparar den nya versionen", "en": "Storing the new version"},
    "phase_finished": {"sv": "Klart", "en": "Finished"},
    # Paging, restoring a version, progress within a phase, report pages (issue 15).
    "first_page": {"sv": "Första", "en": "First"},
    "last_page": {"sv": "Sista", "en": "Last"},
    "rows_of": {
        "sv": "rad {first} till {last} av {total}",
        "en": "rows {first} to {last} of {total}",
    },
    "changed": {"sv": "Ändrat (tripler)", "en": "Changed (triples)"},
    "download_all": {"sv": "Hela jämförelsen", "en": "The whole comparison"},
    "restore": {"sv": "Återställ", "en": "Restore"},
    "restore_this": {"sv": "Återställ…", "en": "Restore…"},
    "restore_title": {"sv": "Återställ version {n}", "en": "Restore version {n}"},
    "restore_explain": {
        "sv": "Att återställa gör en ny version med samma innehåll som version {n}, prövad mot "
        "reglerna på nytt. Historiken skrivs aldrig om: version {current} och alla andra "
        "versioner finns kvar.",
        "en": "Restoring makes a new version with the content of version {n}, checked against "
        "the rules again. History is never rewritten: version {current} and every other "
        "version stay.",
    },
    "restore_changes": {
        "sv": "Jämfört med version {current}: {added} tripler läggs till, {removed} tas bort.",
        "en": "Against version {current}: {added} triples are added, {removed} removed.",
    },
    "restore_see_changes": {"sv": "Se ändringarna", "en": "See the changes"},
    "restore_confirm": {
        "sv": "Ja, gör version {n}s innehåll till aktörens nya version.",
        "en": "Yes, make version {n}'s content the actor's new version.",
    },
    "restore_button": {"sv": "Återställ version {n}", "en": "Restore version {n}"},
    "cancel": {"sv": "Avbryt", "en": "Cancel"},
    "cancelling": {"sv": "Avbryter…", "en": "Cancelling…"},
    "phase_cancelled": {
        "sv": "Avbrutet: ingenting ändrades",
        "en": "Cancelled: nothing was changed",
    },
    "progress_done": {"sv": "{done} av {total} {unit}", "en": "{done} of {total} {unit}"},
    "progress_count": {"sv": "{done} {unit}", "en": "{done} {unit}"},
    "unit_triples": {"sv": "tripler", "en": "triples"},
    "unit_items": {"sv": "objekt", "en": "items"},
    "unit_bytes": {"sv": "byte", "en": "bytes"},
    "elapsed": {"sv": "{seconds} s hittills", "en": "{seconds} s so far"},
    "remaining": {"sv": "cirka {seconds} s kvar", "en": "about {seconds} s left"},
    "summary_by_rule": {"sv": "Sammanfattning per regel", "en": "Summary by rule"},
    "rule_column": {"sv": "Regel", "en": "Rule"},
    "all_severities": {"sv": "Alla allvarlighetsgrader", "en": "All severities"},
    "all_rules": {"sv": "Alla regler", "en": "All rules"},
    "item_filter": {"sv": "Objekt (IRI eller del av den)", "en": "Item (IRI or part of it)"},
    "downloads": {"sv": "Ladda ner rapporten", "en": "Download the report"},
    "results_shown": {
        "sv": "{count} av {total} anmärkningar visas efter filtret",
        "en": "{count} of {total} results match the filter",
    },
    "more_on_other_pages": {
        "sv": "Bara de första 200 anmärkningarna visas här. Hela rapporten får du som JSON, "
        "CSV eller Turtle (Accept), eller sida för sida från inlämningssidan.",
        "en": "Only the first 200 results are shown here. The whole report comes as JSON, CSV "
        "or Turtle (Accept), or page by page from the submission page.",
    },
}


def text(key: str, lang: str) -> str:
    """Return the interface text ``key`` in ``lang`` (English when it lacks a translation)."""
    words = TEXTS.get(key, {})
    return words.get(lang) or words.get("en") or key
