"""The network's demo content: a dozen members, three opportunities, claims; idempotent."""

import pytest

from home.languages import in_default_language
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
    index = in_default_language(OpportunityIndexPage.objects.all()).get()
    assert index.show_in_menus
    # Translated like the other pages in the main menu.
    titles = dict(
        OpportunityIndexPage.objects.exclude(pk=index.pk).values_list(
            "locale__language_code", "title"
        )
    )
    assert titles == {"pl": "Zaangażuj się", "pa": "ਸ਼ਾਮਲ ਹੋਵੋ", "ar": "شارك معنا"}


def test_demo_lets_the_involvement_team_publish_opportunities():
    from wagtail.models import GroupPagePermission

    demo.load()
    index = in_default_language(OpportunityIndexPage.objects.all()).get()
    codenames = set(
        GroupPagePermission.objects.filter(group__name="Involvement team", page=index).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page"}
