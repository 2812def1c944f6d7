"""Given a bug's history, when a command arrives, then these events (or this refusal)."""

from collections.abc import Callable, Sequence
from itertools import product

import pytest

from domain.bugs.commands import BugCommand
from domain.bugs.decider import bug_decider
from domain.bugs.events import BugEvent
from domain.bugs.state import NEXT_STATUS, Bug, Comment, Priority, Status
from domain.errors import (
    AlreadyExistsError,
    AssigneeRequiredError,
    BugClosedError,
    CommentNotFoundError,
    CorruptStreamError,
    InvalidTransitionError,
    InvalidValueError,
    NotFoundError,
    ResolutionNoteRequiredError,
)
from domain.ranking import initial_rank
from tests import builders as b
from tests.builders import BUG_ID, COMMENT_ID, MEMBER_ID, OTHER_MEMBER_ID, Given


def given(*events: BugEvent) -> Given[BugCommand, Bug | None, BugEvent]:
    return Given(bug_decider, events)


def given_a_bug(status: Status, *more: BugEvent) -> Given[BugCommand, Bug | None, BugEvent]:
    return given(*b.bug_history_until(status), *more)


def given_a_bug_ready_to_leave(status: Status) -> Given[BugCommand, Bug | None, BugEvent]:
    """A bug in ``status`` that already meets the guard of the step out of it."""
    guard: dict[Status, BugEvent] = {
        Status.OPEN: b.bug_assigned(),
        Status.IN_PROGRESS: b.resolution_noted(),
    }
    return given_a_bug(status, *([guard[status]] if status in guard else []))


def the_bug(history: Given[BugCommand, Bug | None, BugEvent]) -> Bug:
    state = history.state
    assert state is not None
    return state


# -- reporting -------------------------------------------------------------------------------


def test_reporting_a_bug_records_it_with_an_initial_rank() -> None:
    assert given().when(b.report_bug()) == [b.bug_reported(rank=initial_rank(BUG_ID))]


def test_a_reported_bug_is_open_unassigned_and_without_a_note() -> None:
    bug = the_bug(given(b.bug_reported(priority=Priority.HIGH)))

    assert bug.status is Status.OPEN
    assert bug.assignee_id is None
    assert bug.resolution_note is None
    assert bug.priority is Priority.HIGH
    assert bug.reporter_id == b.ADMIN_ID
    assert bug.reported_at == b.AT
    assert bug.comments == ()


def test_a_reported_title_and_description_are_trimmed() -> None:
    command = b.report_bug(title=f"  {b.TITLE}\n", description=f"\t{b.DESCRIPTION}  ")

    assert given().when(command) == [b.bug_reported()]


@pytest.mark.parametrize("blank", ["", " ", "\t\n  "])
def test_a_bug_with_a_blank_title_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^title must not be blank$") as refused:
        given().when(b.report_bug(title=blank))

    assert refused.value.code == "invalid_value"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_bug_with_a_blank_description_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^description must not be blank$"):
        given().when(b.report_bug(description=blank))


def test_a_title_longer_than_255_characters_is_refused() -> None:
    assert given().when(b.report_bug(title="x" * 255))

    with pytest.raises(InvalidValueError, match=r"at most 255 characters"):
        given().when(b.report_bug(title="x" * 256))


def test_a_bug_cannot_be_reported_twice() -> None:
    with pytest.raises(AlreadyExistsError, match=f"^Bug {BUG_ID} already exists$") as refused:
        given(b.bug_reported()).when(b.report_bug())

    assert refused.value.code == "already_exists"


# -- the lifecycle ---------------------------------------------------------------------------

ALL_PAIRS = list(product(Status, Status))


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{c}->{t}" for c, t in ALL_PAIRS])
def test_the_lifecycle_only_moves_one_step_forward(current: Status, target: Status) -> None:
    history = given_a_bug_ready_to_leave(current)

    if NEXT_STATUS.get(current) is target:
        assert history.when(b.transition_bug(target)) == [b.status_changed(current, target)]
        assert the_bug(given(*history.history, b.status_changed(current, target))).status is target
    else:
        with pytest.raises(InvalidTransitionError) as refused:
            history.when(b.transition_bug(target))
        assert refused.value.message == f"Cannot transition from {current} to {target}"
        assert refused.value.code == "invalid_transition"


def test_only_three_transitions_exist() -> None:
    allowed = [(c, t) for c, t in ALL_PAIRS if NEXT_STATUS.get(c) is t]

    assert allowed == [
        (Status.OPEN, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.CLOSED),
    ]


@pytest.mark.parametrize("status", list(Status))
def test_a_transition_to_the_current_status_is_refused(status: Status) -> None:
    with pytest.raises(InvalidTransitionError, match=f"^Cannot transition from {status} to"):
        given_a_bug(status).when(b.transition_bug(status))


def test_a_closed_bug_cannot_be_reopened() -> None:
    with pytest.raises(InvalidTransitionError, match=r"^Cannot transition from closed to open$"):
        given_a_bug(Status.CLOSED).when(b.transition_bug(Status.OPEN))


def test_a_resolved_bug_cannot_go_back_to_in_progress() -> None:
    with pytest.raises(
        InvalidTransitionError, match=r"^Cannot transition from resolved to in_progress$"
    ):
        given_a_bug(Status.RESOLVED).when(b.transition_bug(Status.IN_PROGRESS))


def test_an_open_bug_cannot_skip_to_resolved() -> None:
    with pytest.raises(InvalidTransitionError, match=r"^Cannot transition from open to resolved$"):
        given_a_bug(Status.OPEN, b.bug_assigned(), b.resolution_noted()).when(
            b.transition_bug(Status.RESOLVED)
        )


def test_starting_work_on_an_unassigned_bug_is_refused() -> None:
    with pytest.raises(AssigneeRequiredError) as refused:
        given(b.bug_reported()).when(b.transition_bug(Status.IN_PROGRESS))

    assert refused.value.message == "Assignee required before transitioning to in_progress"
    assert refused.value.code == "assignee_required"


def test_starting_work_after_the_assignee_was_removed_is_refused() -> None:
    history = given(b.bug_reported(), b.bug_assigned(), b.bug_unassigned())

    with pytest.raises(AssigneeRequiredError):
        history.when(b.transition_bug(Status.IN_PROGRESS))


def test_resolving_without_a_resolution_note_is_refused() -> None:
    with pytest.raises(ResolutionNoteRequiredError) as refused:
        given_a_bug(Status.IN_PROGRESS).when(b.transition_bug(Status.RESOLVED))

    assert refused.value.message == "Resolution note required before transitioning to resolved"
    assert refused.value.code == "resolution_note_required"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_whitespace_only_note_does_not_satisfy_the_resolution_guard(blank: str) -> None:
    # The decider never records a blank note; an old or hand-written stream might hold one.
    history = given_a_bug(Status.IN_PROGRESS, b.resolution_noted(blank))

    with pytest.raises(ResolutionNoteRequiredError):
        history.when(b.transition_bug(Status.RESOLVED))


def test_resolving_with_a_note_records_the_status_change() -> None:
    history = given_a_bug(Status.IN_PROGRESS, b.resolution_noted())

    assert history.when(b.transition_bug(Status.RESOLVED, by=MEMBER_ID)) == [
        b.status_changed(Status.IN_PROGRESS, Status.RESOLVED, by=MEMBER_ID)
    ]


def test_closing_a_resolved_bug_needs_no_guard() -> None:
    assert given_a_bug(Status.RESOLVED).when(b.transition_bug(Status.CLOSED)) == [
        b.status_changed(Status.RESOLVED, Status.CLOSED)
    ]


def test_the_edge_is_checked_before_the_assignee_guard() -> None:
    with pytest.raises(InvalidTransitionError, match=r"^Cannot transition from open to open$"):
        given(b.bug_reported()).when(b.transition_bug(Status.OPEN))
    with pytest.raises(InvalidTransitionError, match=r"^Cannot transition from open to resolved$"):
        given(b.bug_reported()).when(b.transition_bug(Status.RESOLVED))


def test_the_edge_is_checked_before_the_note_guard() -> None:
    with pytest.raises(
        InvalidTransitionError, match=r"^Cannot transition from in_progress to closed$"
    ):
        given_a_bug(Status.IN_PROGRESS).when(b.transition_bug(Status.CLOSED))


def test_transitioning_a_bug_that_does_not_exist_is_refused() -> None:
    with pytest.raises(NotFoundError) as refused:
        given().when(b.transition_bug(Status.IN_PROGRESS))

    assert refused.value.code == "not_found"


# -- editing ---------------------------------------------------------------------------------


def test_retitling_records_the_new_and_the_previous_title() -> None:
    assert given(b.bug_reported()).when(b.edit_bug(title="Login fails on Safari")) == [
        b.bug_retitled("Login fails on Safari")
    ]


def test_an_edit_of_every_field_records_one_event_per_field() -> None:
    command = b.edit_bug(title="New title", description="New text", priority=Priority.CRITICAL)

    assert given(b.bug_reported()).when(command) == [
        b.bug_retitled("New title"),
        b.bug_description_changed("New text"),
        b.bug_reprioritized(Priority.CRITICAL),
    ]


def test_edited_fields_are_applied_by_replay() -> None:
    bug = the_bug(
        given(
            b.bug_reported(),
            b.bug_retitled("New title"),
            b.bug_description_changed("New text"),
            b.bug_reprioritized(Priority.LOW),
        )
    )

    assert (bug.title, bug.description, bug.priority) == ("New title", "New text", Priority.LOW)


@pytest.mark.parametrize(
    "command",
    [
        b.edit_bug(),
        b.edit_bug(title=b.TITLE, description=b.DESCRIPTION, priority=Priority.MEDIUM),
        b.edit_bug(title=f"  {b.TITLE}  "),
        b.edit_bug(priority=Priority.MEDIUM),
    ],
    ids=["no fields", "same values", "same title padded", "same priority"],
)
def test_an_edit_that_changes_nothing_records_nothing(command: BugCommand) -> None:
    assert given(b.bug_reported()).when(command) == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_an_edit_to_a_blank_title_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^title must not be blank$"):
        given(b.bug_reported()).when(b.edit_bug(title=blank))


def test_an_edit_to_a_blank_description_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"^description must not be blank$"):
        given(b.bug_reported()).when(b.edit_bug(description=" "))


def test_a_bug_can_be_edited_in_every_status_but_closed() -> None:
    for status in (Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED):
        assert given_a_bug(status).when(b.edit_bug(title="Renamed")) == [b.bug_retitled("Renamed")]


CHANGES_REFUSED_WHEN_CLOSED: list[BugCommand] = [
    b.edit_bug(title="Renamed"),
    b.edit_bug(),
    b.assign_bug(OTHER_MEMBER_ID),
    b.assign_bug(MEMBER_ID),
    b.unassign_bug(),
    b.note_resolution("A better note"),
    b.add_comment(comment_id=COMMENT_ID + 1),
    b.edit_comment("Edited"),
    b.delete_comment(),
]


@pytest.mark.parametrize("command", CHANGES_REFUSED_WHEN_CLOSED, ids=lambda c: type(c).__name__)
def test_a_closed_bug_refuses_every_change(command: BugCommand) -> None:
    closed_with_a_comment = given_a_bug(
        Status.RESOLVED, b.comment_added(), b.status_changed(Status.RESOLVED, Status.CLOSED)
    )

    with pytest.raises(BugClosedError) as refused:
        closed_with_a_comment.when(command)

    assert refused.value.message == f"Bug {BUG_ID} is closed and can no longer be changed"
    assert refused.value.code == "bug_closed"


def test_a_closed_bug_can_still_be_ranked_within_its_column() -> None:
    assert given_a_bug(Status.CLOSED).when(b.rank_bug("a")) == [b.bug_ranked("a")]


CHANGES_OF_A_MISSING_BUG: list[BugCommand] = [
    b.edit_bug(title="x"),
    b.assign_bug(),
    b.unassign_bug(),
    b.note_resolution(),
    b.rank_bug("a"),
    b.add_comment(),
    b.edit_comment("x"),
    b.delete_comment(),
]


@pytest.mark.parametrize("command", CHANGES_OF_A_MISSING_BUG, ids=lambda c: type(c).__name__)
def test_a_bug_that_was_never_reported_cannot_be_changed(command: BugCommand) -> None:
    with pytest.raises(NotFoundError):
        given().when(command)


# -- assigning -------------------------------------------------------------------------------


def test_assigning_records_the_assignee() -> None:
    assert given(b.bug_reported()).when(b.assign_bug(MEMBER_ID)) == [b.bug_assigned(MEMBER_ID)]


def test_reassigning_records_who_had_the_bug_before() -> None:
    history = given(b.bug_reported(), b.bug_assigned(MEMBER_ID))

    assert history.when(b.assign_bug(OTHER_MEMBER_ID)) == [
        b.bug_assigned(OTHER_MEMBER_ID, previous_assignee_id=MEMBER_ID)
    ]


def test_assigning_the_current_assignee_again_records_nothing() -> None:
    assert given(b.bug_reported(), b.bug_assigned(MEMBER_ID)).when(b.assign_bug(MEMBER_ID)) == []


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.RESOLVED])
def test_a_bug_can_be_reassigned_after_work_started(status: Status) -> None:
    assert given_a_bug(status).when(b.assign_bug(OTHER_MEMBER_ID)) == [
        b.bug_assigned(OTHER_MEMBER_ID, previous_assignee_id=MEMBER_ID)
    ]


def test_unassigning_an_open_bug_records_who_had_it() -> None:
    history = given(b.bug_reported(), b.bug_assigned(OTHER_MEMBER_ID))

    assert history.when(b.unassign_bug()) == [b.bug_unassigned(OTHER_MEMBER_ID)]
    assert the_bug(given(*history.history, b.bug_unassigned(OTHER_MEMBER_ID))).assignee_id is None


def test_unassigning_an_unassigned_bug_records_nothing() -> None:
    assert given(b.bug_reported()).when(b.unassign_bug()) == []


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.RESOLVED])
def test_a_bug_past_open_cannot_be_unassigned(status: Status) -> None:
    with pytest.raises(InvalidValueError, match=f"^Cannot unassign a bug that is {status}$"):
        given_a_bug(status).when(b.unassign_bug())


# -- the resolution note ---------------------------------------------------------------------


def test_noting_a_resolution_records_the_trimmed_note() -> None:
    assert given_a_bug(Status.IN_PROGRESS).when(b.note_resolution(f"  {b.NOTE} ")) == [
        b.resolution_noted(b.NOTE)
    ]


def test_a_new_note_records_the_previous_one() -> None:
    history = given_a_bug(Status.IN_PROGRESS, b.resolution_noted("First try"))

    assert history.when(b.note_resolution("Second try")) == [
        b.resolution_noted("Second try", previous_note="First try")
    ]


def test_the_same_note_again_records_nothing() -> None:
    history = given_a_bug(Status.IN_PROGRESS, b.resolution_noted())

    assert history.when(b.note_resolution(b.NOTE)) == []


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_resolution_note_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^resolution_note must not be blank$"):
        given_a_bug(Status.IN_PROGRESS).when(b.note_resolution(blank))


@pytest.mark.parametrize("status", [Status.OPEN, Status.RESOLVED])
def test_the_model_accepts_a_note_outside_in_progress(status: Status) -> None:
    # Who may write it then (admins only) is the application's policy, not the model's.
    assert given_a_bug(status).when(b.note_resolution("Noted")) != []


# -- ranking ---------------------------------------------------------------------------------


def test_ranking_records_the_new_and_the_previous_rank() -> None:
    assert given(b.bug_reported()).when(b.rank_bug("Va")) == [b.bug_ranked("Va")]


def test_ranking_to_the_current_rank_records_nothing() -> None:
    assert given(b.bug_reported()).when(b.rank_bug(initial_rank(BUG_ID))) == []


@pytest.mark.parametrize("rank", ["", "a0", "0", "a b", "a-b", "é"])
def test_an_invalid_rank_is_refused(rank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^Invalid rank"):
        given(b.bug_reported()).when(b.rank_bug(rank))


# -- comments --------------------------------------------------------------------------------


def test_commenting_records_the_trimmed_text() -> None:
    assert given(b.bug_reported()).when(b.add_comment(f" {b.COMMENT} ")) == [b.comment_added()]


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED])
def test_a_bug_can_be_commented_on_until_it_is_closed(status: Status) -> None:
    assert given_a_bug(status).when(b.add_comment()) == [b.comment_added()]


def test_a_blank_comment_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"^text must not be blank$"):
        given(b.bug_reported()).when(b.add_comment("  "))


def test_a_comment_id_cannot_be_used_twice() -> None:
    with pytest.raises(AlreadyExistsError, match=f"^Comment {COMMENT_ID} already exists$"):
        given(b.bug_reported(), b.comment_added()).when(b.add_comment("Again"))


def test_comments_are_kept_in_order_with_their_author() -> None:
    bug = the_bug(
        given(
            b.bug_reported(),
            b.comment_added("first", comment_id=1, by=MEMBER_ID),
            b.comment_added("second", comment_id=2, by=OTHER_MEMBER_ID),
        )
    )

    assert bug.comments == (
        Comment(id=1, author_id=MEMBER_ID, text="first"),
        Comment(id=2, author_id=OTHER_MEMBER_ID, text="second"),
    )


def test_editing_a_comment_records_the_new_and_the_previous_text() -> None:
    history = given(b.bug_reported(), b.comment_added())

    assert history.when(b.edit_comment("Reworded")) == [b.comment_edited("Reworded")]


def test_editing_a_comment_to_the_same_text_records_nothing() -> None:
    assert given(b.bug_reported(), b.comment_added()).when(b.edit_comment(b.COMMENT)) == []


def test_editing_a_comment_to_blank_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"^text must not be blank$"):
        given(b.bug_reported(), b.comment_added()).when(b.edit_comment(" "))


def test_deleting_a_comment_records_it_and_hides_it() -> None:
    history = given(b.bug_reported(), b.comment_added())

    assert history.when(b.delete_comment()) == [b.comment_deleted()]
    bug = the_bug(given(*history.history, b.comment_deleted()))
    assert bug.comment(COMMENT_ID) is None
    assert bug.comments[0].deleted


COMMENT_CHANGES: list[Callable[[int], BugCommand]] = [
    lambda comment_id: b.edit_comment("x", comment_id=comment_id),
    lambda comment_id: b.delete_comment(comment_id=comment_id),
]


@pytest.mark.parametrize("change", COMMENT_CHANGES, ids=["edit", "delete"])
def test_an_unknown_comment_cannot_be_changed(change: Callable[[int], BugCommand]) -> None:
    with pytest.raises(CommentNotFoundError, match=r"^Comment 999 not found$") as refused:
        given(b.bug_reported(), b.comment_added()).when(change(999))

    assert refused.value.code == "not_found"


@pytest.mark.parametrize("change", COMMENT_CHANGES, ids=["edit", "delete"])
def test_a_deleted_comment_cannot_be_changed(change: Callable[[int], BugCommand]) -> None:
    history = given(b.bug_reported(), b.comment_added(), b.comment_deleted())

    with pytest.raises(CommentNotFoundError):
        history.when(change(COMMENT_ID))


# -- replay ----------------------------------------------------------------------------------


def test_replaying_a_full_history_gives_the_final_state() -> None:
    events: Sequence[BugEvent] = [
        *b.bug_history_until(Status.CLOSED),
        b.bug_ranked("a"),
    ]
    bug = the_bug(given(*events))

    assert bug.status is Status.CLOSED
    assert bug.assignee_id == MEMBER_ID
    assert bug.resolution_note == b.NOTE
    assert bug.rank == "a"


def test_an_event_before_the_report_means_the_stream_is_corrupt() -> None:
    with pytest.raises(CorruptStreamError, match=r"BugAssigned before bug.reported"):
        bug_decider.replay([b.bug_assigned()])
