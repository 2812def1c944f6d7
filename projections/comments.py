"""Comments read model. A deleted comment leaves this view; the history keeps it."""

from application.ports import RecordedEvent
from domain.bugs.events import CommentAdded, CommentDeleted, CommentEdited
from projections.ops import Delete, Insert, Op, Update

NAME = "comments"
# The events this read model changes on; the registry routes only these here.
HANDLES: tuple[type, ...] = (
    CommentAdded,
    CommentEdited,
    CommentDeleted,
)


def project(recorded: RecordedEvent) -> list[Op]:
    event = recorded.event
    match event:
        case CommentAdded():
            return [
                Insert(
                    NAME,
                    {
                        "id": event.comment_id,
                        "bug_id": event.bug_id,
                        "project_id": event.project_id,
                        "author_id": event.by,
                        "text": event.text,
                        "edited": False,
                        "created_at": event.at,
                        "updated_at": event.at,
                    },
                )
            ]
        case CommentEdited():
            return [
                Update(
                    NAME,
                    event.comment_id,
                    {"text": event.text, "edited": True, "updated_at": event.at},
                )
            ]
        case CommentDeleted():
            return [Delete(NAME, event.comment_id)]
        case _:
            return []
