"""Property: for any sequence of commands, the inline read models equal a from-scratch replay."""

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings

from infrastructure.db import create_engine
from tests.integration.read_side_support import tracker
from tests.integration.test_read_side import STEPS, run_step

pytestmark = pytest.mark.integration


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_inline_read_models_equal_a_replay_for_any_command_sequence(
    migrated_url: str, steps: list[tuple[str, int]]
) -> None:
    async def example() -> list[str]:
        engine = create_engine(migrated_url)
        try:
            t = await tracker(engine)
            # Every example adds its own projects, people and bugs to the same database: the
            # property holds for the whole log, not just one example's slice of it.
            projects = [
                (await t.projects.create(t.context(), name=name)).aggregate_id
                for name in ("A", "B")
            ]
            users = [(await t.member(f"M{index}")).user_id for index in range(2)]
            state = {"projects": projects, "users": users, "bugs": [], "comments": []}
            for step, n in steps:
                await run_step(t, state, step, n)
            diffs = await t.replayer.verify()
            return [diff.table for diff in diffs if not diff.clean]
        finally:
            await engine.dispose()

    assert asyncio.run(example()) == []
