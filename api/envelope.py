"""The one response shape: {"data", "error", "status"}, for every answer the API gives."""

from collections.abc import Mapping
from typing import Generic, TypeVar

import msgspec
from litestar import Response

T = TypeVar("T")


class Envelope(msgspec.Struct, Generic[T]):
    data: T
    error: str | None
    status: int


def ok(
    data: T, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response[Envelope[T]]:
    return Response(
        Envelope(data=data, error=None, status=status), status_code=status, headers=headers
    )


def failure(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response[Envelope[None]]:
    return Response(
        Envelope(data=None, error=message, status=status), status_code=status, headers=headers
    )
