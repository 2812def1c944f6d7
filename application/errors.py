"""Errors raised by use cases (as opposed to domain rules). Each has a stable ``code``."""


class ApplicationError(Exception):
    code = "application_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDeniedError(ApplicationError):
    """The actor is authenticated but may not do this."""

    code = "forbidden"


class AuthenticationError(ApplicationError):
    """Who the caller is could not be established (bad credentials, unknown user)."""

    code = "unauthenticated"


class ConcurrencyError(ApplicationError):
    """The stream moved on since it was read: the expected version no longer holds."""

    code = "conflict"

    def __init__(self, stream_id: str, expected_version: int, actual_version: int | None = None):
        detail = f" (now at {actual_version})" if actual_version is not None else ""
        super().__init__(
            f"{stream_id} was changed by someone else: expected version {expected_version}{detail}"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class PreconditionFailedError(ApplicationError):
    """The client's If-Match version is stale."""

    code = "precondition_failed"

    def __init__(self, stream_id: str, expected_version: int, actual_version: int) -> None:
        super().__init__(
            f"{stream_id} is at version {actual_version}, not {expected_version}: reload and retry"
        )
        self.actual_version = actual_version


class UniqueClaimError(ApplicationError):
    """A unique value (such as an email address) is already taken by another stream."""

    code = "already_exists"


class DuplicateCommandError(ApplicationError):
    """Another transaction recorded the same command id first (a concurrent retry)."""

    code = "duplicate_command"


class BoardChangedError(ApplicationError):
    """A move named neighbours that are no longer where the client saw them."""

    code = "conflict"

    def __init__(self) -> None:
        super().__init__("The board changed since it was loaded: reload and try again")
