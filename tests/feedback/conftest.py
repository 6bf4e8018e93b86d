"""Fixtures for feedback tests: a consultation with a small questionnaire."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from feedback.models import Question
from feedback.roles import ensure_feedback_permissions
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


def make_conditional_questionnaire(consultation):
    """The two-section questionnaire with skip logic added; returns the questions by name.

    Section 1 also asks "Do you use the clinic?" (yes/no, required); "The clinic" (section 2)
    is asked only of those who say "Yes", and holds the required "How often do you go?";
    section 3 ("Your views") adds the required "What would make daily visits easier?", asked
    only of those who go "Daily".
    """
    questionnaire = make_questionnaire(consultation)
    first, second = questionnaire.sections.order_by("sort_order")
    uses = factories.QuestionFactory(
        section=first,
        sort_order=5,
        kind=Question.Kind.YES_NO,
        text="Do you use the clinic?",
        required=True,
    )
    clinic = factories.QuestionSectionFactory(
        questionnaire=questionnaire,
        title="The clinic",
        sort_order=1,
        shown_if=uses,
        shown_if_answers=["Yes"],
    )
    second.sort_order = 2
    second.save()
    how_often = factories.QuestionFactory(
        section=clinic,
        sort_order=0,
        kind=Question.Kind.SINGLE_CHOICE,
        text="How often do you go?",
        choices=["Daily", "Weekly", "Rarely"],
        required=True,
    )
    daily = factories.QuestionFactory(
        section=second,
        sort_order=1,
        kind=Question.Kind.SHORT_TEXT,
        text="What would make daily visits easier?",
        required=True,
        shown_if=how_often,
        shown_if_answers=["Daily"],
    )
    return {
        "uses": uses,
        "how_often": how_often,
        "daily": daily,
        "agree": first.questions.get(kind=Question.Kind.AGREEMENT),
        "free": second.questions.get(kind=Question.Kind.LONG_TEXT),
    }


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


@pytest.fixture
def editor(client, make_user):
    """A consultation editor, signed in on `client` (staff entry, skip logic)."""
    ensure_feedback_permissions()
    user = make_user("editor@example.org", group="Consultation editors")
    client.force_login(user)
    return user


def enter_url(consultation):
    """The staff-entry page of a consultation."""
    return reverse("feedback_admin:enter", args=[consultation.pk])
