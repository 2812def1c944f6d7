"""Users read model: one row per account, with role and blocked flag for per-request checks."""

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from application.ports import RecordedEvent
from domain.users.model import (
    UserBlocked,
    UserPasswordChanged,
    UserRegistered,
    UserRenamed,
    UserRoleChanged,
    UserUnblocked,
)
from projections.tables import ReadTables

NAME = "users"


async def apply(conn: AsyncConnection, recorded: RecordedEvent, tables: ReadTables) -> None:
    users = tables.users
    event = recorded.event
    changes: dict[str, object]
    match event:
        case UserRegistered():
            await conn.execute(
                insert(users).values(
                    id=event.user_id,
                    name=event.name,
                    email=event.email,
                    role=event.role.value,
                    is_blocked=False,
                    password_hash=event.password_hash,
                    created_at=event.at,
                    updated_at=event.at,
                    version=recorded.version,
                )
            )
            return
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
            return
    await conn.execute(
        update(users)
        .where(users.c.id == event.user_id)
        .values(**changes, updated_at=event.at, version=recorded.version)
    )
