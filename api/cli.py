"""The `bugtracker` command: serve, migrate, create-admin, projections, export/import, check."""

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from api.bootstrap import bootstrap_admin
from application.errors import ApplicationError
from domain.errors import DomainError
from infrastructure.settings import ConfigurationError, Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigurationError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    handler = args.handler
    result: int = handler(settings, args)
    return result


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bugtracker",
        description="Event-sourced bug tracker. Configuration comes from the environment and "
        "a .env file (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="run the API and web UI (migrates and bootstraps the admin first)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="granian worker processes")
    serve.add_argument(
        "--no-migrate", action="store_true", help="skip migrations and admin bootstrap"
    )
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.add_argument("--revision", default="head", help="target revision (default head)")
    migrate.set_defaults(handler=_migrate)

    admin = commands.add_parser(
        "create-admin",
        help="create the admin from ADMIN_NAME/ADMIN_EMAIL/ADMIN_PASSWORD (idempotent)",
    )
    admin.add_argument(
        "--reset-password",
        action="store_true",
        help="also set the admin's password to ADMIN_PASSWORD (it is never reset otherwise)",
    )
    admin.set_defaults(handler=_create_admin)

    check = commands.add_parser("check", help="check configuration and database reachability")
    check.set_defaults(handler=_check)

    from api.cli_projections import add_projection_commands

    add_projection_commands(commands)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    problems = [] if settings.debug else settings.production_problems()
    if problems:
        print("refusing to start with DEBUG off:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("set DEBUG=true for local development, or fix the settings above.", file=sys.stderr)
        return 2
    if settings.jwt_secret_generated:
        # Every worker must sign and verify with the same key: hand the generated one down.
        os.environ["JWT_SECRET_KEY"] = settings.jwt_secret_key
        print("DEBUG: no JWT_SECRET_KEY set; using a random one for this run")
    if not args.no_migrate:
        code = _migrate(settings, argparse.Namespace(revision="head"))
        if code:
            return code
        code = _bootstrap(settings, reset_password=False)
        if code:
            return code
    from granian import Granian
    from granian.constants import Interfaces

    print(f"serving on http://{args.host}:{args.port} with {args.workers} worker(s)")
    Granian(
        "api.asgi:app",
        address=args.host,
        port=args.port,
        workers=args.workers,
        interface=Interfaces.ASGI,
    ).serve()
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from infrastructure.migrate import upgrade

    try:
        upgrade(settings.database_url, args.revision)
    except Exception as exc:  # report, never a traceback, for an operator's command
        print(f"migration failed: {exc}", file=sys.stderr)
        return 1
    print(f"database at revision {args.revision}")
    return 0


def _create_admin(settings: Settings, args: argparse.Namespace) -> int:
    code = _migrate(settings, argparse.Namespace(revision="head"))
    if code:
        return code
    return _bootstrap(settings, reset_password=args.reset_password)


def _bootstrap(settings: Settings, *, reset_password: bool) -> int:
    try:
        appended = asyncio.run(bootstrap_admin(settings, reset_password=reset_password))
    except (DomainError, ApplicationError) as exc:
        print(f"admin bootstrap refused: {exc}", file=sys.stderr)
        return 1
    print(f"admin {settings.admin_email}: {'updated' if appended else 'already up to date'}")
    return 0


def _check(settings: Settings, args: argparse.Namespace) -> int:
    from api.checks import run_checks

    return asyncio.run(run_checks(settings))


if __name__ == "__main__":
    raise SystemExit(main())
