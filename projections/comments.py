"""Comments read model. A deleted comment leaves this view; the history keeps it."""

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from domain.bugs.events import CommentAdded, CommentDeleted, CommentEdited
from projections.tables import ReadTables

NAME = "comments"


async def apply(conn: AsyncConnection, recorded: RecordedEvent, tables: ReadTables) -> None:
    comments = tables.comments
    event = recorded.event
    match event:
        case CommentAdded():
            await conn.execute(
                insert(comments).values(
                    id=event.comment_id,
                    bug_id=event.bug_id,
                    project_id=event.project_id,
                    author_id=event.by,
                    text=event.text,
                    edited=False,
                    created_at=event.at,
                    updated_at=event.at,
                )
            )
        case CommentEdited():
            await conn.execute(
                update(comments)
                .where(comments.c.id == event.comment_id)
                .values(text=event.text, edited=True, updated_at=event.at)
            )
        case CommentDeleted():
            await conn.execute(delete(comments).where(comments.c.id == event.comment_id))
        case _:
            return
