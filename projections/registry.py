"""The projectors, by name, and the inline hook that runs them inside the append transaction."""

from collections.abc import Callable, Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from projections import bugs, comments, history, projects, users
from projections.executors import execute
from projections.ops import Op
from projections.tables import LIVE, ReadTables, projection_checkpoints

Projector = Callable[[RecordedEvent], list[Op]]

PROJECTORS: dict[str, Projector] = {
    users.NAME: users.project,
    projects.NAME: projects.project,
    bugs.NAME: bugs.project,
    comments.NAME: comments.project,
    history.NAME: history.project,
}


HANDLES: dict[str, tuple[type, ...]] = {
    users.NAME: users.HANDLES,
    projects.NAME: projects.HANDLES,
    bugs.NAME: bugs.HANDLES,
    comments.NAME: comments.HANDLES,
    history.NAME: history.HANDLES,
}

_routes: dict[tuple[type, tuple[str, ...]], list[Projector]] = {}


def operations(recorded: RecordedEvent, names: Sequence[str]) -> list[Op]:
    """What the named projectors do with one event; only those that handle its type run."""
    key = (type(recorded.event), tuple(names))
    projectors = _routes.get(key)
    if projectors is None:
        projectors = [PROJECTORS[name] for name in names if key[0] in HANDLES[name]]
        _routes[key] = projectors
    if len(projectors) == 1:
        return projectors[0](recorded)
    return [op for project in projectors for op in project(recorded)]


class InlineProjections:
    """Applies each appended event to every read model and advances their checkpoints, in the
    caller's transaction: a command's effects are readable as soon as it commits."""

    def __init__(self, tables: ReadTables = LIVE, names: Sequence[str] | None = None) -> None:
        self._tables = tables
        self._names = list(names if names is not None else PROJECTORS)

    async def __call__(self, conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        if not recorded:
            return
        for event in recorded:
            await execute(conn, self._tables, operations(event, self._names))
        await conn.execute(
            update(projection_checkpoints)
            .where(projection_checkpoints.c.name.in_(self._names))
            .values(position=recorded[-1].position, updated_at=recorded[-1].recorded_at)
        )
