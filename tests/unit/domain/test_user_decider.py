"""Given a user's history, when a command arrives, then these events (or this refusal)."""

import pytest

from domain.errors import (
    AdminCannotBeBlockedError,
    AlreadyExistsError,
    CorruptStreamError,
    InvalidValueError,
    NotFoundError,
)
from domain.users.model import (
    Role,
    User,
    UserCommand,
    UserEvent,
    normalise_email,
    user_decider,
)
from tests import builders as b
from tests.builders import MEMBER_ID, PASSWORD_HASH, Given


def given(*events: UserEvent) -> Given[UserCommand, User | None, UserEvent]:
    return Given(user_decider, events)


def the_user(*events: UserEvent) -> User:
    user = user_decider.replay(events)
    assert user is not None
    return user


# -- registration ----------------------------------------------------------------------------


def test_registering_records_the_account_with_its_password_hash() -> None:
    assert given().when(b.register_user()) == [b.user_registered()]


def test_a_registered_user_is_not_blocked() -> None:
    assert the_user(b.user_registered()) == User(
        id=MEMBER_ID,
        name="Mia Member",
        email="mia@example.com",
        role=Role.MEMBER,
        password_hash=PASSWORD_HASH,
        is_blocked=False,
        registered_at=b.AT,
    )


def test_an_email_is_stored_trimmed_and_lower_cased() -> None:
    assert given().when(b.register_user(email="  Mia@Example.COM ")) == [b.user_registered()]


@pytest.mark.parametrize(
    "email", ["", "mia", "@example.com", "mia@example", "mia @example.com", "x" * 250 + "@ex.com"]
)
def test_an_invalid_email_is_refused(email: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^Invalid email address") as refused:
        given().when(b.register_user(email=email))

    assert refused.value.code == "invalid_value"


def test_emails_compare_case_insensitively() -> None:
    assert normalise_email("MIA@example.com") == normalise_email("mia@EXAMPLE.com")


def test_a_user_with_a_blank_name_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"^name must not be blank$"):
        given().when(b.register_user(name="   "))


def test_an_admin_can_be_registered() -> None:
    assert given().when(b.register_user(role=Role.ADMIN)) == [b.user_registered(role=Role.ADMIN)]


def test_a_user_cannot_be_registered_twice() -> None:
    with pytest.raises(AlreadyExistsError, match=rf"^User {MEMBER_ID} already exists$"):
        given(b.user_registered()).when(b.register_user())


# -- renaming --------------------------------------------------------------------------------


def test_renaming_records_the_new_and_the_previous_name() -> None:
    assert given(b.user_registered()).when(b.rename_user(" Mia M. ")) == [b.user_renamed("Mia M.")]


def test_renaming_to_the_same_name_records_nothing() -> None:
    assert given(b.user_registered()).when(b.rename_user("Mia Member")) == []


def test_renaming_to_a_blank_name_is_refused() -> None:
    with pytest.raises(InvalidValueError):
        given(b.user_registered()).when(b.rename_user(""))


# -- roles -----------------------------------------------------------------------------------


def test_promoting_a_member_records_the_role_change() -> None:
    assert given(b.user_registered()).when(b.change_role(Role.ADMIN)) == [
        b.role_changed(Role.ADMIN, previous_role=Role.MEMBER)
    ]


def test_demoting_an_admin_records_the_role_change() -> None:
    assert given(b.user_registered(role=Role.ADMIN)).when(b.change_role(Role.MEMBER)) == [
        b.role_changed(Role.MEMBER, previous_role=Role.ADMIN)
    ]


@pytest.mark.parametrize("role", list(Role))
def test_changing_to_the_current_role_records_nothing(role: Role) -> None:
    assert given(b.user_registered(role=role)).when(b.change_role(role)) == []


def test_promoting_a_blocked_member_unblocks_them_first() -> None:
    history = given(b.user_registered(), b.user_blocked())

    decided = history.when(b.change_role(Role.ADMIN))

    assert decided == [
        b.user_unblocked(),
        b.role_changed(Role.ADMIN, previous_role=Role.MEMBER),
    ]
    promoted = the_user(*history.history, *decided)
    assert (promoted.role, promoted.is_blocked) == (Role.ADMIN, False)


def test_demoting_keeps_the_blocked_flag_as_it_was() -> None:
    history = given(b.user_registered(), b.user_blocked(), b.user_unblocked())

    assert history.when(b.change_role(Role.MEMBER)) == []


# -- blocking --------------------------------------------------------------------------------


def test_blocking_a_member_records_it() -> None:
    assert given(b.user_registered()).when(b.block_user()) == [b.user_blocked()]
    assert the_user(b.user_registered(), b.user_blocked()).is_blocked


def test_blocking_a_blocked_member_records_nothing() -> None:
    assert given(b.user_registered(), b.user_blocked()).when(b.block_user()) == []


def test_an_admin_cannot_be_blocked() -> None:
    with pytest.raises(AdminCannotBeBlockedError) as refused:
        given(b.user_registered(role=Role.ADMIN)).when(b.block_user())

    assert refused.value.message == "Admin accounts cannot be blocked"
    assert refused.value.code == "admin_cannot_be_blocked"


def test_a_promoted_member_can_no_longer_be_blocked() -> None:
    history = given(b.user_registered(), b.role_changed(Role.ADMIN, previous_role=Role.MEMBER))

    with pytest.raises(AdminCannotBeBlockedError):
        history.when(b.block_user())


def test_unblocking_a_blocked_member_records_it() -> None:
    assert given(b.user_registered(), b.user_blocked()).when(b.unblock_user()) == [
        b.user_unblocked()
    ]
    assert not the_user(b.user_registered(), b.user_blocked(), b.user_unblocked()).is_blocked


@pytest.mark.parametrize("role", list(Role))
def test_unblocking_a_user_who_is_not_blocked_records_nothing(role: Role) -> None:
    assert given(b.user_registered(role=role)).when(b.unblock_user()) == []


# -- passwords -------------------------------------------------------------------------------


def test_changing_a_password_records_the_new_hash() -> None:
    assert given(b.user_registered()).when(b.change_password("hashed:new")) == [
        b.password_changed("hashed:new")
    ]
    assert the_user(b.user_registered(), b.password_changed("hashed:new")).password_hash == (
        "hashed:new"
    )


def test_a_password_change_is_recorded_even_with_the_same_hash() -> None:
    # Real hashes are salted, so "the same hash" never happens; the model does not compare.
    assert given(b.user_registered()).when(b.change_password(PASSWORD_HASH)) == [
        b.password_changed(PASSWORD_HASH)
    ]


# -- missing users and replay ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        b.rename_user("X"),
        b.change_role(Role.ADMIN),
        b.block_user(),
        b.unblock_user(),
        b.change_password("hashed:x"),
    ],
    ids=lambda command: type(command).__name__,
)
def test_a_user_who_was_never_registered_cannot_be_changed(command: UserCommand) -> None:
    with pytest.raises(NotFoundError) as refused:
        given().when(command)

    assert refused.value.code == "not_found"


def test_an_event_before_the_registration_means_the_stream_is_corrupt() -> None:
    with pytest.raises(CorruptStreamError):
        user_decider.replay([b.user_blocked()])
