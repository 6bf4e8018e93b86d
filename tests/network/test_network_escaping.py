"""User-supplied text (names, "why me", notes) is escaped on every network page, and the
network's emails are plain text or escape it in their HTML part (tests/engage/test_html_emails.py),
so nothing in them can run as markup."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from engage.roles import INVOLVEMENT_TEAM
from network import services
from network.permissions import grant_involvement_team_permissions

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _assert_escaped(html):
    assert SCRIPT not in html and IMG not in html
    assert ESCAPED in html


@pytest.fixture
def hostile(make_member, make_opportunity, places):
    """A member whose every free-text answer is markup, with an accepted interest and a claim."""
    member = make_member(
        "hostile@example.org",
        name=f"Sam {SCRIPT}",
        lived_experience=f"{SCRIPT} {IMG}",
        access_needs=f"{SCRIPT} {IMG}",
        availability_notes=SCRIPT,
        consent_share_name=True,
        topics=[places["peer"]],
    )
    opportunity = make_opportunity("Design group")
    interest = services.interest_express(
        member=member, opportunity=opportunity, why_me=f"{SCRIPT} {IMG}"
    )
    services.involvement_log(
        member=member,
        activity="group_meeting",
        date=YESTERDAY,
        hours=2,
        is_paid=True,
        description=SCRIPT,
    )
    return member, opportunity, interest


def test_member_pages_escape_what_the_member_typed(client, hostile):
    member, opportunity, interest = hostile
    client.force_login(member.user)
    for url in ("/network/profile/", "/network/profile/edit/", "/network/involvement/"):
        _assert_escaped(client.get(url).content.decode())


def test_fellow_members_see_each_others_names_escaped(client, hostile, make_member):
    member, opportunity, interest = hostile
    other = make_member("other@example.org", name="Other")
    other_interest = services.interest_express(member=other, opportunity=opportunity, why_me="Me")
    for accepted in (interest, other_interest):
        accepted.status = "accepted"
        accepted.save()
    client.force_login(other.user)
    _assert_escaped(client.get(opportunity.url).content.decode())


def test_involvement_team_admin_pages_escape_member_text(client, hostile, make_user):
    member, opportunity, interest = hostile
    grant_involvement_team_permissions()
    client.force_login(make_user("involvement@example.org", group=INVOLVEMENT_TEAM))
    for url in (
        f"/admin/network/interests/{interest.pk}/decide/",
        "/admin/network/groups/",
        "/admin/network/claims/",
        f"/admin/network/members/inspect/{member.pk}/",
        "/admin/network/members/",
        "/admin/network/interests/",
    ):
        interest.status = "accepted" if url.endswith("groups/") else "pending"
        interest.save()
        html = client.get(url).content.decode()
        assert SCRIPT not in html and IMG not in html, url
        assert "&lt;script&gt;" in html, url


def test_opportunity_rich_text_is_sanitised(client, make_opportunity):
    opportunity = make_opportunity(
        "Panel",
        involves=f'<p>Six meetings.</p>{SCRIPT}<p><a href="javascript:alert(3)">x</a></p>{IMG}',
    )
    html = client.get(opportunity.url).content.decode()
    assert "Six meetings." in html
    assert "alert(1)" not in html and "javascript:" not in html and "onerror" not in html


def _plain_text_only(message):
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)
    assert "\n" not in message.subject and "\r" not in message.subject


@pytest.fixture
def sent_decision(hostile, make_user, django_capture_on_commit_callbacks):
    member, opportunity, interest = hostile
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decide(
            interest=interest,
            accept=True,
            message=f"See you {SCRIPT}",
            decided_by=make_user("staff@example.org"),
        )
    return mail.outbox[-1]


def test_interest_decision_email_is_plain_text(sent_decision):
    _plain_text_only(sent_decision)
    assert f"Dear Sam {SCRIPT}," in sent_decision.body  # shown as typed, never run
    assert f"See you {SCRIPT}" in sent_decision.body
    assert "&lt;" not in sent_decision.body  # no HTML escaping leaking into plain text


def test_digest_email_is_plain_text(hostile, make_consultation, places):
    member, _, _ = hostile
    member.created_at = timezone.now() - datetime.timedelta(days=2)
    member.save(update_fields=["created_at"])
    make_consultation(
        "Peer plan", opens_at=timezone.now() - datetime.timedelta(hours=1), topics=[places["peer"]]
    )
    assert services.digest_send() == 1
    message = mail.outbox[-1]
    _plain_text_only(message)
    assert f"Dear Sam {SCRIPT}," in message.body and "Peer plan" in message.body


def test_outcome_email_is_plain_text(make_consultation):
    from feedback.models import Response

    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        outcome_published_at=now,
    )
    Response.objects.create(
        consultation=consultation,
        status="submitted",
        submitted_at=now,
        respondent_name=SCRIPT,
        respondent_email="r@example.org",
        consent_to_outcome_email=True,
    )
    assert services.outcome_notify(consultation=consultation) == 1
    message = mail.outbox[-1]
    _plain_text_only(message)
    assert f"Dear {SCRIPT}," in message.body
