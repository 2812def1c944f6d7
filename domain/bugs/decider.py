"""The Bug decider: lifecycle open -> in_progress -> resolved -> closed, and its guards.

``decide`` validates and may raise; ``evolve`` is total over a valid history and never validates.
"""

from typing import assert_never

import msgspec

from domain.bugs.commands import (
    AddComment,
    AssignBug,
    BugCommand,
    DeleteComment,
    EditBug,
    EditComment,
    NoteResolution,
    RankBug,
    ReportBug,
    TransitionBug,
    UnassignBug,
)
from domain.bugs.events import (
    BugAssigned,
    BugDescriptionChanged,
    BugEvent,
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
from domain.bugs.state import Bug, Comment, Status, can_transition
from domain.decider import Decider
from domain.errors import (
    AlreadyExistsError,
    AssigneeRequiredError,
    BugClosedError,
    CommentNotFoundError,
    CorruptStreamError,
    InvalidTransitionError,
    InvalidValueError,
    NotFoundError,
    ResolutionNoteRequiredError,
)
from domain.ranking import initial_rank, is_valid_rank
from domain.text import TEXT_MAX, TITLE_MAX, required


def decide(command: BugCommand, bug: Bug | None) -> list[BugEvent]:
    match command:
        case ReportBug():
            return _report(command, bug)
        case EditBug():
            return _edit(command, _open_for_change(bug))
        case AssignBug():
            return _assign(command, _open_for_change(bug))
        case UnassignBug():
            return _unassign(command, _open_for_change(bug))
        case NoteResolution():
            return _note_resolution(command, _open_for_change(bug))
        case TransitionBug():
            return _transition(command, _existing(bug))
        case RankBug():
            return _rank(command, _existing(bug))
        case AddComment():
            return _add_comment(command, _open_for_change(bug))
        case EditComment():
            return _edit_comment(command, _open_for_change(bug))
        case DeleteComment():
            return _delete_comment(command, _open_for_change(bug))
        case _:
            assert_never(command)


def _existing(bug: Bug | None) -> Bug:
    if bug is None:
        # The application names the bug id in its own not-found error before deciding; this
        # guards direct callers of the decider.
        raise NotFoundError("Bug", 0)
    return bug


def _open_for_change(bug: Bug | None) -> Bug:
    existing = _existing(bug)
    if existing.status is Status.CLOSED:
        raise BugClosedError(existing.id)
    return existing


def _report(command: ReportBug, bug: Bug | None) -> list[BugEvent]:
    if bug is not None:
        raise AlreadyExistsError(f"Bug {bug.id} already exists")
    return [
        BugReported(
            by=command.by,
            at=command.at,
            bug_id=command.bug_id,
            project_id=command.project_id,
            title=required("title", command.title, TITLE_MAX),
            description=required("description", command.description, TEXT_MAX),
            priority=command.priority,
            rank=initial_rank(command.bug_id),
        )
    ]


def _edit(command: EditBug, bug: Bug) -> list[BugEvent]:
    events: list[BugEvent] = []
    if command.title is not None:
        title = required("title", command.title, TITLE_MAX)
        if title != bug.title:
            events.append(
                BugRetitled(
                    by=command.by,
                    at=command.at,
                    bug_id=bug.id,
                    project_id=bug.project_id,
                    title=title,
                    previous_title=bug.title,
                )
            )
    if command.description is not None:
        description = required("description", command.description, TEXT_MAX)
        if description != bug.description:
            events.append(
                BugDescriptionChanged(
                    by=command.by,
                    at=command.at,
                    bug_id=bug.id,
                    project_id=bug.project_id,
                    description=description,
                    previous_description=bug.description,
                )
            )
    if command.priority is not None and command.priority is not bug.priority:
        events.append(
            BugReprioritized(
                by=command.by,
                at=command.at,
                bug_id=bug.id,
                project_id=bug.project_id,
                priority=command.priority,
                previous_priority=bug.priority,
            )
        )
    return events


def _assign(command: AssignBug, bug: Bug) -> list[BugEvent]:
    if command.assignee_id == bug.assignee_id:
        return []
    return [
        BugAssigned(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            assignee_id=command.assignee_id,
            previous_assignee_id=bug.assignee_id,
        )
    ]


def _unassign(command: UnassignBug, bug: Bug) -> list[BugEvent]:
    if bug.assignee_id is None:
        return []
    if bug.status is not Status.OPEN:
        # The in_progress guard needs an assignee; taking it away later would undo the guard.
        raise InvalidValueError(f"Cannot unassign a bug that is {bug.status.value}")
    return [
        BugUnassigned(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            previous_assignee_id=bug.assignee_id,
        )
    ]


def _note_resolution(command: NoteResolution, bug: Bug) -> list[BugEvent]:
    note = required("resolution_note", command.note, TEXT_MAX)
    if note == bug.resolution_note:
        return []
    return [
        BugResolutionNoted(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            note=note,
            previous_note=bug.resolution_note,
        )
    ]


def _transition(command: TransitionBug, bug: Bug) -> list[BugEvent]:
    target = command.to_status
    if not can_transition(bug.status, target):
        raise InvalidTransitionError(bug.status.value, target.value)
    if target is Status.IN_PROGRESS and bug.assignee_id is None:
        raise AssigneeRequiredError
    if target is Status.RESOLVED and not (bug.resolution_note or "").strip():
        raise ResolutionNoteRequiredError
    return [
        BugStatusChanged(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            from_status=bug.status,
            to_status=target,
        )
    ]


def _rank(command: RankBug, bug: Bug) -> list[BugEvent]:
    if not is_valid_rank(command.rank):
        raise InvalidValueError(f"Invalid rank {command.rank!r}")
    if command.rank == bug.rank:
        return []
    return [
        BugRanked(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            rank=command.rank,
            previous_rank=bug.rank,
        )
    ]


def _add_comment(command: AddComment, bug: Bug) -> list[BugEvent]:
    if any(comment.id == command.comment_id for comment in bug.comments):
        raise AlreadyExistsError(f"Comment {command.comment_id} already exists")
    return [
        CommentAdded(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            comment_id=command.comment_id,
            text=required("text", command.text, TEXT_MAX),
        )
    ]


def _edit_comment(command: EditComment, bug: Bug) -> list[BugEvent]:
    comment = _live_comment(bug, command.comment_id)
    text = required("text", command.text, TEXT_MAX)
    if text == comment.text:
        return []
    return [
        CommentEdited(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            comment_id=comment.id,
            text=text,
            previous_text=comment.text,
        )
    ]


def _delete_comment(command: DeleteComment, bug: Bug) -> list[BugEvent]:
    comment = _live_comment(bug, command.comment_id)
    return [
        CommentDeleted(
            by=command.by,
            at=command.at,
            bug_id=bug.id,
            project_id=bug.project_id,
            comment_id=comment.id,
        )
    ]


def _live_comment(bug: Bug, comment_id: int) -> Comment:
    comment = bug.comment(comment_id)
    if comment is None:
        raise CommentNotFoundError(comment_id)
    return comment


def evolve(bug: Bug | None, event: BugEvent) -> Bug | None:
    match event:
        case BugReported():
            return Bug(
                id=event.bug_id,
                project_id=event.project_id,
                reporter_id=event.by,
                title=event.title,
                description=event.description,
                priority=event.priority,
                status=Status.OPEN,
                rank=event.rank,
                assignee_id=None,
                resolution_note=None,
                reported_at=event.at,
            )
        case BugRetitled():
            return msgspec.structs.replace(_replayed(bug, event), title=event.title)
        case BugDescriptionChanged():
            return msgspec.structs.replace(_replayed(bug, event), description=event.description)
        case BugReprioritized():
            return msgspec.structs.replace(_replayed(bug, event), priority=event.priority)
        case BugAssigned():
            return msgspec.structs.replace(_replayed(bug, event), assignee_id=event.assignee_id)
        case BugUnassigned():
            return msgspec.structs.replace(_replayed(bug, event), assignee_id=None)
        case BugResolutionNoted():
            return msgspec.structs.replace(_replayed(bug, event), resolution_note=event.note)
        case BugStatusChanged():
            return msgspec.structs.replace(_replayed(bug, event), status=event.to_status)
        case BugRanked():
            return msgspec.structs.replace(_replayed(bug, event), rank=event.rank)
        case CommentAdded():
            current = _replayed(bug, event)
            added = Comment(id=event.comment_id, author_id=event.by, text=event.text)
            return msgspec.structs.replace(current, comments=(*current.comments, added))
        case CommentEdited():
            return _replace_comment(_replayed(bug, event), event.comment_id, text=event.text)
        case CommentDeleted():
            return _replace_comment(_replayed(bug, event), event.comment_id, deleted=True)
        case _:
            assert_never(event)


def _replayed(bug: Bug | None, event: BugEvent) -> Bug:
    if bug is None:
        raise CorruptStreamError(f"{type(event).__name__} before bug.reported")
    return bug


def _replace_comment(bug: Bug, comment_id: int, **changes: object) -> Bug:
    comments = tuple(
        msgspec.structs.replace(comment, **changes) if comment.id == comment_id else comment
        for comment in bug.comments
    )
    return msgspec.structs.replace(bug, comments=comments)


bug_decider: Decider[BugCommand, Bug | None, BugEvent] = Decider(decide, evolve, initial=None)
