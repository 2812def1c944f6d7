"""Human sentences for history rows ("Ada moved Bug #3 from open to in_progress")."""

from collections.abc import Mapping

import msgspec


class HistoryFacts(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    field: str | None
    old: str | None
    new: str | None
    bug_id: int | None
    project_id: int | None
    user_id: int | None
    comment_id: int | None


def _user(names: Mapping[int, str], raw: str | None) -> str:
    if raw is None:
        return "nobody"
    return names.get(int(raw), f"user {raw}")


def _clip(text: str | None, limit: int = 60) -> str:
    value = (text or "").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def summarise(facts: HistoryFacts, actor: str, names: Mapping[int, str]) -> str:
    bug = f"Bug #{facts.bug_id}"
    match facts.type:
        case "bug.reported":
            return f"{actor} reported {bug}: {_clip(facts.new)}"
        case "bug.retitled":
            return f"{actor} renamed {bug} from “{_clip(facts.old)}” to “{_clip(facts.new)}”"
        case "bug.description_changed":
            return f"{actor} edited the description of {bug}"
        case "bug.reprioritized":
            return f"{actor} changed the priority of {bug} from {facts.old} to {facts.new}"
        case "bug.assigned":
            return f"{actor} assigned {bug} to {_user(names, facts.new)}"
        case "bug.unassigned":
            return f"{actor} unassigned {_user(names, facts.old)} from {bug}"
        case "bug.resolution_noted":
            return f"{actor} set the resolution note of {bug}: {_clip(facts.new)}"
        case "bug.status_changed":
            return f"{actor} moved {bug} from {facts.old} to {facts.new}"
        case "bug.ranked":
            return f"{actor} reordered {bug} on the board"
        case "bug.comment_added":
            return f"{actor} commented on {bug}: {_clip(facts.new)}"
        case "bug.comment_edited":
            return f"{actor} edited a comment on {bug}"
        case "bug.comment_deleted":
            return f"{actor} deleted a comment on {bug}"
        case "project.created":
            return f"{actor} created project {facts.new}"
        case "project.renamed":
            return f"{actor} renamed project {facts.old} to {facts.new}"
        case "project.described":
            return f"{actor} changed the description of project {facts.project_id}"
        case "user.registered":
            return f"{actor} registered user {_user(names, str(facts.user_id))} as {facts.new}"
        case "user.renamed":
            return f"{actor} renamed user {facts.old} to {facts.new}"
        case "user.role_changed":
            who = _user(names, str(facts.user_id))
            return f"{actor} changed the role of {who} from {facts.old} to {facts.new}"
        case "user.blocked":
            return f"{actor} blocked {_user(names, str(facts.user_id))}"
        case "user.unblocked":
            return f"{actor} unblocked {_user(names, str(facts.user_id))}"
        case "user.password_changed":
            return f"{actor} changed the password of {_user(names, str(facts.user_id))}"
        case _:
            return f"{actor}: {facts.type}"
