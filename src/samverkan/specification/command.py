"""``samverkan publish spec --out DIR``: write the specification package for harvesting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samverkan.config import Settings

#: Exit statuses, as in :mod:`samverkan.cli`: written, or not written for a broken rule.
EXIT_OK, EXIT_VIOLATIONS = 0, 1


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add ``publish`` to the command line."""
    publish = commands.add_parser(
        "publish",
        parents=[common],
        help="write the specification as a package per DIGG's INSPEC profile",
        description=publish_spec.__doc__,
    )
    publish.add_argument("what", choices=("spec",), help="what to publish: the specification")
    publish.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    publish.set_defaults(handler=publish_spec)


def publish_spec(args: argparse.Namespace, settings: Settings) -> int:
    """Write the specification, described with PROF per INSPEC, into DIR.

    DIR gets the PROF description (specification.ttl), the ontology, one file per controlled
    list, the shapes, a diagram and the documentation in Swedish and English, named as
    they are published under def/spec/ (the same on every deployment). The package is checked
    against the INSPEC rules first; if it breaks one, nothing is written and the exit
    status is 1.
    """
    from samverkan.specification import build_package, write_package
    from samverkan.specification.conformance import check

    package = build_package(settings)
    findings = check(package)
    for finding in findings:
        print(f"samverkan: {finding.rule}: {finding}", file=sys.stderr)
    if findings:
        print(f"samverkan: {len(findings)} INSPEC rules broken; nothing written", file=sys.stderr)
        return EXIT_VIOLATIONS
    for path in write_package(package, args.out):
        print(path)
    print(f"samverkan: wrote the specification {package.spec} to {args.out}", file=sys.stderr)
    return EXIT_OK
