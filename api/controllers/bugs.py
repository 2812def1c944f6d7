"""Bugs: report, list, read (now or as of a past instant), edit, transition, move, history."""

from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody

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
)
from api.presenters import found, present_bug_detail
from api.schemas import (
    CreateBugRequest,
    MoveRequest,
    PathId,
    QueryId,
    Search,
    TransitionRequest,
    UpdateBugRequest,
)
from api.wiring import Wiring
from application.context import Actor, CommandContext
from domain.bugs.state import Priority, Status
from projections.queries import BugFilters
from projections.views import BugDetailView, BugView, HistoryEntryView

LIST_PARAMS = ("project_id", "status", "priority", "assignee_id", "q", "limit", "offset")


class BugController(Controller):
    path = "/api/bugs"
    tags = ["bugs"]

    @post("/", operation_id="reportBug", status_code=201, responses=openapi.WRITES)
    async def report_bug(
        self,
        data: JSONBody[CreateBugRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[BugView]]:
        outcome = await wiring.bugs.report(
            context,
            project_id=data.project_id,
            title=data.title,
            description=data.description,
            priority=data.priority,
        )
        return await _bug_response(wiring, outcome.aggregate_id, 201)

    @get("/", operation_id="listBugs", responses=openapi.READS)
    async def list_bugs(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        project_id: QueryId = None,
        status: FromQuery[str | None] = None,
        priority: FromQuery[str | None] = None,
        assignee_id: FromQuery[str | None] = None,
        q: Search = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[BugView]]]:
        reject_unknown_query(request, LIST_PARAMS)
        status_value = enum_param("status", status, Status)
        priority_value = enum_param("priority", priority, Priority)
        filters = BugFilters(
            project_id=project_id,
            status=status_value.value if status_value else None,
            priority=priority_value.value if priority_value else None,
            assignee_id=assignee_param(assignee_id),
            q=q or None,
        )
        bugs, total = await wiring.reads.list_bugs(filters, limit=limit, offset=offset)
        return paged(request, bugs, total, limit, offset)

    @get("/{bug_id:int}", operation_id="getBug", responses=openapi.READS)
    async def get_bug(
        self,
        bug_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        as_of: FromQuery[datetime | None] = None,
    ) -> Response[Envelope[BugDetailView]]:
        if as_of is not None:
            past = found(await wiring.time_travel.bug(bug_id, as_utc(as_of)), "Bug", bug_id)
            return ok(present_bug_detail(past, actor))
        detail = found(await wiring.reads.get_bug_detail(bug_id), "Bug", bug_id)
        return ok(present_bug_detail(detail, actor), headers={"ETag": f'"{detail.version}"'})

    @put("/{bug_id:int}", operation_id="updateBug", responses=openapi.WRITES)
    async def update_bug(
        self,
        bug_id: PathId,
        data: JSONBody[UpdateBugRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[BugView]]:
        await wiring.bugs.update(
            context,
            bug_id,
            title=data.title,
            description=data.description,
            priority=data.priority,
            assignee_id=data.assignee_id,
            resolution_note=data.resolution_note,
        )
        return await _bug_response(wiring, bug_id)

    @post(
        "/{bug_id:int}/transition",
        operation_id="transitionBug",
        status_code=200,
        responses=openapi.WRITES,
    )
    async def transition_bug(
        self,
        bug_id: PathId,
        data: JSONBody[TransitionRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[BugView]]:
        await wiring.bugs.transition(context, bug_id, data.status)
        return await _bug_response(wiring, bug_id)

    @post(
        "/{bug_id:int}/unassign",
        operation_id="unassignBug",
        status_code=200,
        responses=openapi.WRITES,
    )
    async def unassign_bug(
        self,
        bug_id: PathId,
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[BugView]]:
        await wiring.bugs.unassign(context, bug_id)
        return await _bug_response(wiring, bug_id)

    @post("/{bug_id:int}/move", operation_id="moveBug", status_code=200, responses=openapi.WRITES)
    async def move_bug(
        self,
        bug_id: PathId,
        data: JSONBody[MoveRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[BugView]]:
        await wiring.bugs.move(
            context,
            bug_id,
            to_status=data.status,
            after_id=data.after_id,
            before_id=data.before_id,
        )
        return await _bug_response(wiring, bug_id)

    @get("/{bug_id:int}/history", operation_id="bugHistory", responses=openapi.READS)
    async def history(
        self, bug_id: PathId, actor: NamedDependency[Actor], wiring: NamedDependency[Wiring]
    ) -> Response[Envelope[list[HistoryEntryView]]]:
        found(await wiring.reads.get_bug(bug_id), "Bug", bug_id)
        return ok(await wiring.reads.bug_history(bug_id))


async def _bug_response(
    wiring: Wiring, bug_id: int, status: int = 200
) -> Response[Envelope[BugView]]:
    bug = found(await wiring.reads.get_bug(bug_id), "Bug", bug_id)
    return ok(bug, status, headers={"ETag": f'"{bug.version}"'})
