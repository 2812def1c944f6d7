"""The container files agree with the settings: same variables, same ports, sane ordering.

Docker cannot run on the development machines, so these checks are what validates compose.yaml
and the Dockerfile here (see the README).
"""

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def env_example_keys() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_every_documented_variable_is_read_by_the_settings() -> None:
    settings_source = (ROOT / "infrastructure" / "settings.py").read_text()
    unread = [key for key in env_example_keys() if f'"{key}"' not in settings_source]
    assert unread == []


def test_the_readme_configuration_table_lists_every_variable() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [key for key in env_example_keys() if f"`{key}`" not in readme]
    assert missing == []


def test_compose_gives_the_app_only_known_variables_and_a_postgres_url() -> None:
    services = compose()["services"]
    for name in ("migrate", "app", "app-replica"):
        environment = services[name]["environment"]
        assert set(environment) <= env_example_keys(), name
        assert environment["DATABASE_URL"].startswith("postgresql://")
        assert environment["DEBUG"] == "false"
        assert "JWT_SECRET_KEY" in environment
        assert "ADMIN_PASSWORD" in environment


def test_compose_migrates_before_the_app_starts_and_waits_for_a_healthy_database() -> None:
    services = compose()["services"]
    assert services["db"]["image"].startswith("postgres:16")
    assert "healthcheck" in services["db"]
    assert "ports" not in services["db"], "the database is not published on the host"
    assert any(volume.startswith("pgdata:") for volume in services["db"]["volumes"])
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("app", "app-replica"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert "--no-migrate" in services[name]["command"]


def test_compose_publishes_each_app_on_its_own_port_to_the_serving_port() -> None:
    services = compose()["services"]
    published = [services[name]["ports"][0] for name in ("app", "app-replica")]
    assert published == ["8000:8000", "8001:8000"]
    for name in ("app", "app-replica"):
        command = services[name]["command"]
        assert command[command.index("--port") + 1] == "8000"
        assert command[command.index("--host") + 1] == "0.0.0.0"


def test_the_image_builds_the_web_app_and_runs_granian_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", dockerfile, flags=re.MULTILINE)
    assert stages == ["web", "python", "runtime"]
    assert "npm ci" in dockerfile
    assert "npm run build" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert re.search(r"^USER bugtracker$", dockerfile, flags=re.MULTILINE)
    assert "EXPOSE 8000" in dockerfile
    assert '"bugtracker", "serve"' in dockerfile
