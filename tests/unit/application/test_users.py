"""Account use cases: creation, unique emails, roles, blocking, passwords, the admin bootstrap."""

import msgspec
import pytest

from application.errors import AuthenticationError, UniqueClaimError
from application.handling import fold
from domain.errors import AdminCannotBeBlockedError, InvalidValueError, NotFoundError
from domain.ids import user_stream
from domain.users.model import Role, User, UserRegistered, user_decider
from tests import builders as b
from tests.builders import (
    ADMIN_EMAIL,
    ADMIN_ID,
    BLOCKED_ID,
    MEMBER_EMAIL,
    MEMBER_ID,
    OTHER_MEMBER_ID,
    PASSWORD,
)
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio


async def the_user(app: FakeApp, user_id: int) -> User:
    user = fold(user_decider, await app.store.read_stream(user_stream(user_id)))
    assert user is not None
    return user


async def ensure_admin(app: FakeApp, *, email: str = ADMIN_EMAIL, password: str = PASSWORD) -> int:
    outcome = await app.users.ensure_admin(
        b.context(None), name="Ada Admin", email=email, password=password
    )
    return outcome.event_count


# -- creating accounts -----------------------------------------------------------------------


async def test_an_admin_creates_a_member_by_default(app: FakeApp) -> None:
    outcome = await app.users.create(
        b.context(b.admin()), name="Nina", email="nina@example.com", password=PASSWORD
    )

    user = await the_user(app, outcome.aggregate_id)
    assert (user.id, user.role, user.is_blocked) == (5, Role.MEMBER, False)
    assert app.store.events[-1].event.by == ADMIN_ID


async def test_an_admin_may_create_another_admin(app: FakeApp) -> None:
    outcome = await app.users.create(
        b.context(b.admin()), name="Al", email="al@example.com", password=PASSWORD, role=Role.ADMIN
    )

    assert (await the_user(app, outcome.aggregate_id)).role is Role.ADMIN


async def test_only_the_password_hash_is_ever_recorded(app: FakeApp) -> None:
    await app.users.create(
        b.context(b.admin()), name="Nina", email="nina@example.com", password="s3cret-words"
    )

    registered = app.store.events[-1].event
    assert isinstance(registered, UserRegistered)
    assert registered.password_hash == app.hasher.hash("s3cret-words")
    assert "password" not in msgspec.structs.asdict(registered)


@pytest.mark.parametrize("email", [MEMBER_EMAIL, "MIA@example.com", " Mia@Example.COM "])
async def test_an_email_belongs_to_one_account_whatever_its_case(app: FakeApp, email: str) -> None:
    before = len(app.store.events)

    with pytest.raises(UniqueClaimError) as refused:
        await app.users.create(b.context(b.admin()), name="Mia 2", email=email, password=PASSWORD)

    assert refused.value.message == f"User with email {MEMBER_EMAIL} already exists"
    assert refused.value.code == "already_exists"
    assert len(app.store.events) == before


async def test_a_refused_duplicate_uses_up_no_id(app: FakeApp) -> None:
    with pytest.raises(UniqueClaimError):
        await app.users.create(
            b.context(b.admin()), name="Mia 2", email=MEMBER_EMAIL, password=PASSWORD
        )

    created = await app.users.create(
        b.context(b.admin()), name="Nina", email="nina@example.com", password=PASSWORD
    )
    assert created.aggregate_id == OTHER_MEMBER_ID + 1


@pytest.mark.parametrize("password", ["short", "x" * 7, "x" * 129])
async def test_a_password_outside_8_to_128_characters_is_refused(
    app: FakeApp, password: str
) -> None:
    with pytest.raises(InvalidValueError, match=r"^password must be between 8 and 128 characters$"):
        await app.users.create(
            b.context(b.admin()), name="Nina", email="nina@example.com", password=password
        )


async def test_an_invalid_email_is_refused(app: FakeApp) -> None:
    with pytest.raises(InvalidValueError, match=r"^Invalid email address"):
        await app.users.create(b.context(b.admin()), name="Nina", email="nina", password=PASSWORD)


async def test_self_registration_always_makes_a_member_who_registered_themselves(
    app: FakeApp,
) -> None:
    outcome = await app.users.register(
        b.context(None), name="Sam", email="sam@example.com", password=PASSWORD
    )

    assert (await the_user(app, outcome.aggregate_id)).role is Role.MEMBER
    assert app.store.events[-1].event.by == outcome.aggregate_id


async def test_a_user_is_found_by_email_whatever_its_case(app: FakeApp) -> None:
    found = await app.users.find_by_email("MIA@EXAMPLE.COM")

    assert found is not None
    assert found.id == MEMBER_ID
    assert await app.users.find_by_email("nobody@example.com") is None


# -- roles and blocking ----------------------------------------------------------------------


async def test_an_admin_cannot_block_their_own_account(app: FakeApp) -> None:
    before = len(app.store.events)

    with pytest.raises(InvalidValueError) as refused:
        await app.users.block(b.context(b.admin()), ADMIN_ID)

    assert refused.value.message == "Admin cannot block their own account"
    assert len(app.store.events) == before


async def test_an_admin_cannot_unblock_their_own_account_either(app: FakeApp) -> None:
    with pytest.raises(InvalidValueError, match=r"^Admin cannot block their own account$"):
        await app.users.unblock(b.context(b.admin()), ADMIN_ID)


async def test_admin_accounts_cannot_be_blocked(app: FakeApp) -> None:
    await app.users.change_role(b.context(b.admin()), OTHER_MEMBER_ID, Role.ADMIN)

    with pytest.raises(AdminCannotBeBlockedError) as refused:
        await app.users.block(b.context(b.admin()), OTHER_MEMBER_ID)

    assert refused.value.message == "Admin accounts cannot be blocked"
    assert refused.value.code == "admin_cannot_be_blocked"


async def test_a_user_who_does_not_exist_is_named(app: FakeApp) -> None:
    with pytest.raises(NotFoundError, match=r"^User 99 not found$"):
        await app.users.block(b.context(b.admin()), 99)
    with pytest.raises(NotFoundError, match=r"^User 99 not found$"):
        await app.users.change_role(b.context(b.admin()), 99, Role.ADMIN)


async def test_blocking_twice_records_one_block(app: FakeApp) -> None:
    first = await app.users.block(b.context(b.admin()), MEMBER_ID)
    second = await app.users.block(b.context(b.admin()), MEMBER_ID)

    assert (first.event_count, second.event_count) == (1, 0)
    assert (await the_user(app, MEMBER_ID)).is_blocked


async def test_unblocking_lifts_the_block(app: FakeApp) -> None:
    await app.users.unblock(b.context(b.admin()), BLOCKED_ID)

    assert not (await the_user(app, BLOCKED_ID)).is_blocked


async def test_promoting_a_blocked_member_unblocks_them(app: FakeApp) -> None:
    outcome = await app.users.change_role(b.context(b.admin()), BLOCKED_ID, Role.ADMIN)

    user = await the_user(app, BLOCKED_ID)
    assert (user.role, user.is_blocked, outcome.event_count) == (Role.ADMIN, False, 2)


async def test_an_admin_cannot_demote_themselves(app: FakeApp) -> None:
    with pytest.raises(InvalidValueError, match=r"^Admin cannot demote their own account$"):
        await app.users.change_role(b.context(b.admin()), ADMIN_ID, Role.MEMBER)


async def test_an_admin_demotes_another_admin(app: FakeApp) -> None:
    await app.users.change_role(b.context(b.admin()), OTHER_MEMBER_ID, Role.ADMIN)
    await app.users.change_role(b.context(b.admin()), OTHER_MEMBER_ID, Role.MEMBER)

    assert (await the_user(app, OTHER_MEMBER_ID)).role is Role.MEMBER


async def test_a_member_renames_themselves(app: FakeApp) -> None:
    await app.users.rename(b.context(b.member()), MEMBER_ID, "Mia M.")

    assert (await the_user(app, MEMBER_ID)).name == "Mia M."


# -- passwords -------------------------------------------------------------------------------


async def test_changing_ones_password_needs_the_current_one(app: FakeApp) -> None:
    before = len(app.store.events)

    # A 422, not a 401: a typo in the current password must not look like an expired session.
    with pytest.raises(InvalidValueError, match=r"^Current password is incorrect$"):
        await app.users.change_own_password(
            b.context(b.member()), current_password="wrong password", new_password="new secret!"
        )

    assert len(app.store.events) == before


async def test_a_changed_password_is_the_one_that_logs_in(app: FakeApp) -> None:
    await app.users.change_own_password(
        b.context(b.member()), current_password=PASSWORD, new_password="new secret!"
    )

    assert (await app.auth.login(MEMBER_EMAIL, "new secret!")).user.id == MEMBER_ID
    with pytest.raises(AuthenticationError):
        await app.auth.login(MEMBER_EMAIL, PASSWORD)


async def test_a_new_password_must_meet_the_policy(app: FakeApp) -> None:
    with pytest.raises(InvalidValueError):
        await app.users.change_own_password(
            b.context(b.member()), current_password=PASSWORD, new_password="short"
        )


async def test_an_operator_resets_a_forgotten_password(app: FakeApp) -> None:
    await app.users.reset_password(b.context(None), email="MIA@example.com", password="reset pw!")

    assert (await app.auth.login(MEMBER_EMAIL, "reset pw!")).user.id == MEMBER_ID
    with pytest.raises(AuthenticationError, match=r"^No user with email nobody@example.com$"):
        await app.users.reset_password(
            b.context(None), email="nobody@example.com", password="reset pw!"
        )


# -- the admin bootstrap ---------------------------------------------------------------------


async def test_bootstrapping_an_empty_system_creates_the_admin() -> None:
    app = FakeApp.create()

    assert await ensure_admin(app) == 1

    admin = await the_user(app, 1)
    assert (admin.email, admin.role, admin.password_hash) == (
        ADMIN_EMAIL,
        Role.ADMIN,
        b.PASSWORD_HASH,
    )
    assert app.store.events[-1].event.by == admin.id


async def test_bootstrapping_again_appends_nothing() -> None:
    app = FakeApp.create()
    await ensure_admin(app)
    before = len(app.store.events)

    assert await ensure_admin(app) == 0
    assert await ensure_admin(app, email=ADMIN_EMAIL.upper()) == 0
    assert len(app.store.events) == before


async def test_bootstrapping_never_resets_a_password_changed_in_the_app(app: FakeApp) -> None:
    await app.users.change_own_password(
        b.context(b.admin()), current_password=PASSWORD, new_password="changed in the app"
    )

    assert await ensure_admin(app, password="the configured one") == 0

    assert (await app.auth.login(ADMIN_EMAIL, "changed in the app")).user.id == ADMIN_ID
    with pytest.raises(AuthenticationError):
        await app.auth.login(ADMIN_EMAIL, "the configured one")


async def test_bootstrapping_never_promotes_an_existing_member_account(app: FakeApp) -> None:
    # Whoever registered the configured address first must not become admin on a restart.
    before = len(app.store.events)
    with pytest.raises(InvalidValueError, match="belongs to a member account"):
        await ensure_admin(app, email=b.BLOCKED_EMAIL)

    user = await the_user(app, BLOCKED_ID)
    assert (user.role, user.is_blocked) == (Role.MEMBER, True)
    assert len(app.store.events) == before


async def test_bootstrapping_refuses_a_weak_password() -> None:
    with pytest.raises(InvalidValueError):
        await ensure_admin(FakeApp.create(), password="short")


async def test_a_restart_keeps_the_name_an_admin_gave_themself(app: FakeApp) -> None:
    first = await app.users.ensure_admin(
        b.context(None), name="Ada Admin", email=ADMIN_EMAIL, password=PASSWORD
    )
    admin_id = first.aggregate_id
    await app.users.rename(b.context(b.admin(admin_id)), admin_id, "Ada Lovelace")

    assert await ensure_admin(app) == 0
    user = await app.users.find_by_email(ADMIN_EMAIL)
    assert user is not None
    assert user.name == "Ada Lovelace"
