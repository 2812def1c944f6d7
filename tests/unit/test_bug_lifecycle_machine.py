"""Random command sequences, from every kind of caller, through the application layer.

A tiny independent model predicts, for each command, whether it is accepted or refused with
which message. After every step the stored history must replay to the live state and to the
model, must hold only lifecycle steps whose guards held, and must survive the JSON codec.
"""

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import msgspec
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from application.context import Actor
from application.errors import (
    AuthenticationError,
    BoardChangedError,
    PermissionDeniedError,
)
from application.handling import fold
from application.ports import CommandOutcome
from domain.bugs.decider import bug_decider
from domain.bugs.events import BugEvent, BugStatusChanged
from domain.bugs.state import NEXT_STATUS, Bug, Status
from domain.catalog import DomainEvent
from domain.errors import (
    AssigneeRequiredError,
    BugClosedError,
    CommentNotFoundError,
    InvalidTransitionError,
    InvalidValueError,
    NotFoundError,
    ResolutionNoteRequiredError,
)
from domain.ids import bug_stream
from tests import builders as b
from tests.builders import ADMIN_ID, BLOCKED_ID, MEMBER_ID, OTHER_MEMBER_ID
from tests.fakes import FakeApp


@dataclass(frozen=True)
class Refusal:
    error: type[Exception]
    message: str


ROLES = ("admin", "member", "blocked member", "anonymous")
ACTORS: dict[str, Actor | None] = {
    "admin": b.admin(),
    "member": b.member(),
    "blocked member": b.blocked_member(),
    "anonymous": None,
}
ANONYMOUS = Refusal(AuthenticationError, "Authentication required")
BLOCKED = Refusal(PermissionDeniedError, "User is blocked")
ADMINS_ONLY = Refusal(PermissionDeniedError, "Admin role required")
RESOLVE_ONLY = Refusal(PermissionDeniedError, "Members can only resolve in_progress bugs")
NOTE_ONLY = Refusal(PermissionDeniedError, "Members can only update resolution_note")
IN_PROGRESS_ONLY = Refusal(PermissionDeniedError, "Members can only update in_progress bugs")
BOARD_CHANGED = Refusal(
    BoardChangedError, "The board changed since it was loaded: reload and try again"
)

# Weighted towards callers and targets that get somewhere, so runs reach every status.
roles = st.sampled_from(["admin"] * 4 + ["member"] * 3 + ["blocked member", "anonymous"])
targets = st.sampled_from(["next"] * 4 + list(Status))
texts = st.sampled_from(["Seen it", "  Seen it ", "Another take", "", "   "])
titles = st.sampled_from([b.TITLE, "Login fails on Safari", f"  {b.TITLE} ", "", " \t "])
assignees = st.sampled_from([MEMBER_ID, OTHER_MEMBER_ID, ADMIN_ID, BLOCKED_ID, 99])
picks = st.integers(min_value=0, max_value=9)


@dataclass
class ModelComment:
    author: int
    text: str
    deleted: bool = False


@dataclass
class Model:
    """What the bug should look like, written without the decider."""

    bug_id: int
    title: str = b.TITLE
    status: Status = Status.OPEN
    assignee: int | None = None
    note: str | None = None
    comments: dict[int, ModelComment] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=lambda: {BLOCKED_ID})

    @property
    def closed(self) -> bool:
        return self.status is Status.CLOSED

    def live_comment(self, comment_id: int) -> ModelComment | None:
        comment = self.comments.get(comment_id)
        return comment if comment is not None and not comment.deleted else None

    @property
    def bug_closed(self) -> Refusal:
        return Refusal(BugClosedError, f"Bug {self.bug_id} is closed and can no longer be changed")


def access(role: str) -> Refusal | None:
    return {"anonymous": ANONYMOUS, "blocked member": BLOCKED}.get(role)


def admin_access(role: str) -> Refusal | None:
    return access(role) or (ADMINS_ONLY if role == "member" else None)


def blank(value: str) -> bool:
    return not value.strip()


class BugLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.Runner()
        self.app = FakeApp.create()
        project_id = self.run(b.seed_team(self.app))
        self.neighbour_id = self.run(self._report(project_id))
        self.model = Model(bug_id=self.run(self._report(project_id)))
        self.stream = bug_stream(self.model.bug_id)
        self.live: Bug | None = None
        self.folded = 0
        self.neighbour_events = len(self.app.store.stream_events(bug_stream(self.neighbour_id)))

    def teardown(self) -> None:
        self.loop.close()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run(coroutine)

    async def _report(self, project_id: int) -> int:
        outcome = await self.app.bugs.report(
            b.context(b.admin()), project_id=project_id, title=b.TITLE, description=b.DESCRIPTION
        )
        return outcome.aggregate_id

    def attempt(
        self,
        command: Coroutine[Any, Any, CommandOutcome],
        refusal: Refusal | None,
        *,
        appends: bool | None,
    ) -> CommandOutcome | None:
        """Run ``command``; it must be refused exactly as predicted, and then append nothing.
        ``appends``: whether an accepted command records events (None: the model can't tell)."""
        before = len(self.app.store.events)
        if refusal is not None:
            with pytest.raises(refusal.error) as refused:
                self.run(command)
            assert str(refused.value) == refusal.message
            assert len(self.app.store.events) == before, "a refused command appended events"
            return None
        outcome: CommandOutcome = self.run(command)
        assert len(self.app.store.events) == before + outcome.event_count
        if appends is not None:
            assert (outcome.event_count > 0) == appends
        return outcome

    @initialize(start=st.sampled_from(list(Status)))
    def walk_the_bug_to(self, start: Status) -> None:
        """Start from any status, reached through the same checked steps as the rules."""
        while self.model.status is not start:
            if self.model.assignee is None:
                self.assign("admin", MEMBER_ID, via_update=False)
            if self.model.status is Status.IN_PROGRESS and self.model.note is None:
                self.note_resolution("member", b.NOTE, via_update=True)
            self.transition("admin", "next")

    # -- rules ---------------------------------------------------------------------------------

    def _status(self, drawn: str) -> Status:
        """``"next"`` is the status after the current one (closed stays closed)."""
        if drawn == "next":
            return NEXT_STATUS.get(self.model.status, Status.CLOSED)
        return Status(drawn)

    @rule(role=roles, drawn=targets)
    def transition(self, role: str, drawn: str) -> None:
        m = self.model
        to = self._status(drawn)
        refusal = access(role) or self._transition_refusal(role, to)
        context = b.context(ACTORS[role])
        self.attempt(self.app.bugs.transition(context, m.bug_id, to), refusal, appends=True)
        if refusal is None:
            m.status = to

    def _transition_refusal(self, role: str, target: Status) -> Refusal | None:
        m = self.model
        if role == "member" and not (m.status is Status.IN_PROGRESS and target is Status.RESOLVED):
            return RESOLVE_ONLY
        if NEXT_STATUS.get(m.status) is not target:
            return Refusal(InvalidTransitionError, f"Cannot transition from {m.status} to {target}")
        if target is Status.IN_PROGRESS and m.assignee is None:
            return Refusal(
                AssigneeRequiredError, "Assignee required before transitioning to in_progress"
            )
        if target is Status.RESOLVED and m.note is None:
            return Refusal(
                ResolutionNoteRequiredError,
                "Resolution note required before transitioning to resolved",
            )
        return None

    @rule(role=roles, assignee=assignees, via_update=st.booleans())
    def assign(self, role: str, assignee: int, via_update: bool) -> None:
        m = self.model
        assignable: Refusal | None = None
        if assignee == 99:
            assignable = Refusal(NotFoundError, "User 99 not found")
        elif assignee in m.blocked:
            message = f"User {assignee} is blocked and cannot be assigned"
            assignable = Refusal(InvalidValueError, message)
        context = b.context(ACTORS[role])
        if via_update:
            member_rule = NOTE_ONLY if role == "member" else None
            refusal = access(role) or member_rule or assignable
            command = self.app.bugs.update(context, m.bug_id, assignee_id=assignee)
        else:
            refusal = admin_access(role) or assignable
            command = self.app.bugs.assign(context, m.bug_id, assignee)
        refusal = refusal or (m.bug_closed if m.closed else None)
        self.attempt(command, refusal, appends=assignee != m.assignee)
        if refusal is None:
            m.assignee = assignee

    @rule(role=roles)
    def unassign(self, role: str) -> None:
        m = self.model
        refusal = admin_access(role) or (m.bug_closed if m.closed else None)
        if refusal is None and m.assignee is not None and m.status is not Status.OPEN:
            refusal = Refusal(InvalidValueError, f"Cannot unassign a bug that is {m.status}")
        context = b.context(ACTORS[role])
        self.attempt(
            self.app.bugs.unassign(context, m.bug_id), refusal, appends=m.assignee is not None
        )
        if refusal is None:
            m.assignee = None

    @rule(role=roles, note=texts, via_update=st.booleans())
    def note_resolution(self, role: str, note: str, via_update: bool) -> None:
        m = self.model
        refusal = access(role)
        if refusal is None and role == "member" and m.status is not Status.IN_PROGRESS:
            refusal = IN_PROGRESS_ONLY
        refusal = refusal or (m.bug_closed if m.closed else None)
        if refusal is None and blank(note):
            refusal = Refusal(InvalidValueError, "resolution_note must not be blank")
        context = b.context(ACTORS[role])
        command = (
            self.app.bugs.update(context, m.bug_id, resolution_note=note)
            if via_update
            else self.app.bugs.note_resolution(context, m.bug_id, note)
        )
        self.attempt(command, refusal, appends=note.strip() != m.note)
        if refusal is None:
            m.note = note.strip()

    @rule(role=roles, title=titles)
    def retitle(self, role: str, title: str) -> None:
        m = self.model
        refusal = access(role) or (NOTE_ONLY if role == "member" else None)
        refusal = refusal or (m.bug_closed if m.closed else None)
        if refusal is None and blank(title):
            refusal = Refusal(InvalidValueError, "title must not be blank")
        context = b.context(ACTORS[role])
        command = self.app.bugs.update(context, m.bug_id, title=title)
        self.attempt(command, refusal, appends=title.strip() != m.title)
        if refusal is None:
            m.title = title.strip()

    @rule(role=roles, drawn=targets, neighbour=st.sampled_from([None, "above", "below"]))
    def move(self, role: str, drawn: str, neighbour: str | None) -> None:
        m = self.model
        to_status = self._status(drawn)
        changes_column = to_status is not m.status
        refusal = access(role)
        # The role is checked first: a member learns nothing about the board they may not change.
        member_may = m.status is Status.IN_PROGRESS and to_status is Status.RESOLVED
        if refusal is None and role == "member" and not member_may:
            refusal = RESOLVE_ONLY
        if refusal is None and neighbour is not None and to_status is not Status.OPEN:
            refusal = BOARD_CHANGED  # the neighbour card sits in the open column
        if refusal is None and changes_column:
            refusal = self._transition_refusal(role, to_status)
        context = b.context(ACTORS[role])
        command = self.app.bugs.move(
            context,
            m.bug_id,
            to_status=to_status,
            before_id=self.neighbour_id if neighbour == "above" else None,
            after_id=self.neighbour_id if neighbour == "below" else None,
        )
        appends = True if changes_column else (None if neighbour else False)
        self.attempt(command, refusal, appends=appends)
        if refusal is None:
            m.status = to_status
            if neighbour is not None:
                ours, theirs = self._bug(m.bug_id).rank, self._bug(self.neighbour_id).rank
                assert ours < theirs if neighbour == "above" else ours > theirs

    @rule(role=roles, text=texts)
    def comment(self, role: str, text: str) -> None:
        m = self.model
        refusal = access(role) or (m.bug_closed if m.closed else None)
        if refusal is None and blank(text):
            refusal = Refusal(InvalidValueError, "text must not be blank")
        outcome = self.attempt(
            self.app.bugs.add_comment(b.context(ACTORS[role]), m.bug_id, text),
            refusal,
            appends=True,
        )
        if outcome is not None:
            actor = ACTORS[role]
            assert actor is not None
            assert outcome.aggregate_id == len(m.comments) + 1, "comment ids are gap-free"
            m.comments[outcome.aggregate_id] = ModelComment(author=actor.user_id, text=text.strip())

    @staticmethod
    def _someone_elses(comment: ModelComment | None, actor: Actor | None) -> bool:
        return comment is not None and actor is not None and comment.author != actor.user_id

    def _pick_comment(self, pick: int) -> int:
        known = sorted(self.model.comments)
        return known[pick] if pick < len(known) else 999

    @rule(role=roles, pick=picks, text=texts)
    def edit_comment(self, role: str, pick: int, text: str) -> None:
        m = self.model
        comment_id = self._pick_comment(pick)
        comment = m.live_comment(comment_id)
        actor = ACTORS[role]
        refusal = access(role)
        if refusal is None and self._someone_elses(comment, actor):
            refusal = Refusal(PermissionDeniedError, "Only the author can edit this comment")
        refusal = refusal or (m.bug_closed if m.closed else None)
        if refusal is None and comment is None:
            refusal = Refusal(CommentNotFoundError, f"Comment {comment_id} not found")
        if refusal is None and blank(text):
            refusal = Refusal(InvalidValueError, "text must not be blank")
        command = self.app.bugs.edit_comment(b.context(actor), m.bug_id, comment_id, text)
        self.attempt(command, refusal, appends=comment is not None and comment.text != text.strip())
        if refusal is None and comment is not None:
            comment.text = text.strip()

    @rule(role=roles, pick=picks)
    def delete_comment(self, role: str, pick: int) -> None:
        m = self.model
        comment_id = self._pick_comment(pick)
        comment = m.live_comment(comment_id)
        actor = ACTORS[role]
        refusal = access(role)
        if refusal is None and self._someone_elses(comment, actor) and role != "admin":
            refusal = Refusal(PermissionDeniedError, "Only the author can delete this comment")
        refusal = refusal or (m.bug_closed if m.closed else None)
        if refusal is None and comment is None:
            refusal = Refusal(CommentNotFoundError, f"Comment {comment_id} not found")
        command = self.app.bugs.delete_comment(b.context(actor), m.bug_id, comment_id)
        self.attempt(command, refusal, appends=True)
        if refusal is None and comment is not None:
            comment.deleted = True

    @rule(role=roles, block=st.booleans())
    def block_the_other_member(self, role: str, block: bool) -> None:
        m = self.model
        context = b.context(ACTORS[role])
        users = self.app.users
        command = (users.block if block else users.unblock)(context, OTHER_MEMBER_ID)
        was_blocked = OTHER_MEMBER_ID in m.blocked
        refusal = admin_access(role)
        self.attempt(command, refusal, appends=block != was_blocked)
        if refusal is None:
            (m.blocked.add if block else m.blocked.discard)(OTHER_MEMBER_ID)

    # -- invariants ----------------------------------------------------------------------------

    def _bug(self, bug_id: int) -> Bug:
        bug = fold(bug_decider, self.run(self.app.store.read_stream(bug_stream(bug_id))))
        assert bug is not None
        return bug

    def _history(self) -> list[BugEvent]:
        events = self.app.store.stream_events(self.stream)
        assert all(isinstance(event, BugEvent) for event in events)
        return events  # type: ignore[return-value]

    @invariant()
    def replaying_the_stream_gives_the_live_state_and_the_model(self) -> None:
        history = self._history()
        self.live = bug_decider.fold(history[self.folded :], self.live)
        self.folded = len(history)
        replayed = bug_decider.replay(history)
        assert replayed == self.live
        assert replayed is not None
        m = self.model
        assert (replayed.status, replayed.assignee_id, replayed.resolution_note) == (
            m.status,
            m.assignee,
            m.note,
        )
        assert replayed.title == m.title
        assert {c.id: (c.author_id, c.text, c.deleted) for c in replayed.comments} == {
            comment_id: (c.author, c.text, c.deleted) for comment_id, c in m.comments.items()
        }

    @invariant()
    def report_coverage(self) -> None:
        # Shown by --hypothesis-show-statistics: how often runs get to each status.
        hypothesis.event(f"reached {self.model.status}")
        if self.model.comments:
            hypothesis.event("has comments")

    @invariant()
    def only_valid_transitions_were_ever_recorded(self) -> None:
        walked = [e.to_status for e in self._history() if isinstance(e, BugStatusChanged)]
        assert walked == list(Status)[1 : len(walked) + 1]  # a prefix of the one lifecycle
        state: Bug | None = None
        for event in self._history():
            if isinstance(event, BugStatusChanged):
                assert state is not None
                assert event.from_status is state.status
                assert NEXT_STATUS.get(state.status) is event.to_status
                if event.to_status is Status.IN_PROGRESS:
                    assert state.assignee_id is not None
                if event.to_status is Status.RESOLVED:
                    assert (state.resolution_note or "").strip()
            state = bug_decider.evolve(state, event)

    @invariant()
    def the_neighbour_card_is_never_touched(self) -> None:
        events = self.app.store.stream_events(bug_stream(self.neighbour_id))
        assert len(events) == self.neighbour_events

    @invariant()
    def the_history_survives_the_json_codec(self) -> None:
        history = self.app.store.stream_events(self.stream)
        encoded = msgspec.json.encode(history)
        assert msgspec.json.decode(encoded, type=list[DomainEvent]) == history


TestBugLifecycle = BugLifecycle.TestCase
TestBugLifecycle.settings = settings(
    settings(),  # the loaded profile (dev/ci) decides max_examples
    stateful_step_count=30,
    deadline=None,
)
