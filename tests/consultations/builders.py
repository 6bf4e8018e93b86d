"""Builders for consultation and event pages, shared by unit and browser tests (tests/factories)."""

from tests import factories


def consultation_index_create(home, **fields):
    """Publish a consultation index page under the home page."""
    return factories.ConsultationIndexPageFactory(parent=home, **fields)


def event_index_create(home, **fields):
    """Publish an event index page under the home page."""
    return factories.EventIndexPageFactory(parent=home, **fields)


def consultation_create(parent, **fields):
    """Publish a consultation; open from 3 days ago for a week unless dates are given."""
    return factories.ConsultationPageFactory(parent=parent, **fields)


def event_create(parent, **fields):
    """Publish a workshop a week from now with 2 places unless told otherwise."""
    return factories.WorkshopEventPageFactory(parent=parent, **fields)


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
