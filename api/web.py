"""Serves the built web app (web/dist) at / with a single-page-app fallback."""

import os
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File
from litestar.static_files import create_static_files_router

DEFAULT_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
PLACEHOLDER = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bug tracker</title></head><body><h1>Bug tracker API</h1><p>The web app is not built yet: run
<code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>. The API lives under
<a href="/api/schema">/api</a>.</p></body></html>"""


def web_dist() -> Path:
    return Path(os.environ.get("WEB_DIST_DIR", DEFAULT_DIST))


def web_routes() -> list[Any]:
    dist = web_dist()
    routes: list[Any] = [spa]
    if (dist / "assets").is_dir():
        routes.append(
            create_static_files_router(
                path="/assets", directories=[dist / "assets"], include_in_schema=False
            )
        )
    return routes


@get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False)
def spa(request: Request[Any, Any, Any], path: FromPath[str] = "") -> Response[Any]:
    cleaned = path.lstrip("/")
    if cleaned == "api" or cleaned.startswith("api/"):
        raise NotFoundException(f"No API route for /{cleaned}")
    dist = web_dist()
    index = dist / "index.html"
    if cleaned:
        candidate = (dist / cleaned).resolve()
        if candidate.is_file() and dist.resolve() in candidate.parents:
            return File(candidate, filename=candidate.name, content_disposition_type="inline")
    if index.is_file():
        # Every client route gets the app shell; never cached, so a deploy is picked up at once.
        return File(
            index,
            filename="index.html",
            media_type="text/html; charset=utf-8",
            content_disposition_type="inline",
            headers={"Cache-Control": "no-cache"},
        )
    return Response(PLACEHOLDER, media_type="text/html")
