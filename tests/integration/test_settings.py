"""Settings: what people write in DATABASE_URL, production refusals, clear errors, .env files."""

from pathlib import Path

import pytest

from infrastructure.settings import (
    DEFAULT_ADMIN_PASSWORD,
    SEED_JWT_SECRET,
    ConfigurationError,
    Settings,
)
from infrastructure.urls import normalise_database_url, sync_database_url

pytestmark = pytest.mark.integration

STRONG_SECRET = "s" * 40


def load(tmp_path: Path, **variables: str) -> Settings:
    environ = {"DATA_DIR": str(tmp_path / "data"), **variables}
    return Settings.from_env(environ, env_file=None)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:pw@h:5433/db", "postgresql+psycopg://u:pw@h:5433/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        (
            "postgresql+psycopg://u@h/db?sslmode=require",
            "postgresql+psycopg://u@h/db?sslmode=require",
        ),
        ("postgresql+asyncpg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///data/file.db", "sqlite+aiosqlite:///data/file.db"),
        ("sqlite:////abs/file.db", "sqlite+aiosqlite:////abs/file.db"),
        ("sqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("  postgresql://u@h/db  ", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_urls_are_normalised_to_the_async_drivers(written: str, normalised: str) -> None:
    assert normalise_database_url(written) == normalised


@pytest.mark.parametrize(
    ("async_url", "sync_url"),
    [
        ("sqlite+aiosqlite:///x.db", "sqlite+pysqlite:///x.db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_migrations_use_the_sync_twin_of_the_url(async_url: str, sync_url: str) -> None:
    assert sync_database_url(async_url) == sync_url


@pytest.mark.parametrize("written", ["mysql://u@h/db", "just-a-path.db", "http://x"])
def test_an_unsupported_database_url_names_the_variable(written: str) -> None:
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        normalise_database_url(written)


def test_without_database_url_an_sqlite_file_is_used_in_the_data_dir(tmp_path: Path) -> None:
    settings = load(tmp_path, JWT_SECRET_KEY=STRONG_SECRET)

    assert settings.is_sqlite
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.as_posix()}/data/bugtracker.db"
    assert (tmp_path / "data").is_dir()


def test_a_postgresql_url_is_not_sqlite_and_can_be_shown_without_its_password(
    tmp_path: Path,
) -> None:
    settings = load(tmp_path, DATABASE_URL="postgres://app:hunter2@db:5432/bugs")

    assert not settings.is_sqlite
    assert settings.database_url == "postgresql+psycopg://app:hunter2@db:5432/bugs"
    assert "hunter2" not in settings.redacted_database_url
    assert settings.sync_database_dsn == "postgresql://app:hunter2@db:5432/bugs"


def test_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path)

    assert settings.jwt_access_token_expires_minutes == 120
    assert settings.debug is False
    assert settings.cors_origins == ("http://localhost:5173",)
    assert (settings.admin_name, settings.admin_email) == ("Admin", "admin@bugtracker.local")
    assert settings.admin_password == DEFAULT_ADMIN_PASSWORD
    assert settings.allow_registration is False
    assert settings.login_attempts_per_minute == 10
    assert settings.max_request_body_bytes == 1024 * 1024
    assert settings.log_level == "INFO"
    assert settings.secret_key is None


def test_values_are_parsed(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        JWT_ACCESS_TOKEN_EXPIRES_MINUTES="15",
        DEBUG="Yes",
        CORS_ORIGINS=" https://a.example , ,https://b.example",
        ALLOW_REGISTRATION="on",
        LOGIN_ATTEMPTS_PER_MINUTE="3",
        MAX_REQUEST_BODY_BYTES="2048",
        LOG_LEVEL="debug",
        ADMIN_NAME="Root",
    )

    assert settings.access_token_lifetime.total_seconds() == 15 * 60
    assert settings.debug is True
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.allow_registration is True
    assert settings.login_attempts_per_minute == 3
    assert settings.max_request_body_bytes == 2048
    assert settings.log_level == "DEBUG"
    assert settings.admin_name == "Root"


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on"])
def test_debug_accepts_the_usual_spellings_of_true(tmp_path: Path, value: str) -> None:
    assert load(tmp_path, DEBUG=value).debug is True


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("JWT_ACCESS_TOKEN_EXPIRES_MINUTES", "two hours"),
        ("JWT_ACCESS_TOKEN_EXPIRES_MINUTES", "0"),
        ("DEBUG", "maybe"),
        ("ALLOW_REGISTRATION", "sure"),
        ("LOGIN_ATTEMPTS_PER_MINUTE", "-1"),
        ("MAX_REQUEST_BODY_BYTES", "1MB"),
        ("LOG_LEVEL", "LOUD"),
        ("DATABASE_URL", "oracle://x"),
    ],
)
def test_an_invalid_value_raises_a_configuration_error_naming_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    with pytest.raises(ConfigurationError, match=variable):
        load(tmp_path, **{variable: value})


def test_in_debug_a_missing_jwt_secret_is_generated_per_process(tmp_path: Path) -> None:
    first = load(tmp_path, DEBUG="1")
    second = load(tmp_path, DEBUG="1")

    assert first.jwt_secret_generated is True
    assert len(first.jwt_secret_key) >= 32
    assert first.jwt_secret_key != second.jwt_secret_key
    # Still listed, so a debug run can show what production would refuse.
    assert "JWT_SECRET_KEY is not set (a random key was generated for this debug run)" in (
        first.production_problems()
    )


def test_production_refuses_a_missing_jwt_secret_and_the_default_admin_password(
    tmp_path: Path,
) -> None:
    settings = load(tmp_path)

    assert settings.jwt_secret_generated is False
    assert settings.jwt_secret_key == ""
    problems = settings.production_problems()
    assert any("JWT_SECRET_KEY is not set" in problem for problem in problems)
    assert any("ADMIN_PASSWORD" in problem for problem in problems)


@pytest.mark.parametrize(
    ("secret", "reason"), [("short-secret", "at least 32"), (SEED_JWT_SECRET, "public")]
)
def test_production_refuses_a_weak_jwt_secret(tmp_path: Path, secret: str, reason: str) -> None:
    settings = load(tmp_path, JWT_SECRET_KEY=secret, ADMIN_PASSWORD="a-real-password")

    assert len(settings.production_problems()) == 1
    assert reason in settings.production_problems()[0]


def test_production_accepts_a_strong_secret_and_a_chosen_admin_password(tmp_path: Path) -> None:
    settings = load(tmp_path, JWT_SECRET_KEY=STRONG_SECRET, ADMIN_PASSWORD="a-real-password")

    assert settings.production_problems() == []


def test_a_dotenv_file_is_read_and_environment_variables_win(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# local overrides\n"
        "JWT_SECRET_KEY=from-the-file-and-long-enough-to-pass-32\n"
        "ADMIN_NAME='File Admin'\n"
        "LOG_LEVEL=WARNING\n"
    )

    settings = Settings.from_env(
        {"LOG_LEVEL": "ERROR", "DATA_DIR": str(tmp_path / "d")}, env_file=str(env_file)
    )

    assert settings.jwt_secret_key == "from-the-file-and-long-enough-to-pass-32"
    assert settings.admin_name == "File Admin"
    assert settings.log_level == "ERROR"


def test_a_missing_dotenv_file_is_fine(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"DATA_DIR": str(tmp_path / "d")}, env_file=str(tmp_path / "absent.env")
    )

    assert settings.log_level == "INFO"


def test_secrets_never_show_in_the_representation(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        JWT_SECRET_KEY=STRONG_SECRET,
        ADMIN_PASSWORD="adm1n-pa55",
        SECRET_KEY="flask-secret",
        DATABASE_URL="postgresql://app:hunter2@db/bugs",
    )

    shown = repr(settings)

    assert all(
        secret not in shown for secret in (STRONG_SECRET, "adm1n-pa55", "flask-secret", "hunter2")
    )
    assert "admin_email='admin@bugtracker.local'" in shown
