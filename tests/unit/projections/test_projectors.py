"""Each projector, from given events to the rows it writes (pure: no database)."""

from datetime import UTC, datetime, timedelta

from application.ports import EventMetadata, RecordedEvent
from domain.bugs.events import (
    BugAssigned,
    BugRanked,
    BugReported,
    BugStatusChanged,
    BugUnassigned,
    CommentAdded,
    CommentDeleted,
    CommentEdited,
)
from domain.bugs.state import Priority, Status
from domain.catalog import DomainEvent
from domain.projects.model import ProjectCreated, ProjectDescribed
from domain.users.model import Role, UserBlocked, UserPasswordChanged, UserRegistered
from projections import bugs, comments, history, projects, users
from projections.executors import MemoryTables
from projections.ops import Row
from projections.registry import HANDLES, PROJECTORS, operations

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def log(*events: DomainEvent) -> list[RecordedEvent]:
    """Events as the store would record them: positions in order, versions per stream."""
    versions: dict[str, int] = {}
    recorded = []
    for position, event in enumerate(events, start=1):
        stream = (
            f"bug-{event.bug_id}"
            if hasattr(event, "bug_id")
            else f"project-{event.project_id}"
            if hasattr(event, "project_id")
            else f"user-{getattr(event, 'user_id', 0)}"
        )
        versions[stream] = versions.get(stream, 0) + 1
        recorded.append(
            RecordedEvent(
                position=position,
                stream_id=stream,
                version=versions[stream],
                event=event,
                metadata=EventMetadata(actor_id=event.by, command_id=f"c{position}"),
                recorded_at=event.at,
            )
        )
    return recorded


def rows(name: str, *events: DomainEvent) -> list[Row]:
    """Fold the events through one projector into its table, as a rebuild would."""
    tables = MemoryTables([name])
    for recorded in log(*events):
        tables.apply(operations(recorded, [name]))
    return [*tables.rows[name].values(), *tables.appended.get(name, [])]


REPORTED = BugReported(
    by=1,
    at=at(0),
    bug_id=7,
    project_id=3,
    title="Crash",
    description="On save",
    priority=Priority.HIGH,
    rank="mzzzzzzsV",
)


def test_a_reported_bug_becomes_an_open_card_with_no_comments() -> None:
    assert rows(bugs.NAME, REPORTED) == [
        {
            "id": 7,
            "project_id": 3,
            "title": "Crash",
            "description": "On save",
            "priority": "high",
            "status": "open",
            "rank": "mzzzzzzsV",
            "assignee_id": None,
            "resolution_note": None,
            "reporter_id": 1,
            "comment_count": 0,
            "created_at": at(0),
            "updated_at": at(0),
            "version": 1,
        }
    ]


def test_a_card_follows_assignment_status_rank_and_comment_count() -> None:
    [card] = rows(
        bugs.NAME,
        REPORTED,
        BugAssigned(by=1, at=at(1), bug_id=7, project_id=3, assignee_id=5),
        BugStatusChanged(
            by=1,
            at=at(2),
            bug_id=7,
            project_id=3,
            from_status=Status.OPEN,
            to_status=Status.IN_PROGRESS,
        ),
        BugRanked(by=1, at=at(3), bug_id=7, project_id=3, rank="a", previous_rank="mzzzzzzsV"),
        CommentAdded(by=5, at=at(4), bug_id=7, project_id=3, comment_id=1, text="on it"),
        CommentAdded(by=5, at=at(5), bug_id=7, project_id=3, comment_id=2, text="done"),
        CommentDeleted(by=5, at=at(6), bug_id=7, project_id=3, comment_id=1),
        BugUnassigned(by=1, at=at(7), bug_id=7, project_id=3, previous_assignee_id=5),
    )
    assert (card["status"], card["rank"], card["assignee_id"]) == ("in_progress", "a", None)
    assert (card["comment_count"], card["version"], card["updated_at"]) == (1, 8, at(7))


def test_comments_carry_their_author_and_edits_and_deletes_leave_the_view() -> None:
    result = rows(
        comments.NAME,
        REPORTED,
        CommentAdded(by=5, at=at(1), bug_id=7, project_id=3, comment_id=1, text="first"),
        CommentAdded(by=6, at=at(2), bug_id=7, project_id=3, comment_id=2, text="second"),
        CommentEdited(
            by=5,
            at=at(3),
            bug_id=7,
            project_id=3,
            comment_id=1,
            text="first!",
            previous_text="first",
        ),
        CommentDeleted(by=6, at=at(4), bug_id=7, project_id=3, comment_id=2),
    )
    assert result == [
        {
            "id": 1,
            "bug_id": 7,
            "project_id": 3,
            "author_id": 5,
            "text": "first!",
            "edited": True,
            "created_at": at(1),
            "updated_at": at(3),
        }
    ]


def test_users_hold_role_blocked_flag_and_the_latest_password_hash() -> None:
    [user] = rows(
        users.NAME,
        UserRegistered(
            by=1,
            at=at(0),
            user_id=4,
            name="Mia",
            email="mia@example.com",
            role=Role.MEMBER,
            password_hash="h1",
        ),
        UserBlocked(by=1, at=at(1), user_id=4),
        UserPasswordChanged(by=4, at=at(2), user_id=4, password_hash="h2"),
    )
    assert (user["role"], user["is_blocked"], user["password_hash"]) == ("member", True, "h2")
    assert (user["version"], user["updated_at"]) == (3, at(2))


def test_projects_keep_their_description_changes() -> None:
    [project] = rows(
        projects.NAME,
        ProjectCreated(by=1, at=at(0), project_id=3, name="Apollo"),
        ProjectDescribed(
            by=1, at=at(1), project_id=3, description="Guidance", previous_description=None
        ),
    )
    assert (project["name"], project["description"], project["version"]) == (
        "Apollo",
        "Guidance",
        2,
    )


def test_history_records_every_event_as_who_when_field_old_and_new() -> None:
    result = rows(
        history.NAME,
        REPORTED,
        BugAssigned(by=1, at=at(1), bug_id=7, project_id=3, assignee_id=5),
        BugStatusChanged(
            by=2,
            at=at(2),
            bug_id=7,
            project_id=3,
            from_status=Status.OPEN,
            to_status=Status.IN_PROGRESS,
        ),
        CommentDeleted(by=5, at=at(3), bug_id=7, project_id=3, comment_id=1),
        UserPasswordChanged(by=4, at=at(4), user_id=4, password_hash="secret-hash"),
    )
    summary = [
        (row["position"], row["type"], row["actor_id"], row["field"], row["old"], row["new"])
        for row in result
    ]
    assert summary == [
        (1, "bug.reported", 1, "title", None, "Crash"),
        (2, "bug.assigned", 1, "assignee", None, "5"),
        (3, "bug.status_changed", 2, "status", "open", "in_progress"),
        (4, "bug.comment_deleted", 5, "comment", None, None),
        (5, "user.password_changed", 4, "password", None, None),
    ]
    assert all(row["project_id"] == 3 for row in result[:4])
    assert "secret-hash" not in repr(result)


def test_every_projector_ignores_events_it_does_not_own() -> None:
    unrelated = UserBlocked(by=1, at=at(0), user_id=4)
    for name in (bugs.NAME, comments.NAME, projects.NAME):
        assert PROJECTORS[name](log(unrelated)[0]) == []


def test_each_projector_declares_exactly_the_events_it_reacts_to() -> None:
    from tests.integration.support import SAMPLE_EVENTS

    for name, project in PROJECTORS.items():
        for event in SAMPLE_EVENTS.values():
            reacts = bool(project(log(event)[0]))
            assert reacts == isinstance(event, HANDLES[name]), (name, type(event).__name__)
