"""Deterministic builders for actors, contexts, commands and events.

Every builder has readable defaults, so a test names only what matters to it:
``bug_assigned(assignee_id=OTHER_MEMBER_ID)``. Event builders mirror command builders.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import count
from typing import Generic, TypeVar

from application.context import Actor, CommandContext
from domain.bugs.commands import (
    AddComment,
    AssignBug,
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
from domain.bugs.state import Priority, Status
from domain.decider import Decider
from domain.projects.model import (
    CreateProject,
    EditProject,
    ProjectCreated,
    ProjectDescribed,
    ProjectRenamed,
)
from domain.ranking import initial_rank
from domain.users.model import (
    BlockUser,
    ChangePassword,
    ChangeRole,
    RegisterUser,
    RenameUser,
    Role,
    UnblockUser,
    UserBlocked,
    UserPasswordChanged,
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserUnblocked,
)
from tests.fakes import EPOCH, FakeApp

AT: datetime = EPOCH

ADMIN_ID = 1
MEMBER_ID = 2
BLOCKED_ID = 3
OTHER_MEMBER_ID = 4

BUG_ID = 42
PROJECT_ID = 7
COMMENT_ID = 100

TITLE = "Login button does nothing"
DESCRIPTION = "Clicking 'Log in' on Safari shows no error and no request."
NOTE = "Fixed by binding the handler on touchend too."
COMMENT = "Same on Firefox 121."
PROJECT_NAME = "Checkout"
PASSWORD = "correct horse battery"
PASSWORD_HASH = "hashed:" + PASSWORD  # what FakeHasher makes of PASSWORD

C = TypeVar("C")
S = TypeVar("S")
E = TypeVar("E")


# -- given / when ----------------------------------------------------------------------------


class Given(Generic[C, S, E]):
    """``Given(decider, history).when(command)``: the events ``command`` decides after history."""

    def __init__(self, decider: Decider[C, S, E], history: Iterable[E]) -> None:
        self._decider = decider
        self.history = list(history)

    @property
    def state(self) -> S:
        return self._decider.replay(self.history)

    def when(self, command: C) -> Sequence[E]:
        return self._decider.decide(command, self.state)


# -- actors and contexts ---------------------------------------------------------------------


def admin(user_id: int = ADMIN_ID, name: str = "Ada Admin") -> Actor:
    return Actor(user_id=user_id, name=name, role=Role.ADMIN)


def member(user_id: int = MEMBER_ID, name: str = "Mia Member") -> Actor:
    return Actor(user_id=user_id, name=name, role=Role.MEMBER)


def blocked_member(user_id: int = BLOCKED_ID, name: str = "Bo Blocked") -> Actor:
    return Actor(user_id=user_id, name=name, role=Role.MEMBER, is_blocked=True)


_command_ids = count(1)


def context(
    actor: Actor | None,
    *,
    command_id: str | None = None,
    expected_version: int | None = None,
    correlation_id: str | None = None,
) -> CommandContext:
    """A fresh command id per call unless one is given (to exercise idempotency)."""
    return CommandContext(
        actor=actor,
        command_id=command_id if command_id is not None else f"cmd-{next(_command_ids)}",
        expected_version=expected_version,
        correlation_id=correlation_id,
    )


# -- a seeded application -------------------------------------------------------------------

ADMIN_EMAIL = "ada@example.com"
MEMBER_EMAIL = "mia@example.com"
BLOCKED_EMAIL = "bo@example.com"
OTHER_MEMBER_EMAIL = "otto@example.com"


SEEDED_PROJECT_ID = 1


async def seed_team(app: FakeApp) -> int:
    """Through the use cases: admin #1 (bootstrapped), member #2, blocked member #3, member #4,
    all with PASSWORD, and project #1, whose id is returned."""
    await app.users.ensure_admin(
        context(None), name=admin().name, email=ADMIN_EMAIL, password=PASSWORD
    )
    as_admin = admin()
    for actor, email in (
        (member(), MEMBER_EMAIL),
        (blocked_member(), BLOCKED_EMAIL),
        (member(OTHER_MEMBER_ID, "Otto Other"), OTHER_MEMBER_EMAIL),
    ):
        created = await app.users.create(
            context(as_admin), name=actor.name, email=email, password=PASSWORD
        )
        assert created.aggregate_id == actor.user_id
    await app.users.block(context(as_admin), BLOCKED_ID)
    project = await app.projects.create(context(as_admin), name=PROJECT_NAME)
    assert project.aggregate_id == SEEDED_PROJECT_ID
    return project.aggregate_id


# -- bug commands ----------------------------------------------------------------------------


def report_bug(
    *,
    bug_id: int = BUG_ID,
    project_id: int = PROJECT_ID,
    title: str = TITLE,
    description: str = DESCRIPTION,
    priority: Priority = Priority.MEDIUM,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> ReportBug:
    return ReportBug(
        by=by,
        at=at,
        bug_id=bug_id,
        project_id=project_id,
        title=title,
        description=description,
        priority=priority,
    )


def edit_bug(
    *,
    title: str | None = None,
    description: str | None = None,
    priority: Priority | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> EditBug:
    return EditBug(by=by, at=at, title=title, description=description, priority=priority)


def assign_bug(assignee_id: int = MEMBER_ID, *, by: int = ADMIN_ID, at: datetime = AT) -> AssignBug:
    return AssignBug(by=by, at=at, assignee_id=assignee_id)


def unassign_bug(*, by: int = ADMIN_ID, at: datetime = AT) -> UnassignBug:
    return UnassignBug(by=by, at=at)


def note_resolution(note: str = NOTE, *, by: int = ADMIN_ID, at: datetime = AT) -> NoteResolution:
    return NoteResolution(by=by, at=at, note=note)


def transition_bug(to: Status, *, by: int = ADMIN_ID, at: datetime = AT) -> TransitionBug:
    return TransitionBug(by=by, at=at, to_status=to)


def rank_bug(rank: str, *, by: int = ADMIN_ID, at: datetime = AT) -> RankBug:
    return RankBug(by=by, at=at, rank=rank)


def add_comment(
    text: str = COMMENT, *, comment_id: int = COMMENT_ID, by: int = MEMBER_ID, at: datetime = AT
) -> AddComment:
    return AddComment(by=by, at=at, comment_id=comment_id, text=text)


def edit_comment(
    text: str, *, comment_id: int = COMMENT_ID, by: int = MEMBER_ID, at: datetime = AT
) -> EditComment:
    return EditComment(by=by, at=at, comment_id=comment_id, text=text)


def delete_comment(
    *, comment_id: int = COMMENT_ID, by: int = MEMBER_ID, at: datetime = AT
) -> DeleteComment:
    return DeleteComment(by=by, at=at, comment_id=comment_id)


# -- bug events ------------------------------------------------------------------------------


def bug_reported(
    *,
    bug_id: int = BUG_ID,
    project_id: int = PROJECT_ID,
    title: str = TITLE,
    description: str = DESCRIPTION,
    priority: Priority = Priority.MEDIUM,
    rank: str | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> BugReported:
    return BugReported(
        by=by,
        at=at,
        bug_id=bug_id,
        project_id=project_id,
        title=title,
        description=description,
        priority=priority,
        rank=rank if rank is not None else initial_rank(bug_id),
    )


def bug_retitled(
    title: str, *, previous_title: str = TITLE, by: int = ADMIN_ID, at: datetime = AT
) -> BugRetitled:
    return BugRetitled(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        title=title,
        previous_title=previous_title,
    )


def bug_description_changed(
    description: str,
    *,
    previous_description: str = DESCRIPTION,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> BugDescriptionChanged:
    return BugDescriptionChanged(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        description=description,
        previous_description=previous_description,
    )


def bug_reprioritized(
    priority: Priority,
    *,
    previous_priority: Priority = Priority.MEDIUM,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> BugReprioritized:
    return BugReprioritized(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        priority=priority,
        previous_priority=previous_priority,
    )


def bug_assigned(
    assignee_id: int = MEMBER_ID,
    *,
    previous_assignee_id: int | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> BugAssigned:
    return BugAssigned(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        assignee_id=assignee_id,
        previous_assignee_id=previous_assignee_id,
    )


def bug_unassigned(
    previous_assignee_id: int = MEMBER_ID, *, by: int = ADMIN_ID, at: datetime = AT
) -> BugUnassigned:
    return BugUnassigned(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        previous_assignee_id=previous_assignee_id,
    )


def resolution_noted(
    note: str = NOTE, *, previous_note: str | None = None, by: int = ADMIN_ID, at: datetime = AT
) -> BugResolutionNoted:
    return BugResolutionNoted(
        by=by, at=at, bug_id=BUG_ID, project_id=PROJECT_ID, note=note, previous_note=previous_note
    )


def status_changed(
    from_status: Status, to_status: Status, *, by: int = ADMIN_ID, at: datetime = AT
) -> BugStatusChanged:
    return BugStatusChanged(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        from_status=from_status,
        to_status=to_status,
    )


def bug_ranked(
    rank: str, *, previous_rank: str | None = None, by: int = ADMIN_ID, at: datetime = AT
) -> BugRanked:
    return BugRanked(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        rank=rank,
        previous_rank=previous_rank if previous_rank is not None else initial_rank(BUG_ID),
    )


def comment_added(
    text: str = COMMENT, *, comment_id: int = COMMENT_ID, by: int = MEMBER_ID, at: datetime = AT
) -> CommentAdded:
    return CommentAdded(
        by=by, at=at, bug_id=BUG_ID, project_id=PROJECT_ID, comment_id=comment_id, text=text
    )


def comment_edited(
    text: str,
    *,
    previous_text: str = COMMENT,
    comment_id: int = COMMENT_ID,
    by: int = MEMBER_ID,
    at: datetime = AT,
) -> CommentEdited:
    return CommentEdited(
        by=by,
        at=at,
        bug_id=BUG_ID,
        project_id=PROJECT_ID,
        comment_id=comment_id,
        text=text,
        previous_text=previous_text,
    )


def comment_deleted(
    *, comment_id: int = COMMENT_ID, by: int = MEMBER_ID, at: datetime = AT
) -> CommentDeleted:
    return CommentDeleted(by=by, at=at, bug_id=BUG_ID, project_id=PROJECT_ID, comment_id=comment_id)


def bug_history_until(status: Status) -> list[BugEvent]:
    """The shortest valid history of a bug that has reached ``status``."""
    history: list[BugEvent] = [bug_reported()]
    if status is Status.OPEN:
        return history
    history += [bug_assigned(), status_changed(Status.OPEN, Status.IN_PROGRESS)]
    if status is Status.IN_PROGRESS:
        return history
    history += [resolution_noted(), status_changed(Status.IN_PROGRESS, Status.RESOLVED)]
    if status is Status.RESOLVED:
        return history
    return [*history, status_changed(Status.RESOLVED, Status.CLOSED)]


# -- projects --------------------------------------------------------------------------------


def create_project(
    *,
    project_id: int = PROJECT_ID,
    name: str = PROJECT_NAME,
    description: str | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> CreateProject:
    return CreateProject(by=by, at=at, project_id=project_id, name=name, description=description)


def edit_project(
    *,
    name: str | None = None,
    description: str | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> EditProject:
    return EditProject(by=by, at=at, name=name, description=description)


def project_created(
    *,
    project_id: int = PROJECT_ID,
    name: str = PROJECT_NAME,
    description: str | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> ProjectCreated:
    return ProjectCreated(by=by, at=at, project_id=project_id, name=name, description=description)


def project_renamed(
    name: str, *, previous_name: str = PROJECT_NAME, by: int = ADMIN_ID, at: datetime = AT
) -> ProjectRenamed:
    return ProjectRenamed(
        by=by, at=at, project_id=PROJECT_ID, name=name, previous_name=previous_name
    )


def project_described(
    description: str | None,
    *,
    previous_description: str | None = None,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> ProjectDescribed:
    return ProjectDescribed(
        by=by,
        at=at,
        project_id=PROJECT_ID,
        description=description,
        previous_description=previous_description,
    )


# -- users -----------------------------------------------------------------------------------


def register_user(
    *,
    user_id: int = MEMBER_ID,
    name: str = "Mia Member",
    email: str = "mia@example.com",
    password_hash: str = PASSWORD_HASH,
    role: Role = Role.MEMBER,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> RegisterUser:
    return RegisterUser(
        by=by,
        at=at,
        user_id=user_id,
        name=name,
        email=email,
        password_hash=password_hash,
        role=role,
    )


def user_registered(
    *,
    user_id: int = MEMBER_ID,
    name: str = "Mia Member",
    email: str = "mia@example.com",
    password_hash: str = PASSWORD_HASH,
    role: Role = Role.MEMBER,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> UserRegistered:
    return UserRegistered(
        by=by,
        at=at,
        user_id=user_id,
        name=name,
        email=email,
        password_hash=password_hash,
        role=role,
    )


def rename_user(name: str, *, by: int = ADMIN_ID, at: datetime = AT) -> RenameUser:
    return RenameUser(by=by, at=at, name=name)


def user_renamed(
    name: str,
    *,
    previous_name: str = "Mia Member",
    user_id: int = MEMBER_ID,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> UserRenamed:
    return UserRenamed(by=by, at=at, user_id=user_id, name=name, previous_name=previous_name)


def change_role(role: Role, *, by: int = ADMIN_ID, at: datetime = AT) -> ChangeRole:
    return ChangeRole(by=by, at=at, role=role)


def role_changed(
    role: Role,
    *,
    previous_role: Role,
    user_id: int = MEMBER_ID,
    by: int = ADMIN_ID,
    at: datetime = AT,
) -> UserRoleChanged:
    return UserRoleChanged(by=by, at=at, user_id=user_id, role=role, previous_role=previous_role)


def block_user(*, by: int = ADMIN_ID, at: datetime = AT) -> BlockUser:
    return BlockUser(by=by, at=at)


def user_blocked(*, user_id: int = MEMBER_ID, by: int = ADMIN_ID, at: datetime = AT) -> UserBlocked:
    return UserBlocked(by=by, at=at, user_id=user_id)


def unblock_user(*, by: int = ADMIN_ID, at: datetime = AT) -> UnblockUser:
    return UnblockUser(by=by, at=at)


def user_unblocked(
    *, user_id: int = MEMBER_ID, by: int = ADMIN_ID, at: datetime = AT
) -> UserUnblocked:
    return UserUnblocked(by=by, at=at, user_id=user_id)


def change_password(
    password_hash: str, *, by: int = MEMBER_ID, at: datetime = AT
) -> ChangePassword:
    return ChangePassword(by=by, at=at, password_hash=password_hash)


def password_changed(
    password_hash: str, *, user_id: int = MEMBER_ID, by: int = MEMBER_ID, at: datetime = AT
) -> UserPasswordChanged:
    return UserPasswordChanged(by=by, at=at, user_id=user_id, password_hash=password_hash)
