"""Assertions about the one response shape, shared by the API tests."""

from typing import Any

import httpx

# What must never reach a client in an error message: validator internals, code, links.
LEAKS = ("Traceback", "msgspec", "litestar", "Expected `", "$.", "http://", "https://", 'File "')


def assert_envelope(response: httpx.Response, status: int) -> dict[str, Any]:
    """The body is the JSON envelope and its status equals the HTTP status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"data", "error", "status"}, body
    assert body["status"] == status
    return body


def assert_error(response: httpx.Response, status: int, *fragments: str) -> str:
    """An error envelope with a readable message that contains every fragment, leaks nothing."""
    body = assert_envelope(response, status)
    assert body["data"] is None
    message = body["error"]
    assert isinstance(message, str), body
    assert message.strip(), body
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    for leak in LEAKS:
        assert leak not in message, f"{leak!r} leaked in {message!r}"
    return message
