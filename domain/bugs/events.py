"""Events of the bug stream. Tags are persisted: never rename one; add a new tag instead.

Change events carry the previous value too, so history can show old -> new without a fold, and
every event names its project, so the log can be partitioned by project.
"""

from typing import TypeAlias

from domain.bugs.state import Priority, Status
from domain.messages import Event


class BugReported(Event, frozen=True, kw_only=True, tag="bug.reported"):
    bug_id: int
    project_id: int
    title: str
    description: str
    priority: Priority
    rank: str


class BugRetitled(Event, frozen=True, kw_only=True, tag="bug.retitled"):
    bug_id: int
    project_id: int
    title: str
    previous_title: str


class BugDescriptionChanged(Event, frozen=True, kw_only=True, tag="bug.description_changed"):
    bug_id: int
    project_id: int
    description: str
    previous_description: str


class BugReprioritized(Event, frozen=True, kw_only=True, tag="bug.reprioritized"):
    bug_id: int
    project_id: int
    priority: Priority
    previous_priority: Priority


class BugAssigned(Event, frozen=True, kw_only=True, tag="bug.assigned"):
    bug_id: int
    project_id: int
    assignee_id: int
    previous_assignee_id: int | None = None


class BugUnassigned(Event, frozen=True, kw_only=True, tag="bug.unassigned"):
    bug_id: int
    project_id: int
    previous_assignee_id: int


class BugResolutionNoted(Event, frozen=True, kw_only=True, tag="bug.resolution_noted"):
    bug_id: int
    project_id: int
    note: str
    previous_note: str | None = None


class BugStatusChanged(Event, frozen=True, kw_only=True, tag="bug.status_changed"):
    bug_id: int
    project_id: int
    from_status: Status
    to_status: Status


class BugRanked(Event, frozen=True, kw_only=True, tag="bug.ranked"):
    bug_id: int
    project_id: int
    rank: str
    previous_rank: str


class CommentAdded(Event, frozen=True, kw_only=True, tag="bug.comment_added"):
    bug_id: int
    project_id: int
    comment_id: int
    text: str


class CommentEdited(Event, frozen=True, kw_only=True, tag="bug.comment_edited"):
    bug_id: int
    project_id: int
    comment_id: int
    text: str
    previous_text: str


class CommentDeleted(Event, frozen=True, kw_only=True, tag="bug.comment_deleted"):
    bug_id: int
    project_id: int
    comment_id: int


BugEvent: TypeAlias = (
    BugReported
    | BugRetitled
    | BugDescriptionChanged
    | BugReprioritized
    | BugAssigned
    | BugUnassigned
    | BugResolutionNoted
    | BugStatusChanged
    | BugRanked
    | CommentAdded
    | CommentEdited
    | CommentDeleted
)
