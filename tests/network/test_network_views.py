"""Member pages: joining, profile, data download, deletion, interest and involvement forms."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from network.models import ExpressionOfInterest, InvolvementRecord, MemberProfile
from tests.forms import date_parts

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-9"


def test_join_page_links_to_signup_that_returns_to_the_profile_form(client, site_with_home):
    response = client.get("/network/join/")
    assert response.status_code == 200
    assert "/accounts/signup/?next=/network/profile/edit/" in response.content.decode()


def test_join_page_asks_a_signed_in_non_member_to_complete_a_profile_not_to_sign_up(
    client, make_user, site_with_home
):
    client.force_login(make_user("staff.member@example.org"))
    html = client.get("/network/join/").content.decode()
    assert "/accounts/signup/" not in html
    assert ">Create an account<" not in html
    assert 'class="button" href="/network/profile/edit/"' in html


def test_signup_then_email_confirmation_leads_to_the_profile_form(client, site_with_home):
    from django.core import mail

    response = client.post(
        "/accounts/signup/?next=/network/profile/edit/",
        {
            "name": "Jo Iner",
            "email": "joiner@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/network/profile/edit/",
        },
    )
    assert response.status_code == 302
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line
    ).strip()
    path = link[link.index("/accounts/") :]
    client.get(path)
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/network/profile/edit/"


def test_profile_pages_need_sign_in(client, site_with_home):
    for path in [
        "/network/profile/",
        "/network/profile/edit/",
        "/network/involvement/",
        "/network/profile/download/",
        "/network/profile/delete/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_new_member_completes_profile(client, make_user, places, site_with_home):
    client.force_login(make_user("new@example.org"))
    assert client.get("/network/profile/")["Location"] == "/network/profile/edit/"
    response = client.post(
        "/network/profile/edit/",
        {
            "preferred_name": "Robin",
            "taking_part_as": ["carer", "resident"],
            "locality": places["acton"].pk,
            "topics": [places["peer"].pk],
            "contact_methods": ["email"],
            "consent_contact_opportunities": "on",
            "receives_digest": "on",
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user__email="new@example.org")
    assert profile.taking_part_as == ["carer", "resident"]
    assert profile.borough == places["ealing"]  # filled in from the locality
    assert profile.consent_contact_opportunities and not profile.consent_share_name
    page = client.get("/network/profile/").content.decode()
    assert "Robin" in page and "Peer support" in page


def test_profile_errors_are_listed_and_nothing_is_saved(client, make_user, site_with_home):
    client.force_login(make_user("new@example.org"))
    response = client.post(
        "/network/profile/edit/", {"preferred_name": "", "contact_methods": ["phone"]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_phone"' in html and 'href="#id_taking_part_as_0"' in html
    assert "Enter the name you would like us to use" in html
    assert not MemberProfile.objects.exists()


def test_download_contains_only_the_signed_in_members_data(client, make_member, site_with_home):
    mine = make_member("me@example.org", name="Me", lived_experience="Mine to share")
    make_member("other@example.org", name="Other", lived_experience="Not yours")
    client.force_login(mine.user)
    response = client.get("/network/profile/download/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    assert data["profile"]["lived_experience"] == "Mine to share"
    assert "Not yours" not in response.content.decode()


def test_download_lists_the_members_responses_and_outcome_email_consent(
    client, make_member, make_consultation
):
    from feedback.models import Response

    member = make_member("me@example.org")
    consultation = make_consultation()
    response = Response.objects.create(
        consultation=consultation,
        user=member.user,
        status="submitted",
        respondent_email="me@example.org",
        consent_to_outcome_email=True,
    )
    client.force_login(member.user)
    data = json.loads(client.get("/network/profile/download/").content)
    [item] = data["consultation_responses"]
    assert item["reference"] == response.reference and item["consultation"] == "Teams"
    assert item["consent_to_outcome_email"] is True


def test_account_deletion_needs_the_password(client, make_member, site_with_home):
    member = make_member()
    client.force_login(member.user)
    response = client.post("/network/profile/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.user.pk).exists()
    response = client.post("/network/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert not User.objects.filter(pk=member.user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_member_expresses_interest_from_the_opportunity_page(client, make_member, make_opportunity):
    member = make_member()
    opportunity = make_opportunity("Peer reviewer panel")
    client.force_login(member.user)
    page = client.get(opportunity.url).content.decode()
    assert f"/network/opportunities/{opportunity.pk}/interest/" in page
    response = client.post(
        f"/network/opportunities/{opportunity.pk}/interest/", {"why_me": "I read a lot."}
    )
    assert response.status_code == 302
    interest = ExpressionOfInterest.objects.get()
    assert interest.member == member and interest.why_me == "I read a lot."


def test_closed_opportunity_sends_the_member_back_before_they_write_anything(
    client, make_member, make_opportunity
):
    member = make_member()
    opportunity = make_opportunity(days_open=-1)
    client.force_login(member.user)
    response = client.get(f"/network/opportunities/{opportunity.pk}/interest/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(opportunity.url, 302)]
    assert "This opportunity has closed" in html
    assert "Why would you like to take part?" not in html
    assert not ExpressionOfInterest.objects.exists()


def test_empty_why_me_is_refused(client, make_member, make_opportunity):
    member = make_member()
    opportunity = make_opportunity()
    client.force_login(member.user)
    response = client.post(f"/network/opportunities/{opportunity.pk}/interest/", {"why_me": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_member_cannot_withdraw_someone_elses_interest(client, make_member, make_opportunity):
    from network import services

    other = make_member("other@example.org")
    interest = services.interest_express(
        member=other, opportunity=make_opportunity(), why_me="Mine"
    )
    client.force_login(make_member("me@example.org").user)
    response = client.post(f"/network/interests/{interest.pk}/withdraw/")
    assert response.status_code == 404
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.PENDING


def test_member_logs_involvement_with_an_expense(client, make_member, travel, site_with_home):
    member = make_member()
    client.force_login(member.user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        "/network/involvement/log/",
        {
            "activity": "group_meeting",
            **date_parts("date", yesterday),
            "hours": "2.5",
            "is_paid": "on",
            "expense_type": travel.pk,
            "expense_amount": "£6.80",
        },
    )
    assert response.status_code == 302
    record = InvolvementRecord.objects.get()
    assert record.member == member and record.expenses.get().amount == Decimal("6.80")
    page = client.get("/network/involvement/").content.decode()
    assert "Group meeting" in page and "£81.80" in page


def test_involvement_log_refuses_bad_hours_and_saves_nothing(client, make_member, site_with_home):
    client.force_login(make_member().user)
    response = client.post(
        "/network/involvement/log/",
        {"activity": "workshop", **date_parts("date", timezone.localdate()), "hours": "1.1"},
    )
    assert response.status_code == 200
    assert "quarter hours" in response.content.decode()
    assert not InvolvementRecord.objects.exists()


def test_involvement_log_says_how_to_write_hours_and_amounts_that_are_not_numbers(
    client, make_member, travel, site_with_home
):
    client.force_login(make_member().user)
    response = client.post(
        "/network/involvement/log/",
        {
            "activity": "workshop",
            **date_parts("date", timezone.localdate()),
            "hours": "two",
            "expense_type": travel.pk,
            "expense_amount": "six pounds",
        },
    )
    html = response.content.decode()
    assert "Enter hours as a number, for example 1.5" in html
    assert "Enter the amount in pounds and pence, for example £6.80" in html
    assert "Enter a number." not in html
    assert not InvolvementRecord.objects.exists()


def test_involvement_log_asks_for_the_date_as_day_month_and_year(
    client, make_member, site_with_home
):
    client.force_login(make_member().user)
    html = client.get("/network/involvement/log/").content.decode()
    assert '<legend class="field__label">When did you do it?</legend>' in html
    for box, label in (("date_0", "Day"), ("date_1", "Month"), ("date_2", "Year")):
        assert f'<label class="date-input__label" for="id_{box}">{label}</label>' in html
        assert f'name="{box}"' in html
    assert 'type="date"' not in html


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter the date you did it"),
        ({"date_0": "27", "date_2": "2026"}, "The date must include a day, month and year"),
        ({"date_0": "31", "date_1": "2", "date_2": "2026"}, "Enter a real date"),
    ],
)
def test_involvement_log_date_errors_say_what_is_wrong(
    client, make_member, site_with_home, parts, message
):
    client.force_login(make_member().user)
    response = client.post(
        "/network/involvement/log/", {"activity": "workshop", "hours": "1", **parts}
    )
    assert message in response.content.decode()
    assert 'href="#id_date"' in response.content.decode()
    assert not InvolvementRecord.objects.exists()


def test_member_sees_only_their_own_involvement(client, make_member, site_with_home):
    from network import services

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    other = make_member("other@example.org")
    services.involvement_log(
        member=other,
        activity="workshop",
        date=yesterday,
        hours=1,
        is_paid=True,
        description="Secret workshop",
    )
    client.force_login(make_member("me@example.org").user)
    assert "Secret workshop" not in client.get("/network/involvement/").content.decode()


def test_opportunity_index_is_in_the_menu_and_lists_open_opportunities(client, make_opportunity):
    make_opportunity("Design group")
    make_opportunity("Old panel", days_open=-3)
    html = client.get("/get-involved/").content.decode()
    assert 'href="/get-involved/"' in html  # main navigation
    assert "Design group" in html and "Recently closed" in html


def test_a_translated_opportunity_index_lists_the_opportunities_under_the_english_one(
    client, make_opportunity, opportunity_index
):
    from tests.home.test_languages import translate

    make_opportunity("Design group")
    make_opportunity("Old panel", days_open=-3)
    polish = translate(opportunity_index, "pl", title="Zaangażuj się")
    html = client.get(polish.url).content.decode()
    assert "Zaangażuj się" in html
    assert "Design group" in html and "Old panel" in html


def test_accepted_members_see_fellow_members_who_agreed_to_share_their_name(
    client, make_member, make_opportunity, make_user
):
    from network import services

    opportunity = make_opportunity()
    staff = make_user("involvement@example.org")
    people = {
        "me": make_member("me@example.org", name="Me"),
        "sharer": make_member("s@example.org", name="Sharing Sue", consent_share_name=True),
        "private": make_member("p@example.org", name="Private Pat", consent_share_name=False),
    }
    for member in people.values():
        interest = services.interest_express(member=member, opportunity=opportunity, why_me="x")
        services.interest_decide(interest=interest, accept=True, message="Hi", decided_by=staff)
    client.force_login(people["me"].user)
    html = client.get(opportunity.url).content.decode()
    assert "Sharing Sue" in html and "Private Pat" not in html
