"""Fixtures for the network tests: members, opportunities and rates."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from consultations.models import Borough, ConsultationIndexPage, ConsultationPage, Locality, Topic
from network.models import ExpenseType, MemberProfile, OpportunityIndexPage, OpportunityPage


@pytest.fixture
def places(db):
    """Two boroughs with a locality each, and two topics."""
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    hounslow = Borough.objects.create(name="Hounslow", slug="hounslow")
    return {
        "ealing": ealing,
        "hounslow": hounslow,
        "acton": Locality.objects.create(borough=ealing, name="Acton"),
        "feltham": Locality.objects.create(borough=hounslow, name="Feltham"),
        "peer": Topic.objects.create(name="Peer support", slug="peer-support"),
        "crisis": Topic.objects.create(name="Crisis care", slug="crisis-care"),
    }


@pytest.fixture
def make_member(make_user):
    """A user with a verified email and a member profile."""

    def _make_member(email="member@example.org", *, name="Morgan", topics=(), **fields):
        user = make_user(email, password="a-long-pass-phrase-9")
        fields.setdefault("taking_part_as", ["resident"])
        profile = MemberProfile.objects.create(user=user, preferred_name=name, **fields)
        profile.topics.set(topics)
        return profile

    return _make_member


@pytest.fixture
def opportunity_index(site_with_home):
    """The opportunity index under the home page."""
    home = site_with_home.root_page
    index = home.add_child(
        instance=OpportunityIndexPage(title="Get involved", slug="get-involved", show_in_menus=True)
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def make_opportunity(opportunity_index):
    """A published opportunity, open for two weeks unless told otherwise."""

    def _make_opportunity(title="Design group", *, days_open=14, **fields):
        fields.setdefault("summary", "Shape the new community teams.")
        fields.setdefault("involves", "<p>Six meetings.</p>")
        fields.setdefault("time_commitment", "Three hours a month")
        page = opportunity_index.add_child(
            instance=OpportunityPage(
                title=title,
                closes_on=timezone.localdate() + datetime.timedelta(days=days_open),
                **fields,
            )
        )
        page.save_revision().publish()
        return page

    return _make_opportunity


@pytest.fixture
def travel(db):
    """A travel expense type limited to £40."""
    return ExpenseType.objects.create(name="Travel", maximum_amount=Decimal("40.00"))


@pytest.fixture
def consultation_index(site_with_home):
    """The consultation index under the home page."""
    index = site_with_home.root_page.add_child(
        instance=ConsultationIndexPage(title="Consultations", slug="consultations")
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def make_consultation(consultation_index):
    """A published consultation: open since yesterday for 30 days unless told otherwise."""

    def _make(title="Teams", *, opens_at=None, closes_at=None, topics=(), boroughs=(), **fields):
        opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
        page = consultation_index.add_child(
            instance=ConsultationPage(
                title=title,
                summary="A summary.",
                opens_at=opens_at,
                closes_at=closes_at or opens_at + datetime.timedelta(days=30),
                **fields,
            )
        )
        page.topics.set(topics)
        page.boroughs.set(boroughs)
        page.save_revision().publish()
        return page

    return _make
