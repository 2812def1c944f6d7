"""CORS from CORS_ORIGINS: exact origins, and `*` patterns that stand for exactly one DNS label.

The module's app runs with CORS_ORIGINS="http://localhost:5173,https://*.example.org".
"""

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error

ALLOWED = ["http://localhost:5173", "https://app.example.org", "https://staging-2.example.org"]
REFUSED = [
    "https://evil.com",
    "https://a.b.example.org",
    "https://evilexample.org",
    "https://example.org",
    "http://app.example.org",
    "https://app.example.org.evil.com",
    "https://app.example.org:8443",
    "http://localhost:5174",
    "https://localhost:5173",
    "null",
]


def preflight(api: Api, origin: str, method: str = "POST") -> Any:
    return api.client.options(
        "/api/bugs",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )


def test_the_module_app_has_the_expected_cors_setting(api: Api) -> None:
    assert api.settings.cors_origins == ("http://localhost:5173", "https://*.example.org")


@pytest.mark.parametrize("origin", ALLOWED)
def test_an_allowed_origin_passes_preflight_without_a_token(api: Api, origin: str) -> None:
    response = preflight(api, origin)

    assert response.status_code in (200, 204), response.text
    assert response.headers["Access-Control-Allow-Origin"] == origin
    allowed_headers = response.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "idempotency-key", "if-match"} <= {
        name.strip() for name in allowed_headers.split(",")
    }
    assert "PUT" in response.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("origin", ALLOWED)
def test_an_allowed_origin_gets_cors_headers_on_simple_requests(api: Api, origin: str) -> None:
    response = api.call(api.admin_token, "GET", "/api/bugs", headers={"Origin": origin})

    assert_envelope(response, 200)
    assert response.headers["Access-Control-Allow-Origin"] == origin
    exposed = response.headers["Access-Control-Expose-Headers"]
    for header in ("ETag", "X-Total-Count", "Link"):
        assert header in exposed
    assert "Origin" in response.headers.get("Vary", "")


@pytest.mark.parametrize("origin", ALLOWED[:1])
def test_errors_carry_cors_headers_so_the_browser_can_read_them(api: Api, origin: str) -> None:
    response = api.client.get("/api/bugs", headers={"Origin": origin})

    assert_error(response, 401)
    assert response.headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize("origin", REFUSED)
def test_a_foreign_origin_is_refused_at_preflight_in_the_envelope(api: Api, origin: str) -> None:
    response = preflight(api, origin)

    assert "Access-Control-Allow-Origin" not in response.headers
    assert_error(response, 400, "CORS")


@pytest.mark.parametrize("origin", REFUSED)
def test_a_foreign_origin_gets_no_allow_origin_on_simple_requests(api: Api, origin: str) -> None:
    response = api.client.get("/api/health", headers={"Origin": origin})

    assert_envelope(response, 200)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_disallowed_method_is_refused_at_preflight(api: Api) -> None:
    response = preflight(api, ALLOWED[0], method="TRACE")

    assert "Access-Control-Allow-Origin" not in response.headers
    assert_error(response, 400, "CORS")
