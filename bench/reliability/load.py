"""A write load for fault injection: writers walk bugs through their lifecycle over HTTP.

Each logical command carries an Idempotency-Key and is retried with the same key after a
connection error, a timeout or a 503, until it gets an answer or its time runs out, as a
careful client would. Every attempt sends X-Request-ID = "<key>.<attempt>", which the server
stores as the events' correlation id, so the log can be checked against what was acknowledged.
"""

import asyncio
import collections
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.reliability.harness import Command

RETRYABLE = {502, 503, 504}


@dataclass
class LoadStats:
    statuses: collections.Counter[int | str] = field(default_factory=collections.Counter)
    bad_envelopes: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)  # 5xx other than 503
    unexpected_4xx: list[str] = field(default_factory=list)
    gave_up: int = 0

    def summary(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items(), key=str))
        return (
            f"attempts by outcome: {codes}; 5xx other than 503: {len(self.server_errors)}; "
            f"503 without an envelope: {len(self.bad_envelopes)}; unexpected 4xx: "
            f"{len(self.unexpected_4xx)}; commands given up: {self.gave_up}"
        )


class WriteLoad:
    def __init__(
        self,
        base: str,
        token: str,
        project_id: int,
        assignee_id: int,
        writers: int = 8,
        command_timeout: float = 60.0,
    ) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"}
        self.project_id = project_id
        self.assignee_id = assignee_id
        self.writers = writers
        self.command_timeout = command_timeout
        self.commands: list[Command] = []
        self.stats = LoadStats()
        self.stop = asyncio.Event()
        self.run_id = uuid.uuid4().hex[:8]
        self.acknowledged_at: list[float] = []

    async def send(self, client: httpx.AsyncClient, command: Command) -> dict[str, Any] | None:
        """Send until answered; returns the response data of a 2xx, else None."""
        self.commands.append(command)
        deadline = time.monotonic() + self.command_timeout
        while time.monotonic() < deadline:
            headers = {
                **self.headers,
                "Idempotency-Key": command.key,
                "X-Request-ID": command.request_id(),
            }
            command.attempts += 1
            try:
                response = await client.request(
                    command.method, command.path, json=command.body, headers=headers
                )
            except (httpx.TransportError, OSError) as error:
                outcome = type(error).__name__
                command.statuses.append(outcome)
                self.stats.statuses[outcome] += 1
                await asyncio.sleep(0.2)
                continue
            status = response.status_code
            command.statuses.append(status)
            command.final_status = status
            self.stats.statuses[status] += 1
            if status == 503:
                if not _is_envelope(response, 503):
                    self.stats.bad_envelopes.append(f"{command.path}: {response.text[:200]}")
                await asyncio.sleep(min(float(response.headers.get("retry-after", "1")), 1.0))
                continue
            if status >= 500:
                self.stats.server_errors.append(
                    f"{command.method} {command.path}: {status} {response.text[:300]}"
                )
                if status in RETRYABLE:
                    await asyncio.sleep(0.5)
                    continue
                return None
            if status >= 400:
                self.stats.unexpected_4xx.append(
                    f"{command.method} {command.path}: {status} {response.text[:200]}"
                )
                return None
            self.acknowledged_at.append(time.monotonic())
            data: dict[str, Any] = response.json()["data"]
            return data
        self.stats.gave_up += 1
        return None

    def command(self, method: str, path: str, body: dict[str, Any] | None) -> Command:
        return Command(f"{self.run_id}-{len(self.commands)}", method, path, body)

    async def writer(self, index: int) -> None:
        timeout = httpx.Timeout(10.0, connect=2.0)
        limits = httpx.Limits(max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=self.base, timeout=timeout, limits=limits) as client:
            while not self.stop.is_set():
                body = {
                    "project_id": self.project_id,
                    "title": f"Writer {index} bug",
                    "description": "Written under fault injection",
                }
                bug = await self.send(client, self.command("POST", "/api/bugs", body))
                if bug is None:
                    continue
                path = f"/api/bugs/{bug['id']}"
                steps: list[tuple[str, str, dict[str, Any]]] = [
                    ("POST", f"{path}/comments", {"text": "First look"}),
                    ("PUT", path, {"assignee_id": self.assignee_id}),
                    ("POST", f"{path}/transition", {"status": "in_progress"}),
                    ("PUT", path, {"resolution_note": "Fixed"}),
                    ("POST", f"{path}/transition", {"status": "resolved"}),
                    ("POST", f"{path}/comments", {"text": "Verified"}),
                    ("POST", f"{path}/transition", {"status": "closed"}),
                ]
                for method, step_path, step_body in steps:
                    if self.stop.is_set():
                        break
                    if await self.send(client, self.command(method, step_path, step_body)) is None:
                        break  # refused or given up: leave this bug, start another

    async def run(self, seconds: float | None = None) -> None:
        """Write for ``seconds``, or until ``stop`` is set by someone else."""
        tasks = [asyncio.create_task(self.writer(i)) for i in range(self.writers)]
        if seconds is not None:
            await asyncio.sleep(seconds)
            self.stop.set()
        await asyncio.gather(*tasks)


def _is_envelope(response: httpx.Response, status: int) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return (
        isinstance(body, dict)
        and set(body) == {"data", "error", "status"}
        and body["status"] == status
        and body["data"] is None
        and isinstance(body["error"], str)
    )
