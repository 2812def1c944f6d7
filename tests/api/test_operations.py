"""What an operator relies on: metrics, readiness, and clear refusals of bad configuration."""

import os
import subprocess
import sys
from pathlib import Path

from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import JWT_SECRET, Api, settings_for

ROOT = Path(__file__).resolve().parents[2]


def counted(text: str, metric: str, method: str, path: str, status: int) -> float:
    labels = f'app_name="bugtracker",method="{method}",path="{path}",status_code="{status}"'
    for line in text.splitlines():
        if line.startswith(f"{metric}{{{labels}}} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_per_route_and_events_per_type(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Metrics"}).json()["data"]
    before = api.client.get("/metrics").text
    for _ in range(2):
        assert api.as_admin("GET", f"/api/projects/{project['id']}").status_code == 200
    assert api.as_admin("GET", "/api/projects/999999").status_code == 404
    response = api.client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert 'bugtracker_events_appended_total{type="project.created"}' in text
    route = "/api/projects/{project_id}"
    total = "bugtracker_requests_total"
    assert counted(text, total, "GET", route, 200) - counted(before, total, "GET", route, 200) == 2
    assert counted(text, total, "GET", route, 404) - counted(before, total, "GET", route, 404) == 1
    assert counted(text, "bugtracker_request_duration_seconds_count", "GET", route, 200) >= 2
    assert 'path="/api/projects"' in text
    assert "/metrics" not in {
        line.split('path="')[1].split('"')[0]
        for line in text.splitlines()
        if line.startswith("bugtracker_requests_total{")
    }
    assert "bugtracker_sse_subscribers" in text
    assert "bugtracker_projection_lag_events" in text


def test_readiness_reports_ready_when_migrated_and_caught_up(api: Api) -> None:
    response = api.client.get("/api/ready")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "ready"
    assert data["migrations_at_head"] is True
    assert data["projections_caught_up"] is True


def test_readiness_is_a_503_envelope_when_the_database_is_down() -> None:
    settings = settings_for("postgresql://postgres@127.0.0.1:1/nowhere")
    with TestClient(create_app(settings)) as client:
        ready = client.get("/api/ready")
        assert ready.status_code == 503
        assert ready.json()["error"] == "Not ready: database unreachable"
        assert client.get("/api/health").status_code == 200  # alive, just not ready
        login = client.post("/api/auth/login", json={"email": "a@b.co", "password": "x"})
        assert login.status_code == 503
        assert login.json() == {
            "data": None,
            "error": "Service temporarily unavailable: the database cannot be reached",
            "status": 503,
        }


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "JWT_", "ADMIN_", "DEBUG", "DATA_DIR"))
    }
    environment.update({"PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_invalid_setting_is_named_and_exits_non_zero(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "check", JWT_ACCESS_TOKEN_EXPIRES_MINUTES="soon")
    assert result.returncode == 2
    assert "JWT_ACCESS_TOKEN_EXPIRES_MINUTES" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_to_start_in_production_with_unsafe_settings(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "serve", "--port", "0", DEBUG="false")
    assert result.returncode == 2
    assert "JWT_SECRET_KEY" in result.stderr
    assert "ADMIN_PASSWORD" in result.stderr


def test_check_reports_an_unreachable_database_and_exits_non_zero(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        "check",
        DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere",
        JWT_SECRET_KEY=JWT_SECRET,
        ADMIN_PASSWORD="a-strong-password",
    )
    assert result.returncode == 1
    assert "FAIL  database unreachable" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_check_passes_on_a_fresh_embedded_database_after_migrate(tmp_path: Path) -> None:
    env = {"JWT_SECRET_KEY": JWT_SECRET, "ADMIN_PASSWORD": "a-strong-password"}
    assert run_cli(tmp_path, "migrate", **env).returncode == 0
    result = run_cli(tmp_path, "check", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    migrations at head" in result.stdout
