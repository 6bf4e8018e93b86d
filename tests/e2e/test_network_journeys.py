"""The co-production network in a real browser: join, profile, interest, involvement; axe on
every page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-9"


@pytest.fixture
def network_world(site_with_home):
    """Places, topics, an expense type and one open opportunity, as a fresh database lacks them."""
    from consultations.models import Borough, Locality, Topic
    from network.models import ExpenseType, OpportunityIndexPage, OpportunityPage
    from network.permissions import grant_involvement_team_permissions

    grant_involvement_team_permissions()
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    Locality.objects.create(borough=ealing, name="Acton")
    Topic.objects.create(name="Peer support", slug="peer-support")
    ExpenseType.objects.create(name="Travel")
    index = site_with_home.root_page.add_child(
        instance=OpportunityIndexPage(title="Get involved", slug="get-involved", show_in_menus=True)
    )
    index.save_revision().publish()
    opportunity = index.add_child(
        instance=OpportunityPage(
            title="Peer reviewer panel",
            summary="Read draft leaflets and tell us if they make sense.",
            involves="<p>A few documents a month.</p>",
            time_commitment="Two hours a month",
            closes_on=timezone.localdate() + datetime.timedelta(days=10),
        )
    )
    opportunity.save_revision().publish()
    return {"opportunity": opportunity}


def test_join_profile_interest_and_involvement_journey(page, network_world):
    page.goto("/get-involved/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Join the co-production network").click()
    page.wait_for_url(re.compile("/network/join/"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Your name").fill("Jo Joiner")
    page.get_by_label("Email").fill("joiner@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))
    assert_no_axe_violations(page)

    assert mail.outbox[-1].body.startswith("Hello Jo Joiner,")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link[link.index("/accounts/") :])
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile("/network/profile/edit/"))
    assert_no_axe_violations(page)

    # A mistake first: the error summary lists it and the page stays accessible.
    page.get_by_role("button", name="Save your profile").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("There is a problem")
    assert_no_axe_violations(page)

    # The name given at sign-up is already there.
    expect(page.get_by_label("Name you would like us to use")).to_have_value("Jo Joiner")
    page.get_by_label("Carer", exact=True).check()
    page.get_by_label("Locality").select_option(label="Acton")
    page.get_by_label("Peer support", exact=True).check()
    page.get_by_label("Contact me about opportunities to get involved").check()
    page.get_by_role("button", name="Save your profile").click()
    page.wait_for_url(re.compile("/network/profile/$"))
    assert "Welcome to the network" in page.content()
    assert "Jo Joiner" in page.content()
    assert_no_axe_violations(page)

    page.goto(network_world["opportunity"].url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Express interest").click()
    expect(page.get_by_label("Why would you like to take part?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Why would you like to take part?").fill("I read a lot of NHS letters.")
    page.get_by_role("button", name="Send your interest").click()
    page.wait_for_url(re.compile("/network/profile/$"))
    assert "Waiting for a decision" in page.content()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Your involvement and payments").first.click()
    page.wait_for_url(re.compile("/network/involvement/$"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Log involvement").click()
    expect(page.get_by_label("Hours")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Reading papers").check()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("Expense type").select_option(label="Travel")
    page.get_by_label("Expense amount in pounds").fill("£4.20")
    page.get_by_role("button", name="Log involvement").click()
    page.wait_for_url(re.compile("/network/involvement/$"))
    assert "Reading papers" in page.content()
    assert "£34.20" in page.content()  # 1.5 hours at £20 plus £4.20 travel
    assert_no_axe_violations(page)


def test_account_deletion_and_unsubscribe_pages_are_accessible(page, network_world, make_user):
    from network import services

    user = make_user("member@example.org", password=PASSWORD)
    member = services.member_profile_save(
        user=user, preferred_name="Morgan", taking_part_as=["resident"]
    )
    page.goto(f"/network/unsubscribe/{services.unsubscribe_token(member)}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text("You are unsubscribed")).to_be_visible()
    assert_no_axe_violations(page)

    sign_in(page, "member@example.org", PASSWORD)
    page.goto("/network/profile/delete/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("There is a problem")
    assert_no_axe_violations(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted")).to_be_visible()
    assert_no_axe_violations(page)


def test_profile_and_involvement_tables_on_a_phone_scroll_by_keyboard_not_the_page(
    page, network_world, make_user
):
    from network import services
    from network.models import InvolvementRecord

    user = make_user("member@example.org", password=PASSWORD)
    member = services.member_profile_save(
        user=user, preferred_name="Morgan", taking_part_as=["resident"]
    )
    services.interest_express(
        member=member, opportunity=network_world["opportunity"], why_me="I read leaflets."
    )
    services.involvement_log(
        member=member,
        activity=InvolvementRecord.Activity.READING_PAPERS,
        date=timezone.localdate() - datetime.timedelta(days=3),
        hours=Decimal("2"),
        is_paid=True,
        description="Read the draft leaflet about the new community teams",
        expenses=[],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "member@example.org", PASSWORD)
    for path in ("/network/profile/", "/network/involvement/"):
        page.goto(path)
        expect(page.locator("table")).to_be_visible()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"
        region = page.locator(".table-wrap")
        assert region.get_attribute("tabindex") == "0"
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("aria-label")
        assert_no_axe_violations(page)
