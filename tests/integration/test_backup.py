"""Export -> import on an empty database rebuilds identical read models, on both databases."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.bugs.state import Status
from infrastructure.backup import (
    BackupError,
    chunks,
    decode_line,
    encode_line,
    ensure_empty,
    export_records,
    finish_load,
    load_records,
)
from infrastructure.db import create_engine
from infrastructure.migrate import upgrade
from projections.tables import LIVE
from tests.conftest import PostgresServer
from tests.integration.read_side_support import tracker

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[object, ...]]]:
    async with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in await conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in LIVE.all()
        }


async def test_an_export_imported_into_an_empty_database_rebuilds_identical_read_models(
    engine: AsyncEngine, database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    t = await tracker(engine)
    project = (await t.projects.create(t.context(), name="Apollo")).aggregate_id
    member = await t.member("Mia")
    for n in range(5):
        bug = (
            await t.bugs.report(t.context(), project_id=project, title=f"B{n}", description="d")
        ).aggregate_id
        await t.bugs.assign(t.context(), bug, member.user_id)
        comment = (await t.bugs.add_comment(t.context(), bug, "hello")).aggregate_id
        if n % 2:
            await t.bugs.delete_comment(t.context(), bug, comment)
            await t.bugs.transition(t.context(), bug, Status.IN_PROGRESS)

    lines = [encode_line(record) async for record in export_records(engine)]
    assert len(lines) == await t.store.head_position()

    if database_url.startswith("sqlite"):
        target_url = f"sqlite+aiosqlite:///{(tmp_path / 'restored.db').as_posix()}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        target_url = server.create_database()
    upgrade(target_url)
    target = create_engine(target_url)
    try:
        records = [decode_line(line, number) for number, line in enumerate(lines, start=1)]
        async with target.begin() as conn:
            await ensure_empty(conn)
            for chunk in chunks(records, 7):
                await load_records(conn, chunk)
            await finish_load(conn)
        restored = await tracker(target)
        await restored.replayer.rebuild()
        assert await snapshot(target) == await snapshot(engine)
        assert [diff.table for diff in await restored.replayer.verify() if not diff.clean] == []
        # The restored tracker keeps allocating ids after the imported ones.
        next_bug = await restored.bugs.report(
            restored.context(), project_id=project, title="After restore", description="d"
        )
        assert next_bug.aggregate_id == 6
        async with target.begin() as conn:
            with pytest.raises(BackupError, match="already holds"):
                await ensure_empty(conn)
    finally:
        await target.dispose()
