"""Registering, the waiting list, cancelling and reminders, through the service functions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from consultations import services
from consultations.models import Registration
from tests.consultations.builders import registration_fields

pytestmark = pytest.mark.django_db


def register(event, capture, **overrides):
    with capture(execute=True):
        return services.registration_create(event=event, **registration_fields(**overrides))


def test_places_are_confirmed_until_full_then_people_are_waitlisted_in_order(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=2)
    statuses = [
        register(
            event, django_capture_on_commit_callbacks, email=f"p{i}@example.org"
        ).registration.status
        for i in range(4)
    ]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_registering_twice_with_the_same_email_keeps_one_place(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=5)
    first = register(event, django_capture_on_commit_callbacks, email="Sam@Example.org")
    second = register(event, django_capture_on_commit_callbacks, email="sam@example.org ")
    assert first.created and not second.created
    assert second.registration.pk == first.registration.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_confirmation_email_has_ics_attachment_and_private_cancel_link(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(format="online", joining_link="https://meet.example.org/secret-room")
    result = register(event, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.org"]
    assert f"/workshops/cancel/{result.registration.cancel_link_token()}/" in message.body
    assert "https://meet.example.org/secret-room" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar.walk("VEVENT")[0]["SUMMARY"] == event.title


def test_waitlisted_people_get_no_joining_link_or_calendar_file(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, format="online", joining_link="https://meet.example.org/x")
    register(event, django_capture_on_commit_callbacks, email="a@example.org")
    register(event, django_capture_on_commit_callbacks, email="b@example.org")
    waitlist_message = mail.outbox[1]
    assert "waiting list" in waitlist_message.subject
    assert "https://meet.example.org/x" not in waitlist_message.body
    assert waitlist_message.attachments == []


def test_registration_moves_first_waitlisted_person_up_on_cancel(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder = register(event, django_capture_on_commit_callbacks, email="a@example.org")
    first = register(event, django_capture_on_commit_callbacks, email="b@example.org")
    second = register(event, django_capture_on_commit_callbacks, email="c@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(token=holder.registration.cancel_link_token())

    first.registration.refresh_from_db()
    second.registration.refresh_from_db()
    assert first.registration.status == "confirmed"
    assert first.registration.promoted_at is not None
    assert second.registration.status == "waitlisted"
    # The person who cancelled is told it is done; the next in line is told the place is theirs.
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]
    assert "Cancelled" in mail.outbox[0].subject
    assert "now yours" in mail.outbox[1].subject


def test_cancelling_a_waitlist_place_promotes_nobody(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(event, django_capture_on_commit_callbacks, email="a@example.org")
    waiting = register(event, django_capture_on_commit_callbacks, email="b@example.org")
    third = register(event, django_capture_on_commit_callbacks, email="c@example.org")
    services.registration_cancel(token=waiting.registration.cancel_link_token())
    third.registration.refresh_from_db()
    assert third.registration.status == "waitlisted"


def test_cancelling_twice_changes_nothing_more(make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    result = register(event, django_capture_on_commit_callbacks)
    once = services.registration_cancel(token=result.registration.cancel_link_token())
    twice = services.registration_cancel(token=result.registration.cancel_link_token())
    assert once.cancelled_at == twice.cancelled_at


def test_a_tampered_cancel_link_is_rejected_and_changes_nothing(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    result = register(event, django_capture_on_commit_callbacks)
    with pytest.raises(services.RegistrationError) as error:
        services.registration_cancel(token=result.registration.cancel_link_token() + "x")
    assert error.value.code == "invalid_token"
    result.registration.refresh_from_db()
    assert result.registration.status == "confirmed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "past"),
        ({"is_cancelled": True}, "cancelled"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_yet_open"),
    ],
)
def test_registering_for_an_event_not_taking_registrations_is_refused(
    make_event, django_capture_on_commit_callbacks, fields, code
):
    event = make_event(**fields)
    with pytest.raises(services.RegistrationError) as error:
        register(event, django_capture_on_commit_callbacks)
    assert error.value.code == code
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_raising_capacity_and_promoting_fills_new_places_in_order(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    for letter in "abcd":
        register(event, django_capture_on_commit_callbacks, email=f"{letter}@example.org")
    event.capacity = 3
    event.save()
    promoted = services.waitlist_promote(event=event)
    assert [r.email for r in promoted] == ["b@example.org", "c@example.org"]


def test_reminders_go_once_to_confirmed_people_at_tomorrows_events(
    make_event, django_capture_on_commit_callbacks
):
    now = timezone.localtime(timezone.now()).replace(hour=10, minute=0) + timedelta(days=1)
    tomorrow_noon = now.replace(hour=12) + timedelta(days=1)
    tomorrow = make_event(capacity=1, starts_at=tomorrow_noon)
    later = make_event(starts_at=tomorrow_noon + timedelta(days=3))
    register(tomorrow, django_capture_on_commit_callbacks, email="a@example.org")
    register(tomorrow, django_capture_on_commit_callbacks, email="waiting@example.org")
    register(later, django_capture_on_commit_callbacks, email="later@example.org")
    mail.outbox.clear()

    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now) == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "tomorrow" in mail.outbox[0].subject


def test_reminders_wait_until_morning_on_the_day_before(
    make_event, django_capture_on_commit_callbacks
):
    before_nine = timezone.localtime(timezone.now()).replace(hour=8, minute=59) + timedelta(days=1)
    event = make_event(starts_at=before_nine.replace(hour=12) + timedelta(days=1))
    register(event, django_capture_on_commit_callbacks)
    assert services.reminders_send(now=before_nine) == 0
    assert services.reminders_send(now=before_nine.replace(hour=9)) == 1


def test_reminder_task_is_scheduled():
    from consultations.tasks import SCHEDULE, send_event_reminders

    assert "consultations.tasks.send_event_reminders" in SCHEDULE
    assert send_event_reminders.call() == 0


# --- Cancel links are stored as hashes -----------------------------------------------------


def _cancel_token(message):
    import re

    return re.search(r"/workshops/cancel/([^/\s]+)/", message.body).group(1)


def test_the_database_holds_no_cancel_token_and_later_emails_repeat_the_same_link(
    make_event, django_capture_on_commit_callbacks
):
    from django.apps import apps

    from engage.tokens import token_hash

    now = timezone.localtime(timezone.now()).replace(hour=10, minute=0) + timedelta(days=1)
    event = make_event(capacity=1, starts_at=now.replace(hour=12) + timedelta(days=1))
    held = register(event, django_capture_on_commit_callbacks, email="a@example.org")
    waiting = register(event, django_capture_on_commit_callbacks, email="b@example.org")
    first_link = _cancel_token(mail.outbox[0])
    waiting_link = _cancel_token(mail.outbox[1])
    services.reminders_send(now=now)
    assert _cancel_token(mail.outbox[-1]) == first_link  # the reminder carries the same link

    stored = "\n".join(
        str(row)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for row in model._default_manager.values_list()
    )
    assert first_link not in stored and waiting_link not in stored
    assert held.registration.cancel_token_hash == token_hash(first_link)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(token=first_link, now=now)
    assert Registration.objects.get(pk=held.registration.pk).status == "cancelled"
    promoted = mail.outbox[-1]
    assert promoted.to == ["b@example.org"] and _cancel_token(promoted) == waiting_link
    assert Registration.objects.get(pk=waiting.registration.pk).status == "confirmed"


def test_migration_hashes_old_cancel_tokens_so_emailed_links_still_work(
    make_event, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("consultations.migrations.0005_hash_existing_cancel_tokens")
    result = register(make_event(), django_capture_on_commit_callbacks)
    old = "an-old-random-cancel-token-from-before-hashing"
    Registration.objects.filter(pk=result.registration.pk).update(cancel_token_hash=old)

    migration.hash_tokens(apps, None)

    registration = Registration.objects.get()
    assert registration.cancel_token_hash not in (old, "") and registration.link_key
    assert registration.cancel_link_token() == ""  # cannot be rebuilt for later emails...
    mail.outbox.clear()
    from consultations import emails

    emails.send_reminder(registration)
    assert "/workshops/cancel/" not in mail.outbox[0].body
    assert "Use the cancel link in the first email" in mail.outbox[0].body
    cancelled = services.registration_cancel(token=old)  # ...but the emailed link still works
    assert cancelled.status == "cancelled"
