"""Account use cases: create and register users, roles, blocking, passwords, admin bootstrap."""

from collections.abc import Callable

from application.context import Actor, CommandContext
from application.errors import AuthenticationError, PermissionDeniedError, UniqueClaimError
from application.handling import CommandRunner, fold, handle, load
from application.policy import require_actor, require_admin
from application.ports import Clock, CommandOutcome, EventStore, PasswordHasher, UnitOfWork
from domain.errors import InvalidValueError, NotFoundError
from domain.ids import user_stream
from domain.users.model import (
    BlockUser,
    ChangePassword,
    ChangeRole,
    RegisterUser,
    RenameUser,
    Role,
    UnblockUser,
    User,
    UserCommand,
    normalise_email,
    user_decider,
)

EMAIL_SCOPE = "user.email"
PASSWORD_MIN = 8
PASSWORD_MAX = 128


def check_password_policy(password: str) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidValueError(
            f"password must be between {PASSWORD_MIN} and {PASSWORD_MAX} characters"
        )


class UserService:
    def __init__(self, store: EventStore, clock: Clock, hasher: PasswordHasher) -> None:
        self._store = store
        self._runner = CommandRunner(store)
        self._clock = clock
        self._hasher = hasher

    async def create(
        self,
        context: CommandContext,
        *,
        name: str,
        email: str,
        password: str,
        role: Role = Role.MEMBER,
    ) -> CommandOutcome:
        """An admin creates an account with any role."""
        actor = require_admin(context.actor)
        return await self._register(context, actor.user_id, name, email, password, role)

    async def register(
        self, context: CommandContext, *, name: str, email: str, password: str
    ) -> CommandOutcome:
        """Self-registration: always a member. The API decides whether it is enabled."""
        return await self._register(context, None, name, email, password, Role.MEMBER)

    async def _register(
        self,
        context: CommandContext,
        by: int | None,
        name: str,
        email: str,
        password: str,
        role: Role,
    ) -> CommandOutcome:
        check_password_policy(password)
        normalised = normalise_email(email)
        password_hash = self._hasher.hash(password)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            if await uow.claim_owner(EMAIL_SCOPE, normalised) is not None:
                raise UniqueClaimError(f"User with email {normalised} already exists")
            user_id = await uow.allocate_id("user")
            await uow.claim(EMAIL_SCOPE, normalised, user_stream(user_id))
            command = RegisterUser(
                by=by if by is not None else user_id,
                at=self._clock.now(),
                user_id=user_id,
                name=name,
                email=normalised,
                password_hash=password_hash,
                role=role,
            )
            return await handle(
                uow, user_decider, user_stream(user_id), [command], context, aggregate_id=user_id
            )

        return await self._runner.run(context, body)

    async def change_role(
        self, context: CommandContext, user_id: int, role: Role
    ) -> CommandOutcome:
        actor = require_admin(context.actor)
        if user_id == actor.user_id and role is not Role.ADMIN:
            raise InvalidValueError("Admin cannot demote their own account")
        command = ChangeRole(by=actor.user_id, at=self._clock.now(), role=role)
        return await self._run(context, user_id, [command])

    async def block(self, context: CommandContext, user_id: int) -> CommandOutcome:
        actor = require_admin(context.actor)
        _refuse_self(actor, user_id)
        return await self._run(
            context, user_id, [BlockUser(by=actor.user_id, at=self._clock.now())]
        )

    async def unblock(self, context: CommandContext, user_id: int) -> CommandOutcome:
        actor = require_admin(context.actor)
        _refuse_self(actor, user_id)
        command = UnblockUser(by=actor.user_id, at=self._clock.now())
        return await self._run(context, user_id, [command])

    async def rename(self, context: CommandContext, user_id: int, name: str) -> CommandOutcome:
        actor = require_actor(context.actor)
        if user_id != actor.user_id and not actor.is_admin:
            raise PermissionDeniedError("Only admins can rename other users")
        return await self._run(
            context, user_id, [RenameUser(by=actor.user_id, at=self._clock.now(), name=name)]
        )

    async def change_own_password(
        self, context: CommandContext, *, current_password: str, new_password: str
    ) -> CommandOutcome:
        actor = require_actor(context.actor)
        check_password_policy(new_password)
        new_hash = self._hasher.hash(new_password)
        command = ChangePassword(by=actor.user_id, at=self._clock.now(), password_hash=new_hash)

        def authorise(user: User | None) -> None:
            if user is None or not self._hasher.verify(user.password_hash, current_password):
                # 422, not 401: a typo here must not look like an expired session.
                raise InvalidValueError("Current password is incorrect")

        return await self._run(context, actor.user_id, [command], authorise)

    async def ensure_admin(
        self, context: CommandContext, *, name: str, email: str, password: str
    ) -> CommandOutcome:
        """Bootstrap the configured admin. Appends only what differs, so restarts add nothing.

        An existing admin's password is never reset here: a password changed through the app
        must survive restarts (the seed re-imposed the configured one on every start).
        """
        normalised = normalise_email(email)
        check_password_policy(password)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            owner = await uow.claim_owner(EMAIL_SCOPE, normalised)
            if owner is None:
                user_id = await uow.allocate_id("user")
                await uow.claim(EMAIL_SCOPE, normalised, user_stream(user_id))
                commands: list[UserCommand] = [
                    RegisterUser(
                        by=user_id,
                        at=self._clock.now(),
                        user_id=user_id,
                        name=name,
                        email=normalised,
                        password_hash=self._hasher.hash(password),
                        role=Role.ADMIN,
                    )
                ]
            else:
                # An existing admin is left as it is: a name or password changed in the app
                # survives restarts, and a restart appends nothing. An existing member is never
                # promoted: whoever registered the configured address first must not become
                # admin on the next restart.
                user_id = int(owner.removeprefix("user-"))
                existing, _ = await load(uow, user_decider, owner)
                if existing is not None and existing.role is not Role.ADMIN:
                    raise InvalidValueError(
                        f"ADMIN_EMAIL {normalised} belongs to a member account: refusing to "
                        "promote it. Choose another ADMIN_EMAIL, or promote the account in the app."
                    )
                commands = []
            return await handle(
                uow, user_decider, user_stream(user_id), commands, context, aggregate_id=user_id
            )

        return await self._runner.run(context, body)

    async def reset_password(
        self, context: CommandContext, *, email: str, password: str
    ) -> CommandOutcome:
        """Operator's escape hatch (CLI only): set a password without knowing the old one."""
        normalised = normalise_email(email)
        check_password_policy(password)
        password_hash = self._hasher.hash(password)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            owner = await uow.claim_owner(EMAIL_SCOPE, normalised)
            if owner is None:
                raise AuthenticationError(f"No user with email {normalised}")
            user_id = int(owner.removeprefix("user-"))
            command = ChangePassword(by=user_id, at=self._clock.now(), password_hash=password_hash)
            return await handle(
                uow, user_decider, user_stream(user_id), [command], context, aggregate_id=user_id
            )

        return await self._runner.run(context, body)

    async def _run(
        self,
        context: CommandContext,
        user_id: int,
        commands: list[UserCommand],
        authorise: Callable[[User], None] | None = None,
    ) -> CommandOutcome:
        def authorise_existing(user: User | None) -> None:
            if user is None:
                raise NotFoundError("User", user_id)
            if authorise is not None:
                authorise(user)

        async def body(uow: UnitOfWork) -> CommandOutcome:
            return await handle(
                uow,
                user_decider,
                user_stream(user_id),
                commands,
                context,
                aggregate_id=user_id,
                authorise=authorise_existing,
            )

        return await self._runner.run(context, body)

    async def find_by_email(self, email: str) -> User | None:
        """Read-only (no write transaction): login must not queue behind writers."""
        owner = await self._store.claim_owner(EMAIL_SCOPE, normalise_email(email))
        if owner is None:
            return None
        return fold(user_decider, await self._store.read_stream(owner))


def _refuse_self(actor: Actor, user_id: int) -> None:
    if actor.user_id == user_id:
        raise InvalidValueError("Admin cannot block their own account")
