"""Workshop pages and emails in the language the person registered in, even from a task."""

import pytest
from django.core import mail
from django.utils import translation

from consultations import emails, services
from consultations.models import Registration
from tests.consultations.builders import registration_fields

pytestmark = pytest.mark.django_db


def test_the_workshop_page_and_confirmation_email_are_in_the_visitors_language(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(title="Warsztat", capacity=5)
    # The Polish address of the (untranslated) event page: the switcher's link.
    page = client.get(f"/pl{event.url}").content.decode()
    assert '<html lang="pl" dir="ltr">' in page
    assert "Zarejestruj się na to wydarzenie" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/pl/workshops/{event.pk}/register/",
            {
                "name": "Jo",
                "email": "jo@example.org",
                "capacity_type": "resident",
                "consent_to_contact": "on",
            },
        )
    registration = Registration.objects.get()
    assert registration.language == "pl"
    [confirmation] = mail.outbox
    assert "Masz miejsce na: Warsztat" in confirmation.subject
    assert "Dziękujemy za rejestrację." in confirmation.body


def test_a_place_freed_later_is_announced_in_the_language_the_person_registered_in(make_event):
    event = make_event(title="Spotkanie", capacity=1)
    with translation.override("en"):
        first = services.registration_create(event=event, **registration_fields()).registration
    with translation.override("ar"):
        waiting = services.registration_create(
            event=event, **registration_fields(email="reem@example.org")
        ).registration
    assert waiting.status == Registration.Status.WAITLISTED
    assert (first.language, waiting.language) == ("en", "ar")
    mail.outbox.clear()

    # The worker that sends it has no visitor: it runs in English.
    with translation.override("en"):
        waiting.refresh_from_db()
        emails.send_promotion(waiting)
        assert translation.get_language() == "en", "the registrant's language does not leak"
        emails.send_reminder(first)

    promotion, reminder = mail.outbox
    assert "أصبح لك مكان في Spotkanie" in promotion.subject
    assert "خبر سار" in promotion.body
    assert "Reminder: Spotkanie is tomorrow" in reminder.subject


def test_a_registration_from_before_languages_were_stored_gets_english_emails(make_event):
    event = make_event(title="Old", capacity=3)
    registration = services.registration_create(event=event, **registration_fields()).registration
    Registration.objects.filter(pk=registration.pk).update(language="")
    registration.refresh_from_db()
    mail.outbox.clear()
    with translation.override("pl"):
        emails.send_reminder(registration)
    assert mail.outbox[0].subject.endswith("Reminder: Old is tomorrow")
