"""Spam on workshop registration: a honeypot and a per-address limit that people never meet."""

import pytest
from django.core import mail
from django.test import Client

from consultations.models import Registration
from tests.consultations.test_event_pages import form_data, register_url

pytestmark = pytest.mark.django_db


def test_the_honeypot_is_on_the_form_hidden_and_optional(client, make_event):
    page = client.get(make_event().url).content.decode()
    assert '<div class="honeypot">' in page and 'name="website"' in page
    assert 'tabindex="-1"' in page


def test_a_filled_in_honeypot_stores_and_sends_nothing(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_data(website="http://spam.example"))
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_too_many_registrations_from_one_address_are_refused_clearly(client, make_event, settings):
    settings.ENGAGE_RATE_LIMITS = {"consultations.register": (2, 600)}
    event = make_event(capacity=10)
    for n in range(2):
        assert client.post(register_url(event), form_data(email=f"p{n}@example.org")).status_code
    response = client.post(
        register_url(event), form_data(name="Third Person", email="third@example.org")
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Please wait a few minutes and try again" in html
    assert 'value="Third Person"' in html  # what they typed is kept
    assert Registration.objects.count() == 2

    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert elsewhere.post(register_url(event), form_data(email="x@example.org")).status_code == 302
    assert Registration.objects.count() == 3


def test_a_person_fixing_mistakes_and_registering_for_several_events_is_never_limited(
    client, make_event
):
    events = [make_event(title=f"Workshop {n}", slug=f"workshop-{n}") for n in range(5)]
    for event in events:
        # A mistake first (not counted), then the corrected form.
        assert client.post(register_url(event), form_data(email="not-an-email")).status_code == 200
        assert client.post(register_url(event), form_data()).status_code == 302
        # And a second click on the button, which keeps the one place.
        assert client.post(register_url(event), form_data()).status_code == 302
    assert Registration.objects.count() == 5


def test_invalid_forms_do_not_count_towards_the_limit(client, make_event, settings):
    settings.ENGAGE_RATE_LIMITS = {"consultations.register": (1, 600)}
    event = make_event()
    for _ in range(3):
        assert client.post(register_url(event), form_data(name="")).status_code == 200
    assert client.post(register_url(event), form_data()).status_code == 302
