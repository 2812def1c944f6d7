"""List responses: a JSON array in `data`, the total in X-Total-Count, next/prev in Link."""

from collections.abc import Collection
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from api.envelope import Envelope, ok

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

MAX_LIMIT = 500
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="Page size (max 500)")]
Offset = Annotated[int, QueryParameter(ge=0, le=10_000_000, description="Items to skip")]


def paged(
    request: Request[Any, Any, Any], items: list[T], total: int, limit: int, offset: int
) -> Response[Envelope[list[T]]]:
    links = []
    base = str(request.url.path)
    params = {key: value for key, value in request.query_params.items() if key != "offset"}
    if offset + limit < total:
        links.append(f'<{base}?{urlencode({**params, "offset": offset + limit})}>; rel="next"')
    if offset > 0:
        links.append(
            f'<{base}?{urlencode({**params, "offset": max(0, offset - limit)})}>; rel="prev"'
        )
    headers = {"X-Total-Count": str(total)}
    if links:
        headers["Link"] = ", ".join(links)
    return ok(items, headers=headers)


def reject_unknown_query(request: Request[Any, Any, Any], allowed: Collection[str]) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        noun = "parameter" if len(unknown) == 1 else "parameters"
        raise ValidationException(
            detail=f"unknown query {noun} {', '.join(unknown)} (allowed: {', '.join(allowed)})"
        )


def enum_param(name: str, value: str | None, enum: type[E]) -> E | None:
    """Parse an optional enum query value; an empty value means "no filter" as in the seed."""
    if value is None or value == "":
        return None
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise ValidationException(
            detail=f"query parameter {name}: must be one of {choices}"
        ) from None


def assignee_param(value: str | None) -> int | str | None:
    if value is None or value == "":
        return None
    if value == "none":
        return "none"
    if value.isdigit() and 0 < int(value) <= 2**53:
        return int(value)
    raise ValidationException(detail="query parameter assignee_id: must be a user id or 'none'")


def as_utc(instant: datetime) -> datetime:
    """Query times without an offset are read as UTC (the API speaks UTC everywhere)."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def utc(instant: datetime | None) -> datetime | None:
    return None if instant is None else as_utc(instant)
