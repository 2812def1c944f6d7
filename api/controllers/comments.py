"""Comments on a bug: add, list, edit and delete your own (a delete is an event too)."""

from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from api import openapi
from api.envelope import Envelope, ok
from api.paging import Limit, Offset, paged
from api.presenters import found
from api.schemas import CommentRequest, PathId
from api.wiring import Wiring
from application.context import Actor, CommandContext
from domain.errors import CommentNotFoundError
from projections.views import CommentView


class CommentController(Controller):
    path = "/api/bugs/{bug_id:int}/comments"
    tags = ["comments"]

    @post("/", operation_id="addComment", status_code=201, responses=openapi.WRITES)
    async def add_comment(
        self,
        bug_id: PathId,
        data: JSONBody[CommentRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[CommentView]]:
        outcome = await wiring.bugs.add_comment(context, bug_id, data.text)
        comment = found(
            await wiring.reads.get_comment(outcome.aggregate_id), "Comment", outcome.aggregate_id
        )
        return ok(comment, 201)

    @get("/", operation_id="listComments", responses=openapi.READS)
    async def list_comments(
        self,
        request: Request[Any, Any, Any],
        bug_id: PathId,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[Envelope[list[CommentView]]]:
        found(await wiring.reads.get_bug(bug_id), "Bug", bug_id)
        comments, total = await wiring.reads.list_comments(bug_id, limit=limit, offset=offset)
        return paged(request, comments, total, limit, offset)

    @patch("/{comment_id:int}", operation_id="editComment", responses=openapi.WRITES)
    async def edit_comment(
        self,
        bug_id: PathId,
        comment_id: PathId,
        data: JSONBody[CommentRequest],
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[CommentView]]:
        await _comment_of_bug(wiring, bug_id, comment_id)
        await wiring.bugs.edit_comment(context, bug_id, comment_id, data.text)
        return ok(await _comment_of_bug(wiring, bug_id, comment_id))

    @delete(
        "/{comment_id:int}", operation_id="deleteComment", status_code=200, responses=openapi.WRITES
    )
    async def delete_comment(
        self,
        bug_id: PathId,
        comment_id: PathId,
        context: NamedDependency[CommandContext],
        wiring: NamedDependency[Wiring],
    ) -> Response[Envelope[None]]:
        await _comment_of_bug(wiring, bug_id, comment_id)
        await wiring.bugs.delete_comment(context, bug_id, comment_id)
        return ok(None)


async def _comment_of_bug(wiring: Wiring, bug_id: int, comment_id: int) -> CommentView:
    found(await wiring.reads.get_bug(bug_id), "Bug", bug_id)
    comment = await wiring.reads.get_comment(comment_id)
    if comment is None or comment.bug_id != bug_id:
        raise CommentNotFoundError(comment_id)
    return comment
