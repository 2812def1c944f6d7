"""Helpers for the integration tests: deterministic clocks, sample events, contexts."""

import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import anyio
from sqlalchemy.ext.asyncio import AsyncEngine

from application.context import Actor, CommandContext
from application.ports import EventStore, RecordedEvent
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
from domain.bugs.state import Priority, Status
from domain.catalog import DomainEvent
from domain.projects.model import ProjectCreated, ProjectDescribed, ProjectRenamed
from domain.users.model import (
    Role,
    UserBlocked,
    UserPasswordChanged,
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserUnblocked,
)

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


class FixedClock:
    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class TickingClock:
    """Each reading is one second after the previous one: distinct, predictable timestamps."""

    def __init__(self, start: datetime = T0) -> None:
        self._next = start

    def now(self) -> datetime:
        current = self._next
        self._next += timedelta(seconds=1)
        return current


def is_postgres(engine_or_url: AsyncEngine | str) -> bool:
    if isinstance(engine_or_url, str):
        return engine_or_url.startswith("postgresql")
    return engine_or_url.dialect.name == "postgresql"


def admin_context(command_id: str, user_id: int = 1) -> CommandContext:
    return CommandContext(
        actor=Actor(user_id=user_id, name="Admin", role=Role.ADMIN), command_id=command_id
    )


def renamed(project_id: int, name: str, previous: str = "before") -> ProjectRenamed:
    """A small valid event for tests that only care about the log, not the aggregate."""
    return ProjectRenamed(by=1, at=T0, project_id=project_id, name=name, previous_name=previous)


# One sample of every event type, by tag. A new event type must be added here: the test that
# compares these tags with domain.catalog.EVENT_TAGS fails until it is.
SAMPLE_EVENTS: dict[str, DomainEvent] = {
    "bug.reported": BugReported(
        by=1,
        at=T0,
        bug_id=7,
        project_id=2,
        title="Crash on save",
        description="Stack trace attached. Unicode: é ✓ 🐛",
        priority=Priority.HIGH,
        rank="U",
    ),
    "bug.retitled": BugRetitled(
        by=1, at=T0, bug_id=7, project_id=2, title="Crash on first save", previous_title="Crash"
    ),
    "bug.description_changed": BugDescriptionChanged(
        by=1, at=T0, bug_id=7, project_id=2, description="new", previous_description="old"
    ),
    "bug.reprioritized": BugReprioritized(
        by=1,
        at=T0,
        bug_id=7,
        project_id=2,
        priority=Priority.CRITICAL,
        previous_priority=Priority.HIGH,
    ),
    "bug.assigned": BugAssigned(
        by=1, at=T0, bug_id=7, project_id=2, assignee_id=3, previous_assignee_id=None
    ),
    "bug.unassigned": BugUnassigned(by=1, at=T0, bug_id=7, project_id=2, previous_assignee_id=3),
    "bug.resolution_noted": BugResolutionNoted(
        by=1, at=T0, bug_id=7, project_id=2, note="Fixed in 1.2", previous_note=None
    ),
    "bug.status_changed": BugStatusChanged(
        by=1,
        at=T0,
        bug_id=7,
        project_id=2,
        from_status=Status.OPEN,
        to_status=Status.IN_PROGRESS,
    ),
    "bug.ranked": BugRanked(by=1, at=T0, bug_id=7, project_id=2, rank="Um", previous_rank="U"),
    "bug.comment_added": CommentAdded(
        by=1, at=T0, bug_id=7, project_id=2, comment_id=11, text="Seen on 1.1 too"
    ),
    "bug.comment_edited": CommentEdited(
        by=1,
        at=T0,
        bug_id=7,
        project_id=2,
        comment_id=11,
        text="Seen on 1.0 too",
        previous_text="Seen on 1.1 too",
    ),
    "bug.comment_deleted": CommentDeleted(by=1, at=T0, bug_id=7, project_id=2, comment_id=11),
    "project.created": ProjectCreated(by=1, at=T0, project_id=2, name="Website", description=None),
    "project.renamed": ProjectRenamed(
        by=1, at=T0, project_id=2, name="Web", previous_name="Website"
    ),
    "project.described": ProjectDescribed(
        by=1, at=T0, project_id=2, description="Public site", previous_description=None
    ),
    "user.registered": UserRegistered(
        by=1,
        at=T0,
        user_id=3,
        name="Ada",
        email="ada@example.com",
        role=Role.MEMBER,
        password_hash="$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
    ),
    "user.renamed": UserRenamed(by=1, at=T0, user_id=3, name="Ada L.", previous_name="Ada"),
    "user.role_changed": UserRoleChanged(
        by=1, at=T0, user_id=3, role=Role.ADMIN, previous_role=Role.MEMBER
    ),
    "user.blocked": UserBlocked(by=1, at=T0, user_id=3),
    "user.unblocked": UserUnblocked(by=1, at=T0, user_id=3),
    "user.password_changed": UserPasswordChanged(
        by=3, at=T0, user_id=3, password_hash="$argon2id$v=19$m=8,t=1,p=1$bmV3c2FsdA$bmV3"
    ),
}


async def follow_log_while(
    store: EventStore, write: Callable[[], Awaitable[None]], rng: random.Random
) -> list[RecordedEvent]:
    """Follow the log with ``read_all(after=checkpoint)`` in random batch sizes while ``write``
    runs, then drain it: every event the follower saw, in the order it saw them."""
    seen: list[RecordedEvent] = []
    writers_done = anyio.Event()

    async def reader() -> None:
        checkpoint = 0
        while True:
            # Decide before reading: a read that starts after the last commit must drain all.
            finished = writers_done.is_set()
            limit = rng.choice([1, 7, 50])
            batch = await store.read_all(after=checkpoint, limit=limit)
            for recorded in batch:
                assert recorded.position > checkpoint
                checkpoint = recorded.position
            seen.extend(batch)
            if finished and len(batch) < limit:
                return
            if not batch:
                await anyio.sleep(0.001)

    async with anyio.create_task_group() as group:
        group.start_soon(reader)
        await write()
        writers_done.set()
    return seen
