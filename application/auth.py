"""Login: check credentials with constant work whether or not the email exists."""

import msgspec

from application.context import Actor
from application.errors import AuthenticationError, PermissionDeniedError
from application.ports import ActorDirectory, IssuedToken, PasswordHasher, TokenIssuer
from application.users import UserService
from domain.errors import InvalidValueError
from domain.users.model import User

INVALID_CREDENTIALS = "Invalid email or password"


class LoginResult(msgspec.Struct, frozen=True, kw_only=True):
    token: IssuedToken
    user: User


class AuthService:
    def __init__(
        self,
        users: UserService,
        hasher: PasswordHasher,
        tokens: TokenIssuer,
        directory: ActorDirectory,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._tokens = tokens
        self._directory = directory
        # Unknown emails are checked against this hash, so a miss costs what a hit costs and
        # response times do not reveal which emails have accounts.
        self._decoy_hash = hasher.hash("decoy-password-never-matches")

    async def login(self, email: str, password: str) -> LoginResult:
        try:
            user = await self._users.find_by_email(email)
        except InvalidValueError:
            user = None
        if user is None:
            self._hasher.verify(self._decoy_hash, password)
            raise AuthenticationError(INVALID_CREDENTIALS)
        if not self._hasher.verify(user.password_hash, password):
            raise AuthenticationError(INVALID_CREDENTIALS)
        if user.is_blocked:
            raise PermissionDeniedError("User is blocked")
        return LoginResult(token=self._tokens.issue(user.id), user=user)

    async def authenticate(self, token: str) -> Actor:
        """The actor behind a bearer token, with role and blocked flag read fresh each time."""
        user_id = self._tokens.verify(token)
        record = await self._directory.find_actor(user_id)
        if record is None:
            raise AuthenticationError("User not found")
        return Actor(
            user_id=record.user_id,
            name=record.name,
            role=record.role,
            is_blocked=record.is_blocked,
        )
