"""Seed a running server over HTTP: an admin token, a member to assign, and the projects the
scenarios use (a 1,000-bug board, an empty project for the write mix, one bug to fight over)."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpx
import msgspec

from bench.api_load.server import ADMIN_EMAIL, ADMIN_PASSWORD


class Seeded(msgspec.Struct, kw_only=True):
    token: str
    member_id: int
    board_project: int
    board_bug_ids: tuple[int, int]  # first, last (contiguous)
    mix_project: int
    conflict_bug: int


Job = Callable[[], Awaitable[dict[str, Any]]]


def login(client: httpx.Client, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> str:
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    response.raise_for_status()
    token: str = response.json()["data"]["access_token"]
    return token


async def gather_limited(
    jobs: Iterable[Callable[[], Awaitable[Any]]], limit: int = 16
) -> list[Any]:
    semaphore = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[Any]]) -> Any:
        async with semaphore:
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs))


async def seed(base: str, bugs: int = 1000) -> Seeded:
    with httpx.Client(base_url=base, timeout=30) as sync_client:
        token = login(sync_client)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:

        async def post(path: str, body: dict[str, Any], method: str = "POST") -> dict[str, Any]:
            response = await client.request(method, path, json=body)
            if response.status_code >= 300:
                raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
            data: dict[str, Any] = response.json()["data"]
            return data

        member = await post(
            "/api/users",
            {
                "name": "Load Member",
                "email": "load-member@example.com",
                "password": "member-pass-1",
            },
        )
        board = await post("/api/projects", {"name": "Board of a thousand"})
        mix = await post("/api/projects", {"name": "Write mix"})
        arena = await post("/api/projects", {"name": "Conflicts"})

        def report(project_id: int, index: int) -> Callable[[], Awaitable[dict[str, Any]]]:
            priorities = ("low", "medium", "high", "critical")
            body = {
                "project_id": project_id,
                "title": f"Seeded bug {index}: something is off",
                "description": "Steps to reproduce: open the page, click, observe the error.",
                "priority": priorities[index % 4],
            }
            return lambda: post("/api/bugs", body)

        created = await gather_limited(report(board["id"], i) for i in range(bugs))
        ids = sorted(bug["id"] for bug in created)
        if ids != list(range(ids[0], ids[0] + bugs)):
            raise RuntimeError("seeded bug ids are not contiguous")
        # A realistic board: half the bugs assigned, a quarter in progress.
        assigned = ids[::2]

        def call(path: str, body: dict[str, Any], method: str = "POST") -> Job:
            return lambda: post(path, body, method)

        await gather_limited(
            call(f"/api/bugs/{i}", {"assignee_id": member["id"]}, "PUT") for i in assigned
        )
        await gather_limited(
            call(f"/api/bugs/{i}/transition", {"status": "in_progress"}) for i in assigned[::2]
        )
        target = await report(arena["id"], 0)()
    return Seeded(
        token=token,
        member_id=member["id"],
        board_project=board["id"],
        board_bug_ids=(ids[0], ids[-1]),
        mix_project=mix["id"],
        conflict_bug=target["id"],
    )
