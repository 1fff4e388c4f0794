"""Every text of the interface and every message to its users, in Swedish.

One catalog a language, with the same keys in each (``tests/test_messages.py``):
:data:`INTERFACE`, the pages' own words (:func:`samverkan.presentation.texts.text`), and
:data:`MESSAGES`, what refusals and verdicts say (:mod:`samverkan.messages`).
"""

from __future__ import annotations

#: The interface's own words, by key.
INTERFACE: dict[str, str] = {
    "home": "Start",
    "catalogs": "Kataloger",
    "actors": "Aktörer",
    "sparql": "SPARQL",
    "ontology": "Ontologi",
    "shapes": "Vägledningsregler",
    "language": "Språk",
    "tagline": "Länkade data för digital samverkan i offentlig sektor",
    "iri": "Identifierare (IRI)",
    "formats": "Som data",
    "type": "Typ",
    "owner": "Ägare",
    "properties": "Egenskaper",
    "property": "Egenskap",
    "value": "Värde",
    "traceability": "Spårbarhet",
    "suggestions": "{count} förslag",
    "types": "Bläddra efter typ",
    "types_lead": (
        "Metamodellens klasser och hur många objekt var och en har. Varje klass listar "
        "sina objekt, underklassernas också."
    ),
    "type_in_ontology": "Klassen i ontologin",
    "type_count": "{count} objekt",
    "chains": "Plats i kedjorna",
    "chains_note": (
        "Livshändelse → process → aktivitet, begrepp → information → data, och tjänsterna"
        " på varje nivå som objektet når: dess egen kedja, det som kopplas till den och "
        "kedjan för det."
    ),
    "chains_truncated": "Listorna är avkortade: objektet når fler än 2 000.",
    "diagram_in_text": "Samma sak i text:",
    "chains_more": "Visar {shown} av {total}, de första i namnordning.",
    "chains_none": "Inget i den här kolumnen.",
    "above": "Spåras uppåt till (varför?)",
    "below": "Spåras nedåt till (med vad?)",
    "across": "Kopplingar mellan kolumnerna",
    "owns": "Det här äger aktören",
    "entries": "poster",
    "browse_entries": "Bläddra bland katalogens poster",
    "items": "Objekt",
    "filter": "Filtrera",
    "all_actors": "Alla aktörer",
    "text": "Text i namnet",
    "apply": "Visa",
    "name": "Namn",
    "modified": "Ändrad",
    "entry": "Post",
    "previous": "Föregående",
    "next": "Nästa",
    "page_of": "Sida {page} av {pages}",
    "showing": "{count} poster matchar",
    "nothing": "Inga poster matchar.",
    "query": "Fråga",
    "run": "Kör",
    "open_data": "Öppna länkade data",
    "void": "Datamängdsbeskrivning (VoID)",
    "dcat": "Datakatalog (DCAT)",
    "dumps": "Nedladdningar",
    "classes": "Klasser",
    "object_properties": "Objektegenskaper",
    "datatype_properties": "Dataegenskaper",
    "annotation_properties": "Annoteringsegenskaper",
    "schemes": "Kontrollerade listor",
    "definition": "Definition",
    "also_called": "Kallas även",
    "superclasses": "Överklasser",
    "subclasses": "Underklasser",
    "superproperties": "Överegenskaper",
    "subproperties": "Underegenskaper",
    "domain": "Domän",
    "range": "Värdemängd",
    "inverse": "Invers",
    "characteristics": "Egenskaper",
    "transitive": "transitiv",
    "alignment": "Koppling till standarder",
    "metamodel": "Plats i metamodellen",
    "version": "Version",
    "license": "Licens",
    "namespace": "Namnrymd",
    "contents": "Innehåll",
    "rule": "Regel",
    "severity": "Allvarlighetsgrad",
    "message": "Meddelande",
    "target": "Gäller",
    "path": "Väg",
    "severity_Violation": "Överträdelse",
    "severity_Warning": "Varning",
    "severity_Info": "Upplysning",
    "no_shapes": "Inga former: regeln upprätthålls av inlämningsflödet.",
    "counts": "Innehåll i federationen",
    "metamodel_grid": "Metamodellen: tre kolumner \u00d7 tre nivåer",
    "other_classes": "Övriga slag",
    "cat_process": "Processkatalog",
    "cat_information-exchange": "Informationsutbyteskatalog",
    "cat_service": "Tjänstekatalog",
    "cat_assignment": "Uppdragskatalog",
    "intro": (
        "Samverkan är en federation av offentliga och privata aktörer som beskriver sina "
        "processer, sin information och sina tjänster i en gemensam struktur och "
        "publicerar dem i fyra gemensamma kataloger, så att andra kan hitta och "
        "återanvända dem innan de bygger nytt. Varje aktör beskriver och ändrar bara sina"
        " egna delar. Allt här är länkade data: varje identifierare går att slå upp, som "
        "webbsida eller som RDF."
    ),
    "try_query": "Fråga med SPARQL",
    "documentation": "Dokumentation och data",
    "ontology_long": "Ontologin: klasser, egenskaper och kontrollerade listor",
    "shapes_long": "Vägledningsreglerna som SHACL-former",
    "skip": "Hoppa till innehållet",
    "kind": "Slag",
    "count": "Antal",
    "ontology_intro": "Varje term har en identifierare i namnrymden nedan; den leder hit.",
    "search": "Sök",
    "search_words": "Sökord",
    "search_help": (
        "Söker i namn och beskrivningar på svenska och engelska i alla kataloger. Alla "
        "ord ska finnas; böjda former och början av ord räcker (folkbokför, tjänster)."
    ),
    "search_count": "{count} träffar",
    "search_none": "Inget matchar alla orden.",
    "search_more": "och {count} till",
    "cat_other": "Övrigt",
    # The query page and the answers it shows (issue 15).
    "query_title": "Fråga federationen",
    "query_intro": (
        "Skriv en SPARQL-fråga eller börja från en av de färdiga frågorna. Svaret visas "
        "som tabell och, när det har en kolumn med namn och en med tal, som "
        "stapeldiagram. Frågorna går till federationens SPARQL-ändpunkt, som bara kan "
        "läsas."
    ),
    "query_label": "SPARQL-fråga",
    "query_hint": (
        "SELECT, ASK, CONSTRUCT eller DESCRIBE; en fråga får köra i högst några sekunder."
    ),
    "query_keys": "Ctrl+Enter kör frågan.",
    "format": "Svaret som",
    "format_table": "tabell på sidan",
    "format_file": "fil: {format}",
    "format_file_rdf": "fil: {format} (CONSTRUCT, DESCRIBE)",
    "running": "Frågan körs …",
    "ran": "Svaret visas nedan.",
    "run_failed": "Servern gick inte att nå; försök igen.",
    "answer": "Svar",
    "answer_table": "Svaret som tabell",
    "answer_rows": "{count} rader.",
    "answer_triples": "{count} tripler.",
    "answer_first": "De första {shown} visas; hela svaret får du som fil.",
    "answer_yes": "Ja: frågan har minst en lösning.",
    "answer_no": "Nej: frågan har ingen lösning.",
    "value_language": "Språk",
    "download": "Ladda ner svaret:",
    "chart_caption": "Stapeldiagram: {value} för varje {label}. Tabellen har samma värden.",
    "chart_first": "De första {shown} av {count} raderna.",
    "sparql_endpoint": "SPARQL-ändpunkt",
    "sparql_endpoint_intro": (
        "Skicka SPARQL 1.1-frågor till den här adressen med GET eller POST. Ändpunkten "
        "kan bara läsas; svaren kommer som SPARQL JSON, XML, CSV eller TSV (SELECT, ASK) "
        "och Turtle, N-Triples, JSON-LD eller RDF/XML (CONSTRUCT, DESCRIBE), valda med "
        "Accept eller parametern format."
    ),
    "sparql_endpoint_page": (
        "Svaren som tabell och diagram, färdiga frågor och historik: frågesidan"
    ),
    "query_more": "Fler frågor, färdiga exempel och historik på frågesidan",
    "history_title": "Tidigare frågor",
    "history_help": "De senaste frågorna du kört, sparade bara i den här webbläsaren.",
    "history_empty": "Inga frågor ännu.",
    "history_rerun": "Kör igen:",
    "history_clear": "Rensa historiken",
    "named_queries": "Färdiga frågor",
    "named_queries_help": (
        "Välj en fråga, fyll i värdena och kör den; värdena kontrolleras och skrivs in i "
        "frågans VALUES-block."
    ),
    "example_run": "Kör frågan",
    "type_iri": "IRI",
    "type_string": "text",
    "type_integer": "heltal",
    "diagram": "Diagram",
    "diagram_trace": "Spårbarhet genom metamodellen; rutan i fetstil är det här objektet.",
    "diagram_map": (
        "Samverkansprocesskarta: aktörernas processer och informationsutbytena mellan dem."
    ),
    "more_boxes": "+{count} till",
    "exchanges": "Informationsutbyten",
    "customer": "Kund",
    # The submission, report and history pages.
    "report": "Valideringsrapport",
    "conforms": "Uppfyller reglerna",
    "breaks": "Uppfyller INTE reglerna",
    "violations": "överträdelser",
    "warnings": "varningar",
    "infos": "upplysningar",
    "no_results": "Inga anmärkningar.",
    "no_rule": "Utan regel",
    "focus": "Objekt",
    "accepted": "Mottagen som version {n}",
    "rejected": "Avvisad: ingenting ändrades",
    "unchanged": "Oförändrad: innehållet är redan version {n}; ingen ny version gjordes",
    "validated": "Validerad i federationens sammanhang; ingenting ändrades.",
    "of_version": "Rapport för version {n}",
    "history": "Versionshistorik",
    "versions_of": "Versioner av {actor}s del",
    "number": "Nr",
    "created": "Skapad",
    "by": "Av",
    "activity": "Aktivitet",
    "activity_load": "inläsning",
    "activity_submission": "inlämning",
    "activity_rollback": "återställning",
    "activity_withdrawal": "tillbakadragande",
    "hash": "Kontrollsumma (SHA-256)",
    "triples": "Tripler",
    "compare": "Jämför",
    "with_previous": "mot föregående",
    "from": "Från version",
    "to": "Till version",
    "current": "gällande",
    "derived_from": "återställd från",
    "comparison": "{actor}: version {old} jämförd med version {new}",
    "added": "Tillagda tripler",
    "removed": "Borttagna tripler",
    "subject": "Subjekt",
    "predicate": "Predikat",
    "object": "Objekt",
    "none": "Inga.",
    # The submission page and the progress of long work.
    "submit": "Lämna in",
    "submit_title": "Validera eller lämna in en beskrivning",
    "submit_intro": (
        "Välj en fil med aktörens beskrivningar som RDF. Validera den först: den prövas "
        "mot vägledningsreglerna i federationens sammanhang, och ingenting ändras. Lämna "
        "sedan in den med aktörens behörighetsnyckel; utan överträdelser blir den "
        "aktörens nya del."
    ),
    "submit_file": "Fil",
    "submit_file_hint": "Turtle, TriG, N-Triples, N-Quads, JSON-LD eller RDF/XML; högst {size}.",
    "submit_format": "Syntax",
    "submit_by_extension": "Enligt filnamnets ändelse",
    "actor": "Aktör",
    "submit_any_actor": "Den vars objekt filen beskriver",
    "submit_dry_run": "Provkör",
    "submit_validate": "Validera",
    "submit_validate_hint": "Visar rapporten; ingenting ändras och ingen nyckel behövs.",
    "submit_as_actor": "Lämna in som aktören",
    "submit_token": "Aktörens behörighetsnyckel",
    "submit_token_hint": "En administratör skapar den med samverkan credentials add <aktör>.",
    "submit_token_missing": "Fyll i aktörens behörighetsnyckel för att lämna in.",
    "submit_another": "Validera eller lämna in en annan fil",
    "too_large_file": "Filen är större än servern tar emot ({size}).",
    "upload_failed": "Förbindelsen med servern bröts; försök igen.",
    "progress": "Förlopp",
    "phase_queued": "Väntar på sin tur",
    "phase_uploading": "Laddar upp",
    "phase_parsing": "Läser filen",
    "phase_sovereignty": "Kontrollerar att allt är aktörens eget (regel 8)",
    "phase_validating": "Validerar mot vägledningsreglerna",
    "phase_inferring": "Uppdaterar slutledningarna",
    "phase_storing": "Sparar den nya versionen",
    "phase_finished": "Klart",
    # Paging, restoring a version, progress within a phase, report pages (issue 15).
    "first_page": "Första",
    "last_page": "Sista",
    "rows_of": "rad {first} till {last} av {total}",
    "changed": "Ändrat (tripler)",
    "download_all": "Hela jämförelsen",
    "restore": "Återställ",
    "restore_this": "Återställ…",
    "restore_title": "Återställ version {n}",
    "restore_explain": (
        "Att återställa gör en ny version med samma innehåll som version {n}, prövad mot "
        "reglerna på nytt. Historiken skrivs aldrig om: version {current} och alla andra "
        "versioner finns kvar."
    ),
    "restore_changes": (
        "Jämfört med version {current}: {added} tripler läggs till, {removed} tas bort."
    ),
    "restore_see_changes": "Se ändringarna",
    "restore_confirm": "Ja, gör version {n}s innehåll till aktörens nya version.",
    "restore_button": "Återställ version {n}",
    "cancel": "Avbryt",
    "cancelling": "Avbryter…",
    "phase_failed": "Misslyckades: servern som körde arbetet slutade",
    "phase_cancelled": "Avbrutet: ingenting ändrades",
    "progress_done": "{done} av {total} {unit}",
    "progress_count": "{done} {unit}",
    "unit_triples": "tripler",
    "unit_items": "objekt",
    "unit_bytes": "byte",
    "elapsed": "{seconds} s hittills",
    "remaining": "cirka {seconds} s kvar",
    "summary_by_rule": "Sammanfattning per regel",
    "rule_column": "Regel",
    "all_severities": "Alla allvarlighetsgrader",
    "all_rules": "Alla regler",
    "item_filter": "Objekt (IRI eller del av den)",
    "downloads": "Ladda ner rapporten",
    "results_shown": "{count} av {total} anmärkningar visas efter filtret",
    "more_on_other_pages": (
        "Bara de första 200 anmärkningarna visas här. Hela rapporten får du som JSON, CSV"
        " eller Turtle (Accept), eller sida för sida från inlämningssidan."
    ),
}

#: The messages, by code, with their ``{placeholders}``.
MESSAGES: dict[str, str] = {
    # Pieces that other messages name.
    "and_more": " och {count} till",
    "request_body": "anropets innehåll",
    "named_file": "filen {name!r}",
    "at_source": "{source}",
    "at_line": "{source}, rad {line}",
    "at_line_column": "{source}, rad {line}, kolumn {column}",
    # 400: the RDF sent cannot be read, or the request is incomplete.
    "rdf_syntax": "{where}: RDF-syntaxen går inte att läsa: {detail}",
    "at_line_or_before": "{source}, rad {line} eller tidigare",
    "the_submission": "inlämningen",
    "utf16": "dokumentet är UTF-16; skicka det som UTF-8",
    "not_utf8_byte": "byten 0x{byte} är inte UTF-8; skicka dokumentet som UTF-8",
    "nul_character": "tecknet NUL är inte tillåtet (är dokumentet UTF-16 eller binärt?)",
    "address_not_utf8": (
        "anropets {part} innehåller byten 0x{byte}, som inte är UTF-8; procentkoda "
        "adresser och parametrar som UTF-8"
    ),
    "address_control": (
        "anropets {part} innehåller styrtecknet U+{codepoint}, som ingen adress eller "
        "parameter får innehålla"
    ),
    "part_path": "sökväg",
    "part_query_string": "frågedel",
    "where_query_string": "adressens frågedel",
    "where_form": "formuläret",
    "parameter_name": "ett parameternamn",
    "parameter_named": "parametern {name!r}",
    "broken_escape": "{where} har ett '%' som inte följs av två hexadecimala siffror",
    "parameter_not_utf8": "{what} i {where} är inte giltig UTF-8 (byte {offset})",
    "parameter_control": (
        "{what} i {where} innehåller styrtecknet U+{codepoint}; parametrar är text, utan "
        "NUL eller andra styrtecken"
    ),
    "version_current": "version {number} av {actor!r} är redan den gällande",
    "compare_numbers": (
        "ange vilka versioner som ska jämföras med ?from=N&to=M (heltal); {name} är {given}"
    ),
    "missing": "inte angiven",
    # 409: a job that can no longer be cancelled, or that was.
    "job_cancelled": "arbetet avbröts innan det ändrade något; ingenting ändrades",
    "job_finished": "arbetet är redan klart och kan inte avbrytas",
    "job_lost": (
        "servern som körde arbetet slutade innan det var klart (inget livstecken på "
        "{seconds} s); skicka det igen. En version som hann sparas finns i aktörens "
        "historik"
    ),
    "job_committing": (
        "arbetet sparar redan sin version (förbi den punkt där det kunde avbrytas utan "
        "att ändra något); det kan inte avbrytas"
    ),
    "empty_submission": (
        "dokumentet har inga påståenden, och ett tomt dokument ersätter aldrig en aktörs "
        "del; ingenting ändrades. Skicka aktörens beskrivningar som RDF; för att ta bort "
        "hela delen, dra tillbaka den uttryckligen (POST /submissions/<aktör>/withdraw, "
        "eller samverkan submit --withdraw --actor <aktör>)"
    ),
    "no_file": "välj en fil med RDF att skicka (formulärets fält 'file' är tomt)",
    "not_actor_slug": "aktören {actor!r} är ingen aktörsbeteckning (små bokstäver, siffror, -)",
    "actor_mismatch": "formuläret anger aktören {named!r}, adressen {actor!r}",
    "no_catalog": (
        "{item} är av ett slag som {catalog} förtecknar, men federationen har ingen sådan"
        " katalog att publicera det i (vägledningsregel 9)"
    ),
    # 400 from /sparql.
    "query_too_nested": (
        "frågan är för djupt nästlad, eller har för långa block av trippelmönster, för "
        "tolken; dela upp den"
    ),
    "query_escape_escape": (
        "frågan går inte att tolka: en kodpunktsescape (\\u…) skriver en annan escape; "
        "skriv tecknet självt"
    ),
    "query_control": (
        "frågan innehåller styrtecknet U+{codepoint} på rad {line}; en fråga är text, "
        "utan NUL eller andra styrtecken"
    ),
    "sparql_form_without_query": "ett POST-formulär måste ha parametern 'query'",
    "sparql_several_queries": "ange exakt en parameter 'query', inte flera",
    "sparql_not_utf8": "frågan är inte giltig UTF-8 ({detail})",
    "sparql_graph_iri": "{parameter}: {iri!r} är ingen absolut IRI",
    "query_parameter_iri": "parametern {name!r}: {raw!r} är ingen absolut IRI",
    "query_parameter_integer": "parametern {name!r}: {raw!r} är inget heltal",
    "query_parameter_unknown": ("frågan {query!r} har ingen parameter {unknown}; den tar: {known}"),
    "query_parameters_none": "inga",
    "query_parameter_missing_cli": "frågan {query!r} behöver --param {name}=…",
    "query_parameter_missing": "frågan {query!r} behöver ett värde för ?{name}",
    "cursor_without_page_size": "en markör (cursor) behöver den page-size den gavs med",
    "page_not_a_number": "sidan måste vara ett heltal från 1 och uppåt, inte {raw!r}",
    "report_severity_unknown": "allvarlighetsgraden måste vara en av {known}, inte {severity!r}",
    "graph_and_default": "ange antingen ?graph=IRI eller ?default, inte båda",
    "several_graphs": "ange en enda parameter ?graph, inte flera",
    "query_syntax": "frågan går inte att tolka: {detail}",
    "query_syntax_at": "frågan går inte att tolka: rad {line}, kolumn {column}: {detail}",
    "update_syntax": "ändringen går inte att tolka: {detail}",
    "update_syntax_at": "ändringen går inte att tolka: rad {line}, kolumn {column}: {detail}",
    # 401: no credential, or an unknown one.
    "credential_needed": (
        "det här kräver aktörens behörighetsnyckel: skicka 'Authorization: Bearer "
        "<nyckel>' (en administratör skapar en med 'samverkan credentials add <aktör>')"
    ),
    "credential_unknown": "behörighetsnyckeln är okänd eller har återkallats",
    # 403: guideline rule 8, and what /sparql never does.
    "credential_of_other": (
        "behörighetsnyckeln tillhör aktören {holder!r}: bara {actor!r} får ändra "
        "{actor!r}s del (vägledningsregel 8)"
    ),
    "foreign_subjects": (
        "aktören {actor!r} får bara beskriva sina egna objekt (vägledningsregel 8), men "
        "inlämningen har påståenden om: {items}; ingenting ändrades"
    ),
    "claims": (
        "aktören {actor!r} får länka till andra aktörers objekt men inte göra anspråk på "
        "dem, och inte ge bort sina egna (vägledningsregel 8); avvisad, ingenting "
        "ändrades: {statements}"
    ),
    "sparql_read_only": (
        "ändpunkten kan bara läsas: SPARQL Update (INSERT, DELETE, LOAD, CLEAR och "
        "liknande) tas inte emot här; en aktör ändrar sin del av federationen genom en "
        "inlämning"
    ),
    "sparql_internal_graph": (
        "grafen <{graph}> är intern (namn som börjar med urn:x-samverkan: är serverns egna) "
        "och kan inte väljas till en frågas dataset (FROM, FROM NAMED, default-graph-uri, "
        "named-graph-uri); välj bland graferna som /graphs listar"
    ),
    "sparql_service": (
        "federerade frågor (SERVICE) är inte tillåtna: ändpunkten kontaktar aldrig andra "
        "värdar för en frågas räkning"
    ),
    # 503: the server is busy.
    "busy_parsing": "servern läser redan så många dokument som den tar emot; försök igen snart",
    "busy": (
        "servern arbetar redan med {limit} valideringar eller inlämningar; försök igen om en minut"
    ),
    # 413: too large.
    "too_large": (
        "anropets innehåll är större än servern tar emot ({limit} byte); dela upp "
        "inlämningen eller be administratören höja max_body_bytes"
    ),
    # 413: what a document may become and use when it is parsed (samverkan.bounded).
    "too_many_triples": (
        "{source} har fler än {limit} tripler, det mesta ett anrop tar emot; dela upp den"
    ),
    "grows_too_much": (
        "{source} ({size} byte) växer till mer än {limit} byte N-Quads (högst {factor} "
        "gånger sin storlek); ett dokument får inte växa så mycket"
    ),
    "parse_cpu": (
        "att läsa {source} tog mer än {seconds} s processortid och avbröts; förenkla "
        "eller dela upp den"
    ),
    "parse_memory": (
        "att läsa {source} behövde mer än {mib} MiB minne och avbröts; förenkla eller dela upp den"
    ),
    "skolem_limit": (
        "att ge de tomma noderna i {source} sina stabila identifierare behövde {needed} "
        "(kostnaden växer snabbt med tomma noder som liknar varandra, som i en lång "
        "lista); namnge resurserna med IRI:er eller dela upp den"
    ),
    "more_memory": "mer än {mib} MiB minne",
    "more_cpu": "mer än {seconds} s processortid",
    "validation_time": (
        "valideringen tog mer än {seconds} s och avbröts; dela upp inlämningen i mindre delar"
    ),
    "validation_memory": (
        "valideringen behövde mer än {mib} MiB minne och avbröts; dela upp inlämningen i "
        "mindre delar"
    ),
    "validator_stopped": (
        "valideraren stannade på den här inlämningen (status {status}); ingenting ändrades"
    ),
    # 422: what no parser is given (samverkan.limits), or what stopped it.
    "dtd_refused": (
        "{where}: RDF/XML med <!{construct} avvisas (entiteter kan göra ett litet "
        "dokument till gigabyte); skicka det utan DTD"
    ),
    "too_deep": (
        "{where}: dokumentet är nästlat djupare än {depth} nivåer; gör det plattare "
        "(namnge de nästlade resurserna)"
    ),
    "parser_stack": "{source} är för djupt nästlad för tolken, som stannade; gör den plattare",
    "parser_failed": (
        "tolken misslyckades med {source} (processen slutade med status {status}) och "
        "ingenting lästes; kontrollera dokumentets nästling och struktur"
    ),
    "cpsv_empty": "CPSV-AP-dokumentet har inga påståenden: ingenting importerades",
    "cpsv_no_kinds": (
        "inget av dokumentets {count} påståenden beskriver en offentlig tjänst, kanal, "
        "händelse, regel, rättslig resurs eller ett krav enligt CPSV-AP: ingenting "
        "importerades"
    ),
    "title_nothing_to_submit": "Inget att lämna in",
    # 415: a syntax or media type not taken.
    "no_content_type": (
        "ange vad innehållet är med Content-Type: text/turtle, application/trig, "
        "application/n-triples, application/ld+json eller application/rdf+xml"
    ),
    "media_type_not_rdf": (
        "medietypen {media_type!r} är ingen RDF-syntax som tas emot; använd någon av {accepted}"
    ),
    "extension_not_rdf": (
        "{path}: filändelsen {extension!r} anger ingen RDF-syntax; använd någon av {accepted}"
    ),
    "or_choose_syntax": "{reason}; eller välj syntax i formuläret",
    "sparql_media_type": (
        "en fråga skickas med POST som {form} (med parametern 'query') eller som {query},"
        " inte som {sent}"
    ),
    "sparql_no_content_type": "innehåll utan Content-Type",
    "sparql_charset": "en fråga måste vara UTF-8, inte {charset}",
    # The query page (issue 15).
    "query_format": "formatet {name!r} finns inte; välj ett av {known}",
    # 422: the guideline rules.
    "rejected": (
        "inlämningen bryter mot vägledningsregel {rules} (antal överträdelser: {count}), "
        "först: {first}; ingenting ändrades"
    ),
    "violation": "{focus} {path} {value} (regel {rule}): {text}",
    # What the web framework refuses on its own (its texts are English only).
    "http_400": (
        "servern förstår inte begäran (till exempel ett trasigt formulär eller en "
        "felaktig rubrik); ingenting ändrades"
    ),
    "http_404": "adressen finns inte på den här servern",
    "http_405": "adressen tar inte emot den metoden; rubriken Allow säger vilka den tar emot",
    # The command line's refusals of its own.
    "no_such_file": "filen finns inte: {paths}",
    # The command line's answer to a submission that was refused.
    "not_accepted": "inte godtagen ({status}): {reason}",
    # The headings of error answers, by status.
    "title_400": "Felaktig begäran",
    "title_401": "Behörighetsnyckel behövs",
    "title_403": "Inte tillåtet",
    "title_404": "Hittades inte",
    "title_405": "Metoden tillåts inte",
    "title_406": "Kan inte ges i den formen",
    "title_409": "Krock",
    "title_413": "För stort",
    "title_415": "Medietypen tas inte emot",
    "title_422": "Bryter mot vägledningsreglerna",
    "title_429": "För många förfrågningar",
    "title_507": "Lagringsutrymmet räcker inte",
    "title_500": "Serverfel",
    "title_503": "Inte tillgänglig",
    "title_other": "Fel",
}
