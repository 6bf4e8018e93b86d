"""Consultation status and event registration state are derived from dates, at the boundaries."""

from datetime import UTC, datetime, timedelta

import pytest

from consultations.models import (
    ConsultationPage,
    ConsultationStatus,
    RegistrationState,
    WorkshopEventPage,
)

OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 29, 23, 59, tzinfo=UTC)
SECOND = timedelta(seconds=1)

# Building a Wagtail page instance looks up the default locale.
pytestmark = pytest.mark.django_db


def consultation(**kwargs):
    return ConsultationPage(title="c", summary="s", opens_at=OPENS, closes_at=CLOSES, **kwargs)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - SECOND, ConsultationStatus.FORTHCOMING),
        (OPENS, ConsultationStatus.OPEN),
        (CLOSES - SECOND, ConsultationStatus.OPEN),
        (CLOSES, ConsultationStatus.CLOSED),
    ],
)
def test_status_changes_exactly_at_open_and_close(moment, expected):
    assert consultation().status_at(moment) == expected


def test_outcome_is_published_only_from_its_publication_moment():
    published = CLOSES + timedelta(days=10)
    page = consultation(outcome_published_at=published)
    assert page.status_at(published - SECOND) == ConsultationStatus.CLOSED
    assert page.status_at(published) == ConsultationStatus.OUTCOME_PUBLISHED
    assert page.outcome_is_published_at(published)
    assert not page.outcome_is_published_at(published - SECOND)


def test_time_left_is_given_only_while_open():
    page = consultation()
    assert page.time_left_at(CLOSES - timedelta(days=3)) == timedelta(days=3)
    assert page.time_left_at(OPENS - SECOND) is None
    assert page.time_left_at(CLOSES) is None


STARTS = datetime(2026, 5, 10, 10, 0, tzinfo=UTC)


def event(**kwargs):
    return WorkshopEventPage(
        title="e", starts_at=STARTS, ends_at=STARTS + timedelta(hours=2), **kwargs
    )


def test_registration_state_follows_window_start_and_cancellation():
    opens = STARTS - timedelta(days=20)
    closes = STARTS - timedelta(days=1)
    page = event(registration_opens_at=opens, registration_closes_at=closes)
    assert page.registration_state_at(opens - SECOND) == RegistrationState.NOT_YET_OPEN
    assert page.registration_state_at(opens) == RegistrationState.OPEN
    assert page.registration_state_at(closes - SECOND) == RegistrationState.OPEN
    assert page.registration_state_at(closes) == RegistrationState.CLOSED
    assert event().registration_state_at(STARTS - SECOND) == RegistrationState.OPEN
    assert event().registration_state_at(STARTS) == RegistrationState.PAST
    assert event(is_cancelled=True).registration_state_at(opens) == RegistrationState.CANCELLED
