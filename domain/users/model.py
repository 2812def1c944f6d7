"""The User aggregate: an account with a role, a password hash and a blocked flag.

Only the hash of a password is ever decided or stored; hashing happens in the application.
"""

from datetime import datetime
from enum import StrEnum
from typing import TypeAlias, assert_never

import msgspec

from domain.decider import Decider
from domain.errors import (
    AdminCannotBeBlockedError,
    AlreadyExistsError,
    CorruptStreamError,
    InvalidValueError,
    NotFoundError,
)
from domain.messages import Command, Event
from domain.text import NAME_MAX, required

EMAIL_MAX = 254


class Role(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    email: str
    role: Role
    password_hash: str
    is_blocked: bool
    registered_at: datetime


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively: one account per address, whatever the case."""
    normalised = email.strip().lower()
    local, _, domain = normalised.partition("@")
    labels = domain.split(".")
    if (
        not local
        or "@" in domain
        or len(labels) < 2
        or any(not label for label in labels)
        or len(normalised) > EMAIL_MAX
        or any(character.isspace() for character in normalised)
    ):
        raise InvalidValueError(f"Invalid email address: {email!r}")
    return normalised


class RegisterUser(Command, frozen=True, kw_only=True):
    user_id: int
    name: str
    email: str
    password_hash: str
    role: Role = Role.MEMBER


class RenameUser(Command, frozen=True, kw_only=True):
    name: str


class ChangeRole(Command, frozen=True, kw_only=True):
    role: Role


class BlockUser(Command, frozen=True, kw_only=True):
    pass


class UnblockUser(Command, frozen=True, kw_only=True):
    pass


class ChangePassword(Command, frozen=True, kw_only=True):
    password_hash: str


class UserRegistered(Event, frozen=True, kw_only=True, tag="user.registered"):
    user_id: int
    name: str
    email: str
    role: Role
    password_hash: str


class UserRenamed(Event, frozen=True, kw_only=True, tag="user.renamed"):
    user_id: int
    name: str
    previous_name: str


class UserRoleChanged(Event, frozen=True, kw_only=True, tag="user.role_changed"):
    user_id: int
    role: Role
    previous_role: Role


class UserBlocked(Event, frozen=True, kw_only=True, tag="user.blocked"):
    user_id: int


class UserUnblocked(Event, frozen=True, kw_only=True, tag="user.unblocked"):
    user_id: int


class UserPasswordChanged(Event, frozen=True, kw_only=True, tag="user.password_changed"):
    user_id: int
    password_hash: str


UserCommand: TypeAlias = (
    RegisterUser | RenameUser | ChangeRole | BlockUser | UnblockUser | ChangePassword
)
UserEvent: TypeAlias = (
    UserRegistered
    | UserRenamed
    | UserRoleChanged
    | UserBlocked
    | UserUnblocked
    | UserPasswordChanged
)


def decide(command: UserCommand, user: User | None) -> list[UserEvent]:
    match command:
        case RegisterUser():
            if user is not None:
                raise AlreadyExistsError(f"User {user.id} already exists")
            return [
                UserRegistered(
                    by=command.by,
                    at=command.at,
                    user_id=command.user_id,
                    name=required("name", command.name, NAME_MAX),
                    email=normalise_email(command.email),
                    role=command.role,
                    password_hash=command.password_hash,
                )
            ]
        case RenameUser():
            existing = _existing(user)
            name = required("name", command.name, NAME_MAX)
            if name == existing.name:
                return []
            return [
                UserRenamed(
                    by=command.by,
                    at=command.at,
                    user_id=existing.id,
                    name=name,
                    previous_name=existing.name,
                )
            ]
        case ChangeRole():
            existing = _existing(user)
            if command.role is existing.role:
                return []
            events: list[UserEvent] = []
            if command.role is Role.ADMIN and existing.is_blocked:
                # An admin can never be blocked, so promotion lifts the block first.
                events.append(UserUnblocked(by=command.by, at=command.at, user_id=existing.id))
            return [
                *events,
                UserRoleChanged(
                    by=command.by,
                    at=command.at,
                    user_id=existing.id,
                    role=command.role,
                    previous_role=existing.role,
                ),
            ]
        case BlockUser():
            existing = _existing(user)
            if existing.role is Role.ADMIN:
                raise AdminCannotBeBlockedError
            if existing.is_blocked:
                return []
            return [UserBlocked(by=command.by, at=command.at, user_id=existing.id)]
        case UnblockUser():
            existing = _existing(user)
            if not existing.is_blocked:
                return []
            return [UserUnblocked(by=command.by, at=command.at, user_id=existing.id)]
        case ChangePassword():
            existing = _existing(user)
            return [
                UserPasswordChanged(
                    by=command.by,
                    at=command.at,
                    user_id=existing.id,
                    password_hash=command.password_hash,
                )
            ]
        case _:
            assert_never(command)


def _existing(user: User | None) -> User:
    if user is None:
        raise NotFoundError("User", 0)
    return user


def evolve(user: User | None, event: UserEvent) -> User | None:
    match event:
        case UserRegistered():
            return User(
                id=event.user_id,
                name=event.name,
                email=event.email,
                role=event.role,
                password_hash=event.password_hash,
                is_blocked=False,
                registered_at=event.at,
            )
        case UserRenamed():
            return msgspec.structs.replace(_replayed(user), name=event.name)
        case UserRoleChanged():
            return msgspec.structs.replace(_replayed(user), role=event.role)
        case UserBlocked():
            return msgspec.structs.replace(_replayed(user), is_blocked=True)
        case UserUnblocked():
            return msgspec.structs.replace(_replayed(user), is_blocked=False)
        case UserPasswordChanged():
            return msgspec.structs.replace(_replayed(user), password_hash=event.password_hash)
        case _:
            assert_never(event)


def _replayed(user: User | None) -> User:
    if user is None:
        raise CorruptStreamError("user event before user.registered")
    return user


user_decider: Decider[UserCommand, User | None, UserEvent] = Decider(decide, evolve, initial=None)
