"""Who may do what. The role rules live here, so they are tested without HTTP.

admin: everything the model allows. member: read, comment, and move in_progress -> resolved
(and set the resolution note of an in_progress bug). Blocked users: nothing.
"""

from application.context import Actor
from application.errors import AuthenticationError, PermissionDeniedError
from domain.bugs.state import Bug, Status


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise AuthenticationError("Authentication required")
    if actor.is_blocked:
        raise PermissionDeniedError("User is blocked")
    return actor


def require_admin(actor: Actor | None) -> Actor:
    active = require_actor(actor)
    if not active.is_admin:
        raise PermissionDeniedError("Admin role required")
    return active


def authorise_transition(actor: Actor, bug: Bug | None, target: Status) -> None:
    if actor.is_admin or bug is None:
        return
    if not (bug.status is Status.IN_PROGRESS and target is Status.RESOLVED):
        raise PermissionDeniedError("Members can only resolve in_progress bugs")


def authorise_resolution_note(actor: Actor, bug: Bug | None) -> None:
    if actor.is_admin or bug is None:
        return
    if bug.status is not Status.IN_PROGRESS:
        raise PermissionDeniedError("Members can only update in_progress bugs")


def authorise_comment_change(
    actor: Actor, bug: Bug | None, comment_id: int, *, delete: bool
) -> None:
    """Authors edit and delete their own comments; admins may also delete anyone's."""
    if bug is None:
        return
    comment = bug.comment(comment_id)
    if comment is None or comment.author_id == actor.user_id:
        return
    if delete and actor.is_admin:
        return
    verb = "delete" if delete else "edit"
    raise PermissionDeniedError(f"Only the author can {verb} this comment")
