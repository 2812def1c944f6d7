"""`bugtracker export` and `bugtracker import`: the log as JSON Lines, restored and replayed."""

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from api.wiring import build_wiring
from infrastructure.backup import (
    LogRecord,
    chunks,
    decode_line,
    encode_line,
    ensure_empty,
    export_records,
    finish_load,
    load_records,
)
from infrastructure.migrate import upgrade
from infrastructure.settings import Settings
from projections.replay import Replayer


async def export_log(settings: Settings, path: str) -> int:
    wiring = build_wiring(settings)
    count = 0
    try:
        with _open_out(path) as out:
            async for record in export_records(wiring.engine):
                out.write(encode_line(record))
                count += 1
    finally:
        await wiring.close()
    print(f"exported {count} events to {path}", file=sys.stderr)
    return 0


async def import_log(settings: Settings, path: str) -> int:
    upgrade(settings.database_url)
    wiring = build_wiring(settings)
    started = time.perf_counter()
    count = 0
    try:
        with _open_in(path) as source:
            async with wiring.engine.begin() as conn:
                await ensure_empty(conn)
                for chunk in chunks(_records(source)):
                    await load_records(conn, chunk)
                    count += len(chunk)
                await finish_load(conn)
        replayer = Replayer(wiring.engine, wiring.store, wiring.store.lock_appends)
        await replayer.rebuild()
    finally:
        await wiring.close()
    elapsed = time.perf_counter() - started
    print(
        f"imported {count} events and rebuilt every read model in {elapsed:.1f}s", file=sys.stderr
    )
    return 0


def _records(source: IO[bytes]) -> Iterator[LogRecord]:
    for number, line in enumerate(source, start=1):
        if line.strip():
            yield decode_line(line, number)


def _open_out(path: str) -> IO[bytes]:
    return sys.stdout.buffer if path == "-" else Path(path).open("wb")


def _open_in(path: str) -> IO[bytes]:
    return sys.stdin.buffer if path == "-" else Path(path).open("rb")
