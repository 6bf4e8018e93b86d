"""Ids in URLs and form fields: only ASCII digits within the database's range are ids."""

import pytest
from django import forms

from consultations.models import Topic
from engage.ids import (
    MAX_ID,
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    is_id_kwarg,
    parse_id,
)

HOSTILE_IDS = ["99999999999999999999999", str(MAX_ID + 1), "-1", "0", "²", "1²", "١٢", " ", "1e3"]


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_parse_id_refuses_what_is_not_an_id(value):
    assert parse_id(value) is None


def test_parse_id_reads_ascii_digits_within_range():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(7) == 7
    assert parse_id(True) is None


def test_id_kwargs_are_named_like_ids():
    assert all(is_id_kwarg(name) for name in ("pk", "id", "event_id", "version_pk"))
    assert not any(is_id_kwarg(name) for name in ("token", "consultation", "fmt", "app_label"))


class TopicForm(forms.Form):
    topic = IdModelChoiceField(queryset=Topic.objects.all(), required=False)
    topics = IdModelMultipleChoiceField(queryset=Topic.objects.all(), required=False)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_id_choice_fields_call_a_hostile_value_an_invalid_choice(value):
    Topic.objects.create(name="Crisis care", slug="crisis-care")
    form = TopicForm({"topic": value, "topics": [value]})
    assert not form.is_valid()
    assert set(form.errors) == {"topic", "topics"}


@pytest.mark.django_db
def test_id_choice_fields_still_take_real_ids():
    topic = Topic.objects.create(name="Crisis care", slug="crisis-care")
    form = TopicForm({"topic": str(topic.pk), "topics": [str(topic.pk)]})
    assert form.is_valid()
    assert form.cleaned_data["topics"][0] == topic


@pytest.mark.django_db
def test_network_profile_with_a_huge_topic_id_is_a_form_error(client, make_user):
    client.force_login(make_user("member@example.org"))
    response = client.post(
        "/network/profile/edit/",
        {
            "preferred_name": "Morgan",
            "taking_part_as": ["resident"],
            "topics": ["99999999999999999999999"],
        },
    )
    assert response.status_code == 200
    assert "topics" in response.context["form"].errors


@pytest.mark.django_db
def test_workshop_notes_with_a_huge_event_id_is_a_form_error(client, site_with_home, make_user):
    from engage.roles import CONSULTATION_EDITORS
    from feedback.roles import ensure_feedback_permissions
    from tests.feedback.conftest import make_consultation, make_questionnaire

    consultation = make_consultation(site_with_home.root_page)
    make_questionnaire(consultation)
    ensure_feedback_permissions()
    client.force_login(make_user("editor@example.org", group=CONSULTATION_EDITORS))
    response = client.post(
        f"/admin/feedback/{consultation.pk}/workshop-notes/",
        {"event": "99999999999999999999999", "table_or_topic": "Table 1", "notes": "Notes."},
    )
    assert response.status_code == 400
    assert "event" in response.context["form"].errors
