"""Fixtures for theme tests: a consultation with a questionnaire and a way to add responses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Borough, ConsultationIndexPage, ConsultationPage, Locality
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.themes import services


@pytest.fixture
def consultation(site_with_home):
    """An open consultation with one long free-text question and one short one."""
    home = site_with_home.root_page
    index = ConsultationIndexPage(title="Consultations", slug="consultations-themes-test")
    home.add_child(instance=index)
    now = timezone.now()
    page = ConsultationPage(
        title="Community mental health",
        slug="community-mental-health-test",
        summary="What should change.",
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
    )
    index.add_child(instance=page)
    questionnaire = Questionnaire.objects.create(consultation=page)
    section = QuestionSection.objects.create(questionnaire=questionnaire, title="Your views")
    Question.objects.create(
        section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?", sort_order=0
    )
    Question.objects.create(
        section=section, kind=Question.Kind.SHORT_TEXT, text="Anything else?", sort_order=1
    )
    return page


@pytest.fixture
def place(db):
    """A borough with two localities."""
    borough = Borough.objects.create(name="Ealing", slug="ealing")
    return {
        "north": Locality.objects.create(borough=borough, name="North"),
        "south": Locality.objects.create(borough=borough, name="South"),
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
        response = Response.objects.create(
            consultation=consultation,
            status=status,
            submitted_at=timezone.now(),
            capacity=capacity,
            locality=locality,
            consent_to_quote=consent,
        )
        Answer.objects.create(response=response, question=questions[0], text=text)
        if other:
            Answer.objects.create(response=response, question=questions[1], text=other)
        return response

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
