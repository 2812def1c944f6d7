"""History read model: one row per recorded change, field-level old -> new.

It answers "who changed what, when" for a bug, a project or a person, without folding streams.
"""

from typing import assert_never

import msgspec

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
from domain.catalog import EVENT_TYPES, DomainEvent
from domain.projects.model import ProjectCreated, ProjectDescribed, ProjectRenamed
from domain.users.model import (
    UserBlocked,
    UserPasswordChanged,
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserUnblocked,
)
from projections.ops import Insert, Op

NAME = "history"
HANDLES: tuple[type, ...] = EVENT_TYPES  # every event is a change worth recording


class Change(msgspec.Struct, frozen=True, kw_only=True):
    project_id: int | None = None
    bug_id: int | None = None
    user_id: int | None = None
    field: str | None = None
    old: str | None = None
    new: str | None = None
    comment_id: int | None = None


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


def describe_change(event: DomainEvent) -> Change:
    match event:
        case BugReported():
            return Change(
                project_id=event.project_id, bug_id=event.bug_id, field="title", new=event.title
            )
        case BugRetitled():
            return _bug(event, "title", event.previous_title, event.title)
        case BugDescriptionChanged():
            return _bug(event, "description", event.previous_description, event.description)
        case BugReprioritized():
            return _bug(event, "priority", event.previous_priority.value, event.priority.value)
        case BugAssigned():
            return _bug(event, "assignee", _id(event.previous_assignee_id), str(event.assignee_id))
        case BugUnassigned():
            return _bug(event, "assignee", str(event.previous_assignee_id), None)
        case BugResolutionNoted():
            return _bug(event, "resolution_note", event.previous_note, event.note)
        case BugStatusChanged():
            return _bug(event, "status", event.from_status.value, event.to_status.value)
        case BugRanked():
            return _bug(event, "rank", event.previous_rank, event.rank)
        case CommentAdded():
            return _comment(event, None, event.text)
        case CommentEdited():
            return _comment(event, event.previous_text, event.text)
        case CommentDeleted():
            return _comment(event, None, None)
        case ProjectCreated():
            return Change(project_id=event.project_id, field="name", new=event.name)
        case ProjectRenamed():
            return Change(
                project_id=event.project_id, field="name", old=event.previous_name, new=event.name
            )
        case ProjectDescribed():
            return Change(
                project_id=event.project_id,
                field="description",
                old=event.previous_description,
                new=event.description,
            )
        case UserRegistered():
            return Change(user_id=event.user_id, field="role", new=event.role.value)
        case UserRenamed():
            return Change(
                user_id=event.user_id, field="name", old=event.previous_name, new=event.name
            )
        case UserRoleChanged():
            return Change(
                user_id=event.user_id,
                field="role",
                old=event.previous_role.value,
                new=event.role.value,
            )
        case UserBlocked():
            return Change(user_id=event.user_id, field="blocked", old="false", new="true")
        case UserUnblocked():
            return Change(user_id=event.user_id, field="blocked", old="true", new="false")
        case UserPasswordChanged():
            # Never record anything derived from a password, not even its hash.
            return Change(user_id=event.user_id, field="password")
        case _:
            assert_never(event)


def _bug(
    event: BugRetitled
    | BugDescriptionChanged
    | BugReprioritized
    | BugAssigned
    | BugUnassigned
    | BugResolutionNoted
    | BugStatusChanged
    | BugRanked,
    field: str,
    old: str | None,
    new: str | None,
) -> Change:
    return Change(project_id=event.project_id, bug_id=event.bug_id, field=field, old=old, new=new)


def _comment(
    event: CommentAdded | CommentEdited | CommentDeleted, old: str | None, new: str | None
) -> Change:
    return Change(
        project_id=event.project_id,
        bug_id=event.bug_id,
        field="comment",
        old=old,
        new=new,
        comment_id=event.comment_id,
    )


def project(recorded: RecordedEvent) -> list[Op]:
    return [Insert(NAME, history_row(recorded))]


def history_row(recorded: RecordedEvent) -> dict[str, object]:
    change = describe_change(recorded.event)
    return {
        "position": recorded.position,
        "stream_id": recorded.stream_id,
        "project_id": change.project_id,
        "bug_id": change.bug_id,
        "user_id": change.user_id,
        "actor_id": recorded.event.by,
        "at": recorded.event.at,
        "type": recorded.event.__struct_config__.tag,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "comment_id": change.comment_id,
    }
