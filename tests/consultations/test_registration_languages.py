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


# The confirmation's wording in each language: the text part and the HTML part must agree, with
# no English left in either (issue: the HTML part used to stay English).
CONFIRMATION_WORDING = {
    "pl": {
        "html": '<html lang="pl" dir="ltr">',
        "text": ["Dziękujemy za rejestrację.", "Kiedy", "czasu brytyjskiego", " do "],
        "html_only": [
            "Masz miejsce: Warsztat</h1>",
            "Jeśli nie możesz przyjść",
            "Anuluj moją rejestrację</a>",
        ],
    },
    "ar": {
        "html": '<html lang="ar" dir="rtl">',
        "text": ["شكرًا لتسجيلك", "متى", "بتوقيت المملكة المتحدة", " إلى "],
        "html_only": [
            "حصلت على مكان في Warsztat</h1>",
            "إذا لم يعد بإمكانك الحضور",
            "ألغِ تسجيلي</a>",
        ],
    },
}
CONFIRMATION_ENGLISH = (
    "Thank you for registering",
    "You have a place",
    "If you can no longer come",
    "Cancel my registration",
    "Keep this email private",
    "UK time",
    " to ",
)


@pytest.mark.parametrize("language", ["pl", "ar"])
def test_the_confirmations_html_part_is_in_the_same_language_as_its_text_part(
    client, make_event, django_capture_on_commit_callbacks, language
):
    event = make_event(title="Warsztat", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/workshops/{event.pk}/register/",
            {
                "name": "Jo",
                "email": "jo@example.org",
                "capacity_type": "resident",
                "consent_to_contact": "on",
            },
        )
    [confirmation] = mail.outbox
    (html,) = [body for body, mimetype in confirmation.alternatives if mimetype == "text/html"]
    wording = CONFIRMATION_WORDING[language]
    assert wording["html"] in html
    for part in (confirmation.body, html):
        for words in wording["text"]:
            assert words in part, words
        for english in CONFIRMATION_ENGLISH:
            assert english not in part, english
    for words in wording["html_only"]:
        assert words in html, words
