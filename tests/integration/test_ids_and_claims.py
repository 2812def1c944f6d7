"""Integer ids per kind without gaps, and unique claims such as one account per email."""

import re

import anyio
import pytest

from application.errors import UniqueClaimError
from infrastructure.event_store import SqlEventStore

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


async def allocate(store: SqlEventStore, kind: str) -> int:
    async with store.transaction() as uow:
        return await uow.allocate_id(kind)


async def test_ids_count_from_one_for_each_kind_separately(event_store: SqlEventStore) -> None:
    bugs = [await allocate(event_store, "bug") for _ in range(3)]
    projects = [await allocate(event_store, "project") for _ in range(2)]

    assert bugs == [1, 2, 3]
    assert projects == [1, 2]


async def test_an_id_drawn_in_a_rolled_back_transaction_is_drawn_again(
    event_store: SqlEventStore,
) -> None:
    assert await allocate(event_store, "bug") == 1

    async def doomed() -> None:
        async with event_store.transaction() as uow:
            assert await uow.allocate_id("bug") == 2
            assert await uow.allocate_id("bug") == 3
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        await doomed()

    assert await allocate(event_store, "bug") == 2


async def test_concurrent_allocations_are_distinct_and_leave_no_gaps(
    event_store: SqlEventStore,
) -> None:
    drawn: list[int] = []

    async def worker() -> None:
        drawn.extend([await allocate(event_store, "comment") for _ in range(10)])

    async with anyio.create_task_group() as group:
        for _ in range(5):
            group.start_soon(worker)

    assert sorted(drawn) == list(range(1, 51))


async def test_a_claimed_value_has_an_owner_and_unclaimed_ones_have_none(
    event_store: SqlEventStore,
) -> None:
    async with event_store.transaction() as uow:
        await uow.claim("user.email", "ada@example.com", "user-1")

    async with event_store.transaction() as uow:
        assert await uow.claim_owner("user.email", "ada@example.com") == "user-1"
        assert await uow.claim_owner("user.email", "bob@example.com") is None
        assert await uow.claim_owner("other.scope", "ada@example.com") is None


async def test_claiming_again_for_the_same_owner_is_harmless(event_store: SqlEventStore) -> None:
    async with event_store.transaction() as uow:
        await uow.claim("user.email", "ada@example.com", "user-1")
    async with event_store.transaction() as uow:
        await uow.claim("user.email", "ada@example.com", "user-1")
        assert await uow.claim_owner("user.email", "ada@example.com") == "user-1"


async def test_a_value_taken_by_another_owner_cannot_be_claimed(
    event_store: SqlEventStore,
) -> None:
    async with event_store.transaction() as uow:
        await uow.claim("user.email", "ada@example.com", "user-1")

    async def steal() -> None:
        async with event_store.transaction() as uow:
            await uow.claim("user.email", "ada@example.com", "user-2")

    with pytest.raises(UniqueClaimError, match=re.escape("ada@example.com")):
        await steal()
    async with event_store.transaction() as uow:
        assert await uow.claim_owner("user.email", "ada@example.com") == "user-1"


async def test_the_same_value_may_be_claimed_in_different_scopes(
    event_store: SqlEventStore,
) -> None:
    async with event_store.transaction() as uow:
        await uow.claim("user.email", "shared", "user-1")
        await uow.claim("project.slug", "shared", "project-1")
        assert await uow.claim_owner("project.slug", "shared") == "project-1"


async def test_of_concurrent_claims_on_one_value_exactly_one_wins(
    event_store: SqlEventStore,
) -> None:
    winners: list[str] = []

    async def contend(owner: str) -> None:
        try:
            async with event_store.transaction() as uow:
                await uow.claim("user.email", "race@example.com", owner)
            winners.append(owner)
        except UniqueClaimError:
            pass

    async with anyio.create_task_group() as group:
        for n in range(5):
            group.start_soon(contend, f"user-{n}")

    assert len(winners) == 1
    async with event_store.transaction() as uow:
        assert await uow.claim_owner("user.email", "race@example.com") == winners[0]
