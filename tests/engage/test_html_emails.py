"""Transactional emails go as text with an HTML alternative from one accessible layout, and the
HTML escapes whatever people typed."""

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from consultations import services as registration_services
from feedback import emails as feedback_emails
from feedback.models import Answer, Question, Response
from network import services as network_services
from tests.consultations.builders import event_create, registration_fields
from tests.consultations.conftest import event_index  # noqa: F401 - fixtures, as the tests name them
from tests.feedback.conftest import make_consultation, make_questionnaire
from tests.network.conftest import make_member, make_opportunity, opportunity_index  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def html_part(message):
    """The HTML alternative of a message, checked for the shared layout's promises."""
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert message.content_subtype == "plain" and message.body.strip()
    assert '<html lang="en' in html and 'dir="ltr"' in html
    assert "<img" not in html and "<link" not in html and "<script" not in html
    assert f"<title>{escape(message.subject)}</title>" in html  # titled as the subject
    return html


def test_the_receipt_has_text_and_html_parts_and_the_html_escapes_the_title(site_with_home):
    consultation = make_consultation(site_with_home.root_page, title=f"Clinics {SCRIPT}")
    make_questionnaire(consultation)
    question = Question.objects.filter(
        section__questionnaire__consultation=consultation, kind=Question.Kind.AGREEMENT
    ).first()
    response = Response.objects.create(
        consultation=consultation, status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )
    Answer.objects.create(response=response, question=question, choices=["Agree"])
    feedback_emails.receipt_send(response_id=response.pk, email="pat@example.org")
    (message,) = mail.outbox
    assert f'Thank you for responding to "Clinics {SCRIPT}"' in message.body  # text: as typed
    html = html_part(message)
    assert ESCAPED in html and SCRIPT not in html
    assert response.reference in html and "Agree" in html
    assert "Withdraw my response</a>" in html


def test_workshop_confirmation_and_cancellation_have_html_with_the_calendar_kept(
    event_index,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    event = event_create(event_index, venue_address="5 Demo Lane\nFeltham\nTW13 0XX")
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_services.registration_create(
            event=event, **registration_fields(name=f"Jo {SCRIPT}")
        ).registration
    confirmation = mail.outbox[-1]
    html = html_part(confirmation)
    assert f"Hello Jo {ESCAPED}," in html and SCRIPT not in html
    assert "5 Demo Lane<br>Feltham<br>TW13 0XX" in html
    assert registration.cancel_link_token() in html
    assert [name for name, _content, _type in confirmation.attachments][0].endswith(".ics")

    with django_capture_on_commit_callbacks(execute=True):
        registration_services.registration_cancel(token=registration.cancel_link_token())
    cancelled = mail.outbox[-1]
    assert "is cancelled" in html_part(cancelled)


def test_an_expression_of_interest_acknowledgement_escapes_what_the_member_wrote(
    make_member,  # noqa: F811
    make_opportunity,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    member = make_member("priya@example.org", name="Priya")
    opportunity = make_opportunity("Design group")
    with django_capture_on_commit_callbacks(execute=True):
        network_services.interest_express(
            member=member, opportunity=opportunity, why_me=f"I care {SCRIPT}"
        )
    (message,) = mail.outbox
    assert f"I care {SCRIPT}" in message.body
    html = html_part(message)
    assert f"I care {ESCAPED}" in html and SCRIPT not in html
    assert "Dear Priya," in html
