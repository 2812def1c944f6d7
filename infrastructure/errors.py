"""Infrastructure failures the API maps to HTTP answers (503), kept free of driver types."""

import sqlite3

from sqlalchemy import exc


class InfrastructureError(Exception):
    """Base of the errors this package raises on its own account."""


class ConfigurationError(InfrastructureError):
    """A setting is missing or malformed; the message names the variable."""


class DatabaseUnavailableError(InfrastructureError):
    """The database cannot be reached or is too busy to answer now: retry later (HTTP 503)."""

    def __init__(self, message: str = "The database is unavailable, try again shortly") -> None:
        super().__init__(message)
        self.message = message


class UnstorableValueError(InfrastructureError):
    """The database refused a value the request carried (text with NUL, say): the client's 400."""


class EventDecodeError(InfrastructureError):
    """A stored event no longer matches the catalogue (unknown tag, or a shape with no upcaster)."""


# SQLite primary result codes meaning "cannot serve now" rather than "your SQL is wrong".
_SQLITE_UNAVAILABLE = frozenset(
    {
        5,  # SQLITE_BUSY: busy_timeout ran out
        6,  # SQLITE_LOCKED
        7,  # SQLITE_NOMEM
        10,  # SQLITE_IOERR
        13,  # SQLITE_FULL
        14,  # SQLITE_CANTOPEN
        15,  # SQLITE_PROTOCOL
    }
)


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database is unreachable or overloaded, not that we erred.

    PostgreSQL drivers report connection loss, shutdowns, lock timeouts and deadlocks as
    OperationalError; SQLite uses OperationalError for syntax errors as well, so its result
    code decides.
    """
    if isinstance(error, exc.TimeoutError):  # pool exhausted
        return True
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        original = error.orig
        if isinstance(original, sqlite3.Error):
            code = getattr(original, "sqlite_errorcode", None)
            return isinstance(code, int) and (code & 0xFF) in _SQLITE_UNAVAILABLE
        return isinstance(error, exc.OperationalError | exc.InterfaceError)
    return isinstance(error, ConnectionError | TimeoutError)
