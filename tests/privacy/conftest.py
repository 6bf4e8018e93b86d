"""A person who responded, registered for a workshop and joined the network, and one who did not."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations.models import Registration
from engage.roles import DATA_PROTECTION_OFFICERS
from feedback.models import Question
from feedback.themes.models import Theme
from privacy.roles import ensure_privacy_permissions
from tests import factories
from tests.consultations import builders
from tests.feedback.conftest import make_questionnaire

EMAIL = "Robin.Respondent@example.org"


def make_officer(make_user, password="pw"):
    """A member of staff in the data protection group."""
    ensure_privacy_permissions()
    user = make_user("dpo@example.org", password=password)
    user.groups.add(Group.objects.get(name=DATA_PROTECTION_OFFICERS))
    return user


@pytest.fixture
def officer(make_user):
    """A member of staff in the data protection group."""
    return make_officer(make_user)


@pytest.fixture
def person(site_with_home, make_user):
    """Records for EMAIL (in another case) and one record of someone else."""
    return make_person(site_with_home, make_user)


def make_person(site_with_home, make_user):
    """Records for EMAIL: a response, a registration, an account with a network profile."""
    home = site_with_home.root_page
    consultation = builders.consultation_create(
        builders.consultation_index_create(home), title="Crisis care"
    )
    make_questionnaire(consultation)
    event = builders.event_create(
        builders.event_index_create(home), title="Crisis care workshop", capacity=1
    )
    text_question = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    now = timezone.now()

    def respond(email, text, **extra):
        response = factories.ResponseFactory(
            consultation=consultation,
            submitted_at=now - timedelta(days=1),
            respondent_name="Robin" if email == EMAIL else "Other",
            respondent_email=email,
            consent_to_quote=True,
            **extra,
        )
        answer = factories.AnswerFactory(response=response, question=text_question, text=text)
        factories.AnswerAnalysisFactory(answer=answer, sentiment="negative")
        return response, answer

    theirs, their_answer = respond(EMAIL.lower(), "The crisis line kept me waiting for hours.")
    other, _other_answer = respond("someone@example.org", "Waiting for hours is wrong.")
    theme = factories.ThemeFactory(
        consultation=consultation, name="Waiting", status=Theme.Status.ACCEPTED
    )
    factories.AnswerThemeFactory(answer=their_answer, theme=theme, score=0.9)
    registration = factories.RegistrationFactory(
        event=event, name="Robin", email=EMAIL, capacity_type="resident", access_other="Ramp"
    )
    waiting = factories.RegistrationFactory(
        event=event,
        name="Next Person",
        email="next@example.org",
        capacity_type="carer",
        status=Registration.Status.WAITLISTED,
    )
    account = make_user("robin.account@example.org")
    account.email = EMAIL
    account.save()
    member = factories.MemberProfileFactory(
        user=account, preferred_name="Robin", taking_part_as=["resident"]
    )
    equality = factories.EqualityMonitoringFactory(
        consultation=consultation, submitted_month=now.date().replace(day=1), age_band="25-34"
    )
    return {
        "consultation": consultation,
        "event": event,
        "response": theirs,
        "answer": their_answer,
        "other": other,
        "registration": registration,
        "waiting": waiting,
        "account": account,
        "member": member,
        "equality": equality,
        "theme": theme,
    }
