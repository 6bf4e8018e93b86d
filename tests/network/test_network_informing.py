"""Keeping members informed: the daily digest, unsubscribing, and outcome emails."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from consultations.models import Registration
from network import services, tasks
from network.models import MemberProfile, OutcomeNotification
from tests import factories

pytestmark = pytest.mark.django_db


def _member_joined_days_ago(make_member, days, **kwargs):
    member = make_member(**kwargs)
    MemberProfile.objects.filter(pk=member.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    member.refresh_from_db()
    return member


def test_digest_sends_one_email_listing_matching_new_consultations(
    make_member, make_consultation, places
):
    _member_joined_days_ago(make_member, 5, topics=[places["peer"]], borough=places["hounslow"])
    now = timezone.now()
    make_consultation(
        "Peer support plan", opens_at=now - datetime.timedelta(hours=2), topics=[places["peer"]]
    )
    make_consultation(
        "Hounslow teams", opens_at=now - datetime.timedelta(hours=3), boroughs=[places["hounslow"]]
    )
    make_consultation(
        "Crisis lines", opens_at=now - datetime.timedelta(hours=2), topics=[places["crisis"]]
    )
    assert services.digest_send() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Peer support plan" in body and "Hounslow teams" in body
    assert "Crisis lines" not in body
    assert "/network/unsubscribe/" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http://testserver/")


def test_digest_never_repeats_what_was_already_sent(make_member, make_consultation, places):
    _member_joined_days_ago(make_member, 5, topics=[places["peer"]])
    make_consultation(
        "Peer plan", opens_at=timezone.now() - datetime.timedelta(hours=1), topics=[places["peer"]]
    )
    services.digest_send()
    services.digest_send()
    assert len(mail.outbox) == 1


def test_a_digest_whose_send_fails_is_kept_for_the_next_run_and_the_failure_recorded(
    make_member, make_consultation, places, monkeypatch
):
    member = _member_joined_days_ago(make_member, 5, topics=[places["peer"]])
    make_consultation(
        "Peer plan", opens_at=timezone.now() - datetime.timedelta(hours=1), topics=[places["peer"]]
    )

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        assert services.digest_send() == 0
    member.refresh_from_db()
    assert member.last_digest_at is None  # not marked sent
    assert member.digest_failures == 1
    assert member.digest_failed_at is not None
    assert mail.outbox == []

    assert services.digest_send() == 1  # the next run sends the same items
    assert "Peer plan" in mail.outbox[0].body
    member.refresh_from_db()
    assert member.last_digest_at is not None
    assert (member.digest_failures, member.digest_failed_at) == (0, None)


def test_digest_includes_workshops_in_the_members_borough(make_member, site_with_home, places):
    _member_joined_days_ago(make_member, 5, borough=places["ealing"])
    index = factories.EventIndexPageFactory(
        parent=site_with_home.root_page, title="E", slug="e", publish=False
    )
    start = timezone.now() + datetime.timedelta(days=7)
    factories.WorkshopEventPageFactory(
        parent=index,
        title="Acton workshop",
        slug="acton",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        borough=places["ealing"],
    )
    services.digest_send()
    assert "Acton workshop" in mail.outbox[0].body


def test_no_email_when_nothing_matches(make_member, make_consultation, places):
    _member_joined_days_ago(make_member, 5, topics=[places["crisis"]])
    make_consultation(
        "Peer plan", opens_at=timezone.now() - datetime.timedelta(hours=1), topics=[places["peer"]]
    )
    assert services.digest_send() == 0
    assert mail.outbox == []


def test_unsubscribed_members_get_no_digest(make_member, make_consultation, places):
    _member_joined_days_ago(make_member, 5, topics=[places["peer"]], receives_digest=False)
    make_consultation(
        "Peer plan", opens_at=timezone.now() - datetime.timedelta(hours=1), topics=[places["peer"]]
    )
    services.digest_send()
    assert mail.outbox == []


def test_unsubscribe_link_works_without_signing_in(client, make_member, site_with_home):
    member = make_member()
    token = services.unsubscribe_token(member)
    page = client.get(f"/network/unsubscribe/{token}/")
    assert page.status_code == 200
    member.refresh_from_db()
    assert member.receives_digest  # a GET (e.g. a link scanner) changes nothing
    response = client.post(f"/network/unsubscribe/{token}/")
    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.receives_digest


def test_tampered_unsubscribe_token_is_refused(client, make_member, site_with_home):
    member = make_member()
    token = services.unsubscribe_token(member)
    response = client.post(f"/network/unsubscribe/{token}x/")
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.receives_digest


def test_schedule_declares_the_daily_digest():
    assert tasks.SCHEDULE["network.tasks.send_daily_digest"] == 24 * 60 * 60


def test_outcome_is_announced_once_to_attendees_and_group_members(
    make_member, make_consultation, make_opportunity, site_with_home
):
    now = timezone.now()
    consultation = make_consultation(
        "Teams",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=10),
        outcome_published_at=now - datetime.timedelta(hours=1),
    )
    start = now - datetime.timedelta(days=20)
    event = factories.WorkshopEventPageFactory(
        parent=consultation,
        title="W",
        slug="w",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        publish=False,
    )
    Registration.objects.create(event=event, name="Att", email="att@example.org", attended=True)
    Registration.objects.create(event=event, name="No", email="noshow@example.org", attended=False)
    member = make_member("group@example.org", name="Grace")
    interest = services.interest_express(
        member=member, opportunity=make_opportunity(consultation=consultation), why_me="Yes"
    )
    interest.status = "accepted"
    interest.save()

    tasks.notify_published_outcomes.enqueue()
    tasks.notify_published_outcomes.enqueue()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["att@example.org", "group@example.org"]
    assert OutcomeNotification.objects.get(consultation=consultation).recipient_count == 2


def test_unpublished_outcomes_are_not_announced(make_consultation):
    now = timezone.now()
    make_consultation(
        "Teams",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=10),
    )
    assert services.outcomes_notify_due() == {}
    assert not OutcomeNotification.objects.exists()


def _respond(consultation, email, *, consent, name="", status="submitted", anonymous=False):
    return factories.ResponseFactory(
        consultation=consultation,
        status=status,
        submitted_at=timezone.now() if status != "draft" else None,
        respondent_name=name,
        respondent_email=email,
        consent_to_outcome_email=consent,
        is_anonymous=anonymous,
    )


def test_outcome_emails_respondents_who_agreed_and_nobody_else(make_consultation):
    now = timezone.now()
    consultation = make_consultation(
        "Teams",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=10),
        outcome_published_at=now - datetime.timedelta(hours=1),
    )
    _respond(consultation, "yes@example.org", consent=True, name="Yasmin")
    _respond(consultation, "no@example.org", consent=False)
    _respond(consultation, "draft@example.org", consent=True, status="draft")
    _respond(consultation, "gone@example.org", consent=True, status="withdrawn")
    _respond(consultation, "removed-7@removed.invalid", consent=True)
    other = make_consultation(
        "Other", opens_at=now - datetime.timedelta(days=40), closes_at=now - datetime.timedelta(1)
    )
    _respond(other, "elsewhere@example.org", consent=True)

    assert services.outcome_notify(consultation=consultation) == 1

    assert [message.to for message in mail.outbox] == [["yes@example.org"]]
    assert "Dear Yasmin," in mail.outbox[0].body
    assert "Teams" in mail.outbox[0].subject


def test_someone_who_responded_and_attended_gets_one_outcome_email(make_consultation):
    now = timezone.now()
    consultation = make_consultation(
        "Teams",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=10),
        outcome_published_at=now - datetime.timedelta(hours=1),
    )
    _respond(consultation, "Both@Example.org", consent=True)
    start = now - datetime.timedelta(days=20)
    event = factories.WorkshopEventPageFactory(
        parent=consultation,
        title="W",
        slug="w",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        publish=False,
    )
    Registration.objects.create(event=event, name="Both", email="both@example.org", attended=True)

    assert services.outcome_notify(consultation=consultation) == 1
    assert len(mail.outbox) == 1
    assert services.outcome_notify(consultation=consultation) is None
    assert len(mail.outbox) == 1
