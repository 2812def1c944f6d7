"""Bugs read model: the board cards and the bug detail (one row per bug)."""

from typing import Any

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
from projections.ops import Insert, Op, Update

NAME = "bugs"
# The events this read model changes on; the registry routes only these here.
HANDLES: tuple[type, ...] = (
    BugReported,
    BugRetitled,
    BugDescriptionChanged,
    BugReprioritized,
    BugAssigned,
    BugUnassigned,
    BugResolutionNoted,
    BugStatusChanged,
    BugRanked,
    CommentAdded,
    CommentDeleted,
    CommentEdited,
)


def project(recorded: RecordedEvent) -> list[Op]:
    event = recorded.event
    changes: dict[str, Any] = {}
    increments: dict[str, int] = {}
    match event:
        case BugReported():
            return [
                Insert(
                    NAME,
                    {
                        "id": event.bug_id,
                        "project_id": event.project_id,
                        "title": event.title,
                        "description": event.description,
                        "priority": event.priority.value,
                        "status": "open",
                        "rank": event.rank,
                        "assignee_id": None,
                        "resolution_note": None,
                        "reporter_id": event.by,
                        "comment_count": 0,
                        "created_at": event.at,
                        "updated_at": event.at,
                        "version": recorded.version,
                    },
                )
            ]
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
            increments = {"comment_count": 1}
        case CommentDeleted():
            increments = {"comment_count": -1}
        case CommentEdited():
            pass
        case _:
            return []
    return [
        Update(
            NAME,
            event.bug_id,
            {**changes, "updated_at": event.at, "version": recorded.version},
            increments,
        )
    ]
