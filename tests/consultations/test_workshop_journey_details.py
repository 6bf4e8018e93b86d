"""What a new registrant tripped over: addresses, times, hybrid places, optional contact
consent, a cancellation email and the waiting-list position."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from consultations import services
from consultations.models import Registration
from tests.consultations.builders import registration_fields

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ADDRESS = "5 Demo Lane\r\nFeltham\r\nTW13 0XX"


def register(event, capture, **overrides):
    with capture(execute=True):
        return services.registration_create(event=event, **registration_fields(**overrides))


def form_data(**overrides):
    data = {
        "name": "Jo Example",
        "email": "jo@example.org",
        "capacity_type": "carer",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("waitlisted", [False, True])
def test_confirmation_and_waitlist_emails_put_each_address_line_on_its_own_line(
    make_event, django_capture_on_commit_callbacks, waitlisted
):
    event = make_event(capacity=0 if waitlisted else 5, venue_address=ADDRESS)
    register(event, django_capture_on_commit_callbacks)
    body = mail.outbox[-1].body
    assert "Community hall\n5 Demo Lane\nFeltham\nTW13 0XX\n" in body
    assert "LaneFeltham" not in body


def test_promotion_email_puts_each_address_line_on_its_own_line(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, venue_address=ADDRESS)
    first = register(event, django_capture_on_commit_callbacks, email="a@example.org")
    register(event, django_capture_on_commit_callbacks, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(token=first.registration.cancel_link_token())
    promotion = next(m for m in mail.outbox if m.subject.endswith(f"now yours at {event.title}"))
    assert promotion.to == ["b@example.org"]
    assert "Community hall\n5 Demo Lane\nFeltham\nTW13 0XX\n" in promotion.body


def test_waitlist_email_and_cancel_page_give_the_position_in_the_queue(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(event, django_capture_on_commit_callbacks, email="a@example.org")
    register(event, django_capture_on_commit_callbacks, email="b@example.org")
    third = register(event, django_capture_on_commit_callbacks, email="c@example.org")
    assert "You are number 2 on the waiting list." in mail.outbox[-1].body
    page = client.get(f"/workshops/cancel/{third.registration.cancel_link_token()}/")
    assert "On the waiting list: number 2 in the queue" in page.content.decode()


def test_cancelling_sends_a_cancellation_confirmation_once(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    result = register(event, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    url = f"/workshops/cancel/{result.registration.cancel_link_token()}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert "We have sent you an email to confirm it." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.org"]
    assert message.subject.endswith(f"Cancelled: your registration for {event.title}")
    assert f'Your registration for "{event.title}" is cancelled.' in message.body


def test_contact_consent_is_optional(client, make_event, django_capture_on_commit_callbacks):
    event = make_event()
    html = client.get(event.url).content.decode()
    assert "You may contact me" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/workshops/{event.pk}/register/", form_data())
    assert response.status_code == 302
    assert Registration.objects.get().consent_to_contact is False


def test_hybrid_event_asks_in_person_or_online_and_only_other_events_do_not(client, make_event):
    hybrid = make_event(format="hybrid")
    in_person = make_event()
    assert "Will you come in person or join online?" in client.get(hybrid.url).content.decode()
    assert (
        "Will you come in person or join online?" not in client.get(in_person.url).content.decode()
    )
    response = client.post(f"/workshops/{hybrid.pk}/register/", form_data())
    assert "Select whether you will come in person or join online" in response.content.decode()
    assert not Registration.objects.exists()


def test_hybrid_capacity_counts_in_person_places_only(
    client, make_event, event_index, django_capture_on_commit_callbacks
):
    event = make_event(format="hybrid", capacity=1)
    for email, attendance in [
        ("online1@example.org", "online"),
        ("room@example.org", "in_person"),
        ("online2@example.org", "online"),
        ("late@example.org", "in_person"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/workshops/{event.pk}/register/",
                form_data(email=email, attendance=attendance),
            )
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "online1@example.org": "confirmed",
        "room@example.org": "confirmed",
        "online2@example.org": "confirmed",
        "late@example.org": "waitlisted",
    }
    assert Registration.objects.get(email="online2@example.org").attendance == "online"
    # The room is full but online places are not limited.
    assert "Full: you can join the waiting list" in client.get(event_index.url).content.decode()


def test_registration_opening_time_has_a_single_full_stop(client, make_event):
    opens = datetime(2030, 3, 12, 9, 0, tzinfo=LONDON)
    event = make_event(
        registration_opens_at=opens,
        starts_at=datetime(2030, 4, 1, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 4, 1, 12, 0, tzinfo=LONDON),
    )
    html = client.get(event.url).content.decode()
    assert "It opens at 9:00 a.m. on Tuesday 12 March 2030." in html
    assert "a.m.." not in html


def test_signed_in_person_finds_name_and_email_filled_in(client, make_event, make_user):
    user = make_user("priya@example.org")
    user.first_name, user.last_name = "Priya", "Peer"
    user.save()
    client.force_login(user)
    event = make_event()
    html = client.get(event.url).content.decode()
    assert 'value="Priya Peer"' in html
    assert 'value="priya@example.org"' in html
