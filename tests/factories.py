"""Test data from factory-boy and wagtail-factories: people, pages, questionnaires and responses.

Every test builder goes through these (tests/conftest.py's make_user, the feedback, theme,
report, network and privacy fixtures), so a model change is followed in one place.
"""

from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from django.utils import timezone

from consultations.models import (
    Borough,
    ConsultationIndexPage,
    ConsultationPage,
    EventIndexPage,
    Locality,
    Registration,
    Topic,
    WorkshopEventPage,
)
from feedback.models import (
    Answer,
    EqualityMonitoring,
    Question,
    Questionnaire,
    QuestionSection,
    Response,
)
from feedback.themes.models import AnswerAnalysis, AnswerTheme, Theme
from network.models import ExpenseType, MemberProfile, OpportunityIndexPage, OpportunityPage

# People


class UserFactory(factory.django.DjangoModelFactory):
    """A user named by their email, with that address verified (allauth signs them in).

    ``group="Consultation editors"`` puts them in a staff role group (made if missing);
    ``superuser=True`` makes a superuser with admin access.
    """

    email = factory.Sequence(lambda n: f"person{n + 1}@example.org")
    username = factory.SelfAttribute("email")
    password = "pw"

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            from engage.roles import ensure_groups

            ensure_groups()
            self.groups.add(Group.objects.get(name=extracted))


# Places and topics


class BoroughFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Borough {n + 1}")
    slug = factory.LazyAttribute(lambda borough: borough.name.lower().replace(" ", "-"))

    class Meta:
        model = Borough


class LocalityFactory(factory.django.DjangoModelFactory):
    borough = factory.SubFactory(BoroughFactory)
    name = factory.Sequence(lambda n: f"Locality {n + 1}")

    class Meta:
        model = Locality


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n + 1}")
    slug = factory.LazyAttribute(lambda topic: topic.name.lower().replace(" ", "-"))

    class Meta:
        model = Topic


# Pages


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under `parent` and published (a revision, as an editor would).

    ``publish=False`` adds the page without a revision, as ``parent.add_child`` alone does.
    Many-to-many values (``boroughs``, ``topics``) are set once the page exists.
    """

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        publish = kwargs.pop("publish", True)
        many_to_many = {name: kwargs.pop(name) for name in ("boroughs", "topics") if name in kwargs}
        page = super()._create(model_class, *args, **kwargs)
        for name, values in many_to_many.items():
            getattr(page, name).set(values)
        if not publish:
            if many_to_many:
                page.save()
            return page
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class ConsultationIndexPageFactory(PublishedPageFactory):
    title = "Consultations"
    slug = "consult"

    class Meta:
        model = ConsultationIndexPage


class EventIndexPageFactory(PublishedPageFactory):
    title = "Workshops"
    slug = "workshops-list"

    class Meta:
        model = EventIndexPage


class ConsultationPageFactory(PublishedPageFactory):
    """Open from 3 days ago for a week unless dates are given."""

    title = factory.Sequence(lambda n: f"Consultation {n + 1}")
    slug = factory.Sequence(lambda n: f"consultation-{n + 1}")
    summary = "What we propose and why."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=4))

    class Meta:
        model = ConsultationPage


class WorkshopEventPageFactory(PublishedPageFactory):
    """A workshop a week from now, two hours long, with 2 places."""

    title = factory.Sequence(lambda n: f"Workshop {n + 1}")
    slug = factory.Sequence(lambda n: f"workshop-{n + 1}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda page: page.starts_at + timedelta(hours=2))
    capacity = 2
    venue_name = "Community hall"

    class Meta:
        model = WorkshopEventPage


class OpportunityIndexPageFactory(PublishedPageFactory):
    title = "Get involved"
    slug = "get-involved"

    class Meta:
        model = OpportunityIndexPage


class OpportunityPageFactory(PublishedPageFactory):
    """An opportunity open for two weeks: six meetings, three hours a month."""

    title = factory.Sequence(lambda n: f"Opportunity {n + 1}")
    slug = ""  # Wagtail makes it from the title, as the page editor does
    summary = "Shape the new community teams."
    involves = "<p>Six meetings.</p>"
    time_commitment = "Three hours a month"
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    class Meta:
        model = OpportunityPage


# Workshops


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place at a workshop for a resident."""

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    capacity_type = Registration.Capacity.RESIDENT

    class Meta:
        model = Registration


# Questionnaires and responses


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """The small two-section questionnaire the feedback tests use.

    Closed questions (agreement, multiple choice, rating) come first, then one long free-text
    question. ``questions=False`` gives an empty questionnaire to add sections to.
    """

    intro = "Ten minutes."

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        first = QuestionSectionFactory(questionnaire=self, title="The proposal", sort_order=0)
        second = QuestionSectionFactory(questionnaire=self, title="Your views", sort_order=1)
        QuestionFactory(
            section=first,
            sort_order=0,
            kind=Question.Kind.AGREEMENT,
            text="Do you agree with place-based teams?",
            required=True,
        )
        QuestionFactory(
            section=first,
            sort_order=1,
            kind=Question.Kind.MULTIPLE_CHOICE,
            text="Which matter most to you?",
            choices=["Waiting times", "Continuity", "Travel"],
            allow_other=True,
        )
        QuestionFactory(
            section=first, sort_order=2, kind=Question.Kind.RATING, text="Rate the current service"
        )
        QuestionFactory(
            section=second,
            sort_order=0,
            kind=Question.Kind.LONG_TEXT,
            text="What else should we know?",
            help_text="Up to 10,000 characters.",
        )


class QuestionSectionFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Section {n + 1}")

    class Meta:
        model = QuestionSection


class QuestionFactory(factory.django.DjangoModelFactory):
    """A long free-text question unless a kind is given."""

    kind = Question.Kind.LONG_TEXT
    text = factory.Sequence(lambda n: f"Question {n + 1}?")

    class Meta:
        model = Question


class ResponseFactory(factory.django.DjangoModelFactory):
    """A submitted response; `answers={question: text}` adds free-text answers."""

    status = Response.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Response
        skip_postgeneration_save = True

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        for question, text in (extracted or {}).items():
            AnswerFactory(response=self, question=question, text=text)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer


class EqualityMonitoringFactory(factory.django.DjangoModelFactory):
    """An equality form, kept apart from the response it came with (this month)."""

    submitted_month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))

    class Meta:
        model = EqualityMonitoring


# Themes


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n + 1}")

    class Meta:
        model = Theme


class AnswerAnalysisFactory(factory.django.DjangoModelFactory):
    """An answer's analysis; consultation, response and text follow the answer."""

    consultation = factory.SelfAttribute("answer.response.consultation")
    response = factory.SelfAttribute("answer.response")
    redacted_text = factory.SelfAttribute("answer.text")
    sentiment = "neutral"

    class Meta:
        model = AnswerAnalysis


class AnswerThemeFactory(factory.django.DjangoModelFactory):
    response = factory.SelfAttribute("answer.response")

    class Meta:
        model = AnswerTheme


# The network


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A network member taking part as a resident; ``topics=[...]`` sets their interests."""

    user = factory.SubFactory(UserFactory, password="a-long-pass-phrase-9")
    preferred_name = "Morgan"
    taking_part_as = factory.LazyFunction(lambda: ["resident"])

    class Meta:
        model = MemberProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted is not None:
            self.topics.set(extracted)


class ExpenseTypeFactory(factory.django.DjangoModelFactory):
    name = "Travel"

    class Meta:
        model = ExpenseType
