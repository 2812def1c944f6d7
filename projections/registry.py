"""The projectors, by name, and the inline hook that runs them inside the append transaction."""

from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from projections import bugs, comments, history, projects, users
from projections.tables import LIVE, ReadTables, projection_checkpoints

Projector = Callable[[AsyncConnection, RecordedEvent, ReadTables], Awaitable[None]]

PROJECTORS: dict[str, Projector] = {
    users.NAME: users.apply,
    projects.NAME: projects.apply,
    bugs.NAME: bugs.apply,
    comments.NAME: comments.apply,
    history.NAME: history.apply,
}


class InlineProjections:
    """Applies each appended event to every read model and advances their checkpoints, in the
    caller's transaction: a command's effects are readable as soon as it commits."""

    def __init__(self, tables: ReadTables = LIVE, names: Sequence[str] | None = None) -> None:
        self._tables = tables
        self._names = list(names if names is not None else PROJECTORS)
        self._projectors = [PROJECTORS[name] for name in self._names]

    async def __call__(self, conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        if not recorded:
            return
        for event in recorded:
            for project in self._projectors:
                await project(conn, event, self._tables)
        await conn.execute(
            update(projection_checkpoints)
            .where(projection_checkpoints.c.name.in_(self._names))
            .values(position=recorded[-1].position, updated_at=recorded[-1].recorded_at)
        )
