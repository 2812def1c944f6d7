"""With DEBUG off the server refuses to start on a missing or short JWT secret or the public
default admin password, and says why; `bugtracker serve` exits before touching the database."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.settings import DEFAULT_ADMIN_PASSWORD, Settings

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "s" * 48
SETTINGS_VARIABLES = {
    "DATABASE_URL",
    "DATA_DIR",
    "JWT_SECRET_KEY",
    "JWT_ACCESS_TOKEN_EXPIRES_MINUTES",
    "DEBUG",
    "CORS_ORIGINS",
    "ADMIN_NAME",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "SECRET_KEY",
    "ALLOW_REGISTRATION",
    "LOGIN_ATTEMPTS_PER_MINUTE",
    "MAX_REQUEST_BODY_BYTES",
    "LOG_LEVEL",
}
# Refusal must come before any database work: this address never answers.
UNREACHABLE_DATABASE = "postgresql://nobody@127.0.0.1:1/never"


def settings(**values: str) -> Settings:
    environ = {"DATABASE_URL": UNREACHABLE_DATABASE, **values}
    return Settings.from_env(environ, env_file=None)


def test_production_flags_a_missing_secret_and_the_default_admin_password() -> None:
    problems = settings(DEBUG="false").production_problems()

    assert any("JWT_SECRET_KEY is not set" in problem for problem in problems)
    assert any("ADMIN_PASSWORD" in problem for problem in problems)


def test_production_flags_a_short_secret() -> None:
    problems = settings(
        JWT_SECRET_KEY="too-short", ADMIN_PASSWORD="chosen-pass"
    ).production_problems()

    assert len(problems) == 1
    assert "at least 32 characters" in problems[0]


def test_production_flags_the_default_admin_password_even_with_a_good_secret() -> None:
    problems = settings(
        JWT_SECRET_KEY=STRONG_SECRET, ADMIN_PASSWORD=DEFAULT_ADMIN_PASSWORD
    ).production_problems()

    assert len(problems) == 1
    assert "ADMIN_PASSWORD" in problems[0]


def test_good_production_settings_raise_nothing() -> None:
    chosen = settings(JWT_SECRET_KEY=STRONG_SECRET, ADMIN_PASSWORD="chosen-pass")

    assert chosen.production_problems() == []


def serve(tmp_path: Path, **values: str) -> subprocess.CompletedProcess[str]:
    """`uv run bugtracker serve` in an empty directory (no .env), with only ``values`` set."""
    environ = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    environ.update({"DATA_DIR": str(tmp_path / "data"), **values})
    uv = shutil.which("uv")
    if uv is not None:
        command = [uv, "run", "--project", str(ROOT), "--no-sync", "bugtracker"]
    else:
        command = [str(Path(sys.executable).with_name("bugtracker"))]
    return subprocess.run(
        [*command, "serve", "--port", "1"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("values", "reasons"),
    [
        ({}, ["JWT_SECRET_KEY is not set", "ADMIN_PASSWORD"]),
        (
            {"JWT_SECRET_KEY": "short", "ADMIN_PASSWORD": "chosen-pass"},
            ["JWT_SECRET_KEY must be at least 32 characters"],
        ),
        ({"JWT_SECRET_KEY": STRONG_SECRET}, ["ADMIN_PASSWORD is the public default"]),
    ],
)
def test_serve_refuses_to_start_with_unsafe_settings_and_says_why(
    tmp_path: Path, values: dict[str, str], reasons: list[str]
) -> None:
    result = serve(tmp_path, DEBUG="false", DATABASE_URL=UNREACHABLE_DATABASE, **values)

    assert result.returncode != 0
    assert "refusing to start" in result.stderr
    for reason in reasons:
        assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert "serving on" not in result.stdout
