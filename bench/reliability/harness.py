"""What the reliability scripts share: a server on a scratch database, an API client, and a
check of the event log against the commands the load generator saw acknowledged."""

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.api_load.server import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    Server,
    bugtracker_server,
    free_port,
    migrate,
    scratch_database,
)


@dataclass
class Api:
    base: str
    token: str
    server: Server | None = None
    db_name: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def post(self, path: str, body: dict[str, Any], method: str = "POST") -> dict[str, Any]:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            response = client.request(method, path, json=body, headers=self.headers)
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        data: dict[str, Any] = response.json()["data"]
        return data

    def create_member(self, email: str, password: str) -> str:
        self.post("/api/users", {"name": "Member", "email": email, "password": password})
        return login(self.base, email, password)


def login(base: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> str:
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post("/api/auth/login", json={"email": email, "password": password})
    response.raise_for_status()
    token: str = response.json()["data"]["access_token"]
    return token


@contextlib.contextmanager
def scratch_server(workers: int = 1, log_path: Path | None = None, **env: str) -> Iterator[Api]:
    with scratch_database("bt_rel") as db_name:
        migrate(db_name)
        server = bugtracker_server(db_name, free_port(), workers, log_path=log_path, **env)
        with server:
            yield Api(server.base, login(server.base), server, db_name)


def read_log(api: Api, after: int = 0) -> list[dict[str, Any]]:
    """Every event after ``after``, through GET /api/events as admin."""
    events: list[dict[str, Any]] = []
    with httpx.Client(base_url=api.base, headers=api.headers, timeout=30) as client:
        while True:
            response = client.get("/api/events", params={"after": after, "limit": 1000})
            response.raise_for_status()
            page: list[dict[str, Any]] = response.json()["data"]
            if not page:
                return events
            events.extend(page)
            after = page[-1]["position"]


@dataclass
class Command:
    """One logical write: retried with the same Idempotency-Key until it gets an answer."""

    key: str
    method: str
    path: str
    body: dict[str, Any] | None
    attempts: int = 0
    final_status: int | None = None  # the last HTTP status received (None: never answered)
    statuses: list[int | str] = field(default_factory=list)

    def request_id(self) -> str:
        """X-Request-ID of the next attempt; the server records it as the events' correlation
        id, so every event can be traced to the attempt that appended it."""
        return f"{self.key}.{self.attempts}"


@dataclass
class LedgerCheck:
    acknowledged: int
    missing: list[str]
    duplicated: list[str]
    unexplained: list[int]
    refused_but_appended: list[str]
    # Acknowledged on a retry, with the events from an earlier attempt whose answer was lost
    # (the idempotent replay that keeps a crash from doubling a command).
    replayed: int = 0

    @property
    def ok(self) -> bool:
        return not (
            self.missing or self.duplicated or self.unexplained or self.refused_but_appended
        )

    def summary(self) -> str:
        return (
            f"{self.acknowledged} acknowledged commands; missing events: {len(self.missing)}, "
            f"appended twice: {len(self.duplicated)}, events from no command of ours: "
            f"{len(self.unexplained)}, refused (4xx) yet appended: "
            f"{len(self.refused_but_appended)}; acknowledged by an idempotent replay of an "
            f"earlier attempt whose answer was lost: {self.replayed}"
            + "".join(
                f"\n    {label}: {items[:5]}"
                for label, items in (
                    ("missing", self.missing),
                    ("duplicated", self.duplicated),
                    ("unexplained positions", self.unexplained),
                    ("refused but appended", self.refused_but_appended),
                )
                if items
            )
        )


def check_ledger(commands: list[Command], events: list[dict[str, Any]]) -> LedgerCheck:
    """Every 2xx command has its events, appended by exactly one attempt, and nothing else was
    appended. Commands never answered (given up) may have appended or not: both are fine."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    unexplained: list[int] = []
    known = {command.key for command in commands}
    for event in events:
        correlation = (event.get("metadata") or {}).get("correlation_id") or ""
        key = correlation.rpartition(".")[0]
        if key in known:
            by_key.setdefault(key, []).append(event)
        else:
            unexplained.append(event["position"])
    missing, duplicated, refused = [], [], []
    acknowledged = replayed = 0
    for command in commands:
        appended = by_key.get(command.key, [])
        attempts = {event["metadata"]["correlation_id"] for event in appended}
        command_ids = {event["metadata"]["command_id"] for event in appended}
        if len(attempts) > 1 or len(command_ids) > 1:
            duplicated.append(command.key)
        status = command.final_status
        if status is not None and 200 <= status < 300:
            acknowledged += 1
            if not appended:
                missing.append(command.key)
            elif attempts != {f"{command.key}.{command.attempts - 1}"}:
                replayed += 1
        elif status is not None and 400 <= status < 500 and appended:
            refused.append(command.key)
    return LedgerCheck(acknowledged, missing, duplicated, unexplained, refused, replayed)


def key_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
