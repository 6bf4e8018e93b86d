"""Staff entry of paper, email and phone responses: the date received, and when entry is open."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.models import Response
from tests.feedback.conftest import enter_url, make_consultation, make_questionnaire
from tests.forms import date_parts

pytestmark = pytest.mark.django_db


def _start(client, consultation, **received):
    return client.post(
        enter_url(consultation),
        {
            "channel-channel": "paper",
            "channel-submission_key": str(uuid.uuid4()),
            **received,
        },
    )


def _field_error(html, name):
    """The text of the error shown for a field (Wagtail's field layout), or None."""
    match = re.search(
        rf'id="id_channel-{name}-error">\s*(?:<svg[^>]*>.*?</svg>)?\s*<p class="error-message">'
        rf"\s*(.*?)\s*</p>",
        html,
        re.S,
    )
    return match and match.group(1)


# --- The date received: the GOV.UK date input ------------------------------------------------


def test_date_received_is_typed_as_day_month_and_year_in_a_labelled_group(
    client, consultation, editor
):
    html = client.get(enter_url(consultation)).content.decode()
    assert 'type="date"' not in html
    assert re.search(r'<legend class="w-field__label">Date received<', html)
    for number, label in enumerate(["Day", "Month", "Year"]):
        box = f"id_channel-received_on_{number}"
        assert f'<label class="date-input__label" for="{box}">{label}</label>' in html
        assert re.search(
            rf'<input type="text" name="channel-received_on_{number}"[^>]*id="{box}"', html
        )
    assert "For example, 27 3 2026" in html


def test_a_response_records_the_day_month_and_year_it_was_received(client, consultation, editor):
    received = timezone.localdate() - timedelta(days=3)
    page = _start(client, consultation, **date_parts("channel-received_on", received))
    assert page.status_code == 302
    response = Response.objects.get()
    assert response.received_on == received and response.entered_by == editor


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        (("31", "2", "2026"), "Enter a real date, for example 27 3 2026"),
        (("ten", "11", "2026"), "Enter a real date, for example 27 3 2026"),
        (("1", "x", "y"), "Enter a real date, for example 27 3 2026"),
        (("20", "11", "26"), "Enter a real date, for example 27 3 2026"),
        (("20", "", "2026"), "The date must include a day, month and year"),
        (("", "", ""), "Enter the date the response was received"),
    ],
    ids=["31 February", "words", "letters", "two-figure year", "no month", "nothing"],
)
def test_a_date_received_that_is_not_a_real_date_is_refused_and_nothing_is_stored(
    client, consultation, editor, parts, error
):
    data = {f"channel-received_on_{n}": part for n, part in enumerate(parts)}
    page = _start(client, consultation, **data)
    html = page.content.decode()
    assert page.status_code == 400
    assert _field_error(html, "received_on") == error
    assert 'aria-invalid="true"' in html and "Please correct the errors below." in html
    # What was typed comes back, so it can be corrected rather than typed again.
    if parts[0]:
        assert f'name="channel-received_on_0" value="{parts[0]}"' in html
    assert Response.objects.count() == 0


def test_a_date_received_in_the_future_is_refused_and_nothing_is_stored(
    client, consultation, editor
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = _start(client, consultation, **date_parts("channel-received_on", tomorrow))
    assert page.status_code == 400
    assert _field_error(page.content.decode(), "received_on") == (
        "The date must be today or in the past."
    )
    assert Response.objects.count() == 0


# --- Entry opens when the consultation opens --------------------------------------------------


@pytest.fixture
def forthcoming(site_with_home):
    consultation = make_consultation(
        site_with_home.root_page, slug="forthcoming", title="Carers' support", opens_in=5
    )
    make_questionnaire(consultation)
    return consultation


def test_no_response_can_be_entered_before_the_consultation_opens(client, forthcoming, editor):
    opens = timezone.localtime(forthcoming.opens_at).strftime("%-d %B %Y")
    page = client.get(enter_url(forthcoming))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"This consultation opens on {opens}." in html
    assert "Start typing it in" not in html and "channel-received_on_0" not in html
    page = _start(client, forthcoming, **date_parts("channel-received_on", timezone.localdate()))
    assert page.status_code == 400
    assert f"This consultation opens on {opens}." in page.content.decode()
    assert Response.objects.count() == 0


def test_the_service_refuses_a_typed_in_response_before_opening(forthcoming, editor):
    with pytest.raises(services.ResponseError, match="This consultation opens on"):
        services.entered_response_start(
            consultation=forthcoming,
            channel=Response.Channel.PAPER,
            received_on=timezone.localdate(),
            entered_by=editor,
            submission_key=uuid.uuid4(),
        )
    assert Response.objects.count() == 0


def test_a_draft_is_not_saved_if_the_opening_has_moved_later_since_it_was_started(
    client, consultation, editor
):
    _start(client, consultation, **date_parts("channel-received_on", timezone.localdate()))
    draft = Response.objects.get()
    consultation.opens_at = timezone.now() + timedelta(days=2)
    consultation.closes_at = timezone.now() + timedelta(days=30)
    consultation.save()
    check = reverse("feedback_admin:enter_check", args=[consultation.pk, draft.pk])
    page = client.post(check, follow=True)
    assert "This consultation opens on" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT and draft.submitted_at is None


def test_late_paper_responses_are_still_entered_after_the_consultation_closes(
    client, site_with_home, editor
):
    closed = make_consultation(
        site_with_home.root_page, slug="closed", title="Closed", opens_in=-30, closes_in=-2
    )
    make_questionnaire(closed)
    page = _start(client, closed, **date_parts("channel-received_on", timezone.localdate()))
    assert page.status_code == 302
    assert Response.objects.get().consultation == closed


def test_the_overview_offers_entry_only_for_consultations_that_have_opened(
    client, consultation, forthcoming, site_with_home, editor
):
    closed = make_consultation(
        site_with_home.root_page, slug="closed", title="Closed", opens_in=-30, closes_in=-2
    )
    html = client.get(reverse("feedback_admin:index")).content.decode()
    assert enter_url(consultation) in html and enter_url(closed) in html
    assert enter_url(forthcoming) not in html
    opens = timezone.localtime(forthcoming.opens_at).strftime("%-d %B %Y")
    assert f"Paper, email and phone responses can be entered from {opens}, when it opens" in html


def test_each_missing_answer_on_the_first_page_names_what_is_missing(client, consultation, editor):
    page = client.post(enter_url(consultation), {"channel-submission_key": str(uuid.uuid4())})
    html = page.content.decode()
    assert _field_error(html, "channel") == "Choose how the response was received"
    assert _field_error(html, "received_on") == "Enter the date the response was received"
    assert "This field is required." not in html
    assert Response.objects.count() == 0


def test_the_date_received_is_shown_when_checking_and_inspecting_the_response(
    client, consultation, editor
):
    received = timezone.localdate() - timedelta(days=40)
    _start(client, consultation, **date_parts("channel-received_on", received))
    response = Response.objects.get()
    shown = f"<dd>{received.day} {received.strftime('%b %Y')}</dd>"
    check = reverse("feedback_admin:enter_check", args=[consultation.pk, response.pk])
    html = client.get(check).content.decode()
    assert re.search(rf"Date received</strong></dt>\s*{re.escape(shown)}", html)
    client.post(check)
    inspect = client.get(reverse("responses:inspect", args=[response.pk])).content.decode()
    assert re.search(rf"Date received</strong></dt>\s*{re.escape(shown)}", inspect)


# --- Correcting how and when it was received ------------------------------------------------


def _saved_paper_response(client, consultation, received):
    _start(client, consultation, **date_parts("channel-received_on", received))
    response = Response.objects.get()
    client.post(reverse("feedback_admin:enter_check", args=[consultation.pk, response.pk]))
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    return response


def test_a_mistyped_date_received_is_corrected_and_the_correction_logged(
    client, consultation, editor
):
    from engage.models import AuditEvent

    typed, meant = (
        timezone.localdate() - timedelta(days=2),
        timezone.localdate() - timedelta(days=9),
    )
    response = _saved_paper_response(client, consultation, typed)
    check = reverse("feedback_admin:enter_check", args=[consultation.pk, response.pk])
    received = reverse("feedback_admin:enter_received", args=[consultation.pk, response.pk])
    assert received in client.get(check).content.decode()
    form = client.get(received).content.decode()
    assert f'name="channel-received_on_0" value="{typed.day}"' in form
    assert 'value="paper" required id="id_channel-channel_0" checked' in form
    page = client.post(
        received,
        {"channel-channel": "email", **date_parts("channel-received_on", meant)},
    )
    assert page.status_code == 302 and page.url == check
    response.refresh_from_db()
    assert (response.received_on, response.channel) == (meant, "email")
    event = AuditEvent.objects.filter(details__change="corrected").get()
    assert event.user == editor
    assert sorted(event.details["fields"]) == ["channel", "received_on"]


def test_a_correction_to_an_impossible_date_received_changes_nothing(client, consultation, editor):
    from engage.models import AuditEvent

    typed = timezone.localdate() - timedelta(days=2)
    response = _saved_paper_response(client, consultation, typed)
    received = reverse("feedback_admin:enter_received", args=[consultation.pk, response.pk])
    page = client.post(
        received,
        {
            "channel-channel": "workshop",
            "channel-received_on_0": "30",
            "channel-received_on_1": "2",
            "channel-received_on_2": "2026",
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert _field_error(html, "received_on") == "Enter a real date, for example 27 3 2026"
    assert _field_error(html, "channel").startswith("Select a valid choice")
    response.refresh_from_db()
    assert (response.received_on, response.channel) == (typed, "paper")
    assert not AuditEvent.objects.filter(details__change="corrected").exists()


def test_only_staff_who_may_change_responses_correct_how_one_was_received(
    client, consultation, editor, make_user
):
    from django.contrib.auth.models import Group, Permission

    typed = timezone.localdate() - timedelta(days=2)
    response = _saved_paper_response(client, consultation, typed)
    typist = make_user("typist@example.org")
    typist.is_staff = True
    typist.save()
    typing = Group.objects.create(name="Typists")
    typing.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "enter_offline_response"])
    )
    typist.groups.add(typing)
    client.force_login(typist)
    received = reverse("feedback_admin:enter_received", args=[consultation.pk, response.pk])
    page = client.post(
        received,
        {"channel-channel": "phone", **date_parts("channel-received_on", timezone.localdate())},
    )
    assert page.status_code in (403, 404)
    response.refresh_from_db()
    assert (response.received_on, response.channel) == (typed, "paper")
