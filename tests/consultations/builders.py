"""Builders for consultation and event pages, shared by unit and browser tests."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    EventIndexPage,
    WorkshopEventPage,
)

_numbers = count(1)


def consultation_index_create(home, **fields):
    """Publish a consultation index page under the home page."""
    fields.setdefault("title", "Consultations")
    fields.setdefault("slug", "consult")
    index = home.add_child(instance=ConsultationIndexPage(**fields))
    index.save_revision().publish()
    return index


def event_index_create(home, **fields):
    """Publish an event index page under the home page."""
    fields.setdefault("title", "Workshops")
    fields.setdefault("slug", "workshops-list")
    index = home.add_child(instance=EventIndexPage(**fields))
    index.save_revision().publish()
    return index


def consultation_create(parent, **fields):
    """Publish a consultation; open from 3 days ago for a week unless dates are given."""
    number = next(_numbers)
    now = timezone.now()
    fields.setdefault("title", f"Consultation {number}")
    fields.setdefault("slug", f"consultation-{number}")
    fields.setdefault("summary", "What we propose and why.")
    fields.setdefault("opens_at", now - timedelta(days=3))
    fields.setdefault("closes_at", now + timedelta(days=4))
    m2m = {name: fields.pop(name) for name in ["boroughs", "topics"] if name in fields}
    page = parent.add_child(instance=ConsultationPage(**fields))
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def event_create(parent, **fields):
    """Publish a workshop a week from now with 2 places unless told otherwise."""
    number = next(_numbers)
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=7))
    fields.setdefault("title", f"Workshop {number}")
    fields.setdefault("slug", f"workshop-{number}")
    fields.setdefault("ends_at", starts + timedelta(hours=2))
    fields.setdefault("capacity", 2)
    fields.setdefault("venue_name", "Community hall")
    page = parent.add_child(instance=WorkshopEventPage(starts_at=starts, **fields))
    page.save_revision().publish()
    return WorkshopEventPage.objects.get(pk=page.pk)


def registration_fields(**overrides):
    """Valid keyword arguments for services.registration_create (without the event)."""
    fields = {
        "name": "Jo Example",
        "email": "jo@example.org",
        "capacity_type": "resident",
        "access_needs": [],
        "access_other": "",
        "consent_to_contact": True,
    }
    fields.update(overrides)
    return fields
