"""Identity types and stream naming. Ids are integers so people can say "Bug #42"."""

from typing import NewType

UserId = NewType("UserId", int)
ProjectId = NewType("ProjectId", int)
BugId = NewType("BugId", int)
CommentId = NewType("CommentId", int)


def bug_stream(bug_id: int) -> str:
    return f"bug-{bug_id}"


def project_stream(project_id: int) -> str:
    return f"project-{project_id}"


def user_stream(user_id: int) -> str:
    return f"user-{user_id}"
