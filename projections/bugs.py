"""Bugs read model: the board cards and the bug detail (one row per bug)."""

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from domain.bugs.events import (
    BugAssigned,
    BugDescriptionChanged,
    BugRanked,
    BugReported,
    BugReprioritized,
    BugResolutionNoted,
    BugRetitled,
    BugStatusChanged,
    BugUnassigned,
    CommentAdded,
    CommentDeleted,
    CommentEdited,
)
from projections.tables import ReadTables

NAME = "bugs"


async def apply(conn: AsyncConnection, recorded: RecordedEvent, tables: ReadTables) -> None:
    bugs = tables.bugs
    event = recorded.event
    changes: dict[str, object]
    match event:
        case BugReported():
            await conn.execute(
                insert(bugs).values(
                    id=event.bug_id,
                    project_id=event.project_id,
                    title=event.title,
                    description=event.description,
                    priority=event.priority.value,
                    status="open",
                    rank=event.rank,
                    assignee_id=None,
                    resolution_note=None,
                    reporter_id=event.by,
                    comment_count=0,
                    created_at=event.at,
                    updated_at=event.at,
                    version=recorded.version,
                )
            )
            return
        case BugRetitled():
            changes = {"title": event.title}
        case BugDescriptionChanged():
            changes = {"description": event.description}
        case BugReprioritized():
            changes = {"priority": event.priority.value}
        case BugAssigned():
            changes = {"assignee_id": event.assignee_id}
        case BugUnassigned():
            changes = {"assignee_id": None}
        case BugResolutionNoted():
            changes = {"resolution_note": event.note}
        case BugStatusChanged():
            changes = {"status": event.to_status.value}
        case BugRanked():
            changes = {"rank": event.rank}
        case CommentAdded():
            changes = {"comment_count": bugs.c.comment_count + 1}
        case CommentDeleted():
            changes = {"comment_count": bugs.c.comment_count - 1}
        case CommentEdited():
            changes = {}
        case _:
            return
    await conn.execute(
        update(bugs)
        .where(bugs.c.id == event.bug_id)
        .values(**changes, updated_at=event.at, version=recorded.version)
    )
