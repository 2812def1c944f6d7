"""Where each projector is: its checkpoint, and how far behind the log's head it is."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import projection_checkpoints


async def checkpoints(engine: AsyncEngine) -> dict[str, int]:
    query = select(projection_checkpoints.c.name, projection_checkpoints.c.position)
    async with engine.connect() as conn:
        return {row.name: int(row.position) for row in await conn.execute(query)}


async def projection_lag(engine: AsyncEngine, head: int) -> dict[str, int]:
    """Events each projector has not applied yet (0 means caught up)."""
    return {name: max(0, head - position) for name, position in (await checkpoints(engine)).items()}
