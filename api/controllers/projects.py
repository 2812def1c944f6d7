"""Projects: create, list, read, edit, the board, and activity."""

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter

from api import openapi
from api.envelope import Envelope, ok
from api.paging import (
    Limit,
    Offset,
    as_utc,
    assignee_param,
    enum_param,
    paged,
    reject_unknown_query,
    utc,
)
from api.presenters import found
from api.schemas import CreateProjectRequest, EditProjectRequest, PathId, QueryId, Search
from api.wiring import Wiring
from application.context import Actor, CommandContext
from domain.bugs.state import Priority, Status
from projections.queries import ActivityFilters, BugFilters
from projections.views import BoardView, HistoryEntryView, ProjectView

BOARD_PARAMS = ("assignee_id", "priority", "q", "limit", "offset", "status", "as_of")


class ProjectController(Controller):
    path = "/api/projects"
    tags = ["projects"]

    @post("/", operation_id="createProject", status_code=201, responses=openapi.WRITES)
    async def create_project(
        self,
        data: JSONBody[CreateProjectRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[ProjectView]]:
        outcome = await wiring.projects.create(
            context, name=data.name, description=data.description
        )
        return ok(await _project(wiring, outcome.aggregate_id), 201)

    @get("/", operation_id="listProjects", responses=openapi.READS)
    async def list_projects(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[ProjectView]]]:
        projects, total = await wiring.reads.list_projects(limit=limit, offset=offset)
        return paged(request, projects, total, limit, offset)

    @get("/{project_id:int}", operation_id="getProject", responses=openapi.READS)
    async def get_project(
        self,
        project_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[ProjectView]]:
        project = await _project(wiring, project_id)
        return ok(project, headers={"ETag": f'"{project.version}"'})

    @patch("/{project_id:int}", operation_id="editProject", responses=openapi.WRITES)
    async def edit_project(
        self,
        project_id: PathId,
        data: JSONBody[EditProjectRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[ProjectView]]:
        await wiring.projects.edit(
            context, project_id, name=data.name, description=data.description
        )
        project = await _project(wiring, project_id)
        return ok(project, headers={"ETag": f'"{project.version}"'})

    @get("/{project_id:int}/board", operation_id="getBoard", responses=openapi.READS)
    async def board(
        self,
        request: Request[Any, Any, Any],
        project_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        assignee_id: FromQuery[str | None] = None,
        priority: FromQuery[str | None] = None,
        q: Search = None,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
        offset: Offset = 0,
        status: FromQuery[str | None] = None,
        as_of: FromQuery[datetime | None] = None,
    ) -> Response[Envelope[BoardView]]:
        """The four columns (or only `status`), `limit` cards each from `offset`, in rank order."""
        reject_unknown_query(request, BOARD_PARAMS)
        project = await _project(wiring, project_id)
        filters = BugFilters(
            assignee_id=assignee_param(assignee_id),
            priority=(p.value if (p := enum_param("priority", priority, Priority)) else None),
            q=q or None,
        )
        chosen = enum_param("status", status, Status)
        statuses = [chosen.value] if chosen else [member.value for member in Status]
        if as_of is not None:
            board = await wiring.time_travel.board(project_id, as_utc(as_of), filters, limit)
            return ok(found(board, "Project", project_id))
        return ok(
            await wiring.reads.board(
                project, filters, limit_per_column=limit, offset=offset, statuses=statuses
            )
        )

    @get("/{project_id:int}/activity", operation_id="projectActivity", responses=openapi.READS)
    async def activity(
        self,
        request: Request[Any, Any, Any],
        project_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        actor_id: QueryId = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[HistoryEntryView]]]:
        await _project(wiring, project_id)
        filters = ActivityFilters(
            project_id=project_id, actor_id=actor_id, since=utc(since), until=utc(until)
        )
        entries, total = await wiring.reads.activity(filters, limit=limit, offset=offset)
        return paged(request, entries, total, limit, offset)


async def _project(wiring: Wiring, project_id: int) -> ProjectView:
    return found(await wiring.reads.get_project(project_id), "Project", project_id)
