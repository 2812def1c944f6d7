"""CORS from CORS_ORIGINS: exact origins, and `*` patterns that match one DNS label each."""

import re
from collections.abc import Sequence

from litestar.config.cors import CORSConfig


def origin_pattern(entry: str) -> str:
    """`https://*.example.com` -> a regex where `*` is one label: `evil.com/.example.com` and
    `a.b.example.com` do not match (the seed's fnmatch accepted both)."""
    return "".join(
        "[a-z0-9-]+" if part == "*" else re.escape(part) for part in re.split(r"(\*)", entry)
    )


def cors_config(origins: Sequence[str]) -> CORSConfig | None:
    if not origins:
        return None
    if "*" in origins:
        return CORSConfig(allow_origins=["*"], allow_credentials=False, expose_headers=EXPOSED)
    exact = [origin for origin in origins if "*" not in origin]
    patterns = [origin_pattern(origin) for origin in origins if "*" in origin]
    return CORSConfig(
        allow_origins=exact,
        allow_origin_regex="|".join(f"(?:{pattern})" for pattern in patterns) or None,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=[
            "Content-Type",
            "Authorization",
            "Idempotency-Key",
            "If-Match",
            "Last-Event-ID",
        ],
        expose_headers=EXPOSED,
        allow_credentials=False,
        max_age=600,
    )


EXPOSED = ["ETag", "X-Total-Count", "Link", "X-Request-ID", "Retry-After"]
