"""Closing prompts, places left and access-need labels read as people expect."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations.models import ConsultationPage, Registration, WorkshopEventPage
from consultations.templatetags.consultation_tags import closing_prompt, places_left_text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=LONDON)


def closing(closes_at, opens_at=NOW - timedelta(days=5)):
    return ConsultationPage(title="c", summary="s", opens_at=opens_at, closes_at=closes_at)


@pytest.mark.parametrize(
    ("closes_at", "expected"),
    [
        (datetime(2026, 3, 10, 17, 0, tzinfo=LONDON), "Closes today at 5:00 p.m."),
        (datetime(2026, 3, 11, 8, 0, tzinfo=LONDON), "Closes tomorrow at 8:00 a.m."),
        (datetime(2026, 3, 13, 8, 0, tzinfo=LONDON), "Closes in 3 days"),
        (datetime(2026, 4, 30, 12, 0, tzinfo=LONDON), "Closes on 30 April 2026"),
    ],
)
def test_closing_prompt_counts_london_calendar_days(closes_at, expected):
    assert closing_prompt(closing(closes_at), NOW) == expected


def test_closing_prompt_for_forthcoming_and_closed():
    forthcoming = closing(NOW + timedelta(days=9), opens_at=NOW + timedelta(days=2))
    assert closing_prompt(forthcoming, NOW) == "Opens on 12 March 2026"
    closed = closing(NOW - timedelta(days=1), opens_at=NOW - timedelta(days=9))
    assert closing_prompt(closed, NOW) == "Closed on 9 March 2026"


def test_places_left_text():
    event = WorkshopEventPage(title="e", starts_at=NOW, ends_at=NOW, capacity=3)
    assert places_left_text(event, confirmed=1) == "2 places left"
    assert places_left_text(event, confirmed=2) == "1 place left"
    assert places_left_text(event, confirmed=3) == "Full: you can join the waiting list"


def test_access_need_labels_spell_out_something_else():
    registration = Registration(access_needs=["bsl", "other"], access_other="A quiet room")
    assert registration.access_need_labels == [
        "British Sign Language interpreter",
        "Something else: A quiet room",
    ]
