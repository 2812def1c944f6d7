"""Domain errors. Each carries a stable machine-readable ``code`` and a human message."""


class DomainError(Exception):
    """A command broke a rule of the model. ``code`` is stable; ``message`` is for people."""

    code = "domain_rule"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTransitionError(DomainError):
    code = "invalid_transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"Cannot transition from {current} to {target}")


class AssigneeRequiredError(DomainError):
    code = "assignee_required"

    def __init__(self) -> None:
        super().__init__("Assignee required before transitioning to in_progress")


class ResolutionNoteRequiredError(DomainError):
    code = "resolution_note_required"

    def __init__(self) -> None:
        super().__init__("Resolution note required before transitioning to resolved")


class BugClosedError(DomainError):
    code = "bug_closed"

    def __init__(self, bug_id: int) -> None:
        super().__init__(f"Bug {bug_id} is closed and can no longer be changed")


class InvalidValueError(DomainError):
    """A field value the model refuses (blank title, over-long text, ...)."""

    code = "invalid_value"


class NotFoundError(DomainError):
    code = "not_found"

    def __init__(self, kind: str, entity_id: int) -> None:
        super().__init__(f"{kind} {entity_id} not found")
        self.kind = kind
        self.entity_id = entity_id


class AlreadyExistsError(DomainError):
    code = "already_exists"


class CommentNotFoundError(NotFoundError):
    def __init__(self, comment_id: int) -> None:
        super().__init__("Comment", comment_id)


class AdminCannotBeBlockedError(DomainError):
    code = "admin_cannot_be_blocked"

    def __init__(self) -> None:
        super().__init__("Admin accounts cannot be blocked")


class CorruptStreamError(Exception):
    """An event arrived that cannot follow the state it was folded onto: the log is damaged."""
