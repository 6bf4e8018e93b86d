"""Members: profiles, interests, attendance in the log, account deletion."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations.models import Registration
from network import services
from network.models import ExpressionOfInterest, InvolvementRecord, MemberProfile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(site_with_home):
    index = factories.EventIndexPageFactory(
        parent=site_with_home.root_page, title="Events", slug="events", publish=False
    )
    start = timezone.now() - datetime.timedelta(days=2)
    return factories.WorkshopEventPageFactory(
        parent=index,
        title="Community teams workshop",
        slug="community-teams-workshop",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
        capacity=30,
    )


def test_profile_save_creates_then_updates_one_profile(make_user, places):
    user = make_user("new@example.org")
    services.member_profile_save(
        user=user,
        topics=[places["peer"]],
        preferred_name="Robin",
        taking_part_as=["carer"],
        borough=places["ealing"],
        locality=places["acton"],
    )
    profile = services.member_profile_save(
        user=user, topics=[places["crisis"]], preferred_name="Robin B", taking_part_as=["carer"]
    )
    assert MemberProfile.objects.filter(user=user).count() == 1
    assert profile.preferred_name == "Robin B"
    assert list(profile.topics.all()) == [places["crisis"]]


def test_profile_locality_must_be_in_the_chosen_borough(make_user, places):
    user = make_user("new@example.org")
    with pytest.raises(ValidationError):
        services.member_profile_save(
            user=user,
            preferred_name="Robin",
            taking_part_as=["carer"],
            borough=places["ealing"],
            locality=places["feltham"],
        )
    assert not MemberProfile.objects.exists()


def test_interest_is_recorded_once_even_when_sent_twice(make_member, make_opportunity):
    member, opportunity = make_member(), make_opportunity()
    services.interest_express(member=member, opportunity=opportunity, why_me="I care.")
    with pytest.raises(ValidationError):
        services.interest_express(member=member, opportunity=opportunity, why_me="Again")
    assert ExpressionOfInterest.objects.count() == 1


def test_interest_in_a_closed_opportunity_is_refused(make_member, make_opportunity):
    with pytest.raises(ValidationError):
        services.interest_express(
            member=make_member(), opportunity=make_opportunity(days_open=-1), why_me="Late"
        )
    assert not ExpressionOfInterest.objects.exists()


def test_withdrawn_interest_can_be_expressed_again(make_member, make_opportunity):
    member, opportunity = make_member(), make_opportunity()
    interest = services.interest_express(member=member, opportunity=opportunity, why_me="Yes")
    services.interest_withdraw(interest=interest)
    again = services.interest_express(member=member, opportunity=opportunity, why_me="Back")
    assert again.pk == interest.pk and again.status == ExpressionOfInterest.Status.PENDING


def test_decision_is_saved_and_emailed_with_the_message(
    make_member, make_opportunity, make_user, django_capture_on_commit_callbacks
):
    staff = make_user("involvement@example.org")
    interest = services.interest_express(
        member=make_member(), opportunity=make_opportunity("Peer panel"), why_me="Yes"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decide(
            interest=interest, accept=True, message="See you on 3 March.", decided_by=staff
        )
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.ACCEPTED
    assert interest.decided_by == staff
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    assert "Peer panel" in mail.outbox[0].subject
    assert "See you on 3 March." in mail.outbox[0].body


def test_marking_attendance_adds_workshop_to_members_log_once(make_member, workshop):
    member = make_member()
    registration = Registration.objects.create(
        event=workshop, user=member.user, name="Morgan", email="member@example.org"
    )
    assert not InvolvementRecord.objects.exists()
    registration.attended = True
    registration.save()
    registration.save()
    services.involvement_record_from_attendance(registration=registration)
    record = InvolvementRecord.objects.get()
    assert record.member == member
    assert record.registration == registration
    assert record.activity == InvolvementRecord.Activity.WORKSHOP
    assert record.hours == Decimal("2.5")
    assert record.source == InvolvementRecord.Source.ATTENDANCE


def test_attendance_is_matched_by_verified_email_when_registered_without_account(
    make_member, make_user, workshop
):
    member = make_member("carer@example.org")
    Registration.objects.create(
        event=workshop, name="C", email="CARER@example.org", attended=True, capacity_type="carer"
    )
    assert InvolvementRecord.objects.get().member == member


def test_attendance_is_not_matched_by_an_unverified_email(make_member, workshop):
    member = make_member("carer@example.org")
    member.user.emailaddress_set.update(verified=False)
    Registration.objects.create(event=workshop, name="C", email="carer@example.org", attended=True)
    assert not InvolvementRecord.objects.exists()


def test_unmarking_attendance_removes_the_unapproved_record(make_member, workshop):
    member = make_member()
    registration = Registration.objects.create(
        event=workshop, user=member.user, name="M", email="member@example.org", attended=True
    )
    assert InvolvementRecord.objects.count() == 1
    registration.attended = False
    registration.save()
    assert not InvolvementRecord.objects.exists()


def test_people_who_are_not_members_get_no_log(workshop):
    Registration.objects.create(event=workshop, name="P", email="p@example.org", attended=True)
    assert not InvolvementRecord.objects.exists()


def test_deleting_an_account_removes_profile_and_unpaid_claims_but_keeps_paid_ones(
    make_member, make_user, make_opportunity
):
    staff = make_user("involvement@example.org")
    member = make_member()
    services.interest_express(member=member, opportunity=make_opportunity(), why_me="Yes")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    paid = services.involvement_log(
        member=member, activity="workshop", date=yesterday, hours=1, is_paid=True
    )
    services.involvement_approve(record=paid, approved_by=staff)
    services.involvement_mark_paid(record_ids=[paid.pk], paid_by=staff)
    services.involvement_log(
        member=member, activity="workshop", date=yesterday, hours=2, is_paid=True
    )
    user = member.user
    services.member_delete(user=user)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not MemberProfile.objects.exists()
    assert not ExpressionOfInterest.objects.exists()
    kept = InvolvementRecord.objects.get()
    assert kept.pk == paid.pk and kept.member is None and kept.fee_amount == Decimal("20.00")


def test_deleting_an_account_keeps_responses_but_anonymises_them(make_member, make_consultation):
    from feedback.models import Response

    member = make_member()
    consultation = make_consultation()
    questionnaire = factories.QuestionnaireFactory(consultation=consultation, questions=False)
    question = factories.QuestionFactory(
        section=factories.QuestionSectionFactory(questionnaire=questionnaire, title="S"),
        text="Views?",
    )
    linked = factories.ResponseFactory(
        consultation=consultation,
        user=member.user,
        respondent_name="Morgan Member",
        respondent_email="member@example.org",
        consent_to_outcome_email=True,
        answers={question: "Keep the clinic."},
    )
    # Sent without signing in, but with the member's verified address.
    by_email = factories.ResponseFactory(
        consultation=consultation, respondent_name="M", respondent_email="MEMBER@example.org"
    )
    someone_else = factories.ResponseFactory(
        consultation=consultation, respondent_email="other@example.org"
    )
    links = {r.pk: (r.resume_link_token(), r.withdraw_link_token()) for r in (linked, by_email)}

    services.member_delete(user=member.user)

    for response in Response.objects.filter(pk__in=[linked.pk, by_email.pk]):
        assert response.user_id is None
        assert (response.respondent_name, response.respondent_email) == ("", "")
        assert response.consent_to_outcome_email is False
        assert response.status == "submitted"
        resume, withdraw = links[response.pk]
        assert not Response.by_resume_token(resume).exists()  # the private links stop working
        assert not Response.by_withdraw_token(withdraw).exists()
    assert linked.answers.get().text == "Keep the clinic."
    someone_else.refresh_from_db()
    assert someone_else.respondent_email == "other@example.org"


def test_deleting_an_account_anonymises_workshop_registrations_and_keeps_counts(
    make_member, workshop, make_user
):
    member = make_member()
    past = Registration.objects.create(
        event=workshop,
        user=member.user,
        name="Morgan Member",
        email="member@example.org",
        capacity_type="resident",
        access_needs=["bsl", "other"],
        access_other="My support worker, Sam",
        consent_to_contact=True,
    )
    past.attended = True
    past.save()
    record = InvolvementRecord.objects.get(registration=past)
    services.involvement_approve(record=record, approved_by=make_user("staff@example.org"))
    services.involvement_mark_paid(record_ids=[record.pk], paid_by=None)
    stranger = Registration.objects.create(
        event=workshop, name="Someone Else", email="else@example.org", attended=True
    )
    cancel_token = past.cancel_link_token()

    services.member_delete(user=member.user)

    past.refresh_from_db()
    assert past.user_id is None
    assert past.name == "" and past.access_other == ""
    assert "example.org" not in past.email and past.email.endswith("@removed.invalid")
    assert not Registration.by_cancel_token(cancel_token).exists()
    assert past.attended is True and past.status == "confirmed"
    assert past.access_needs == ["bsl", "other"]  # ticks stay for planning, like retention
    assert Registration.objects.filter(event=workshop, attended=True).count() == 2
    stranger.refresh_from_db()
    assert (stranger.name, stranger.email) == ("Someone Else", "else@example.org")
    kept = InvolvementRecord.objects.get(pk=record.pk)
    assert kept.member is None and kept.description == ""


def test_deleting_an_account_cancels_upcoming_places_and_moves_the_waiting_list_up(
    make_member, site_with_home, django_capture_on_commit_callbacks
):
    from consultations import services as registration_services

    member = make_member()
    index = factories.EventIndexPageFactory(
        parent=site_with_home.root_page, title="E", slug="e", publish=False
    )
    start = timezone.now() + datetime.timedelta(days=5)
    event = factories.WorkshopEventPageFactory(
        parent=index,
        title="Next week",
        slug="next-week",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=1,
    )
    mine = registration_services.registration_create(
        event=event, name="Morgan", email="member@example.org", capacity_type="resident"
    ).registration
    waiting = registration_services.registration_create(
        event=event, name="Wai", email="wait@example.org", capacity_type="carer"
    ).registration
    assert (mine.status, waiting.status) == ("confirmed", "waitlisted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.member_delete(user=member.user)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == "cancelled" and mine.name == "" and mine.user_id is None
    assert waiting.status == "confirmed"
    assert [message.to for message in mail.outbox] == [["wait@example.org"]]


def test_an_unverified_address_on_the_account_does_not_reach_other_peoples_records(
    make_member, workshop
):
    member = make_member()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member.user, email="victim@example.org", verified=False)
    theirs = Registration.objects.create(event=workshop, name="V", email="victim@example.org")
    services.member_delete(user=member.user)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.email) == ("V", "victim@example.org")


@pytest.mark.parametrize("field", ["lived_experience", "access_needs", "postal_address"])
def test_profile_free_text_is_length_bounded(client, make_user, field):
    client.force_login(make_user("big@example.org"))
    response = client.post(
        "/network/profile/edit/",
        {"preferred_name": "Morgan", "taking_part_as": ["resident"], field: "x" * 1_000_000},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MemberProfile.objects.exists()
