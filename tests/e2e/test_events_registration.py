"""Registering for a workshop in Chromium: keyboard only, the error summary, then cancelling."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Registration
from tests.consultations import builders
from tests.e2e.a11y import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "https://meet.example.org/e2e-room"


@pytest.fixture
def event(site_with_home):
    index = builders.event_index_create(site_with_home.root_page)
    return builders.event_create(
        index, title="Online workshop", format="hybrid", joining_link=SECRET, capacity=1
    )


def tab_until(page, condition, limit=120):
    """Press Tab until a JavaScript condition on the focused element holds, as a keyboard
    user would move through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {condition})(document.activeElement)"):
            return
    pytest.fail(f"Could not reach an element where {condition} with the Tab key")


def tab_to(page, element_id):
    """Press Tab until the element with this id has focus."""
    tab_until(page, f"el.id === {element_id!r}")


def test_registration_by_keyboard_only_then_cancel_by_private_link(page, event):
    page.goto(event.url)
    assert_no_axe_violations(page)
    assert SECRET not in page.content()

    tab_to(page, "id_name")
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")  # first radio: "Member of staff"
    page.keyboard.press("ArrowDown")  # moves to and selects "Resident"
    page.keyboard.press("Tab")  # a hybrid event: first radio, "In person"
    page.keyboard.press("ArrowDown")  # moves to and selects "Online"
    page.keyboard.press("Tab")  # first access need: BSL interpreter
    page.keyboard.press("Space")
    for _ in range(5):  # to "Something else"
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Please seat me near the front")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consent
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/registered/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert SECRET not in page.content()
    assert_no_axe_violations(page)

    registration = Registration.objects.get()
    assert registration.capacity_type == "resident"
    assert registration.access_needs == ["bsl", "other"]
    assert registration.access_other == "Please seat me near the front"
    assert registration.consent_to_contact is True
    assert registration.attendance == "online"
    [message] = mail.outbox
    assert SECRET in message.body
    cancel_path = re.search(r"https?://[^/]+(/workshops/cancel/[^/\s]+/)", message.body)[1]

    page.goto(cancel_path)
    assert_no_axe_violations(page)
    tab_until(page, "el.textContent.trim() === 'Yes, cancel my registration'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your registration is cancelled").wait_for()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_error_summary_is_focused_and_links_to_each_problem(page, event):
    page.goto(event.url)
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Register").click()

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert "Enter your name" in texts
    assert any("correct format" in text for text in texts)
    assert "Select whether you will come in person or join online" in texts
    # Contact consent is optional, so it is not among the problems.
    assert not any("contact you" in text for text in texts)
    assert_no_axe_violations(page)

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_name"
    expect(page.get_by_label("Email address")).to_have_value("not an email")
    assert Registration.objects.count() == 0


def test_full_event_puts_the_next_person_on_the_waiting_list(page, event):
    from consultations import services

    services.registration_create(event=event, **builders.registration_fields())
    page.goto(event.url)
    expect(page.get_by_role("button", name="Join the waiting list")).to_be_visible()
    page.get_by_label("Your name").fill("Wai Ting")
    page.get_by_label("Email address").fill("wait@example.org")
    page.get_by_label("Carer").check()
    # The room is full; a place online would still be free, so this person wants the room.
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Join the waiting list").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert_no_axe_violations(page)
    assert Registration.objects.get(email="wait@example.org").status == "waitlisted"
