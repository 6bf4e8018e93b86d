"""Fixtures for feedback tests: a consultation with a small questionnaire."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from tests import factories


def make_consultation(home, *, slug="test-consultation", opens_in=-7, closes_in=21, **extra):
    """A live consultation under a consultation index (created if missing)."""
    index = ConsultationIndexPage.objects.first() or factories.ConsultationIndexPageFactory(
        parent=home, title="Consultations", slug="have-your-say", publish=False
    )
    now = timezone.now()
    extra.setdefault("title", "Test consultation")
    return factories.ConsultationPageFactory(
        parent=index,
        slug=slug,
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
        publish=False,
        **extra,
    )


def make_questionnaire(consultation):
    """Two sections: closed questions first, then free text (see QuestionnaireFactory)."""
    return factories.QuestionnaireFactory(consultation=consultation)


@pytest.fixture
def consultation(site_with_home):
    """An open consultation with a two-section questionnaire."""
    page = make_consultation(site_with_home.root_page)
    make_questionnaire(page)
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """The rate limit lives in the cache, which outlives a test: start each test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
