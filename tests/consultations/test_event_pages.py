"""Event pages, registration and cancellation over HTTP, listings and calendar files."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from consultations.models import EventIndexPage, Registration

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SECRET = "https://meet.example.org/private-room-42"


def form_data(**overrides):
    data = {
        "name": "Jo Example",
        "email": "jo@example.org",
        "capacity_type": "carer",
        "access_needs": ["bsl", "other"],
        "access_other": "A quiet room at lunch",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return data


def register_url(event):
    return f"/workshops/{event.pk}/register/"


def test_joining_link_is_never_on_the_public_page_or_public_calendar_files(client, make_event):
    event = make_event(format="online", joining_link=SECRET)
    for url in [
        event.url,
        f"/workshops/{event.pk}/event.ics",
        "/feeds/events.ics",
        EventIndexPage.objects.get().url,
    ]:
        assert SECRET not in client.get(url).content.decode(), url


def test_registration_journey_confirms_emails_and_shows_confirmation(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(format="online", joining_link=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.access_needs == ["bsl", "other"]
    assert registration.access_other == "A quiet room at lunch"
    assert registration.capacity_type == "carer"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Check your email" in html
    assert SECRET not in html
    assert len(mail.outbox) == 1
    assert SECRET in mail.outbox[0].body


def _main(response, email):
    """The page's main content, with the address the visitor typed taken out."""
    html = response.content.decode()
    return html[html.index("<main") :].replace(email, "EMAIL")


def test_registering_someone_elses_address_reveals_nothing_and_tells_the_owner(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(register_url(event), form_data(), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = stranger.post(
            register_url(event), form_data(email="JO@example.org", name="Mallory"), follow=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        waitlisted = stranger.post(
            register_url(event), form_data(email="kim@example.org"), follow=True
        )
    assert Registration.objects.count() == 2
    # New, already registered or on the waiting list: the visitor reads the same page.
    assert (
        _main(first, "jo@example.org")
        == _main(again, "JO@example.org")
        == _main(waitlisted, "kim@example.org")
    )
    assert "already" not in _main(again, "JO@example.org")
    # The owner of the address is told by email; the stranger's text and links are not in it.
    assert [message.to for message in mail.outbox] == [
        ["jo@example.org"],
        ["jo@example.org"],
        ["kim@example.org"],
    ]
    notice = mail.outbox[1].body
    assert "already registered" in notice
    assert "Mallory" not in notice
    assert "/workshops/cancel/" not in notice


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"name": ""}, "Enter your name"),
        ({"access_other": ""}, "Tell us what else you need"),
        ({"capacity_type": "wizard"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_an_error_summary_and_changes_nothing(
    client, make_event, overrides, message
):
    event = make_event()
    response = client.post(register_url(event), form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not Registration.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts_at": timezone.now() - timedelta(days=1)}, "already taken place"),
        ({"is_cancelled": True}, "has been cancelled"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "has closed"),
    ],
)
def test_registering_for_past_cancelled_or_closed_event_is_refused_clearly(
    client, make_event, fields, message
):
    event = make_event(**fields)
    response = client.post(register_url(event), form_data())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_event_page_hides_the_form_when_registration_is_not_open(client, make_event):
    event = make_event(is_cancelled=True)
    html = client.get(event.url).content.decode()
    assert "This event has been cancelled" in html
    assert register_url(event) not in html


def test_full_event_offers_the_waiting_list(client, make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), form_data())
    html = client.get(event.url).content.decode()
    assert "Join the waiting list" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), form_data(email="b@example.org"))
    assert "You are on the waiting list" in mail.outbox[-1].subject


def test_cancel_link_asks_then_cancels_without_login(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), form_data())
    token = Registration.objects.get().cancel_link_token()
    url = f"/workshops/cancel/{token}/"
    assert "Yes, cancel my registration" in client.get(url).content.decode()
    assert Registration.objects.get().status == "confirmed"
    response = client.post(url)
    assert "Your registration is cancelled" in response.content.decode()
    assert Registration.objects.get().status == "cancelled"


def test_tampered_cancel_link_gets_a_clear_message_and_changes_nothing(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), form_data())
    token = Registration.objects.get().cancel_link_token()
    response = client.post(f"/workshops/cancel/{token[:-2]}zz/")
    assert response.status_code == 404
    assert "This cancellation link is not valid" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


def _title(response):
    import re

    return re.search(r"<title>\s*(.*?)\s*\|", response.content.decode(), re.S).group(1)


def test_page_title_starts_with_error_when_the_registration_form_has_problems(client, make_event):
    event = make_event(title="Acton workshop")
    assert _title(client.get(event.url)) == "Acton workshop"
    response = client.post(register_url(event), form_data(name=""))
    assert _title(response) == "Error: Acton workshop"


def test_cancel_page_titles_say_what_happened(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), form_data())
    url = f"/workshops/cancel/{Registration.objects.get().cancel_link_token()}/"
    assert _title(client.get(url)) == "Cancel your registration"
    assert _title(client.post(url)) == "Your registration is cancelled"
    assert _title(client.get(url)) == "Your registration is cancelled"
    assert _title(client.get("/workshops/cancel/not-a-real-link/")) == "This link does not work"


def test_event_ics_has_london_times_across_the_clock_change(client, make_event):
    # British Summer Time ends at 02:00 on Sunday 25 October 2026.
    before = make_event(
        starts_at=datetime(2026, 10, 24, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 24, 12, 0, tzinfo=LONDON),
    )
    after = make_event(
        starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 26, 12, 0, tzinfo=LONDON),
    )
    from consultations import ical

    body = ical.events_ics([before, after], name="test")
    calendar = Calendar.from_ical(body)
    text = body.decode()
    assert "DTSTART;TZID=Europe/London:20261024T100000" in text
    assert "DTSTART;TZID=Europe/London:20261026T100000" in text
    [timezone_component] = calendar.walk("VTIMEZONE")
    assert timezone_component["TZID"] == "Europe/London"
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    utc = ZoneInfo("UTC")
    assert starts[before.title].astimezone(utc).hour == 9  # BST is UTC+1
    assert starts[after.title].astimezone(utc).hour == 10  # GMT is UTC+0
    # The VTIMEZONE itself places the change on 25 October at 02:00.
    assert "20261025T020000" in text


def test_event_ics_download_is_valid_with_one_event(client, make_event):
    event = make_event(venue_name="Acton Hall")
    response = client.get(f"/workshops/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["SUMMARY"] == event.title
    assert "Acton Hall" in vevent["LOCATION"]
    assert vevent["UID"] == f"workshop-{event.pk}@testserver"


def test_calendar_feed_lists_only_upcoming_events(client, make_event):
    upcoming = make_event(title="Next week")
    make_event(title="Last week", starts_at=timezone.now() - timedelta(days=7))
    calendar = Calendar.from_ical(client.get("/feeds/events.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [upcoming.title]


def test_events_index_lists_upcoming_and_past(client, make_event):
    make_event(title="Soon")
    make_event(title="Gone", starts_at=timezone.now() - timedelta(days=3))
    response = client.get(EventIndexPage.objects.get().url)
    assert [e.title for e in response.context["upcoming_events"]] == ["Soon"]
    assert [e.title for e in response.context["past_page"].object_list] == ["Gone"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_events_index_runs_the_same_number_of_queries_for_5_and_50_events(
    client, make_event, django_capture_on_commit_callbacks
):
    from consultations import services
    from tests.consultations.builders import registration_fields

    def add(n):
        for i in range(n):
            event = make_event(starts_at=timezone.now() + timedelta(days=1 + i % 9))
            services.registration_create(event=event, **registration_fields(email=f"{i}@e.org"))
            make_event(starts_at=timezone.now() - timedelta(days=1 + i % 9))

    add(5)
    url = EventIndexPage.objects.get().url
    five = _queries(client, url)
    add(45)
    fifty = _queries(client, url)
    assert five == fifty


def test_reading_the_home_page_shows_open_consultations_and_next_workshops(
    client, make_consultation, make_event
):
    make_consultation(title="Open right now")
    make_event(title="Next workshop")
    html = client.get("/").content.decode()
    assert "Open right now" in html
    assert "Next workshop" in html
