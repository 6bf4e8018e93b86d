"""Fixtures for consultations and events: index pages and page builders."""

import pytest

from tests.consultations import builders


@pytest.fixture
def consultation_index(site_with_home):
    return builders.consultation_index_create(site_with_home.root_page)


@pytest.fixture
def event_index(site_with_home):
    return builders.event_index_create(site_with_home.root_page)


@pytest.fixture
def make_consultation(consultation_index):
    """Publish a consultation under the index; see builders.consultation_create."""

    def _make(**fields):
        return builders.consultation_create(consultation_index, **fields)

    return _make


@pytest.fixture
def make_event(event_index):
    """Publish a workshop under the events index (or a given parent)."""

    def _make(parent=None, **fields):
        return builders.event_create(parent or event_index, **fields)

    return _make
