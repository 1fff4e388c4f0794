"""The ``samverkan`` command: load, validate, query, submit to and serve the federation."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any

from samverkan import __version__, progress
from samverkan.client import submit_file, withdraw_part
from samverkan.config import Settings, load_settings
from samverkan.errors import (
    ConfigurationError,
    EmptySubmissionError,
    InputError,
    RejectedSubmissionError,
    SamverkanError,
    StoreError,
)
from samverkan.federation import build, open_federation
from samverkan.listings import rebuild_listings
from samverkan.messages import Listing, message
from samverkan.paging import next_cursor, page_query, parse_page_size
from samverkan.progress import TerminalProgress
from samverkan.queries import find_query, load_queries
from samverkan.rdfio import parse_file, parse_files
from samverkan.reasoning.materialise import materialise_store
from samverkan.rebasing import to_deployment
from samverkan.server_reads import export_from_server, query_server
from samverkan.specification.command import add_command as add_publish_command
from samverkan.storage import GraphLayout, OxigraphStore, Store, identity, open_store
from samverkan.storage.reading import held_by_another, open_checkpoint
from samverkan.submissions import members
from samverkan.submissions.credentials import Credentials, import_beside
from samverkan.submissions.offline import validate_files
from samverkan.submissions.service import Outcome, Submissions
from samverkan.submissions.versions import version_json
from samverkan.tables import format_result
from samverkan.validation import Report, Validator
from samverkan.validation.render import as_document, as_json, as_text, as_turtle, rule_titles

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2
#: Where ``samverkan submit --server`` finds the actor's credential when --token is not given.
TOKEN_ENV = "SAMVERKAN_TOKEN"
SERVER_HELP = (
    "ask a running server at this address; without it, read --store (beside a server that "
    "holds it too, from the checkpoint it publishes)"
)
PROGRESS_HELP = (
    "show the phases on standard error (default: when it is a terminal and the input is large)"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(_common(args))
        return int(args.handler(args, settings))
    except SamverkanError as error:
        # In the language of --lang where the command has it (the texts of the server's).
        print(f"samverkan: {error.text(getattr(args, 'lang', 'en'))}", file=sys.stderr)
        return EXIT_UNUSABLE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samverkan", description=__doc__)
    parser.add_argument("--version", action="version", version=f"samverkan {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", type=Path, help="store directory (default: var/store)")
    common.add_argument("--base-iri", help="base IRI of every identifier")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    load = commands.add_parser(
        "load", parents=[common], help="build the store from ontology/, shapes/ and data/"
    )
    load.add_argument("--progress", action=argparse.BooleanOptionalAction, help=PROGRESS_HELP)
    load.add_argument(
        "--replace-submitted",
        action="store_true",
        help="replace parts that actors submitted with the files of data/ (their versions "
        "stay in the history and the archive; a rollback restores them)",
    )
    load.set_defaults(handler=_load)

    reason = commands.add_parser(
        "reason",
        parents=[common],
        help="rebuild the inferred triples of the embedded store from its ontology and parts",
    )
    reason.set_defaults(handler=_reason)

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="validate RDF files against the shapes, in the context of the store at --store "
        "(or, without one, of the example federation in data/)",
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument(
        "--actor", help="judge the files as this actor's new part (default: each actor's)"
    )
    validate.add_argument("--lang", choices=("sv", "en"), default="en")
    validate.add_argument("--format", choices=("text", "turtle", "json"), default="text")
    validate.set_defaults(handler=_validate)

    query = commands.add_parser("query", parents=[common], help="run a named query from queries/")
    query.add_argument("name", nargs="?", help="the query's name (omit to list them)")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument(
        "--page-size", metavar="N", help="answer N rows; the next page's --cursor goes to stderr"
    )
    query.add_argument("--cursor", help="the page after the one that printed this cursor")
    query.add_argument("--server", help=SERVER_HELP)
    query.set_defaults(handler=_query)

    serve = commands.add_parser(
        "serve", parents=[common], help="serve the federation over HTTP (builds the store first)"
    )
    serve.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: 8080)")
    serve.add_argument("--query-timeout", type=float, help="seconds a query may run (default: 10)")
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes: above 1, that many readers and one writer (default: 1)",
    )
    serve.set_defaults(handler=_serve)
    _submission_commands(commands, common)
    _export_command(commands, common)
    add_publish_command(commands, common)
    return parser


def _submission_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    submit = commands.add_parser(
        "submit",
        parents=[common],
        help="make a file an actor's new part, through a server or directly in the store",
        description=_submit.__doc__,
    )
    submit.add_argument("file", type=Path, metavar="FILE", nargs="?")
    submit.add_argument("--actor", required=True, help="the actor's slug, e.g. kivra")
    submit.add_argument(
        "--withdraw",
        action="store_true",
        help="instead of a FILE: make an empty part the actor's new version (a rollback "
        "restores an earlier one)",
    )
    submit.add_argument("--server", help="the server's address; without it, write to --store")
    submit.add_argument("--token", help=f"the actor's credential (default: ${TOKEN_ENV})")
    submit.add_argument("--lang", choices=("sv", "en"), default="en")
    submit.add_argument("--format", choices=("text", "json"), default="text")
    submit.add_argument("--progress", action=argparse.BooleanOptionalAction, help=PROGRESS_HELP)
    submit.set_defaults(handler=_submit)

    keys = commands.add_parser("credentials", help="make, list and revoke actors' credentials")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="make a token (shown only once)")
    add.add_argument("actor", metavar="SLUG")
    add.add_argument(
        "--create", action="store_true", help="for an actor the store does not know yet"
    )
    add.set_defaults(handler=_add_credential)
    listing = actions.add_parser("list", parents=[common], help="list credentials (no secrets)")
    listing.set_defaults(handler=_list_credentials)
    revoke = actions.add_parser("revoke", parents=[common], help="revoke a credential")
    revoke.add_argument("key_id", metavar="KEY_ID")
    revoke.set_defaults(handler=_revoke_credential)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from samverkan.server import serve

    overrides = {
        "host": args.host,
        "port": args.port,
        "query_timeout": args.query_timeout,
        "workers": args.workers,
    }
    serve(load_settings({**_common(args), **overrides}))
    return EXIT_OK


def _common(args: argparse.Namespace) -> dict[str, object]:
    return {"store_path": args.store, "base_iri": args.base_iri}


def _load(args: argparse.Namespace, settings: Settings) -> int:
    inputs = (settings.ontology_dir, settings.shapes_dir, settings.data_dir)
    size = sum(path.stat().st_size for folder in inputs for path in folder.glob("*.ttl"))
    store, settings = open_federation(settings, build_when_empty=False)
    try:
        with _progress(args, progress.LOAD, size) as shown:
            report = build(store, settings, shown, replace_submitted=args.replace_submitted)
    finally:
        store.close()
    for name, count in report.triples.items():
        print(f"{count:>8}  {name}")
    print(f"{report.total:>8}  triples in {settings.store_path} ({report.seconds:.1f} s)")
    return EXIT_OK


def _reason(args: argparse.Namespace, settings: Settings) -> int:
    store, settings = open_federation(settings, build_when_empty=False)
    try:
        if not isinstance(store, OxigraphStore):
            raise ConfigurationError(
                "reason rebuilds the embedded store's inferences; a remote store is rebuilt "
                "by samverkan load"
            )
        started = time.perf_counter()
        layout = GraphLayout(settings.base_iri)
        count = store.bulk(partial(materialise_store, layout=layout))
        rebuild_listings(store, layout, settings.languages)
    finally:
        store.close()
    seconds = time.perf_counter() - started
    print(f"{count:>8}  inferred triples in {settings.store_path} ({seconds:.1f} s)")
    return EXIT_OK


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise InputError(message("no_such_file", paths=Listing(missing)))
    data = parse_files(list(args.files))
    validator = Validator.from_project(settings)
    judged = validate_files(settings, validator, data, args.actor)
    print(f"samverkan: validated in the context of {judged.context}", file=sys.stderr)
    report = judged.report
    if args.format == "json":
        print(as_json(report, args.lang))
    elif args.format == "turtle":
        print(as_turtle(report), end="")
    else:
        print(as_text(report, args.lang, rule_titles(validator.ontology, args.lang)), end="")
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _export_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    export = commands.add_parser(
        "export", parents=[common], help="write the federation in an EU application profile"
    )
    export.add_argument("profile", choices=("cpsv-ap", "dcat-ap"))
    export.add_argument("--format", choices=("turtle", "nt", "json-ld", "xml"), default="turtle")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--server", help=SERVER_HELP)
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    if args.server:
        body = export_from_server(args.server, args.profile, args.format)
    else:
        body = _export_from_store(args, settings)
    if args.output:
        args.output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
    return EXIT_OK


def _export_from_store(args: argparse.Namespace, settings: Settings) -> bytes:
    from samverkan.exports.views import export

    store, settings = _open_for_reading(settings)
    try:
        return export(args.profile, store, settings, args.format)
    finally:
        store.close()


def _query(args: argparse.Namespace, settings: Settings) -> int:
    if args.name is None:
        for name, named in load_queries(settings.queries_dir).items():
            params = " ".join(f"--param {p.name}=<{p.type}>" for p in named.parameters)
            print(f"{name:<28} {named.title}  {params}".rstrip())
        return EXIT_OK
    named = find_query(settings.queries_dir, args.name)
    values = dict(_pair(raw) for raw in args.param)
    bindings = named.bindings(values)  # checked here, whoever answers
    size = parse_page_size(args.page_size)
    following = None
    if size is None and args.cursor:
        raise InputError("--cursor needs the --page-size it was given with")
    if args.server:
        if size is not None:
            raise InputError(
                "--page-size reads the store; from a server, ask the query's address with "
                "page-size=N and follow its Link header"
            )
        result = query_server(args.server, named.name, values)
    else:
        store, settings = _open_for_reading(settings)
        try:
            if size is None:
                result = store.select(named.text(), bindings)
            else:
                paged = page_query(named.text(), size, args.cursor, fixed=bindings)
                result = store.select(paged.text, bindings)
                following = next_cursor(result.rows, paged.key, size)
                result.rows = result.rows[:size]
        finally:
            store.close()
    print(format_result(result, args.format, settings.base_iri), end="")
    if following is not None:
        print(f"next page: --page-size {size} --cursor {following}", file=sys.stderr)
    return EXIT_OK


def _open_for_reading(settings: Settings) -> tuple[Store, Settings]:
    """Open the federation to read it, with the settings under its recorded base IRI: the
    store itself (built from data/ first when empty), or, when a running server holds it,
    the checkpoint that server published."""
    try:
        return open_federation(settings)
    except StoreError as error:
        if settings.store_kind != "embedded" or not held_by_another(error):
            raise
    store = open_checkpoint(settings)
    try:
        return store, identity.settle(settings, store)
    except BaseException:
        store.close()
        raise


def _submit(args: argparse.Namespace, settings: Settings) -> int:
    """Make FILE actor ACTOR's new part of the federation, if it breaks no guideline rule.

    With --server, send it to a running server with the actor's credential (--token, or
    the environment variable SAMVERKAN_TOKEN). Without, write it straight into the store
    (--store), as the operator, with the same checks: only the actor's own items (rule 8),
    validated in the context of the federation, a new version recorded. A FILE with the
    current version's content makes no new version (it says "unchanged"); a FILE without
    statements is refused: --withdraw, without a FILE, empties the actor's part as a new
    version. Exit status: 0 accepted or unchanged (warnings allowed), 1 refused, nothing
    changed (a violation, or an empty FILE), 2 unusable.
    """
    _check_slug(args.actor)
    if args.withdraw:
        status, answer = _withdraw(args, settings)
    else:
        status, answer = _submit_file(args, settings)
    if args.format == "json":
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_answer(status, answer, args.lang)
    if status in (HTTPStatus.CREATED, HTTPStatus.OK):
        return EXIT_OK
    return EXIT_VIOLATIONS if status == HTTPStatus.UNPROCESSABLE_ENTITY else EXIT_UNUSABLE


def _submit_file(args: argparse.Namespace, settings: Settings) -> tuple[int, dict[str, Any]]:
    if args.file is None:
        raise InputError("give the FILE to submit, or --withdraw to empty the actor's part")
    if not args.file.is_file():
        raise InputError(message("no_such_file", paths=args.file))
    with _progress(args, progress.SUBMISSION, args.file.stat().st_size) as shown:
        if args.server:
            return _submit_to_server(args, shown)
        return _submit_to_store(args, settings, shown)


def _withdraw(args: argparse.Namespace, settings: Settings) -> tuple[int, dict[str, Any]]:
    if args.file is not None:
        raise InputError(f"--withdraw empties the actor's part; it takes no FILE ({args.file})")
    if args.server:
        return withdraw_part(args.server, args.actor, _token(args), args.lang)
    return _to_store(settings, args.lang, lambda service: service.withdraw(args.actor))


def _progress(args: argparse.Namespace, phases: tuple[str, ...], size: int) -> TerminalProgress:
    """Return what shows progress on standard error (nothing unless it is wanted)."""
    return TerminalProgress(sys.stderr, phases, progress.wanted(args.progress, sys.stderr, size))


def _submit_to_server(
    args: argparse.Namespace, shown: TerminalProgress
) -> tuple[int, dict[str, Any]]:
    return submit_file(args.server, args.actor, args.file, _token(args), args.lang, shown)


def _token(args: argparse.Namespace) -> str:
    token: str | None = args.token or os.environ.get(TOKEN_ENV)
    if not token:
        raise InputError(f"give the actor's credential with --token or ${TOKEN_ENV}")
    return token


def _submit_to_store(
    args: argparse.Namespace, settings: Settings, shown: TerminalProgress
) -> tuple[int, dict[str, Any]]:
    def attempt(service: Submissions) -> Outcome:
        shown("parsing")
        submission = to_deployment(parse_file(args.file), service.layout.base_iri)
        return service.submit(args.actor, submission, progress=shown)

    return _to_store(settings, args.lang, attempt)


def _to_store(
    settings: Settings, lang: str, attempt: Callable[[Submissions], Outcome]
) -> tuple[int, dict[str, Any]]:
    """Make the attempt on the store itself; answer as the server would (status, JSON)."""
    store, settings = open_federation(settings)
    try:
        layout = GraphLayout(settings.base_iri)
        validator = Validator(
            store.graph(layout.shapes),
            store.graph(layout.ontology),
            settings.validation_engine,
            origin=f"the store's graphs <{layout.shapes}> and <{layout.ontology}>",
        )
        outcome = attempt(Submissions(settings, store, validator))
    except RejectedSubmissionError as error:
        assert isinstance(error.report, Report)
        report = as_document(error.report, lang)
        return HTTPStatus.UNPROCESSABLE_ENTITY, {"message": error.text(lang), "report": report}
    except EmptySubmissionError as error:
        return HTTPStatus.UNPROCESSABLE_ENTITY, {"message": error.text(lang)}
    finally:
        store.close()
    described = version_json(outcome.version)
    if outcome.unchanged:
        return HTTPStatus.OK, {**described, "unchanged": True}
    return HTTPStatus.CREATED, {**described, "report": as_document(outcome.report, lang)}


def _print_answer(status: int, answer: dict[str, Any], lang: str) -> None:
    if status == HTTPStatus.CREATED:
        print(f"accepted: version {answer['number']} of {answer['actor']}: {answer['version']}")
    elif status == HTTPStatus.OK:
        print(
            f"unchanged: the content is version {answer['number']} of {answer['actor']} "
            f"already, no new version made: {answer['version']}"
        )
    else:
        said = message("not_accepted", status=status, reason=answer.get("message", ""))
        print(said.text(lang))
    report = answer.get("report")
    if isinstance(report, dict):
        for result in report.get("results", []):
            rule = f"rule {result['rule']}" if result.get("rule") else "no rule"
            where = " ".join(str(result[k]) for k in ("focusNode", "path") if result.get(k))
            print(f"  {result['severity']:<9} {rule}: {where}\n            {result['message']}")
        counts = ", ".join(f"{n} {kind.lower()}" for kind, n in report.get("counts", {}).items())
        print(f"{counts}: {'conforms' if report.get('conforms') else 'does NOT conform'}")


def _add_credential(args: argparse.Namespace, settings: Settings) -> int:
    _check_slug(args.actor)
    if not args.create and not members.is_actor(settings, args.actor):
        raise InputError(
            f"{args.actor!r} is not an actor of the federation (the store has no part and "
            "no sam:Actor of that name); check the slug, or give --create to make a "
            "credential for a new actor"
        )
    with _credentials(settings) as keys:
        token = keys.create(args.actor)
    print(token)
    print(
        f"samverkan: made a credential for {args.actor!r}; keep the token now, it is not "
        "shown again (only its hash is stored)",
        file=sys.stderr,
    )
    return EXIT_OK


def _list_credentials(args: argparse.Namespace, settings: Settings) -> int:
    with _credentials(settings, writing=False) as credentials:
        keys = credentials.all()
    for key in keys:
        print(f"{key.key_id}  {key.actor:<24} {key.created}")
    if not keys:
        print("samverkan: no credentials yet ('samverkan credentials add SLUG')", file=sys.stderr)
    return EXIT_OK


def _revoke_credential(args: argparse.Namespace, settings: Settings) -> int:
    with _credentials(settings) as keys:
        revoked = keys.revoke(args.key_id)
    print(f"revoked {revoked.key_id} of {revoked.actor}")
    return EXIT_OK


@contextmanager
def _credentials(settings: Settings, *, writing: bool = True) -> Iterator[Credentials]:
    """Open the store's credentials. They live in the store: a running server over an
    embedded store holds it, so there only reading them works (from the checkpoint the server
    publishes) until that server stops; a remote store is shared by every process."""
    if settings.base_iri_given:
        _check_base(settings)
    if settings.store_kind == "embedded":
        try:
            store: Store = OxigraphStore(settings.store_path)
        except StoreError as error:
            if not writing and held_by_another(error):
                store = open_checkpoint(settings)
                try:
                    yield Credentials(store)
                finally:
                    store.close()
                return
            raise StoreError(
                f"{error}. Credentials live in the store, which a running server holds open: "
                "stop the server to change them (servers over a remote store share it, so "
                "there the command works while they run)"
            ) from None
        import_beside(store, settings.state_dir)
    else:
        store = open_store(settings)
    try:
        yield Credentials(store)
    finally:
        store.close()


def _check_base(settings: Settings) -> None:
    """Refuse a base IRI given for a store (if there is one yet) made for another."""
    if settings.store_kind == "embedded" and not settings.store_path.exists():
        return
    if settings.store_kind == "embedded":  # read-only: a server may hold the store open
        store: Store = OxigraphStore(settings.store_path, read_only=True)
    else:
        store = open_store(settings)
    try:
        identity.settle(settings, store)
    finally:
        store.close()


def _check_slug(actor: str) -> None:
    try:
        GraphLayout("http://localhost/").actor(actor)
    except ValueError as error:
        raise InputError(str(error)) from None


def _pair(raw: str) -> tuple[str, str]:
    name, sep, value = raw.partition("=")
    if not sep or not name:
        raise InputError(f"--param {raw!r}: write it as NAME=VALUE")
    return name.strip(), value


if __name__ == "__main__":
    sys.exit(main())
