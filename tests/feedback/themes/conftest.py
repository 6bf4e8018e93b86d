"""Fixtures for theme tests: a consultation with a questionnaire and a way to add responses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Question, Response
from feedback.themes import services
from tests import factories


@pytest.fixture
def consultation(site_with_home):
    """An open consultation with one long free-text question and one short one."""
    index = factories.ConsultationIndexPageFactory(
        parent=site_with_home.root_page,
        title="Consultations",
        slug="consultations-themes-test",
        publish=False,
    )
    now = timezone.now()
    page = factories.ConsultationPageFactory(
        parent=index,
        title="Community mental health",
        slug="community-mental-health-test",
        summary="What should change.",
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
        publish=False,
    )
    questionnaire = factories.QuestionnaireFactory(consultation=page, intro="", questions=False)
    section = factories.QuestionSectionFactory(questionnaire=questionnaire, title="Your views")
    factories.QuestionFactory(
        section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?", sort_order=0
    )
    factories.QuestionFactory(
        section=section, kind=Question.Kind.SHORT_TEXT, text="Anything else?", sort_order=1
    )
    return page


@pytest.fixture
def about_a_proposal(consultation):
    """Both free-text questions ask about a proposal (stance applies); the fixture's do not."""
    Question.objects.filter(section__questionnaire__consultation=consultation).update(
        text="What do you think of the proposal to merge the clinics?"
    )


@pytest.fixture
def place(db):
    """A borough with two localities."""
    borough = factories.BoroughFactory(name="Ealing", slug="ealing")
    return {
        "north": factories.LocalityFactory(borough=borough, name="North"),
        "south": factories.LocalityFactory(borough=borough, name="South"),
    }


@pytest.fixture
def respond(consultation):
    """Add a submitted response with free-text answers: respond("text", other="...", ...)."""
    questions = list(
        Question.objects.filter(section__questionnaire__consultation=consultation).order_by(
            "sort_order"
        )
    )

    def _respond(
        text,
        *,
        other="",
        consent=True,
        capacity=Response.Capacity.RESIDENT,
        locality=None,
        status=Response.Status.SUBMITTED,
    ):
        answers = {questions[0]: text}
        if other:
            answers[questions[1]] = other
        return factories.ResponseFactory(
            consultation=consultation,
            status=status,
            capacity=capacity,
            locality=locality,
            consent_to_quote=consent,
            answers=answers,
        )

    return _respond


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", group="Consultation editors")


@pytest.fixture
def frame(consultation, officer):
    """Two coding-frame themes."""
    waiting = services.theme_create(
        consultation=consultation,
        name="Waiting times",
        keywords=["waiting list", "wait", "waiting"],
        user=officer,
    )
    staff = services.theme_create(
        consultation=consultation,
        name="Staff attitude",
        keywords=["staff", "kind", "listened", "rude"],
        user=officer,
    )
    return waiting, staff
