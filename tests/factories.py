"""Test data from factory-boy and wagtail-factories: pages, questionnaires and responses."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    EventIndexPage,
    WorkshopEventPage,
)
from feedback.models import Answer, Response


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under `parent` and published (a revision, as an editor would)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        many_to_many = {name: kwargs.pop(name) for name in ("boroughs", "topics") if name in kwargs}
        page = super()._create(model_class, *args, **kwargs)
        for name, values in many_to_many.items():
            getattr(page, name).set(values)
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


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """The small two-section questionnaire the feedback tests use (see make_questionnaire)."""

    class Meta:
        model = "feedback.Questionnaire"

    @classmethod
    def _create(cls, model_class, *args, consultation, **kwargs):
        from tests.feedback.conftest import make_questionnaire

        return make_questionnaire(consultation)


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
            Answer.objects.create(response=self, question=question, text=text)
