"""Given a project's history, when a command arrives, then these events (or this refusal)."""

import pytest

from domain.errors import AlreadyExistsError, CorruptStreamError, InvalidValueError, NotFoundError
from domain.projects.model import Project, ProjectCommand, ProjectEvent, project_decider
from tests import builders as b
from tests.builders import PROJECT_ID, PROJECT_NAME, Given


def given(*events: ProjectEvent) -> Given[ProjectCommand, Project | None, ProjectEvent]:
    return Given(project_decider, events)


def test_creating_a_project_records_its_name_and_description() -> None:
    assert given().when(b.create_project(description="The shop's checkout flow")) == [
        b.project_created(description="The shop's checkout flow")
    ]


def test_a_created_project_has_its_name_description_and_creation_time() -> None:
    assert given(b.project_created(description="Flow")).state == Project(
        id=PROJECT_ID, name=PROJECT_NAME, description="Flow", created_at=b.AT
    )


def test_a_project_name_and_description_are_trimmed() -> None:
    command = b.create_project(name=f"  {PROJECT_NAME} ", description=" Flow\n")

    assert given().when(command) == [b.project_created(description="Flow")]


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_description_is_recorded_as_none(blank: str) -> None:
    assert given().when(b.create_project(description=blank)) == [b.project_created()]


@pytest.mark.parametrize("blank", ["", " \t "])
def test_a_project_with_a_blank_name_is_refused(blank: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^name must not be blank$") as refused:
        given().when(b.create_project(name=blank))

    assert refused.value.code == "invalid_value"


def test_a_project_name_longer_than_255_characters_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"at most 255 characters"):
        given().when(b.create_project(name="p" * 256))


def test_a_project_cannot_be_created_twice() -> None:
    with pytest.raises(AlreadyExistsError, match=rf"^Project {PROJECT_ID} already exists$"):
        given(b.project_created()).when(b.create_project())


def test_renaming_records_the_new_and_the_previous_name() -> None:
    assert given(b.project_created()).when(b.edit_project(name="Payments")) == [
        b.project_renamed("Payments")
    ]


def test_describing_records_the_new_and_the_previous_description() -> None:
    history = given(b.project_created(description="Old"))

    assert history.when(b.edit_project(description="New")) == [
        b.project_described("New", previous_description="Old")
    ]


def test_an_empty_description_clears_it() -> None:
    history = given(b.project_created(description="Old"))

    assert history.when(b.edit_project(description="")) == [
        b.project_described(None, previous_description="Old")
    ]
    cleared = project_decider.replay(
        [*history.history, b.project_described(None, previous_description="Old")]
    )
    assert cleared is not None
    assert cleared.description is None


def test_an_edit_of_both_fields_records_both() -> None:
    assert given(b.project_created()).when(b.edit_project(name="Payments", description="Pay")) == [
        b.project_renamed("Payments"),
        b.project_described("Pay"),
    ]


@pytest.mark.parametrize(
    "command",
    [
        b.edit_project(),
        b.edit_project(name=PROJECT_NAME),
        b.edit_project(name=f" {PROJECT_NAME} "),
        b.edit_project(description=""),
    ],
    ids=["no fields", "same name", "same name padded", "clearing an absent description"],
)
def test_an_edit_that_changes_nothing_records_nothing(command: ProjectCommand) -> None:
    assert given(b.project_created()).when(command) == []


def test_renaming_to_a_blank_name_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"^name must not be blank$"):
        given(b.project_created()).when(b.edit_project(name="  "))


def test_a_project_that_does_not_exist_cannot_be_edited() -> None:
    with pytest.raises(NotFoundError) as refused:
        given().when(b.edit_project(name="Payments"))

    assert refused.value.code == "not_found"


def test_replaying_renames_and_descriptions_gives_the_latest_values() -> None:
    project = project_decider.replay(
        [
            b.project_created(),
            b.project_renamed("Payments"),
            b.project_described("Pay"),
            b.project_renamed("Billing", previous_name="Payments"),
        ]
    )

    assert project is not None
    assert (project.name, project.description) == ("Billing", "Pay")


def test_an_event_before_the_creation_means_the_stream_is_corrupt() -> None:
    with pytest.raises(CorruptStreamError):
        project_decider.replay([b.project_renamed("Payments")])
