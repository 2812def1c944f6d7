"""Settings from the environment (and an optional .env file), validated once at startup."""

import os
import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import msgspec
from dotenv import dotenv_values

from infrastructure.errors import ConfigurationError
from infrastructure.urls import libpq_dsn, normalise_database_url, redacted_url

__all__ = ["ConfigurationError", "Settings"]

T = TypeVar("T")

# The seed's public defaults: fine on a laptop, refused in production.
DEFAULT_ADMIN_PASSWORD = "admin12345"
SEED_JWT_SECRET = "dev-jwt-secret-change-this-to-32-plus-chars"
JWT_SECRET_MIN_LENGTH = 32

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
_SECRETS = frozenset({"jwt_secret_key", "admin_password", "secret_key"})
_LOG_LEVELS = frozenset({"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"})


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    data_dir: str = "./data"
    jwt_secret_key: str
    jwt_secret_generated: bool = False
    jwt_access_token_expires_minutes: int = 120
    debug: bool = False
    cors_origins: tuple[str, ...] = ("http://localhost:5173",)
    admin_name: str = "Admin"
    admin_email: str = "admin@bugtracker.local"
    admin_password: str = DEFAULT_ADMIN_PASSWORD
    secret_key: str | None = None
    allow_registration: bool = False
    login_attempts_per_minute: int = 10
    max_request_body_bytes: int = 1024 * 1024
    log_level: str = "INFO"

    def __repr__(self) -> str:
        # Settings end up in logs and tracebacks: never show secrets there.
        shown = {
            name: "***" if name in _SECRETS and getattr(self, name) else getattr(self, name)
            for name in self.__struct_fields__
        }
        shown["database_url"] = self.redacted_database_url
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def redacted_database_url(self) -> str:
        """For logs and ``bugtracker check``: the URL with its password masked."""
        return redacted_url(self.database_url)

    @property
    def sync_database_dsn(self) -> str:
        """A libpq URI (postgresql://...) for raw psycopg connections such as LISTEN."""
        return libpq_dsn(self.database_url)

    @property
    def access_token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.jwt_access_token_expires_minutes)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: str | None = ".env"
    ) -> "Settings":
        """Read settings; variables in ``environ`` (default: the process's) win over the file."""
        values = _merged(os.environ if environ is None else environ, env_file)
        debug = _parse(values, "DEBUG", _boolean, False)
        data_dir = values.get("DATA_DIR") or "./data"
        jwt_secret = values.get("JWT_SECRET_KEY") or ""
        generated = not jwt_secret and debug
        if generated:
            # Debug only: tokens stop working on restart, which is fine on a laptop.
            jwt_secret = secrets.token_urlsafe(48)
        return cls(
            database_url=_database_url(values.get("DATABASE_URL"), data_dir),
            data_dir=data_dir,
            jwt_secret_key=jwt_secret,
            jwt_secret_generated=generated,
            jwt_access_token_expires_minutes=_parse(
                values, "JWT_ACCESS_TOKEN_EXPIRES_MINUTES", _positive_int, 120
            ),
            debug=debug,
            cors_origins=_parse(values, "CORS_ORIGINS", _origins, ("http://localhost:5173",)),
            admin_name=values.get("ADMIN_NAME") or "Admin",
            admin_email=values.get("ADMIN_EMAIL") or "admin@bugtracker.local",
            admin_password=values.get("ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD,
            secret_key=values.get("SECRET_KEY") or None,
            allow_registration=_parse(values, "ALLOW_REGISTRATION", _boolean, False),
            login_attempts_per_minute=_parse(
                values, "LOGIN_ATTEMPTS_PER_MINUTE", _positive_int, 10
            ),
            max_request_body_bytes=_parse(
                values, "MAX_REQUEST_BODY_BYTES", _positive_int, 1024 * 1024
            ),
            log_level=_parse(values, "LOG_LEVEL", _log_level, "INFO"),
        )

    def production_problems(self) -> list[str]:
        """Why the server must refuse to start unless DEBUG is on; empty when all is well.

        Evaluated whatever DEBUG says, so a debug run can still show what production would
        refuse; the caller decides whether to stop.
        """
        problems: list[str] = []
        if self.jwt_secret_generated or not self.jwt_secret_key:
            problems.append(
                "JWT_SECRET_KEY is not set"
                + (" (a random key was generated for this debug run)" if self.debug else "")
            )
        elif self.jwt_secret_key == SEED_JWT_SECRET:
            problems.append("JWT_SECRET_KEY is the public example value; generate a new one")
        elif len(self.jwt_secret_key) < JWT_SECRET_MIN_LENGTH:
            problems.append(
                f"JWT_SECRET_KEY must be at least {JWT_SECRET_MIN_LENGTH} characters long"
            )
        if self.admin_password == DEFAULT_ADMIN_PASSWORD:
            problems.append("ADMIN_PASSWORD is the public default; choose another one")
        return problems


def _merged(environ: Mapping[str, str], env_file: str | None) -> dict[str, str]:
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(environ)
    return values


def _parse(values: Mapping[str, str], name: str, parse: Callable[[str], T], default: T) -> T:
    raw = values.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return parse(raw.strip())
    except ValueError as error:
        raise ConfigurationError(f"{name}={raw!r} is invalid: {error}") from None


def _boolean(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError("expected one of 1/true/yes/on or 0/false/no/off")


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError("expected a whole number") from None
    if value <= 0:
        raise ValueError("expected a number greater than zero")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in _LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(sorted(_LOG_LEVELS))}")
    return level


def _database_url(raw: str | None, data_dir: str) -> str:
    if raw is None or not raw.strip():
        directory = Path(data_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigurationError(f"DATA_DIR={data_dir!r} cannot be created: {error}") from None
        return f"sqlite+aiosqlite:///{(directory.resolve() / 'bugtracker.db').as_posix()}"
    return normalise_database_url(raw)
