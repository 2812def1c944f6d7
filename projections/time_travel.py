"""Time travel: a bug, or a whole board, as it was at a past instant, folded from the log.

Nothing here reads the live read tables for state; only names (which are not history) and the
list of a project's bug ids (bugs never change project) come from them.
"""

from collections.abc import Sequence
from datetime import datetime

from application.ports import EventStore, RecordedEvent
from domain.bugs.decider import bug_decider
from domain.bugs.events import BugEvent, CommentAdded, CommentEdited
from domain.bugs.state import Bug, Status
from domain.ids import bug_stream, project_stream
from domain.projects.model import ProjectEvent, project_decider
from projections.queries import UNASSIGNED, BugFilters, ReadModels
from projections.views import (
    BoardView,
    BugDetailView,
    CardView,
    ColumnView,
    CommentView,
    ProjectView,
)


class TimeTravel:
    def __init__(self, store: EventStore, reads: ReadModels) -> None:
        self._store = store
        self._reads = reads

    async def bug(self, bug_id: int, as_of: datetime) -> BugDetailView | None:
        history = await self._store.read_stream(bug_stream(bug_id))
        recorded = [event for event in history.events if event.recorded_at <= as_of]
        bug = _fold_bug(recorded)
        if bug is None:
            return None
        comment_times = _comment_times(recorded)
        mentioned = {comment.author_id for comment in bug.comments}
        if bug.assignee_id is not None:
            mentioned.add(bug.assignee_id)
        names = await self._reads.user_names(mentioned)
        assignee = (
            await self._reads.get_user(bug.assignee_id) if bug.assignee_id is not None else None
        )
        comments = [
            CommentView(
                id=comment.id,
                bug_id=bug.id,
                author_id=comment.author_id,
                author_name=names.get(comment.author_id),
                text=comment.text,
                created_at=comment_times[comment.id][0],
                updated_at=comment_times[comment.id][1],
                edited=comment_times[comment.id][0] != comment_times[comment.id][1],
            )
            for comment in bug.comments
            if not comment.deleted
        ]
        return BugDetailView(
            id=bug.id,
            project_id=bug.project_id,
            title=bug.title,
            description=bug.description,
            priority=bug.priority.value,
            status=bug.status.value,
            assignee_id=bug.assignee_id,
            assignee_name=names.get(bug.assignee_id) if bug.assignee_id else None,
            resolution_note=bug.resolution_note,
            reporter_id=bug.reporter_id,
            rank=bug.rank,
            comment_count=len(comments),
            created_at=bug.reported_at,
            updated_at=recorded[-1].event.at,
            version=recorded[-1].version,
            assignee=assignee,
            comments=comments,
        )

    async def board(
        self, project_id: int, as_of: datetime, filters: BugFilters, limit_per_column: int
    ) -> BoardView | None:
        project_history = await self._store.read_stream(project_stream(project_id))
        project_events = [e for e in project_history.events if e.recorded_at <= as_of]
        project_only: list[ProjectEvent] = [e.event for e in project_events]  # type: ignore[misc]
        project = project_decider.replay(project_only)
        if project is None:
            return None
        bug_ids = await self._reads.bug_ids_of_project(project_id)
        recorded = await self._store.read_streams(
            [bug_stream(bug_id) for bug_id in bug_ids], until=as_of
        )
        by_stream: dict[str, list[RecordedEvent]] = {}
        for event in recorded:
            by_stream.setdefault(event.stream_id, []).append(event)
        cards: list[tuple[Bug, list[RecordedEvent]]] = []
        for events in by_stream.values():
            bug = _fold_bug(events)
            if bug is not None and _matches(bug, filters):
                cards.append((bug, events))
        names = await self._reads.user_names(
            {bug.assignee_id for bug, _ in cards if bug.assignee_id is not None}
        )
        columns = []
        for status in Status:
            in_column = sorted(
                (item for item in cards if item[0].status is status),
                key=lambda item: (item[0].rank, item[0].id),
            )
            columns.append(
                ColumnView(
                    status=status.value,
                    count=len(in_column),
                    cards=[
                        _card(bug, events, names) for bug, events in in_column[:limit_per_column]
                    ],
                )
            )
        project_view = ProjectView(
            id=project.id,
            name=project.name,
            description=project.description,
            created_at=project.created_at,
            updated_at=project_events[-1].event.at,
            version=project_events[-1].version,
        )
        return BoardView(project=project_view, as_of=as_of, columns=columns)


def _fold_bug(recorded: Sequence[RecordedEvent]) -> Bug | None:
    events: list[BugEvent] = [event.event for event in recorded]  # type: ignore[misc]
    return bug_decider.replay(events)


def _comment_times(recorded: Sequence[RecordedEvent]) -> dict[int, tuple[datetime, datetime]]:
    times: dict[int, tuple[datetime, datetime]] = {}
    for item in recorded:
        event = item.event
        if isinstance(event, CommentAdded):
            times[event.comment_id] = (event.at, event.at)
        elif isinstance(event, CommentEdited) and event.comment_id in times:
            times[event.comment_id] = (times[event.comment_id][0], event.at)
    return times


def _matches(bug: Bug, filters: BugFilters) -> bool:
    if filters.priority is not None and bug.priority.value != filters.priority:
        return False
    if filters.assignee_id == UNASSIGNED:
        if bug.assignee_id is not None:
            return False
    elif filters.assignee_id is not None and bug.assignee_id != filters.assignee_id:
        return False
    return not (filters.q and filters.q.lower() not in bug.title.lower())


def _card(bug: Bug, recorded: Sequence[RecordedEvent], names: dict[int, str]) -> CardView:
    return CardView(
        id=bug.id,
        project_id=bug.project_id,
        title=bug.title,
        priority=bug.priority.value,
        status=bug.status.value,
        rank=bug.rank,
        assignee_id=bug.assignee_id,
        assignee_name=names.get(bug.assignee_id) if bug.assignee_id is not None else None,
        comment_count=sum(1 for comment in bug.comments if not comment.deleted),
        created_at=bug.reported_at,
        updated_at=recorded[-1].event.at,
        version=recorded[-1].version,
    )
