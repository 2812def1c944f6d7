"""Who may do what: the table below IS the access policy, checked use case by use case.

Each use case runs against a freshly seeded application in a state where it is valid for an
admin, so a refusal can only come from the policy. Refused commands must append nothing.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from application.context import Actor, CommandContext
from application.errors import ApplicationError, AuthenticationError, PermissionDeniedError
from application.ports import CommandOutcome
from domain.bugs.state import Status
from domain.users.model import Role
from tests import builders as b
from tests.builders import ADMIN_ID, BLOCKED_ID, MEMBER_ID, OTHER_MEMBER_ID, PASSWORD
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Scene:
    app: FakeApp
    project_id: int
    open_bug: int  # assigned, so it can start
    other_open_bug: int  # its neighbour in the open column
    in_progress_bug: int  # with a note, so it can be resolved
    resolved_bug: int
    comment_of: dict[int, int]  # author id -> a comment of theirs on the open bug


async def set_the_scene() -> Scene:
    app = FakeApp.create()
    project_id = await b.seed_team(app)
    as_admin = b.admin()

    async def report() -> int:
        outcome = await app.bugs.report(
            b.context(as_admin), project_id=project_id, title=b.TITLE, description=b.DESCRIPTION
        )
        await app.bugs.assign(b.context(as_admin), outcome.aggregate_id, MEMBER_ID)
        return outcome.aggregate_id

    open_bug, other_open_bug, in_progress_bug, resolved_bug = [await report() for _ in range(4)]
    for bug_id in (in_progress_bug, resolved_bug):
        await app.bugs.transition(b.context(as_admin), bug_id, Status.IN_PROGRESS)
        await app.bugs.note_resolution(b.context(as_admin), bug_id, b.NOTE)
    await app.bugs.transition(b.context(as_admin), resolved_bug, Status.RESOLVED)

    comment_of: dict[int, int] = {}
    for author in (ADMIN_ID, MEMBER_ID, BLOCKED_ID, OTHER_MEMBER_ID):
        # The blocked member wrote theirs before they were blocked.
        writer = Actor(user_id=author, name="author", role=Role.MEMBER)
        added = await app.bugs.add_comment(b.context(writer), open_bug, f"By #{author}")
        comment_of[author] = added.aggregate_id
    return Scene(
        app, project_id, open_bug, other_open_bug, in_progress_bug, resolved_bug, comment_of
    )


UseCase = Callable[[Scene, CommandContext], Awaitable[CommandOutcome]]


def own(context: CommandContext) -> int:
    """The acting user's id; for an anonymous caller, any existing user's."""
    return context.actor.user_id if context.actor is not None else MEMBER_ID


USE_CASES: dict[str, UseCase] = {
    "report a bug": lambda s, c: s.app.bugs.report(
        c, project_id=s.project_id, title="Crash on save", description="Every time."
    ),
    "update a bug's title": lambda s, c: s.app.bugs.update(c, s.open_bug, title="Renamed"),
    "update a bug's title and note": lambda s, c: s.app.bugs.update(
        c, s.in_progress_bug, title="Renamed", resolution_note="Another fix"
    ),
    "update the note of an in_progress bug": lambda s, c: s.app.bugs.update(
        c, s.in_progress_bug, resolution_note="Another fix"
    ),
    "update the note of an open bug": lambda s, c: s.app.bugs.update(
        c, s.open_bug, resolution_note="Early note"
    ),
    "note resolution on an in_progress bug": lambda s, c: s.app.bugs.note_resolution(
        c, s.in_progress_bug, "Another fix"
    ),
    "note resolution on a resolved bug": lambda s, c: s.app.bugs.note_resolution(
        c, s.resolved_bug, "Another fix"
    ),
    "assign a bug": lambda s, c: s.app.bugs.assign(c, s.open_bug, OTHER_MEMBER_ID),
    "unassign a bug": lambda s, c: s.app.bugs.unassign(c, s.open_bug),
    "transition open -> in_progress": lambda s, c: s.app.bugs.transition(
        c, s.open_bug, Status.IN_PROGRESS
    ),
    "transition in_progress -> resolved": lambda s, c: s.app.bugs.transition(
        c, s.in_progress_bug, Status.RESOLVED
    ),
    "transition resolved -> closed": lambda s, c: s.app.bugs.transition(
        c, s.resolved_bug, Status.CLOSED
    ),
    "move open -> in_progress": lambda s, c: s.app.bugs.move(
        c, s.open_bug, to_status=Status.IN_PROGRESS, after_id=s.in_progress_bug
    ),
    "move in_progress -> resolved": lambda s, c: s.app.bugs.move(
        c, s.in_progress_bug, to_status=Status.RESOLVED, before_id=s.resolved_bug
    ),
    "move resolved -> closed": lambda s, c: s.app.bugs.move(
        c, s.resolved_bug, to_status=Status.CLOSED
    ),
    "reorder a column": lambda s, c: s.app.bugs.move(
        c, s.other_open_bug, to_status=Status.OPEN, after_id=s.open_bug
    ),
    "comment on a bug": lambda s, c: s.app.bugs.add_comment(c, s.open_bug, "Me too"),
    "edit own comment": lambda s, c: s.app.bugs.edit_comment(
        c, s.open_bug, s.comment_of[own(c)], "Reworded"
    ),
    "edit someone else's comment": lambda s, c: s.app.bugs.edit_comment(
        c, s.open_bug, s.comment_of[OTHER_MEMBER_ID], "Reworded"
    ),
    "delete own comment": lambda s, c: s.app.bugs.delete_comment(
        c, s.open_bug, s.comment_of[own(c)]
    ),
    "delete someone else's comment": lambda s, c: s.app.bugs.delete_comment(
        c, s.open_bug, s.comment_of[OTHER_MEMBER_ID]
    ),
    "create a project": lambda s, c: s.app.projects.create(c, name="Payments"),
    "edit a project": lambda s, c: s.app.projects.edit(c, s.project_id, name="Payments"),
    "create a user": lambda s, c: s.app.users.create(
        c, name="Nina New", email="nina@example.com", password=PASSWORD
    ),
    "change a user's role": lambda s, c: s.app.users.change_role(c, OTHER_MEMBER_ID, Role.ADMIN),
    "block a member": lambda s, c: s.app.users.block(c, OTHER_MEMBER_ID),
    "unblock a member": lambda s, c: s.app.users.unblock(c, BLOCKED_ID),
    "rename oneself": lambda s, c: s.app.users.rename(c, own(c), "New Name"),
    "rename someone else": lambda s, c: s.app.users.rename(c, OTHER_MEMBER_ID, "New Name"),
    "change own password": lambda s, c: s.app.users.change_own_password(
        c, current_password=PASSWORD, new_password="a brand new secret"
    ),
}


@dataclass(frozen=True)
class Refused:
    error: type[ApplicationError]
    message: str


ALLOWED = None
ANONYMOUS = Refused(AuthenticationError, "Authentication required")
BLOCKED = Refused(PermissionDeniedError, "User is blocked")
ADMINS_ONLY = Refused(PermissionDeniedError, "Admin role required")
RESOLVE_ONLY = Refused(PermissionDeniedError, "Members can only resolve in_progress bugs")
NOTE_ONLY = Refused(PermissionDeniedError, "Members can only update resolution_note")
IN_PROGRESS_ONLY = Refused(PermissionDeniedError, "Members can only update in_progress bugs")
AUTHOR_EDITS = Refused(PermissionDeniedError, "Only the author can edit this comment")
AUTHOR_DELETES = Refused(PermissionDeniedError, "Only the author can delete this comment")
ADMINS_RENAME = Refused(PermissionDeniedError, "Only admins can rename other users")

ROLES = ("admin", "member", "blocked member", "anonymous")
ACTORS: dict[str, Actor | None] = {
    "admin": b.admin(),
    "member": b.member(),
    "blocked member": b.blocked_member(),
    "anonymous": None,
}

# fmt: off
POLICY: dict[str, tuple[Refused | None, Refused | None, Refused | None, Refused | None]] = {
    #                                         admin         member            blocked  anonymous
    "report a bug":                          (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "update a bug's title":                  (ALLOWED,      NOTE_ONLY,        BLOCKED, ANONYMOUS),
    "update a bug's title and note":         (ALLOWED,      NOTE_ONLY,        BLOCKED, ANONYMOUS),
    "update the note of an in_progress bug": (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "update the note of an open bug":        (ALLOWED,      IN_PROGRESS_ONLY, BLOCKED, ANONYMOUS),
    "note resolution on an in_progress bug": (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "note resolution on a resolved bug":     (ALLOWED,      IN_PROGRESS_ONLY, BLOCKED, ANONYMOUS),
    "assign a bug":                          (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "unassign a bug":                        (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "transition open -> in_progress":        (ALLOWED,      RESOLVE_ONLY,     BLOCKED, ANONYMOUS),
    "transition in_progress -> resolved":    (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "transition resolved -> closed":         (ALLOWED,      RESOLVE_ONLY,     BLOCKED, ANONYMOUS),
    "move open -> in_progress":              (ALLOWED,      RESOLVE_ONLY,     BLOCKED, ANONYMOUS),
    "move in_progress -> resolved":          (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "move resolved -> closed":               (ALLOWED,      RESOLVE_ONLY,     BLOCKED, ANONYMOUS),
    "reorder a column":                      (ALLOWED,      RESOLVE_ONLY,     BLOCKED, ANONYMOUS),
    "comment on a bug":                      (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "edit own comment":                      (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "edit someone else's comment":           (AUTHOR_EDITS, AUTHOR_EDITS,     BLOCKED, ANONYMOUS),
    "delete own comment":                    (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "delete someone else's comment":         (ALLOWED,      AUTHOR_DELETES,   BLOCKED, ANONYMOUS),
    "create a project":                      (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "edit a project":                        (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "create a user":                         (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "change a user's role":                  (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "block a member":                        (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "unblock a member":                      (ALLOWED,      ADMINS_ONLY,      BLOCKED, ANONYMOUS),
    "rename oneself":                        (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
    "rename someone else":                   (ALLOWED,      ADMINS_RENAME,    BLOCKED, ANONYMOUS),
    "change own password":                   (ALLOWED,      ALLOWED,          BLOCKED, ANONYMOUS),
}
# fmt: on

CASES = [
    pytest.param(use_case, role, expected, id=f"{use_case} [{role}]")
    for use_case, outcomes in POLICY.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


def test_the_policy_table_covers_every_use_case() -> None:
    assert POLICY.keys() == USE_CASES.keys()


@pytest.mark.parametrize(("use_case", "role", "expected"), CASES)
async def test_the_policy(use_case: str, role: str, expected: Refused | None) -> None:
    scene = await set_the_scene()
    store = scene.app.store
    before = len(store.events)
    context = b.context(ACTORS[role])

    if expected is ALLOWED:
        outcome = await USE_CASES[use_case](scene, context)
        assert outcome.event_count > 0
        assert len(store.events) == before + outcome.event_count
        assert all(r.metadata.actor_id == context.actor_id for r in store.events[before:])
    else:
        with pytest.raises(expected.error) as refused:
            await USE_CASES[use_case](scene, context)
        assert refused.value.message == expected.message
        assert len(store.events) == before
