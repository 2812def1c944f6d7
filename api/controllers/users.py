"""Users: create, list, read, block/unblock, change role, activity."""

from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from api import openapi
from api.envelope import Envelope, ok
from api.paging import Limit, Offset, paged, utc
from api.presenters import found, present_user
from api.schemas import ChangeRoleRequest, CreateUserRequest, PathId, Search
from api.wiring import Wiring
from application.context import Actor, CommandContext
from projections.queries import ActivityFilters
from projections.views import HistoryEntryView, UserView


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]

    @post("/", operation_id="createUser", status_code=201, responses=openapi.WRITES)
    async def create_user(
        self,
        data: JSONBody[CreateUserRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        outcome = await wiring.users.create(
            context, name=data.name, email=data.email, password=data.password, role=data.role
        )
        return ok(await self._user(wiring, outcome.aggregate_id, context.actor), 201)

    @get("/", operation_id="listUsers", responses=openapi.READS)
    async def list_users(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        q: Search = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[UserView]]]:
        users, total = await wiring.reads.list_users(q=q or None, limit=limit, offset=offset)
        return paged(request, [present_user(user, actor) for user in users], total, limit, offset)

    @get("/{user_id:int}", operation_id="getUser", responses=openapi.READS)
    async def get_user(
        self, user_id: PathId, actor: NamedDependency[Actor], wiring: NamedDependency[Wiring]
    ) -> Response[Envelope[UserView]]:
        return ok(await self._user(wiring, user_id, actor))

    @patch("/{user_id:int}/block", operation_id="blockUser", responses=openapi.WRITES)
    async def block_user(
        self,
        user_id: PathId,
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        await wiring.users.block(context, user_id)
        return ok(await self._user(wiring, user_id, context.actor))

    @patch("/{user_id:int}/unblock", operation_id="unblockUser", responses=openapi.WRITES)
    async def unblock_user(
        self,
        user_id: PathId,
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        await wiring.users.unblock(context, user_id)
        return ok(await self._user(wiring, user_id, context.actor))

    @patch("/{user_id:int}/role", operation_id="changeRole", responses=openapi.WRITES)
    async def change_role(
        self,
        user_id: PathId,
        data: JSONBody[ChangeRoleRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        await wiring.users.change_role(context, user_id, data.role)
        return ok(await self._user(wiring, user_id, context.actor))

    @get("/{user_id:int}/activity", operation_id="userActivity", responses=openapi.READS)
    async def user_activity(
        self,
        request: Request[Any, Any, Any],
        user_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[HistoryEntryView]]]:
        await self._user(wiring, user_id, actor)
        filters = ActivityFilters(actor_id=user_id, since=utc(since), until=utc(until))
        entries, total = await wiring.reads.activity(filters, limit=limit, offset=offset)
        return paged(request, entries, total, limit, offset)

    @staticmethod
    async def _user(
        wiring: NamedDependency[Wiring], user_id: FromPath[int], viewer: Actor | None
    ) -> UserView:
        user = found(await wiring.reads.get_user(user_id), "User", user_id)
        return present_user(user, viewer)
