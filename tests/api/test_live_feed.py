"""Live feed across processes: a write on one server reaches SSE subscribers of another."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    JWT_SECRET,
    create_database,
    drop_database,
)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not come up")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    name, url = create_database()
    workdir = tmp_path_factory.mktemp("servers")  # no .env here
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "JWT_SECRET_KEY": JWT_SECRET,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DEBUG": "false",
    }
    command = [sys.executable, "-m", "api.cli"]
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(
        [*command, "create-admin"], env=env, cwd=workdir, check=True, capture_output=True
    )
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [*command, "serve", "--port", str(port), "--no-migrate"],
                env=env,
                cwd=workdir,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append((f"http://127.0.0.1:{port}", process))
        for base, process in servers:
            wait_until_up(base, process)
        yield servers[0][0], servers[1][0]
    finally:
        for _, process in servers:
            process.terminate()
        for _, process in servers:
            process.wait(timeout=10)
        drop_database(name)


def login(base: str) -> str:
    response = httpx.post(
        f"{base}/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    token: str = response.json()["data"]["access_token"]
    return token


def read_events(lines: Iterator[str], count: int, timeout: float) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    deadline = time.monotonic() + timeout
    current: dict[str, str] = {}
    for line in lines:
        if line.startswith("id:"):
            current["id"] = line[3:].strip()
        elif line.startswith("event:"):
            current["event"] = line[6:].strip()
        elif line.startswith("data:") and "id" in current:
            events.append({**current, "data": json.loads(line[5:].strip())})
            current = {}
        if len(events) >= count or time.monotonic() > deadline:
            break
    return events


def test_a_write_on_one_server_reaches_a_subscriber_of_another_within_a_second(
    two_servers: tuple[str, str],
) -> None:
    writer, reader = two_servers
    token = login(writer)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.stream(
        "GET", f"{reader}/api/events/stream", params={"access_token": token}, timeout=10
    ) as stream:
        assert stream.status_code == 200
        lines = stream.iter_lines()
        next(lines)  # the "connected" comment: the subscription is live from here on
        started = time.monotonic()
        created = httpx.post(f"{writer}/api/projects", json={"name": "Live"}, headers=headers)
        assert created.status_code == 201
        [event] = read_events(lines, 1, timeout=5)
        elapsed = time.monotonic() - started
    assert event["event"] == "project.created"
    data = event["data"]
    assert isinstance(data, dict)
    assert data["project_id"] == created.json()["data"]["id"]
    assert elapsed < 1.0


def test_a_reconnecting_client_resumes_after_its_last_event_id(
    two_servers: tuple[str, str],
) -> None:
    writer, reader = two_servers
    token = login(writer)
    headers = {"Authorization": f"Bearer {token}"}
    first = httpx.post(f"{writer}/api/projects", json={"name": "Before"}, headers=headers)
    second = httpx.post(f"{writer}/api/projects", json={"name": "Missed"}, headers=headers)
    assert first.status_code == second.status_code == 201
    log = httpx.get(f"{writer}/api/events", params={"limit": 1000}, headers=headers).json()["data"]
    before = next(e for e in log if e["data"].get("name") == "Before")
    with httpx.stream(
        "GET",
        f"{reader}/api/events/stream",
        headers={**headers, "Last-Event-ID": str(before["position"])},
        timeout=10,
    ) as stream:
        events = read_events(stream.iter_lines(), 1, timeout=5)
    assert events[0]["event"] == "project.created"
    data = events[0]["data"]
    assert isinstance(data, dict)
    assert data["position"] == before["position"] + 1


def test_the_stream_refuses_anonymous_clients(two_servers: tuple[str, str]) -> None:
    response = httpx.get(f"{two_servers[1]}/api/events/stream", timeout=5)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_on_shutdown_open_streams_are_told_to_reconnect_and_the_server_exits_promptly(
    tmp_path: Path,
) -> None:
    name, url = create_database()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "JWT_SECRET_KEY": JWT_SECRET,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        token = login(base)
        with httpx.stream(
            "GET", f"{base}/api/events/stream", params={"access_token": token}, timeout=15
        ) as stream:
            lines = stream.iter_lines()
            next(lines)
            stopping = time.monotonic()
            process.terminate()
            received = [line for line in lines if line.startswith("event:")]
        assert received == ["event: reconnect"]
        process.wait(timeout=10)
        assert time.monotonic() - stopping < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        drop_database(name)


@pytest.mark.parametrize("last_event_id", ["abc", "-1", "9" * 30, "1.5"])
def test_a_malformed_last_event_id_is_a_400_envelope(
    two_servers: tuple[str, str], last_event_id: str
) -> None:
    token = login(two_servers[0])
    response = httpx.get(
        f"{two_servers[1]}/api/events/stream",
        headers={"Authorization": f"Bearer {token}", "Last-Event-ID": last_event_id},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("Invalid request")
