"""Fixtures for API tests: consultations (one with its outcome published), workshops, results."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Borough, Topic
from feedback.models import Answer, Question, Response
from feedback.themes.models import AnswerAnalysis, AnswerTheme, Theme
from tests import factories
from tests.feedback.conftest import make_questionnaire


@pytest.fixture
def index(site_with_home):
    """The consultation index, published under the home page."""
    return factories.ConsultationIndexPageFactory(parent=site_with_home.root_page)


@pytest.fixture
def event_index(site_with_home):
    return factories.EventIndexPageFactory(parent=site_with_home.root_page)


@pytest.fixture
def places():
    return {
        "ealing": Borough.objects.create(name="Ealing", slug="ealing"),
        "brent": Borough.objects.create(name="Brent", slug="brent"),
        "crisis": Topic.objects.create(name="Crisis care", slug="crisis-care"),
    }


def answer_closed(response, question, choices):
    return Answer.objects.create(response=response, question=question, choices=choices)


def make_results(consultation, *, agree=12, disagree=3, theme_sizes=(8, 2)):
    """Submitted responses: `agree` + `disagree` answer the agreement question; the first
    free-text answers are tagged with two themes of the given sizes."""
    make_questionnaire(consultation)
    agreement = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.AGREEMENT
    )
    free_text = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    options = agreement.options()
    responses = []
    for index in range(agree + disagree):
        response = factories.ResponseFactory(
            consultation=consultation,
            respondent_name=f"Secret Person {index}",
            respondent_email=f"secret{index}@example.org",
            consent_to_quote=True,
        )
        answer_closed(response, agreement, [options[0] if index < agree else options[-1]])
        text = Answer.objects.create(
            response=response, question=free_text, text=f"Private words number {index}"
        )
        AnswerAnalysis.objects.create(answer=text, consultation=consultation, response=response)
        responses.append((response, text))
    # A draft is never counted.
    Response.objects.create(consultation=consultation, status=Response.Status.DRAFT)
    themes = []
    for number, size in enumerate(theme_sizes):
        theme = Theme.objects.create(
            consultation=consultation, name=f"Theme {number}", description=f"About {number}"
        )
        for response, text in responses[:size]:
            AnswerTheme.objects.create(answer=text, response=response, theme=theme, score=0.9)
        themes.append(theme)
    return {"responses": responses, "themes": themes, "agreement": agreement}


@pytest.fixture
def published(index, places):
    """A consultation whose outcome is published, with results."""
    now = timezone.now()
    page = factories.ConsultationPageFactory(
        parent=index,
        title="Published outcome",
        slug="published-outcome",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        outcome_published_at=now - timedelta(days=1),
        outcome_heard="<p>You told us about waiting times.</p>",
        outcome_decided="<p>We will open on Saturdays.</p>",
        boroughs=[places["ealing"]],
        topics=[places["crisis"]],
    )
    make_results(page)
    return page


@pytest.fixture
def open_consultation(index, places):
    return factories.ConsultationPageFactory(
        parent=index, title="Open now", slug="open-now", boroughs=[places["brent"]]
    )
