"""Shaping read views for a particular viewer (who may see which email addresses)."""

from typing import TypeVar

import msgspec

from application.context import Actor
from domain.errors import NotFoundError
from projections.views import BugDetailView, UserView

T = TypeVar("T")


def present_user(user: UserView, viewer: Actor | None) -> UserView:
    """Emails are personal data: only admins and the person themself see them."""
    if viewer is not None and (viewer.is_admin or viewer.user_id == user.id):
        return user
    return msgspec.structs.replace(user, email=None)


def present_bug_detail(bug: BugDetailView, viewer: Actor) -> BugDetailView:
    if bug.assignee is None:
        return bug
    return msgspec.structs.replace(bug, assignee=present_user(bug.assignee, viewer))


def found(value: T | None, kind: str, entity_id: int) -> T:
    if value is None:
        raise NotFoundError(kind, entity_id)
    return value
