"""The Project aggregate: a named board that bugs belong to."""

from datetime import datetime
from typing import TypeAlias, assert_never

import msgspec

from domain.decider import Decider
from domain.errors import AlreadyExistsError, CorruptStreamError, NotFoundError
from domain.messages import Command, Event
from domain.text import NAME_MAX, TEXT_MAX, optional, required


class Project(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    description: str | None
    created_at: datetime


class CreateProject(Command, frozen=True, kw_only=True):
    project_id: int
    name: str
    description: str | None = None


class EditProject(Command, frozen=True, kw_only=True):
    """Rename and/or describe; None leaves a field as it is, "" clears the description."""

    name: str | None = None
    description: str | None = None


class ProjectCreated(Event, frozen=True, kw_only=True, tag="project.created"):
    project_id: int
    name: str
    description: str | None = None


class ProjectRenamed(Event, frozen=True, kw_only=True, tag="project.renamed"):
    project_id: int
    name: str
    previous_name: str


class ProjectDescribed(Event, frozen=True, kw_only=True, tag="project.described"):
    project_id: int
    description: str | None
    previous_description: str | None = None


ProjectCommand: TypeAlias = CreateProject | EditProject
ProjectEvent: TypeAlias = ProjectCreated | ProjectRenamed | ProjectDescribed


def decide(command: ProjectCommand, project: Project | None) -> list[ProjectEvent]:
    match command:
        case CreateProject():
            if project is not None:
                raise AlreadyExistsError(f"Project {project.id} already exists")
            return [
                ProjectCreated(
                    by=command.by,
                    at=command.at,
                    project_id=command.project_id,
                    name=required("name", command.name, NAME_MAX),
                    description=optional("description", command.description, TEXT_MAX),
                )
            ]
        case EditProject():
            if project is None:
                raise NotFoundError("Project", 0)
            return _edit(command, project)
        case _:
            assert_never(command)


def _edit(command: EditProject, project: Project) -> list[ProjectEvent]:
    events: list[ProjectEvent] = []
    if command.name is not None:
        name = required("name", command.name, NAME_MAX)
        if name != project.name:
            events.append(
                ProjectRenamed(
                    by=command.by,
                    at=command.at,
                    project_id=project.id,
                    name=name,
                    previous_name=project.name,
                )
            )
    if command.description is not None:
        description = optional("description", command.description, TEXT_MAX)
        if description != project.description:
            events.append(
                ProjectDescribed(
                    by=command.by,
                    at=command.at,
                    project_id=project.id,
                    description=description,
                    previous_description=project.description,
                )
            )
    return events


def evolve(project: Project | None, event: ProjectEvent) -> Project | None:
    match event:
        case ProjectCreated():
            return Project(
                id=event.project_id,
                name=event.name,
                description=event.description,
                created_at=event.at,
            )
        case ProjectRenamed():
            return msgspec.structs.replace(_replayed(project), name=event.name)
        case ProjectDescribed():
            return msgspec.structs.replace(_replayed(project), description=event.description)
        case _:
            assert_never(event)


def _replayed(project: Project | None) -> Project:
    if project is None:
        raise CorruptStreamError("project event before project.created")
    return project


project_decider: Decider[ProjectCommand, Project | None, ProjectEvent] = Decider(
    decide, evolve, initial=None
)
