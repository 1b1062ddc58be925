"""The ``parkpulse`` command: one subcommand per module in ``parkpulse.site.commands``.

A subcommand module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Adding a module adds a subcommand; nothing here needs editing.
Expected failures raise ``CliError`` and print as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from parkpulse.site import commands


class CliError(Exception):
    """A failure the user can act on; printed as ``parkpulse: <message>``."""


def setup_django() -> None:
    """Configure Django once, turning a bad data folder or settings into a CliError."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    import django

    from parkpulse.site.home import HomeError

    try:
        django.setup()
    except HomeError as exc:
        raise CliError(str(exc)) from exc


def check_database() -> None:
    """Fail with one line when the configured database cannot be reached."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CliError(f"无法连接数据库 (database unreachable): {first}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parkpulse", description="ParkPulse 园区情报门户")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        name = getattr(module, "NAME", info.name.replace("_", "-"))
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    # `parkpulse manage ...` passes everything after it to Django untouched.
    if argv[:1] == ["manage"]:
        args = argparse.Namespace(command="manage", rest=argv[1:])
        from parkpulse.site.commands.manage import run as run_manage

        args.run = run_manage
    else:
        args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except CliError as exc:
        print(f"parkpulse: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Under `python -m` this file is `__main__`, and the commands raise the CliError of
    # `parkpulse.site.cli`, a different class: dispatch through that module so it is caught.
    from parkpulse.site.cli import main as package_main

    sys.exit(package_main())
