"""`bugtracker projections rebuild|verify|status`, `bugtracker export|import`."""

import argparse
import asyncio
import sys
import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.wiring import build_wiring
from infrastructure.settings import Settings
from projections.registry import PROJECTORS
from projections.replay import Replayer
from projections.status import checkpoints

console = Console(stderr=True)


def add_projection_commands(commands: Any) -> None:
    projections = commands.add_parser("projections", help="rebuild, verify or inspect read models")
    actions = projections.add_subparsers(dest="action", required=True, metavar="ACTION")
    names_help = f"projections to process (default all: {', '.join(PROJECTORS)})"

    rebuild = actions.add_parser(
        "rebuild", help="replay the log into fresh tables and swap them in, while serving"
    )
    rebuild.add_argument("names", nargs="*", metavar="NAME", help=names_help)
    rebuild.set_defaults(handler=_rebuild)

    verify = actions.add_parser(
        "verify", help="replay into scratch tables and diff against the live ones (exit 1 on any)"
    )
    verify.add_argument("names", nargs="*", metavar="NAME", help=names_help)
    verify.set_defaults(handler=_verify)

    status = actions.add_parser("status", help="each projection's checkpoint and lag")
    status.set_defaults(handler=_status)

    export = commands.add_parser("export", help="write the whole event log as JSON Lines")
    export.add_argument("path", help="output file, or - for stdout")
    export.set_defaults(handler=_export)

    load = commands.add_parser(
        "import", help="append a JSON Lines export to an EMPTY database and rebuild read models"
    )
    load.add_argument("path", help="input file, or - for stdin")
    load.set_defaults(handler=_import)


class _Bar:
    """A rich progress bar showing events/s and the time left."""

    def __init__(self, label: str) -> None:
        self._progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} events/s"),
            TimeRemainingColumn(),
            console=console,
        )
        self._task = self._progress.add_task(label, total=None, rate="-")
        self._started = time.perf_counter()

    def __enter__(self) -> "_Bar":
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, position: int, head: int) -> None:
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        self._progress.update(
            self._task, completed=position, total=head, rate=f"{position / elapsed:,.0f}"
        )


def _replayer(settings: Settings) -> tuple[Replayer, Any]:
    wiring = build_wiring(settings)
    return Replayer(wiring.engine, wiring.store, wiring.store.lock_appends), wiring


def _rebuild(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        replayer, wiring = _replayer(settings)
        try:
            started = time.perf_counter()
            with _Bar("rebuild") as bar:
                position = await replayer.rebuild(args.names, bar)
            elapsed = time.perf_counter() - started
            print(
                f"rebuilt {', '.join(args.names or PROJECTORS)} up to position {position} "
                f"in {elapsed:.1f}s ({position / max(elapsed, 1e-6):,.0f} events/s)"
            )
            return 0
        finally:
            await wiring.close()

    return _guarded(run)


def _verify(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        replayer, wiring = _replayer(settings)
        try:
            with _Bar("verify") as bar:
                diffs = await replayer.verify(args.names, bar)
        finally:
            await wiring.close()
        dirty = [diff for diff in diffs if not diff.clean]
        for diff in dirty:
            print(f"DIFFERENCE in {diff.table}:")
            for row in diff.missing_in_live:
                print(f"  - missing in live (replay has it): {row}")
            for row in diff.unexpected_in_live:
                print(f"  + unexpected in live (replay lacks it): {row}")
        if dirty:
            print(f"verify FAILED: {len(dirty)} table(s) differ from a replay of the log")
            return 1
        print(f"verify OK: {', '.join(diff.table for diff in diffs)} match a replay of the log")
        return 0

    return _guarded(run)


def _status(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        wiring = build_wiring(settings)
        try:
            head = await wiring.store.head_position()
            positions = await checkpoints(wiring.engine)
        finally:
            await wiring.close()
        table = Table(title=f"projections (log head at position {head})")
        for column in ("projection", "checkpoint", "lag (events)"):
            table.add_column(column)
        for name, position in sorted(positions.items()):
            table.add_row(name, str(position), str(max(0, head - position)))
        Console().print(table)
        return 0

    return _guarded(run)


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from api.backup import export_log

    return _guarded(lambda: export_log(settings, args.path))


def _import(settings: Settings, args: argparse.Namespace) -> int:
    from api.backup import import_log

    return _guarded(lambda: import_log(settings, args.path))


def _guarded(run: Any) -> int:
    try:
        result: int = asyncio.run(run())
    except Exception as exc:  # an operator gets a sentence, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return result
