"""Login, registration, who am I, change my password."""

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody

from api import openapi
from api.envelope import Envelope, ok
from api.presenters import found, present_user
from api.schemas import ChangePasswordRequest, LoginRequest, RegisterRequest
from api.wiring import Wiring
from application.context import Actor, CommandContext
from application.errors import PermissionDeniedError
from application.policy import require_actor
from projections.views import UserView


class TokenView(msgspec.Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_at: str
    user: UserView


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post("/login", operation_id="login", status_code=200, responses=openapi.LOGIN)
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[TokenView]]:
        await wiring.login_throttle.check(request, data.email)
        result = await wiring.auth.login(data.email, data.password)
        wiring.login_throttle.succeeded(request, data.email)
        user = await wiring.reads.get_user(result.user.id)
        if user is None:  # the read model commits with the events, so this cannot lag
            raise PermissionDeniedError("User is not available")
        return ok(
            TokenView(
                access_token=result.token.token,
                token_type="Bearer",
                expires_at=result.token.expires_at.isoformat().replace("+00:00", "Z"),
                user=user,
            )
        )

    @post("/register", operation_id="register", status_code=201, responses=openapi.REGISTER)
    async def register(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[RegisterRequest],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        if not wiring.settings.allow_registration:
            raise NotFoundException("Self-registration is disabled: ask an admin for an account")
        context = CommandContext(actor=None, command_id=wiring.ids.new_id())
        outcome = await wiring.users.register(
            context, name=data.name, email=data.email, password=data.password
        )
        user = found(
            await wiring.reads.get_user(outcome.aggregate_id), "User", outcome.aggregate_id
        )
        return ok(user, 201)

    @get("/me", operation_id="me", responses=openapi.READS)
    async def me(
        self, identified: NamedDependency[Actor], wiring: NamedDependency[Wiring]
    ) -> Response[Envelope[UserView]]:
        actor = require_actor(identified)
        user = await wiring.reads.get_user(actor.user_id)
        if user is None:
            raise PermissionDeniedError("User not found")
        return ok(user)

    @post("/password", operation_id="changePassword", status_code=200, responses=openapi.WRITES)
    async def change_password(
        self,
        data: JSONBody[ChangePasswordRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[UserView]]:
        outcome = await wiring.users.change_own_password(
            context, current_password=data.current_password, new_password=data.new_password
        )
        user = found(
            await wiring.reads.get_user(outcome.aggregate_id), "User", outcome.aggregate_id
        )
        return ok(present_user(user, context.actor))
