"""Fixtures for the network tests: members, opportunities and rates."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def places(db):
    """Two boroughs with a locality each, and two topics."""
    ealing = factories.BoroughFactory(name="Ealing", slug="ealing")
    hounslow = factories.BoroughFactory(name="Hounslow", slug="hounslow")
    return {
        "ealing": ealing,
        "hounslow": hounslow,
        "acton": factories.LocalityFactory(borough=ealing, name="Acton"),
        "feltham": factories.LocalityFactory(borough=hounslow, name="Feltham"),
        "peer": factories.TopicFactory(name="Peer support", slug="peer-support"),
        "crisis": factories.TopicFactory(name="Crisis care", slug="crisis-care"),
    }


@pytest.fixture
def make_member(make_user):
    """A user with a verified email and a member profile."""

    def _make_member(email="member@example.org", *, name="Morgan", topics=(), **fields):
        user = make_user(email, password="a-long-pass-phrase-9")
        return factories.MemberProfileFactory(
            user=user, preferred_name=name, topics=topics, **fields
        )

    return _make_member


@pytest.fixture
def opportunity_index(site_with_home):
    """The opportunity index under the home page."""
    return factories.OpportunityIndexPageFactory(
        parent=site_with_home.root_page,
        title="Get involved",
        slug="get-involved",
        show_in_menus=True,
    )


@pytest.fixture
def make_opportunity(opportunity_index):
    """A published opportunity, open for two weeks unless told otherwise."""

    def _make_opportunity(title="Design group", *, days_open=14, **fields):
        return factories.OpportunityPageFactory(
            parent=opportunity_index,
            title=title,
            closes_on=timezone.localdate() + datetime.timedelta(days=days_open),
            **fields,
        )

    return _make_opportunity


@pytest.fixture
def travel(db):
    """A travel expense type limited to £40."""
    return factories.ExpenseTypeFactory(name="Travel", maximum_amount=Decimal("40.00"))


@pytest.fixture
def consultation_index(site_with_home):
    """The consultation index under the home page."""
    return factories.ConsultationIndexPageFactory(
        parent=site_with_home.root_page, title="Consultations", slug="consultations"
    )


@pytest.fixture
def make_consultation(consultation_index):
    """A published consultation: open since yesterday for 30 days unless told otherwise."""

    def _make(title="Teams", *, opens_at=None, closes_at=None, topics=(), boroughs=(), **fields):
        opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
        fields.setdefault("slug", "")  # Wagtail makes it from the title, as the editor does
        fields.setdefault("summary", "A summary.")
        return factories.ConsultationPageFactory(
            parent=consultation_index,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at or opens_at + datetime.timedelta(days=30),
            topics=topics,
            boroughs=boroughs,
            **fields,
        )

    return _make
