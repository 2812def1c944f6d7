"""Commands on a bug. The application fills in ``by``/``at`` and ids before deciding."""

from typing import TypeAlias

from domain.bugs.state import Priority, Status
from domain.messages import Command


class ReportBug(Command, frozen=True, kw_only=True):
    bug_id: int
    project_id: int
    title: str
    description: str
    priority: Priority = Priority.MEDIUM


class EditBug(Command, frozen=True, kw_only=True):
    """Change any of the descriptive fields; None leaves a field as it is."""

    title: str | None = None
    description: str | None = None
    priority: Priority | None = None


class AssignBug(Command, frozen=True, kw_only=True):
    assignee_id: int


class UnassignBug(Command, frozen=True, kw_only=True):
    pass


class NoteResolution(Command, frozen=True, kw_only=True):
    note: str


class TransitionBug(Command, frozen=True, kw_only=True):
    to_status: Status


class RankBug(Command, frozen=True, kw_only=True):
    rank: str


class AddComment(Command, frozen=True, kw_only=True):
    comment_id: int
    text: str


class EditComment(Command, frozen=True, kw_only=True):
    comment_id: int
    text: str


class DeleteComment(Command, frozen=True, kw_only=True):
    comment_id: int


BugCommand: TypeAlias = (
    ReportBug
    | EditBug
    | AssignBug
    | UnassignBug
    | NoteResolution
    | TransitionBug
    | RankBug
    | AddComment
    | EditComment
    | DeleteComment
)
