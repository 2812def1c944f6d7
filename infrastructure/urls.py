"""Database URLs: accept what people write, run on the async drivers, migrate on sync ones."""

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from infrastructure.errors import ConfigurationError

# What people write -> the async driver we run on. Sync forms are accepted so a URL copied
# from a hosting dashboard (postgres://...) or the seed (sqlite:///dev.db) just works.
_ASYNC_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgresql+psycopg2": "postgresql+psycopg",
    "postgresql+psycopg_async": "postgresql+psycopg",
    "postgresql+asyncpg": "postgresql+psycopg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}


def normalise_database_url(url: str) -> str:
    """The async SQLAlchemy URL for ``url`` (postgres://..., sqlite:///file.db, ...)."""
    scheme, separator, rest = url.strip().partition("://")
    driver = _ASYNC_DRIVERS.get(scheme.lower())
    if not separator or driver is None:
        shown = scheme.split(":")[0] if separator else "none"
        raise ConfigurationError(
            f"DATABASE_URL must be a postgresql:// or sqlite:/// URL, got scheme {shown!r}"
        )
    normalised = f"{driver}://{rest}"
    try:
        make_url(normalised)
    except ArgumentError as error:
        raise ConfigurationError(f"DATABASE_URL is not a valid URL: {error}") from None
    return normalised


def sync_database_url(url: str) -> str:
    """The same database through a sync driver (Alembic): pysqlite, or psycopg 3 in sync mode."""
    async_url = normalise_database_url(url)
    if async_url.startswith("sqlite+aiosqlite://"):
        return "sqlite+pysqlite://" + async_url.removeprefix("sqlite+aiosqlite://")
    return async_url


def is_sqlite_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def redacted_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def libpq_dsn(url: str) -> str:
    """``postgresql://user:pw@host/db?...`` as libpq and psycopg.connect() expect it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("a libpq DSN exists only for PostgreSQL URLs")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)
