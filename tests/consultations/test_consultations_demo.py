"""The demo loader builds the promised content and changes nothing when run again."""

import pytest

from consultations import demo
from consultations.models import (
    ConsultationPage,
    ConsultationStatus,
    Registration,
    WorkshopEventPage,
)

pytestmark = pytest.mark.django_db


def snapshot():
    from wagtail.documents.models import Document
    from wagtail.models import Page

    return (
        Page.objects.count(),
        Registration.objects.count(),
        Document.objects.count(),
        sorted(Page.objects.values_list("url_path", flat=True)),
    )


def test_demo_loads_consultations_and_workshops_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    first = snapshot()
    demo.load()
    assert snapshot() == first

    mint = ConsultationPage.objects.get(slug=demo.MINT_SLUG)
    assert mint.kind == "staff"
    assert {loc.name for loc in mint.localities.all()} == {
        "North",
        "Central and Partnership",
        "South",
    }
    assert mint.documents.count() == 2
    assert any(block.block_type == "faq" for block in mint.body)
    community = ConsultationPage.objects.get(slug=demo.COMMUNITY_SLUG)
    assert community.status == ConsultationStatus.OPEN
    assert community.audience == "residents"
    statuses = {page.status for page in ConsultationPage.objects.all()}
    assert ConsultationStatus.OUTCOME_PUBLISHED in statuses

    events = WorkshopEventPage.objects.all()
    assert events.count() == 5
    assert {e.borough.name for e in events} == {"Hammersmith & Fulham", "Ealing", "Hounslow"}
    assert any(e.format == "online" for e in events)
    assert any(e.registrations.filter(status="waitlisted").exists() for e in events)
    assert any(e.ends_at < mint.opens_at or e.has_ended_at(mint.closes_at) for e in events)
