"""Lists: `data` stays a JSON array in a deterministic order; paging lives in the headers
(X-Total-Count, Link rel=next/prev); GET /api/bugs filters by project, status, priority,
assignee (an id or "none") and text in the title."""

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error

# title, priority, assignee ("dev1"/"dev2"/None), project ("a"/"b"), moved to in_progress
BUGS = [
    ("Login crash", "high", "dev1", "a", True),
    ("Logout slow", "low", None, "a", False),
    ("Crash on save", "critical", "dev2", "a", False),
    ("Typo in footer", "low", "dev1", "a", False),
    ("Search is slow", "medium", None, "a", False),
    ("CRASH when offline", "medium", None, "a", False),
    ("Other project crash", "high", None, "b", False),
    ("100% CPU_usage", "low", None, "b", False),
]


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    """Eight bugs over two projects; ``ids`` maps each title to its bug id."""
    projects = {
        key: api.as_admin("POST", "/api/projects", json={"name": f"Project {key}"}).json()["data"][
            "id"
        ]
        for key in ("a", "b")
    }
    users = {name: api.create_user(name.capitalize())["id"] for name in ("dev1", "dev2")}
    ids: dict[str, int] = {}
    for title, priority, assignee, project, started in BUGS:
        body = {
            "project_id": projects[project],
            "title": title,
            "description": "d",
            "priority": priority,
        }
        bug_id = api.as_admin("POST", "/api/bugs", json=body).json()["data"]["id"]
        if assignee:
            api.as_admin("PUT", f"/api/bugs/{bug_id}", json={"assignee_id": users[assignee]})
        if started:
            api.as_admin("POST", f"/api/bugs/{bug_id}/transition", json={"status": "in_progress"})
        ids[title] = bug_id
    return {"projects": projects, "users": users, "ids": ids}


def titles(response: Any) -> list[str]:
    return [bug["title"] for bug in assert_envelope(response, 200)["data"]]


def links(response: Any) -> dict[str, str]:
    header = response.headers.get("Link", "")
    return {rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="(\w+)"', header)}


def test_bugs_are_listed_in_a_stable_order_by_id(api: Api, world: dict[str, Any]) -> None:
    first = api.as_admin("GET", "/api/bugs")
    second = api.as_admin("GET", "/api/bugs")

    ids = [bug["id"] for bug in assert_envelope(first, 200)["data"]]
    assert ids == sorted(ids)
    assert ids == [bug["id"] for bug in second.json()["data"]]
    assert len(ids) == len(BUGS)
    assert first.headers["X-Total-Count"] == str(len(BUGS))


def test_limit_and_offset_walk_the_whole_list_without_gaps_or_repeats(
    api: Api, world: dict[str, Any]
) -> None:
    everything = titles(api.as_admin("GET", "/api/bugs"))

    pages = [api.as_admin("GET", f"/api/bugs?limit=3&offset={offset}") for offset in (0, 3, 6)]

    assert [title for page in pages for title in titles(page)] == everything
    assert [len(titles(page)) for page in pages] == [3, 3, 2]
    assert {page.headers["X-Total-Count"] for page in pages} == {str(len(BUGS))}
    assert [sorted(links(page)) for page in pages] == [["next"], ["next", "prev"], ["prev"]]


def test_following_link_next_visits_every_bug_once(api: Api, world: dict[str, Any]) -> None:
    seen: list[str] = []
    url: str | None = "/api/bugs?limit=3"
    while url:
        response = api.as_admin("GET", url)
        seen.extend(titles(response))
        url = links(response).get("next")

    assert seen == titles(api.as_admin("GET", "/api/bugs"))


def test_link_keeps_the_filters_and_points_back_with_prev(api: Api, world: dict[str, Any]) -> None:
    project = world["projects"]["a"]

    second = api.as_admin("GET", f"/api/bugs?project_id={project}&limit=2&offset=2")

    page_links = links(second)
    next_query = parse_qs(urlsplit(page_links["next"]).query)
    prev_query = parse_qs(urlsplit(page_links["prev"]).query)
    assert urlsplit(page_links["next"]).path == "/api/bugs"
    assert next_query == {"project_id": [str(project)], "limit": ["2"], "offset": ["4"]}
    assert prev_query == {"project_id": [str(project)], "limit": ["2"], "offset": ["0"]}
    assert second.headers["X-Total-Count"] == "6"


def test_an_offset_past_the_end_is_an_empty_page_with_the_total(
    api: Api, world: dict[str, Any]
) -> None:
    response = api.as_admin("GET", "/api/bugs?offset=100")

    assert titles(response) == []
    assert response.headers["X-Total-Count"] == str(len(BUGS))
    assert "next" not in links(response)


def test_the_largest_page_is_500(api: Api, world: dict[str, Any]) -> None:
    assert len(titles(api.as_admin("GET", "/api/bugs?limit=500"))) == len(BUGS)
    assert_error(api.as_admin("GET", "/api/bugs?limit=501"), 400, "limit", "500")
    assert_error(api.as_admin("GET", "/api/bugs?limit=100000"), 400, "limit")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_progress", ["Login crash"]),
        ("status=open&priority=low", ["Logout slow", "Typo in footer", "100% CPU_usage"]),
        ("priority=critical", ["Crash on save"]),
        ("assignee_id={dev1}", ["Login crash", "Typo in footer"]),
        ("assignee_id={dev2}&status=open", ["Crash on save"]),
        (
            "assignee_id=none",
            [
                "Logout slow",
                "Search is slow",
                "CRASH when offline",
                "Other project crash",
                "100% CPU_usage",
            ],
        ),
        ("q=crash", ["Login crash", "Crash on save", "CRASH when offline", "Other project crash"]),
        ("q=SLOW", ["Logout slow", "Search is slow"]),
        ("q=%25", ["100% CPU_usage"]),
        ("q=_", ["100% CPU_usage"]),
        ("q=nothing matches this", []),
        ("project_id={b}", ["Other project crash", "100% CPU_usage"]),
        ("project_id={a}&q=crash&assignee_id=none", ["CRASH when offline"]),
        ("project_id=987654", []),
        ("assignee_id=987654", []),
    ],
)
def test_bugs_filter_by_project_status_priority_assignee_and_title(
    api: Api, world: dict[str, Any], query: str, expected: list[str]
) -> None:
    values = {**world["users"], **world["projects"]}

    response = api.as_admin("GET", "/api/bugs?" + query.format(**values))

    assert titles(response) == [title for title, *_ in BUGS if title in expected]
    assert response.headers["X-Total-Count"] == str(len(expected))


def test_a_filtered_total_counts_all_matches_not_just_the_page(
    api: Api, world: dict[str, Any]
) -> None:
    response = api.as_admin("GET", "/api/bugs?assignee_id=none&limit=2")

    assert len(titles(response)) == 2
    assert response.headers["X-Total-Count"] == "5"
    assert "next" in links(response)


@pytest.mark.parametrize("path", ["/api/users", "/api/projects"])
def test_other_lists_page_the_same_way(api: Api, world: dict[str, Any], path: str) -> None:
    full = assert_envelope(api.as_admin("GET", path), 200)["data"]

    first = api.as_admin("GET", f"{path}?limit=1")
    rest = api.as_admin("GET", f"{path}?limit=500&offset=1")

    ids = [item["id"] for item in full]
    assert ids == sorted(ids)
    assert [item["id"] for item in first.json()["data"] + rest.json()["data"]] == ids
    assert first.headers["X-Total-Count"] == str(len(full))
    assert "next" in links(first)


def test_comments_are_listed_oldest_first_with_paging(api: Api, world: dict[str, Any]) -> None:
    bug_id = world["ids"]["Logout slow"]
    path = f"/api/bugs/{bug_id}/comments"
    for n in range(3):
        api.as_admin("POST", path, json={"text": f"comment {n}"})

    page = api.as_admin("GET", f"{path}?limit=2")
    rest = api.as_admin("GET", f"{path}?limit=2&offset=2")

    texts = [c["text"] for c in assert_envelope(page, 200)["data"] + rest.json()["data"]]
    assert texts == ["comment 0", "comment 1", "comment 2"]
    assert page.headers["X-Total-Count"] == "3"
