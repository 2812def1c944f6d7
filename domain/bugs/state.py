"""The Bug aggregate's state, folded from its stream."""

from datetime import datetime
from enum import StrEnum

import msgspec


class Status(StrEnum):
    """Lifecycle states, in their only order."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


# The lifecycle graph: one step forward, nothing else. ``closed`` is terminal.
NEXT_STATUS: dict[Status, Status] = {
    Status.OPEN: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.RESOLVED,
    Status.RESOLVED: Status.CLOSED,
}


def can_transition(current: Status, target: Status) -> bool:
    return NEXT_STATUS.get(current) is target


class Comment(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    author_id: int
    text: str
    deleted: bool = False


class Bug(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    project_id: int
    reporter_id: int
    title: str
    description: str
    priority: Priority
    status: Status
    rank: str
    assignee_id: int | None
    resolution_note: str | None
    reported_at: datetime
    comments: tuple[Comment, ...] = ()

    def comment(self, comment_id: int) -> Comment | None:
        for comment in self.comments:
            if comment.id == comment_id and not comment.deleted:
                return comment
        return None
