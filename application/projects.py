"""Project use cases: create, rename and describe (admin only)."""

from application.context import CommandContext
from application.handling import CommandRunner, handle
from application.policy import require_admin
from application.ports import Clock, CommandOutcome, EventStore, UnitOfWork
from domain.errors import NotFoundError
from domain.ids import project_stream
from domain.projects.model import CreateProject, EditProject, Project, project_decider


class ProjectService:
    def __init__(self, store: EventStore, clock: Clock) -> None:
        self._runner = CommandRunner(store)
        self._clock = clock

    async def create(
        self, context: CommandContext, *, name: str, description: str | None = None
    ) -> CommandOutcome:
        actor = require_admin(context.actor)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            project_id = await uow.allocate_id("project")
            command = CreateProject(
                by=actor.user_id,
                at=self._clock.now(),
                project_id=project_id,
                name=name,
                description=description,
            )
            return await handle(
                uow,
                project_decider,
                project_stream(project_id),
                [command],
                context,
                aggregate_id=project_id,
            )

        return await self._runner.run(context, body)

    async def edit(
        self,
        context: CommandContext,
        project_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
    ) -> CommandOutcome:
        actor = require_admin(context.actor)
        command = EditProject(
            by=actor.user_id, at=self._clock.now(), name=name, description=description
        )

        def authorise(project: Project | None) -> None:
            if project is None:
                raise NotFoundError("Project", project_id)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            return await handle(
                uow,
                project_decider,
                project_stream(project_id),
                [command],
                context,
                aggregate_id=project_id,
                authorise=authorise,
            )

        return await self._runner.run(context, body)
