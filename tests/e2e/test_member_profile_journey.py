"""A signed-in member in a real browser: details filled in on the registration and response
forms, a hybrid workshop asked in person or online, and their own responses and registrations
on their profile; the branded error page and the equality form; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-9"


@pytest.fixture
def member_world(site_with_home, make_user):
    from consultations.models import Borough
    from network.models import MemberProfile
    from tests.consultations.builders import event_create
    from tests.feedback.conftest import make_consultation, make_questionnaire

    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    user = make_user("priya@example.org", password=PASSWORD)
    user.first_name = "Priya Peer"
    user.save()
    MemberProfile.objects.create(
        user=user, preferred_name="Priya", taking_part_as=["resident"], borough=ealing
    )
    consultation = make_consultation(site_with_home.root_page, title="Community teams")
    make_questionnaire(consultation)
    event = event_create(
        consultation,
        title="Hybrid listening event",
        format="hybrid",
        capacity=10,
        venue_address="5 Demo Lane\nFeltham\nTW13 0XX",
    )
    return {"consultation": consultation, "event": event}


def test_member_registers_responds_and_finds_both_on_their_profile(page, member_world):
    sign_in(page, "priya@example.org", PASSWORD)

    page.goto(member_world["event"].url)
    expect(page.get_by_label("Your name")).to_have_value("Priya Peer")
    expect(page.get_by_label("Email address")).to_have_value("priya@example.org")
    assert_no_axe_violations(page)
    page.get_by_label("Resident", exact=True).check()
    page.get_by_label("Online", exact=True).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile("/registered/$"))

    page.goto(member_world["consultation"].respond_url())
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(re.compile("/section/1/$"))

    page.goto("/network/profile/")
    registrations = page.get_by_role("region", name="Your workshop registrations")
    expect(registrations).to_contain_text("Hybrid listening event")
    expect(registrations).to_contain_text("Confirmed (online)")
    responses = page.get_by_role("region", name="Your consultation responses")
    expect(responses).to_contain_text("Community teams")
    expect(responses).to_contain_text("Not sent yet")
    assert_no_axe_violations(page)

    responses.get_by_role("link", name=re.compile("Carry on")).click()
    expect(page).not_to_have_url(re.compile("/network/profile/"))
    assert_no_axe_violations(page)


def test_unknown_address_shows_the_branded_page_with_a_way_back(page, site_with_home):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(re.compile(r"/$"))
