"""Request bodies and path/query ids. Unknown fields are rejected; blank strings and
over-long values too; ids are bounded so no value can overflow a database integer."""

from typing import Annotated

import msgspec
from litestar.params import PathParameter, QueryParameter
from msgspec import Meta

from domain.bugs.state import Priority, Status
from domain.users.model import Role

NON_BLANK = r"\S"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# What a failed pattern means, in words, for error messages (never the regex itself).
PATTERN_MEANINGS = {
    NON_BLANK: "must not be blank",
    EMAIL_PATTERN: "must be an email address such as ada@example.com",
}
MAX_ID = 2**53  # the largest integer a JavaScript client can hold exactly
Name = Annotated[str, Meta(min_length=1, max_length=255, pattern=NON_BLANK)]
Title = Annotated[str, Meta(min_length=1, max_length=255, pattern=NON_BLANK)]
LongText = Annotated[str, Meta(min_length=1, max_length=20_000, pattern=NON_BLANK)]
OptionalText = Annotated[str, Meta(max_length=20_000)]
Email = Annotated[str, Meta(min_length=3, max_length=254, pattern=EMAIL_PATTERN)]
Password = Annotated[str, Meta(min_length=8, max_length=128)]
AnyPassword = Annotated[str, Meta(min_length=1, max_length=128)]
Id = Annotated[int, Meta(ge=1, le=MAX_ID)]

PathId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="A positive integer id")]
QueryId = Annotated[
    int | None, QueryParameter(ge=1, le=MAX_ID, description="A positive integer id")
]
Position = Annotated[int, QueryParameter(ge=0, le=2**63 - 1, description="A global event position")]
Search = Annotated[
    str | None, QueryParameter(max_length=255, description="Case-insensitive text search")
]


class Request(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class LoginRequest(Request):
    email: Annotated[str, Meta(min_length=1, max_length=254)]
    password: AnyPassword


class RegisterRequest(Request):
    name: Name
    email: Email
    password: Password


class CreateUserRequest(Request):
    name: Name
    email: Email
    password: Password
    role: Role = Role.MEMBER


class ChangePasswordRequest(Request):
    current_password: AnyPassword
    new_password: Password


class ChangeRoleRequest(Request):
    role: Role


class CreateProjectRequest(Request):
    name: Name
    description: OptionalText | None = None


class EditProjectRequest(Request):
    name: Name | None = None
    description: OptionalText | None = None


class CreateBugRequest(Request):
    project_id: Id
    title: Title
    description: LongText
    priority: Priority = Priority.MEDIUM


class UpdateBugRequest(Request):
    """The seed's PUT: every field optional, null means "leave as it is"."""

    title: Title | None = None
    description: LongText | None = None
    priority: Priority | None = None
    assignee_id: Id | None = None
    resolution_note: LongText | None = None


class TransitionRequest(Request):
    status: Status


class MoveRequest(Request):
    status: Status
    after_id: Id | None = None
    before_id: Id | None = None


class CommentRequest(Request):
    text: LongText


class TokenView(msgspec.Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_at: str
    user: object
