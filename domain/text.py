"""Checks on free text shared by the aggregates: no blank values, bounded lengths."""

from domain.errors import InvalidValueError

TITLE_MAX = 255
NAME_MAX = 255
TEXT_MAX = 20_000


def required(field: str, value: str, max_length: int) -> str:
    """Return ``value`` stripped; refuse it when blank or too long."""
    stripped = value.strip()
    if not stripped:
        raise InvalidValueError(f"{field} must not be blank")
    if len(stripped) > max_length:
        raise InvalidValueError(f"{field} must be at most {max_length} characters")
    return stripped


def optional(field: str, value: str | None, max_length: int) -> str | None:
    """Return ``value`` stripped, or None when absent or blank."""
    if value is None or not value.strip():
        return None
    return required(field, value, max_length)
