"""Generate a realistic event log straight into a database, through the domain deciders.

Every event is decided by the same deciders that decide real commands, so the log is valid by
construction: assignments before starts, notes before resolutions, comments by many people.
"""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec

from domain.bugs.commands import (
    AddComment,
    AssignBug,
    BugCommand,
    EditBug,
    NoteResolution,
    ReportBug,
    TransitionBug,
)
from domain.bugs.decider import bug_decider
from domain.bugs.state import Bug, Priority, Status
from domain.catalog import DomainEvent
from domain.ids import bug_stream, project_stream, user_stream
from domain.projects.model import CreateProject, project_decider
from domain.users.model import RegisterUser, Role, user_decider
from infrastructure.backup import LogRecord
from infrastructure.codec import encode_event

START = datetime(2025, 11, 1, tzinfo=UTC)
FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$bench$bench"  # benchmark users never log in


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    projects: int = 20
    bugs: int = 50_000
    users: int = 60
    big_project_bugs: int = 5_000  # project 1 gets this many, the rest share the remainder
    seed: int = 7


def generate(plan: Plan) -> Iterator[LogRecord]:
    rng = random.Random(plan.seed)
    position = 0
    clock = START

    def record(stream_id: str, version: int, event: DomainEvent) -> LogRecord:
        nonlocal position
        position += 1
        tag, data = encode_event(event)
        metadata = {"actor_id": event.by, "command_id": f"bench-{position}", "correlation_id": None}
        return LogRecord(
            position=position,
            stream_id=stream_id,
            version=version,
            type=tag,
            data=data,
            metadata=metadata,
            recorded_at=event.at,
        )

    def tick() -> datetime:
        nonlocal clock
        clock += timedelta(seconds=rng.randint(1, 30))
        return clock

    for user_id in range(1, plan.users + 1):
        role = Role.ADMIN if user_id <= 3 else Role.MEMBER
        command = RegisterUser(
            by=1,
            at=tick(),
            user_id=user_id,
            name=f"User {user_id}",
            email=f"user{user_id}@example.com",
            password_hash=FAKE_HASH,
            role=role,
        )
        for event in user_decider.decide(command, None):
            yield record(user_stream(user_id), 1, event)
    for project_id in range(1, plan.projects + 1):
        command = CreateProject(
            by=1, at=tick(), project_id=project_id, name=f"Project {project_id}"
        )
        for event in project_decider.decide(command, None):
            yield record(project_stream(project_id), 1, event)

    comment_id = 0
    others = max(plan.projects - 1, 1)
    for bug_id in range(1, plan.bugs + 1):
        if bug_id <= plan.big_project_bugs:
            project_id = 1
        else:
            project_id = 2 + (bug_id % others) if plan.projects > 1 else 1
        admin = rng.randint(1, 3)
        at = tick()
        commands: list[BugCommand] = [
            ReportBug(
                by=admin,
                at=at,
                bug_id=bug_id,
                project_id=project_id,
                title=f"Bug {bug_id}: {rng.choice(TITLES)}",
                description=rng.choice(DESCRIPTIONS),
                priority=rng.choice(list(Priority)),
            )
        ]
        fate = rng.random()
        target = (
            Status.OPEN
            if fate < 0.25
            else Status.IN_PROGRESS
            if fate < 0.5
            else Status.RESOLVED
            if fate < 0.7
            else Status.CLOSED
        )
        assignee = rng.randint(4, plan.users)
        if target is not Status.OPEN or rng.random() < 0.5:
            commands.append(AssignBug(by=admin, at=at, assignee_id=assignee))
        if rng.random() < 0.2:
            commands.append(EditBug(by=admin, at=at, priority=rng.choice(list(Priority))))
        comments = rng.randint(10, 24)
        for _ in range(comments // 2):
            comment_id += 1
            commands.append(
                AddComment(
                    by=rng.randint(1, plan.users),
                    at=at,
                    comment_id=comment_id,
                    text=rng.choice(COMMENTS),
                )
            )
        if target in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
            commands.append(TransitionBug(by=admin, at=at, to_status=Status.IN_PROGRESS))
        for _ in range(comments - comments // 2):
            comment_id += 1
            commands.append(
                AddComment(
                    by=rng.randint(1, plan.users),
                    at=at,
                    comment_id=comment_id,
                    text=rng.choice(COMMENTS),
                )
            )
        if target in (Status.RESOLVED, Status.CLOSED):
            commands.append(NoteResolution(by=assignee, at=at, note="Fixed and covered by a test"))
            commands.append(TransitionBug(by=assignee, at=at, to_status=Status.RESOLVED))
        if target is Status.CLOSED:
            commands.append(TransitionBug(by=admin, at=at, to_status=Status.CLOSED))
        state: Bug | None = None
        version = 0
        for command in commands:
            stamped = msgspec.structs.replace(command, at=tick())
            for event in bug_decider.decide(stamped, state):
                state = bug_decider.evolve(state, event)
                version += 1
                yield record(bug_stream(bug_id), version, event)


TITLES = [
    "Crash when saving a draft",
    "Login button unresponsive on Safari",
    "Totals off by one cent",
    "Export times out for large projects",
    "Dark mode colours unreadable",
    "Search ignores accents",
    "Notifications arrive twice",
    "Avatar upload rejects PNG",
    "Slow board with many cards",
]
DESCRIPTIONS = [
    "Steps: open the editor, type, press save. Expected: saved. Actual: error 500.",
    "Happens on every reload since the last release; logs attached.",
    "Reported by three customers this week. Reproducible on staging.",
]
COMMENTS = [
    "I can reproduce this on main.",
    "Looking into it now.",
    "Could this be the cache layer?",
    "Added a failing test.",
    "Fix is in review.",
    "Confirmed fixed on staging, thanks!",
    "Customer reports it again after the hotfix.",
    "Bumping priority, this blocks the release.",
]
