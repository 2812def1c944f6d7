"""Projects read model."""

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from domain.projects.model import ProjectCreated, ProjectDescribed, ProjectRenamed
from projections.tables import ReadTables

NAME = "projects"


async def apply(conn: AsyncConnection, recorded: RecordedEvent, tables: ReadTables) -> None:
    projects = tables.projects
    event = recorded.event
    changes: dict[str, object]
    match event:
        case ProjectCreated():
            await conn.execute(
                insert(projects).values(
                    id=event.project_id,
                    name=event.name,
                    description=event.description,
                    created_at=event.at,
                    updated_at=event.at,
                    version=recorded.version,
                )
            )
            return
        case ProjectRenamed():
            changes = {"name": event.name}
        case ProjectDescribed():
            changes = {"description": event.description}
        case _:
            return
    await conn.execute(
        update(projects)
        .where(projects.c.id == event.project_id)
        .values(**changes, updated_at=event.at, version=recorded.version)
    )
