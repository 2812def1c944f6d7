"""Projects read model."""

from typing import Any

from application.ports import RecordedEvent
from domain.projects.model import ProjectCreated, ProjectDescribed, ProjectRenamed
from projections.ops import Insert, Op, Update

NAME = "projects"
# The events this read model changes on; the registry routes only these here.
HANDLES: tuple[type, ...] = (
    ProjectCreated,
    ProjectRenamed,
    ProjectDescribed,
)


def project(recorded: RecordedEvent) -> list[Op]:
    event = recorded.event
    changes: dict[str, Any]
    match event:
        case ProjectCreated():
            return [
                Insert(
                    NAME,
                    {
                        "id": event.project_id,
                        "name": event.name,
                        "description": event.description,
                        "created_at": event.at,
                        "updated_at": event.at,
                        "version": recorded.version,
                    },
                )
            ]
        case ProjectRenamed():
            changes = {"name": event.name}
        case ProjectDescribed():
            changes = {"description": event.description}
        case _:
            return []
    return [
        Update(
            NAME, event.project_id, {**changes, "updated_at": event.at, "version": recorded.version}
        )
    ]
