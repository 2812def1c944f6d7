"""Bug use cases: report, edit, assign, note, transition, move on the board, comment."""

from collections.abc import Callable, Sequence
from typing import TypeAlias

from application.context import CommandContext
from application.errors import BoardChangedError, PermissionDeniedError
from application.handling import CommandRunner, handle, load
from application.policy import (
    authorise_comment_change,
    authorise_resolution_note,
    authorise_transition,
    require_actor,
    require_admin,
)
from application.ports import BoardPositions, Clock, CommandOutcome, EventStore, UnitOfWork
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
from domain.bugs.decider import bug_decider
from domain.bugs.state import Bug, Priority, Status
from domain.errors import InvalidValueError, NotFoundError
from domain.ids import bug_stream, project_stream, user_stream
from domain.projects.model import project_decider
from domain.ranking import rank_between
from domain.users.model import user_decider

_Authorise: TypeAlias = Callable[[Bug | None], None]


class BugService:
    def __init__(
        self, store: EventStore, clock: Clock, positions: BoardPositions | None = None
    ) -> None:
        self._runner = CommandRunner(store)
        self._clock = clock
        self._positions = positions

    async def report(
        self,
        context: CommandContext,
        *,
        project_id: int,
        title: str,
        description: str,
        priority: Priority = Priority.MEDIUM,
    ) -> CommandOutcome:
        actor = require_admin(context.actor)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            project, _ = await load(uow, project_decider, project_stream(project_id))
            if project is None:
                raise NotFoundError("Project", project_id)
            bug_id = await uow.allocate_id("bug")
            command = ReportBug(
                by=actor.user_id,
                at=self._clock.now(),
                bug_id=bug_id,
                project_id=project_id,
                title=title,
                description=description,
                priority=priority,
            )
            return await handle(
                uow, bug_decider, bug_stream(bug_id), [command], context, aggregate_id=bug_id
            )

        return await self._runner.run(context, body)

    async def update(
        self,
        context: CommandContext,
        bug_id: int,
        *,
        title: str | None = None,
        description: str | None = None,
        priority: Priority | None = None,
        assignee_id: int | None = None,
        resolution_note: str | None = None,
    ) -> CommandOutcome:
        """The seed's PUT: any subset of fields, applied together or not at all."""
        actor = require_actor(context.actor)
        changes_fields = (title, description, priority, assignee_id)
        at = self._clock.now()
        commands: list[BugCommand] = []
        if any(value is not None for value in (title, description, priority)):
            commands.append(
                EditBug(
                    by=actor.user_id,
                    at=at,
                    title=title,
                    description=description,
                    priority=priority,
                )
            )
        if assignee_id is not None:
            commands.append(AssignBug(by=actor.user_id, at=at, assignee_id=assignee_id))
        if resolution_note is not None:
            commands.append(NoteResolution(by=actor.user_id, at=at, note=resolution_note))

        def authorise(bug: Bug | None) -> None:
            if actor.is_admin:
                return
            if any(value is not None for value in changes_fields) or resolution_note is None:
                raise PermissionDeniedError("Members can only update resolution_note")
            authorise_resolution_note(actor, bug)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            # Only an admin may set the assignee; a member is refused by ``authorise``, not
            # told whether the user they named exists.
            if assignee_id is not None and actor.is_admin:
                await _require_assignable(uow, assignee_id)
            return await self._decide(uow, context, bug_id, commands, authorise)

        return await self._runner.run(context, body)

    async def assign(
        self, context: CommandContext, bug_id: int, assignee_id: int
    ) -> CommandOutcome:
        actor = require_admin(context.actor)
        command = AssignBug(by=actor.user_id, at=self._clock.now(), assignee_id=assignee_id)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            await _require_assignable(uow, assignee_id)
            return await self._decide(uow, context, bug_id, [command])

        return await self._runner.run(context, body)

    async def unassign(self, context: CommandContext, bug_id: int) -> CommandOutcome:
        actor = require_admin(context.actor)
        command = UnassignBug(by=actor.user_id, at=self._clock.now())
        return await self._run_simple(context, bug_id, [command])

    async def note_resolution(
        self, context: CommandContext, bug_id: int, note: str
    ) -> CommandOutcome:
        actor = require_actor(context.actor)
        command = NoteResolution(by=actor.user_id, at=self._clock.now(), note=note)
        return await self._run_simple(
            context, bug_id, [command], lambda bug: authorise_resolution_note(actor, bug)
        )

    async def transition(
        self, context: CommandContext, bug_id: int, to_status: Status
    ) -> CommandOutcome:
        actor = require_actor(context.actor)
        command = TransitionBug(by=actor.user_id, at=self._clock.now(), to_status=to_status)
        return await self._run_simple(
            context, bug_id, [command], lambda bug: authorise_transition(actor, bug, to_status)
        )

    async def move(
        self,
        context: CommandContext,
        bug_id: int,
        *,
        to_status: Status,
        after_id: int | None = None,
        before_id: int | None = None,
    ) -> CommandOutcome:
        """Drop a card in a column between two neighbours (``after_id`` above, ``before_id``
        below). A different column means a transition too: all rules apply, in one append."""
        actor = require_actor(context.actor)
        at = self._clock.now()

        async def body(uow: UnitOfWork) -> CommandOutcome:
            current, _ = await load(uow, bug_decider, bug_stream(bug_id))
            if current is None:
                raise NotFoundError("Bug", bug_id)
            if current.status is to_status and not actor.is_admin:
                raise PermissionDeniedError("Members can only resolve in_progress bugs")
            authorise_transition(actor, current, to_status)
            above = await _neighbour_rank(uow, current, after_id, to_status)
            below = await _neighbour_rank(uow, current, before_id, to_status)
            changes_column = current.status is not to_status
            above, below = await self._complete_gap(
                current, to_status, above, below, changes_column
            )
            if above is not None and below is not None and above >= below:
                raise BoardChangedError
            commands: list[BugCommand] = []
            if changes_column:
                commands.append(TransitionBug(by=actor.user_id, at=at, to_status=to_status))
            if above is not None or below is not None or changes_column:
                rank = rank_between(above, below)
                commands.append(RankBug(by=actor.user_id, at=at, rank=rank))

            def authorise(bug: Bug | None) -> None:
                if changes_column:
                    authorise_transition(actor, bug, to_status)
                elif not actor.is_admin:
                    raise PermissionDeniedError("Members can only resolve in_progress bugs")

            return await self._decide(uow, context, bug_id, commands, authorise)

        return await self._runner.run(context, body)

    async def _complete_gap(
        self,
        bug: Bug,
        column: Status,
        above: str | None,
        below: str | None,
        changes_column: bool,
    ) -> tuple[str | None, str | None]:
        """A client that names one neighbour may not have loaded the card on the other side
        (long columns are paged): take the real one from the board, so the card lands exactly
        where it was dropped. No neighbour at all means the top of the column."""
        if self._positions is None or (above is not None and below is not None):
            return above, below
        if above is None and below is None and not changes_column:
            return above, below
        if below is None:
            below = await self._positions.adjacent_rank(
                bug.project_id, column.value, above, below=True, excluding=bug.id
            )
        elif above is None:
            above = await self._positions.adjacent_rank(
                bug.project_id, column.value, below, below=False, excluding=bug.id
            )
        return above, below

    async def add_comment(self, context: CommandContext, bug_id: int, text: str) -> CommandOutcome:
        actor = require_actor(context.actor)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            # An unknown bug is refused by the decide step; the id drawn here rolls back then.
            comment_id = await uow.allocate_id("comment")
            command = AddComment(
                by=actor.user_id, at=self._clock.now(), comment_id=comment_id, text=text
            )
            outcome = await self._decide(uow, context, bug_id, [command])
            return CommandOutcome(
                stream_id=outcome.stream_id,
                aggregate_id=comment_id,
                version=outcome.version,
                event_count=outcome.event_count,
            )

        return await self._runner.run(context, body)

    async def edit_comment(
        self, context: CommandContext, bug_id: int, comment_id: int, text: str
    ) -> CommandOutcome:
        actor = require_actor(context.actor)
        command = EditComment(
            by=actor.user_id, at=self._clock.now(), comment_id=comment_id, text=text
        )
        return await self._run_simple(
            context,
            bug_id,
            [command],
            lambda bug: authorise_comment_change(actor, bug, comment_id, delete=False),
        )

    async def delete_comment(
        self, context: CommandContext, bug_id: int, comment_id: int
    ) -> CommandOutcome:
        actor = require_actor(context.actor)
        command = DeleteComment(by=actor.user_id, at=self._clock.now(), comment_id=comment_id)
        return await self._run_simple(
            context,
            bug_id,
            [command],
            lambda bug: authorise_comment_change(actor, bug, comment_id, delete=True),
        )

    async def _run_simple(
        self,
        context: CommandContext,
        bug_id: int,
        commands: Sequence[BugCommand],
        authorise: _Authorise | None = None,
    ) -> CommandOutcome:
        async def body(uow: UnitOfWork) -> CommandOutcome:
            return await self._decide(uow, context, bug_id, commands, authorise)

        return await self._runner.run(context, body)

    @staticmethod
    async def _decide(
        uow: UnitOfWork,
        context: CommandContext,
        bug_id: int,
        commands: Sequence[BugCommand],
        authorise: _Authorise | None = None,
    ) -> CommandOutcome:
        def authorise_existing(bug: Bug | None) -> None:
            if bug is None:
                raise NotFoundError("Bug", bug_id)
            if authorise is not None:
                authorise(bug)

        return await handle(
            uow,
            bug_decider,
            bug_stream(bug_id),
            commands,
            context,
            aggregate_id=bug_id,
            authorise=authorise_existing,
        )


async def _require_bug(uow: UnitOfWork, bug_id: int) -> Bug:
    bug, _ = await load(uow, bug_decider, bug_stream(bug_id))
    if bug is None:
        raise NotFoundError("Bug", bug_id)
    return bug


async def _require_assignable(uow: UnitOfWork, user_id: int) -> None:
    user, _ = await load(uow, user_decider, user_stream(user_id))
    if user is None:
        raise NotFoundError("User", user_id)
    if user.is_blocked:
        raise InvalidValueError(f"User {user_id} is blocked and cannot be assigned")


async def _neighbour_rank(
    uow: UnitOfWork, moving: Bug, neighbour_id: int | None, column: Status
) -> str | None:
    if neighbour_id is None:
        return None
    if neighbour_id == moving.id:
        raise InvalidValueError("A card cannot be placed next to itself")
    neighbour = await _require_bug(uow, neighbour_id)
    if neighbour.project_id != moving.project_id or neighbour.status is not column:
        # The board the client saw is out of date: the neighbour moved meanwhile.
        raise BoardChangedError
    return neighbour.rank
