"""The network's demo content: a dozen members, three opportunities, claims; idempotent."""

import pytest

from network import demo
from network.models import (
    ExpressionOfInterest,
    InvolvementRecord,
    MemberProfile,
    OpportunityIndexPage,
    OpportunityPage,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        MemberProfile.objects.count(),
        OpportunityPage.objects.count(),
        ExpressionOfInterest.objects.count(),
        InvolvementRecord.objects.count(),
    )


def test_demo_loads_members_opportunities_and_claims_and_is_idempotent():
    demo.load()
    first = _counts()
    demo.load()
    assert _counts() == first
    assert first[0] == 12 and first[1] == 3
    assert MemberProfile.objects.filter(user__email="member@example.org").exists()
    assert all(
        email.endswith("@example.org")
        for email in MemberProfile.objects.values_list("user__email", flat=True)
    )
    assert all(
        phone == "" or phone.startswith("01632 960")
        for phone in MemberProfile.objects.values_list("phone", flat=True)
    )
    statuses = set(InvolvementRecord.objects.values_list("status", flat=True))
    assert {"approved", "paid", "submitted"} <= statuses
    assert OpportunityIndexPage.objects.get().show_in_menus


def test_demo_lets_the_involvement_team_publish_opportunities():
    from wagtail.models import GroupPagePermission

    demo.load()
    index = OpportunityIndexPage.objects.get()
    codenames = set(
        GroupPagePermission.objects.filter(group__name="Involvement team", page=index).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page"}
