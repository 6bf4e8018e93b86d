"""Builders for committee report tests: a consultation with wards, documents and workshops.

Pages, registrations, questionnaires and responses come from tests/factories.py.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, Page

from consultations.models import (
    Borough,
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ContactOfficer,
    Locality,
    Organisation,
    Ward,
    WorkshopEventPage,
)
from tests import factories


def consultation_index():
    """The consultation index under the home page (created once)."""
    return ConsultationIndexPage.objects.first() or factories.ConsultationIndexPageFactory(
        parent=Page.objects.get(depth=2), title="Consultations", slug="consultations", publish=False
    )


def make_consultation(*, slug="mint-test", title="Mental health teams near you", wards=True):
    """A closed consultation with two wards, a borough with localities, an officer and a paper."""
    now = timezone.now()
    council, _ = Organisation.objects.get_or_create(
        name="Example Borough Council", defaults={"kind": Organisation.Kind.COUNCIL}
    )
    officer, _ = ContactOfficer.objects.get_or_create(
        email="casey.officer@example.org",
        defaults={
            "name": "Casey Officer",
            "job_title": "Head of Engagement",
            "phone": "01632 960123",
        },
    )
    borough, _ = Borough.objects.get_or_create(name="Exampleton", slug="exampleton")
    north, _ = Locality.objects.get_or_create(borough=borough, name="North")
    south, _ = Locality.objects.get_or_create(borough=borough, name="South")
    consultation = factories.ConsultationPageFactory(
        parent=consultation_index(),
        title=title,
        slug=slug,
        summary="We asked staff and residents about new place-based teams.",
        kind=ConsultationPage.Kind.STAFF,
        audience=ConsultationPage.Audience.BOTH,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        lead_organisation=council,
        contact_officer=officer,
        publish=False,
    )
    consultation.boroughs.add(borough)
    consultation.localities.add(north, south)
    if wards:
        for name in ("Riverside", "Parkview"):
            ward, _ = Ward.objects.get_or_create(borough=borough, name=name)
            consultation.wards.add(ward)
    consultation.save()
    # Transactional (browser) tests flush the root collection that a migration made.
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    paper = Document(title="Proposal for place-based teams")
    paper.file.save("proposal.txt", ContentFile(b"proposal"), save=False)
    paper.save()
    ConsultationDocument.objects.create(
        page=consultation, document=paper, description="The full proposal", is_background_paper=True
    )
    return consultation


def make_workshop(
    consultation, *, title="Workshop in North", days_ago=20, registered=6, attended=4
):
    """A held workshop for a consultation with confirmed registrations and attendance."""
    start = timezone.now() - timedelta(days=days_ago)
    event = factories.WorkshopEventPageFactory(
        parent=consultation,
        title=title,
        slug=title.lower().replace(" ", "-"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=WorkshopEventPage._meta.get_field("capacity").default,
        consultation=consultation,
        venue_name="Community Hall",
        publish=False,
    )
    for index in range(registered):
        factories.RegistrationFactory(
            event=event,
            name=f"Person {index}",
            email=f"person{index}@example.org",
            attended=index < attended,
        )
    return event


def make_responses(consultation, specs, *, question=None):
    """Submitted responses from (count, fields) pairs; answers `question` with its first option.

    Each spec is ``(count, {"capacity": ..., "channel": ..., ...})``; returns the responses.
    """
    made = []
    for count, fields in specs:
        for _index in range(count):
            response = factories.ResponseFactory(
                consultation=consultation,
                submitted_at=timezone.now() - timedelta(days=12),
                **fields,
            )
            if question is not None:
                factories.AnswerFactory(
                    response=response, question=question, choices=[question.options()[0]]
                )
            made.append(response)
    return made


def agreement_question(consultation):
    """A one-question questionnaire (agreement scale) for a consultation."""
    from feedback.models import Question

    questionnaire = factories.QuestionnaireFactory(
        consultation=consultation, intro="", questions=False
    )
    section = factories.QuestionSectionFactory(questionnaire=questionnaire, title="The proposal")
    return factories.QuestionFactory(
        section=section,
        kind=Question.Kind.AGREEMENT,
        text="Do you agree with the new teams?",
    )


def stub_theme_summaries(monkeypatch, themes, *, small=3):
    """Stand in for the themes selectors with summaries of the documented shape: the summaries
    themselves and the raw counts behind the report's cross-tables (`theme_cross_tables`),
    taken from each summary's by_capacity and by_locality (a hidden count is `small`; whoever
    is in no listed group is "Not given")."""
    from feedback.themes import selectors as theme_selectors

    themes = [{"id": 1000 + index, **theme} for index, theme in enumerate(themes)]

    def cross_tables(*, figures, summaries=()):
        result = {}
        for name in ("capacity", "locality"):
            columns, counts = {}, {}
            for theme in themes:
                for cell in theme[f"by_{name}"]:
                    key = str(cell["key"])
                    columns[key] = cell["label"]
                    counts[theme["id"], key] = cell["count"] if cell["count"] else small
            result[name] = {"columns": list(columns.items()), "counts": counts}
        return result

    monkeypatch.setattr(
        theme_selectors, "theme_summaries", lambda *, consultation, **_options: themes
    )
    monkeypatch.setattr(theme_selectors, "theme_cross_tables", cross_tables)
    return themes
