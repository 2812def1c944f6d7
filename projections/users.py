"""Users read model: one row per account, with role and blocked flag for per-request checks."""

from typing import Any

from application.ports import RecordedEvent
from domain.users.model import (
    UserBlocked,
    UserPasswordChanged,
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserUnblocked,
)
from projections.ops import Insert, Op, Update

NAME = "users"
# The events this read model changes on; the registry routes only these here.
HANDLES: tuple[type, ...] = (
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserBlocked,
    UserUnblocked,
    UserPasswordChanged,
)


def project(recorded: RecordedEvent) -> list[Op]:
    event = recorded.event
    changes: dict[str, Any]
    match event:
        case UserRegistered():
            return [
                Insert(
                    NAME,
                    {
                        "id": event.user_id,
                        "name": event.name,
                        "email": event.email,
                        "role": event.role.value,
                        "is_blocked": False,
                        "password_hash": event.password_hash,
                        "created_at": event.at,
                        "updated_at": event.at,
                        "version": recorded.version,
                    },
                )
            ]
        case UserRenamed():
            changes = {"name": event.name}
        case UserRoleChanged():
            changes = {"role": event.role.value}
        case UserBlocked():
            changes = {"is_blocked": True}
        case UserUnblocked():
            changes = {"is_blocked": False}
        case UserPasswordChanged():
            changes = {"password_hash": event.password_hash}
        case _:
            return []
    return [
        Update(
            NAME, event.user_id, {**changes, "updated_at": event.at, "version": recorded.version}
        )
    ]
