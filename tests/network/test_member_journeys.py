"""A signed-in member: details filled in for them, their own responses and registrations on
their profile, and an email when they express interest."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from consultations import services as registration_services
from feedback.models import Response
from tests.consultations.builders import event_create, registration_fields
from tests.feedback.conftest import make_questionnaire
from tests.feedback.test_feedback_respond import fill_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(make_consultation):
    page = make_consultation(title="Community teams")
    make_questionnaire(page)
    return page


def _start(client, consultation):
    client.post(
        reverse("feedback:respond", args=[consultation.slug]), {"start_key": str(uuid.uuid4())}
    )
    return Response.objects.filter(consultation=consultation).latest("pk")


def test_signed_in_member_finds_name_email_and_borough_filled_in(
    client, make_member, places, consultation
):
    member = make_member("priya@example.org", name="Priya", borough=places["ealing"])
    client.force_login(member.user)
    draft = _start(client, consultation)
    assert (draft.respondent_name, draft.respondent_email, draft.borough_id) == (
        "Priya",
        "priya@example.org",
        places["ealing"].pk,
    )
    about_you = reverse("feedback:respond_section", args=[consultation.slug, 3])
    html = client.get(about_you).content.decode()
    assert 'value="Priya"' in html
    assert 'value="priya@example.org"' in html


def test_someone_not_signed_in_starts_with_nothing_filled_in(client, consultation):
    draft = _start(client, consultation)
    assert (draft.respondent_name, draft.respondent_email, draft.borough_id) == ("", "", None)


def test_profile_lists_own_responses_with_carry_on_and_withdraw(
    client, make_member, consultation, django_capture_on_commit_callbacks
):
    member = make_member("priya@example.org", name="Priya")
    client.force_login(member.user)
    draft = _start(client, consultation)
    html = client.get("/network/profile/").content.decode()
    assert f'<span class="reference-number">{draft.reference}</span>' in html  # kept on one line
    assert "Not sent yet" in html
    assert reverse("feedback:resume", args=[draft.resume_link_token()]) in html

    with django_capture_on_commit_callbacks(execute=True):
        fill_all(client, consultation)
        client.post(reverse("feedback:respond_check", args=[consultation.slug]), {})
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED
    html = client.get("/network/profile/").content.decode()
    assert reverse("feedback:withdraw", args=[draft.withdraw_link_token()]) in html
    assert reverse("feedback:resume", args=[draft.resume_link_token()]) not in html


def test_profile_lists_nobody_elses_responses(client, make_member, consultation):
    other = make_member("other@example.org", name="Other")
    client.force_login(other.user)
    theirs = _start(client, consultation)
    client.logout()
    client.force_login(make_member("priya@example.org", name="Priya").user)
    html = client.get("/network/profile/").content.decode()
    assert theirs.reference not in html
    assert "You have not responded to a consultation while signed in." in html


def test_profile_lists_own_registrations_with_a_cancel_link(
    client, make_member, consultation, django_capture_on_commit_callbacks
):
    member = make_member("priya@example.org", name="Priya")
    event = event_create(consultation, title="Acton workshop", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        mine = registration_services.registration_create(
            event=event, **registration_fields(email="Priya@example.org")
        ).registration
        registration_services.registration_create(
            event=event, **registration_fields(email="someone@example.org", name="Someone")
        )
    client.force_login(member.user)
    html = client.get("/network/profile/").content.decode()
    assert "Acton workshop" in html
    assert f"/workshops/cancel/{mine.cancel_link_token()}/" in html
    assert html.count("/workshops/cancel/") == 1


def test_expressing_interest_is_acknowledged_by_email(
    client, make_member, make_opportunity, django_capture_on_commit_callbacks
):
    member = make_member("priya@example.org", name="Priya")
    opportunity = make_opportunity("Design group")
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/network/opportunities/{opportunity.pk}/interest/", {"why_me": "I use the service."}
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["priya@example.org"]
    assert message.subject.endswith("We have your interest in Design group")
    assert message.body.startswith("Dear Priya,")
    assert "I use the service." in message.body
    assert "http://testserver/network/profile/" in message.body
