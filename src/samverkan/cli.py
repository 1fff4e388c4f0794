"""The ``samverkan`` command: load, validate and query the federation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from samverkan import __version__
from samverkan.config import Settings, load_settings
from samverkan.errors import InputError, SamverkanError
from samverkan.federation import build
from samverkan.queries import find_query, load_queries
from samverkan.rdfio import parse_files
from samverkan.storage import OxigraphStore
from samverkan.tables import format_result
from samverkan.validation import Validator
from samverkan.validation.render import as_json, as_text, as_turtle, rule_titles

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(_common(args))
        return int(args.handler(args, settings))
    except SamverkanError as error:
        print(f"samverkan: {error}", file=sys.stderr)
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
    load.set_defaults(handler=_load)

    validate = commands.add_parser(
        "validate", parents=[common], help="validate RDF files against the shapes"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("--lang", choices=("sv", "en"), default="en")
    validate.add_argument("--format", choices=("text", "turtle", "json"), default="text")
    validate.set_defaults(handler=_validate)

    query = commands.add_parser("query", parents=[common], help="run a named query from queries/")
    query.add_argument("name", nargs="?", help="the query's name (omit to list them)")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(handler=_query)

    serve = commands.add_parser(
        "serve", parents=[common], help="serve the federation over HTTP (builds the store first)"
    )
    serve.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: 8080)")
    serve.add_argument("--query-timeout", type=float, help="seconds a query may run (default: 10)")
    serve.set_defaults(handler=_serve)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from samverkan.server import serve

    overrides = {"host": args.host, "port": args.port, "query_timeout": args.query_timeout}
    serve(load_settings({**_common(args), **overrides}))
    return EXIT_OK


def _common(args: argparse.Namespace) -> dict[str, object]:
    return {"store_path": args.store, "base_iri": args.base_iri}


def _load(args: argparse.Namespace, settings: Settings) -> int:
    store = OxigraphStore(settings.store_path)
    try:
        report = build(store, settings)
    finally:
        store.close()
    for name, count in report.triples.items():
        print(f"{count:>8}  {name}")
    print(f"{report.total:>8}  triples in {settings.store_path} ({report.seconds:.1f} s)")
    return EXIT_OK


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise InputError(f"no such file: {', '.join(missing)}")
    data = parse_files(list(args.files))
    validator = Validator.from_project(settings)
    report = validator.validate(data)
    if args.format == "json":
        print(as_json(report, args.lang))
    elif args.format == "turtle":
        print(as_turtle(report), end="")
    else:
        print(as_text(report, args.lang, rule_titles(validator.ontology, args.lang)), end="")
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _query(args: argparse.Namespace, settings: Settings) -> int:
    if args.name is None:
        for name, named in load_queries(settings.queries_dir).items():
            params = " ".join(f"--param {p.name}=<{p.type}>" for p in named.parameters)
            print(f"{name:<28} {named.title}  {params}".rstrip())
        return EXIT_OK
    named = find_query(settings.queries_dir, args.name)
    bindings = named.bindings(dict(_pair(raw) for raw in args.param))
    store = OxigraphStore(settings.store_path)
    try:
        if not store.graph_names():
            print("samverkan: the store is empty; building it from data/ first", file=sys.stderr)
            build(store, settings)
        result = store.select(named.text(settings.base_iri), bindings)
    finally:
        store.close()
    print(format_result(result, args.format), end="")
    return EXIT_OK


def _pair(raw: str) -> tuple[str, str]:
    name, sep, value = raw.partition("=")
    if not sep or not name:
        raise InputError(f"--param {raw!r}: write it as NAME=VALUE")
    return name.strip(), value


if __name__ == "__main__":
    sys.exit(main())
