"""The board in a real browser: the whole lifecycle by drag and drop, roles, keyboard, live."""

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.api.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.e2e.conftest import Server, screenshot

pytestmark = pytest.mark.e2e


def sign_in(page: Page, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    page.goto("/")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def column(page: Page, status: str) -> Locator:
    return page.get_by_test_id(f"column-{status}")


def card(page: Page, bug_id: int) -> Locator:
    return page.get_by_test_id(f"card-{bug_id}")


def drag(page: Page, source: Locator, target: Locator, *, refused: bool = False) -> None:
    """A human-paced pointer drag that waits for dnd-kit at each stage, so a loaded machine
    cannot make it drop before the drag has started or before the column registers the card.
    dnd-kit only starts after 6 px of movement and announces each stage in a live region; a
    press that lands while the card is still settling from the previous drop is tried again."""
    end = target.bounding_box()
    assert end is not None
    target_x, target_y = end["x"] + end["width"] / 2, end["y"] + 80
    picked_up = page.get_by_role("status").filter(has_text="Picked up").first
    for _attempt in range(3):
        start = source.bounding_box()
        assert start is not None
        x, y = start["x"] + start["width"] / 2, start["y"] + 20
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 12, y + 12, steps=4)
        if refused:
            break
        try:
            expect(picked_up).to_be_attached(timeout=2_000)
            break
        except AssertionError:
            page.mouse.up()
            page.wait_for_timeout(300)
    else:
        raise AssertionError("the card could not be picked up")
    for step in range(1, 21):
        page.mouse.move(x + (target_x - x) * step / 20, y + (target_y - y) * step / 20)
        page.wait_for_timeout(15)
    heading = target.get_by_role("heading").first.inner_text()
    if not refused:
        expect(page.get_by_role("status").filter(has_text=f"over {heading}").first).to_be_attached()
    page.wait_for_timeout(100)
    page.mouse.up()


def confirmed(page: Page, bug_id: int, status: str) -> None:
    """The card shows in its new column at once (optimistically); the column's count comes from
    the server, so it says when the move was confirmed. The next drag is judged by the move
    rules against the confirmed status: starting it earlier, on a slow machine, is refused."""
    expect(column(page, status).get_by_test_id(f"card-{bug_id}")).to_be_visible()
    expect(page.get_by_test_id(f"count-{status}")).to_have_text("1")


def member(server: Server, name: str) -> dict[str, Any]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.com"
    body = {"name": name, "email": email, "password": "member-pass-1"}
    response = server.api("POST", "/api/users", server.token(), json=body)
    assert response.status_code == 201, response.text
    return {**response.json()["data"], "email": email, "password": "member-pass-1"}


def project_with_bug(server: Server, title: str, **updates: Any) -> tuple[int, int]:
    token = server.token()
    project = server.api("POST", "/api/projects", token, json={"name": f"P {title}"})
    project_id: int = project.json()["data"]["id"]
    bug = server.api(
        "POST",
        "/api/bugs",
        token,
        json={"project_id": project_id, "title": title, "description": "Seen in production"},
    )
    bug_id: int = bug.json()["data"]["id"]
    if updates:
        assert server.api("PUT", f"/api/bugs/{bug_id}", token, json=updates).status_code == 200
    return project_id, bug_id


def advance(server: Server, bug_id: int, *statuses: str) -> None:
    for status in statuses:
        response = server.api(
            "POST", f"/api/bugs/{bug_id}/transition", server.token(), json={"status": status}
        )
        assert response.status_code == 200, response.text


def test_an_admin_takes_a_new_bug_through_the_whole_lifecycle_by_drag_and_drop(
    page: Page, server: Server
) -> None:
    grace = member(server, "Grace")
    sign_in(page)

    page.get_by_role("button", name="New project").click()
    dialog = page.get_by_role("dialog", name="New project")
    name = f"Apollo {uuid.uuid4().hex[:4]}"
    dialog.get_by_label("Project name").fill(name)
    dialog.get_by_label("Description").fill("Guidance computer")
    dialog.get_by_role("button", name="Create project").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="New bug").click()
    dialog = page.get_by_role("dialog", name="New bug")
    dialog.get_by_label("Title").fill("Alarm 1202 during descent")
    dialog.get_by_label("Description").fill("Executive overflow")
    dialog.get_by_role("button", name="Create bug").click()
    expect(dialog).to_be_hidden()

    bug_card = (
        column(page, "open")
        .locator("[data-testid^=card-]")
        .filter(has_text="Alarm 1202 during descent")
    )
    expect(bug_card).to_be_visible()
    bug_id = int((bug_card.get_attribute("data-testid") or "").removeprefix("card-"))

    drag(page, card(page, bug_id), column(page, "in_progress"))
    assign = page.get_by_role("dialog", name="Assign before starting")
    assign.get_by_role("combobox", name="Assignee").select_option(label="Grace")
    assign.get_by_role("button", name="Assign and start").click()
    expect(assign).to_be_hidden()
    confirmed(page, bug_id, "in_progress")

    drag(page, card(page, bug_id), column(page, "resolved"))
    note = page.get_by_role("dialog", name="Resolution note")
    note.get_by_role("textbox", name="Resolution note").fill("Raised the executive's priority")
    note.get_by_role("button", name="Resolve").click()
    expect(note).to_be_hidden()
    confirmed(page, bug_id, "resolved")

    drag(page, card(page, bug_id), column(page, "closed"))
    confirmed(page, bug_id, "closed")

    detail = server.api("GET", f"/api/bugs/{bug_id}", server.token()).json()["data"]
    assert (detail["status"], detail["assignee_id"]) == ("closed", grace["id"])
    assert detail["resolution_note"] == "Raised the executive's priority"

    card(page, bug_id).get_by_role("link").first.click()
    panel = page.get_by_role("dialog", name=f"Bug #{bug_id}")
    expect(panel).to_be_visible()
    history = panel.get_by_role("list", name="History")
    expected = [
        "reported",
        "assigned",
        "from open to in_progress",
        "resolution note",
        "from in_progress to resolved",
        "from resolved to closed",
    ]
    for text in expected:
        expect(history.get_by_role("listitem").filter(has_text=text).first).to_be_visible()
    screenshot(page, "bug-detail")


def test_a_member_cannot_move_a_resolved_bug_to_closed(browser: Browser, server: Server) -> None:
    mia = member(server, "Mia")
    project_id, bug_id = project_with_bug(
        server, "Flaky login", assignee_id=mia["id"], resolution_note="Retry added"
    )
    advance(server, bug_id, "in_progress", "resolved")
    context = browser.new_context(base_url=server.base_url)
    page = context.new_page()
    try:
        sign_in(page, mia["email"], mia["password"])
        page.goto(f"/projects/{project_id}")
        resolved = column(page, "resolved").get_by_test_id(f"card-{bug_id}")
        expect(resolved).to_be_visible()
        expect(page.get_by_role("button", name=f"Drag bug #{bug_id}")).to_have_count(0)

        drag(page, resolved, column(page, "closed"), refused=True)
        expect(column(page, "resolved").get_by_test_id(f"card-{bug_id}")).to_be_visible()

        resolved.get_by_role("button", name="Move to...").click()
        menu = page.get_by_role("menu", name=f"Move bug #{bug_id}")
        expect(menu.get_by_role("menuitem", name="Closed")).to_have_attribute(
            "aria-disabled", "true"
        )
        page.keyboard.press("Escape")
        status = server.api("GET", f"/api/bugs/{bug_id}", server.token()).json()["data"]["status"]
        assert status == "resolved"
    finally:
        context.close()


def test_a_card_moves_with_the_keyboard_and_the_move_is_announced(
    page: Page, server: Server
) -> None:
    lin = member(server, "Lin")
    project_id, bug_id = project_with_bug(server, "Keyboard only", assignee_id=lin["id"])
    sign_in(page)
    page.goto(f"/projects/{project_id}")
    handle = page.get_by_role("button", name=f"Drag bug #{bug_id}")
    handle.focus()
    page.keyboard.press("Space")
    announcer = page.get_by_role("status").filter(has_text="Picked up")
    expect(announcer.first).to_be_visible()
    over_in_progress = page.get_by_role("status").filter(has_text="over In Progress").first
    for _attempt in range(3):
        # The sensor measures the columns right after pick-up; an arrow pressed before that
        # finishes is ignored, so it is pressed again until the card is over the column.
        page.keyboard.press("ArrowRight")
        try:
            expect(over_in_progress).to_be_attached(timeout=2_000)
            break
        except AssertionError:
            continue
    expect(over_in_progress).to_be_attached()
    page.keyboard.press("Space")
    expect(column(page, "in_progress").get_by_test_id(f"card-{bug_id}")).to_be_visible()
    expect(page.get_by_test_id("board-announcer")).to_contain_text(
        f"Bug #{bug_id} moved to In Progress"
    )
    status = server.api("GET", f"/api/bugs/{bug_id}", server.token()).json()["data"]["status"]
    assert status == "in_progress"


def test_a_second_browser_sees_the_first_ones_move_live(browser: Browser, server: Server) -> None:
    sam = member(server, "Sam")
    project_id, bug_id = project_with_bug(server, "Live board", assignee_id=sam["id"])
    first = browser.new_context(base_url=server.base_url)
    second = browser.new_context(base_url=server.base_url)
    try:
        mover, watcher = first.new_page(), second.new_page()
        for page in (mover, watcher):
            sign_in(page)
            page.goto(f"/projects/{project_id}")
            expect(column(page, "open").get_by_test_id(f"card-{bug_id}")).to_be_visible()

        card(mover, bug_id).get_by_role("button", name="Move to...").click()
        mover.get_by_role("menu", name=f"Move bug #{bug_id}").get_by_role(
            "menuitem", name="In Progress"
        ).click()
        expect(column(mover, "in_progress").get_by_test_id(f"card-{bug_id}")).to_be_visible()
        expect(column(watcher, "in_progress").get_by_test_id(f"card-{bug_id}")).to_be_visible(
            timeout=3_000
        )
    finally:
        first.close()
        second.close()


SHOWCASE = [
    ("Crash when saving a draft", "critical", "open", 3),
    ("Search ignores accents", "medium", "open", 1),
    ("Avatar upload rejects PNG", "low", "open", 0),
    ("Export times out for large projects", "high", "in_progress", 4),
    ("Dark mode colours unreadable", "medium", "in_progress", 2),
    ("Totals off by one cent", "high", "resolved", 5),
    ("Notifications arrive twice", "medium", "closed", 2),
]


def test_a_busy_board_in_light_and_dark_and_on_a_phone(browser: Browser, server: Server) -> None:
    people = [member(server, name) for name in ("Grace", "Linus", "Margaret")]
    token = server.token()
    project = server.api(
        "POST", "/api/projects", token, json={"name": "Apollo", "description": "Guidance computer"}
    ).json()["data"]["id"]
    for index, (title, priority, status, comments) in enumerate(SHOWCASE):
        bug = server.api(
            "POST",
            "/api/bugs",
            token,
            json={"project_id": project, "title": title, "description": "d", "priority": priority},
        ).json()["data"]["id"]
        if status != "open" or index == 0:
            server.api(
                "PUT", f"/api/bugs/{bug}", token, json={"assignee_id": people[index % 3]["id"]}
            )
        for number in range(comments):
            server.api("POST", f"/api/bugs/{bug}/comments", token, json={"text": f"Note {number}"})
        steps = ["in_progress", "resolved", "closed"]
        for step in steps[: steps.index(status) + 1] if status != "open" else []:
            if step == "resolved":
                server.api("PUT", f"/api/bugs/{bug}", token, json={"resolution_note": "Fixed"})
            advance(server, bug, step)

    context = browser.new_context(base_url=server.base_url, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        sign_in(page)
        page.goto(f"/projects/{project}")
        expect(page.get_by_test_id("count-open")).to_have_text("3")
        screenshot(page, "board-light")
        page.get_by_role("button", name="Switch to dark theme").click()
        expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b"))
        screenshot(page, "board-dark")
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("button", name="Switch to light theme").click()
        expect(column(page, "open")).to_be_visible()
        screenshot(page, "board-phone")
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && !e.closest('[data-testid^=column-], [data-testid=board-columns]'))
                .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
                .slice(0, 5)"""
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"no sideways scrolling of the page on a phone: {overflowing}"
    finally:
        context.close()
