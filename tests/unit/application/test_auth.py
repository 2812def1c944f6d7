"""Login and per-request authentication."""

from datetime import timedelta

import pytest

from application.errors import AuthenticationError, PermissionDeniedError
from application.ports import ActorRecord
from domain.users.model import Role
from tests import builders as b
from tests.builders import (
    BLOCKED_EMAIL,
    MEMBER_EMAIL,
    MEMBER_ID,
    OTHER_MEMBER_EMAIL,
    OTHER_MEMBER_ID,
    PASSWORD,
)
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio

INVALID = "Invalid email or password"


async def test_logging_in_returns_a_token_for_the_user(app: FakeApp) -> None:
    result = await app.auth.login(MEMBER_EMAIL, PASSWORD)

    assert result.user.id == MEMBER_ID
    assert app.tokens.verify(result.token.token) == MEMBER_ID
    assert result.token.expires_at == app.clock.now() + timedelta(hours=2)


async def test_the_email_is_matched_whatever_its_case(app: FakeApp) -> None:
    assert (await app.auth.login(" MIA@Example.com ", PASSWORD)).user.id == MEMBER_ID


@pytest.mark.parametrize(
    ("email", "password"),
    [
        (MEMBER_EMAIL, "wrong password"),
        ("nobody@example.com", PASSWORD),
        ("not an email", PASSWORD),
        (BLOCKED_EMAIL, "wrong password"),
    ],
    ids=["wrong password", "unknown email", "malformed email", "blocked, wrong password"],
)
async def test_a_failed_login_never_says_which_part_was_wrong(
    app: FakeApp, email: str, password: str
) -> None:
    verifications = app.hasher.verifications

    with pytest.raises(AuthenticationError) as refused:
        await app.auth.login(email, password)

    assert refused.value.message == INVALID
    assert refused.value.code == "unauthenticated"
    # An unknown email costs a hash check too, so timing does not reveal accounts.
    assert app.hasher.verifications == verifications + 1


async def test_a_blocked_user_with_the_right_password_is_told_they_are_blocked(
    app: FakeApp,
) -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        await app.auth.login(BLOCKED_EMAIL, PASSWORD)

    assert refused.value.message == "User is blocked"
    assert refused.value.code == "forbidden"


async def test_authentication_reads_the_role_and_block_fresh_on_every_request(
    app: FakeApp,
) -> None:
    token = (await app.auth.login(OTHER_MEMBER_EMAIL, PASSWORD)).token.token
    assert (await app.auth.authenticate(token)).role is Role.MEMBER

    await app.users.block(b.context(b.admin()), OTHER_MEMBER_ID)
    assert (await app.auth.authenticate(token)).is_blocked

    await app.users.change_role(b.context(b.admin()), OTHER_MEMBER_ID, Role.ADMIN)
    actor = await app.auth.authenticate(token)
    assert (actor.role, actor.is_blocked, actor.user_id) == (Role.ADMIN, False, OTHER_MEMBER_ID)
    assert app.directory.lookups == 3


async def test_authentication_trusts_the_directory_not_the_token(app: FakeApp) -> None:
    token = app.tokens.issue(MEMBER_ID).token
    app.directory.put(ActorRecord(user_id=MEMBER_ID, name="Mia", role=Role.ADMIN, is_blocked=True))

    actor = await app.auth.authenticate(token)

    assert (actor.role, actor.is_blocked, actor.name) == (Role.ADMIN, True, "Mia")


async def test_a_token_for_a_user_who_does_not_exist_is_refused(app: FakeApp) -> None:
    token = app.tokens.issue(99).token

    with pytest.raises(AuthenticationError, match=r"^User not found$"):
        await app.auth.authenticate(token)


async def test_a_token_that_was_never_issued_is_refused(app: FakeApp) -> None:
    with pytest.raises(AuthenticationError):
        await app.auth.authenticate("forged")


async def test_an_expired_token_is_refused(app: FakeApp) -> None:
    token = (await app.auth.login(MEMBER_EMAIL, PASSWORD)).token.token
    app.clock.advance(timedelta(hours=2))

    with pytest.raises(AuthenticationError, match=r"^Token has expired$"):
        await app.auth.authenticate(token)
