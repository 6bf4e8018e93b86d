"""The whole respond journey in Chromium, with axe on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import EqualityMonitoring, Response
from tests.e2e.a11y import assert_no_axe_violations
from tests.feedback.conftest import make_consultation, make_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_consultation(site_with_home):
    page = make_consultation(site_with_home.root_page, slug="mint-test")
    make_questionnaire(page)
    return page


def test_respond_journey_multi_page_save_resume_submit_receipt_equality_withdraw(
    page, browser, live_server, open_consultation
):
    slug = open_consultation.slug
    page.goto(f"/respond/{slug}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start now").click()

    # Section 1: required question enforced with an error summary.
    expect(page.get_by_text("Section 1 of 3")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("Travel").check()
    page.get_by_role("button", name="Save and continue").click()

    # Section 2, then back to 1 with the answers kept, then forward again.
    expect(page.get_by_text("Section 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_text("Section 1 of 3")).to_be_visible()
    expect(page.get_by_label("Agree", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 2 of 3")).to_be_visible()
    box = page.get_by_label("What else should we know?")
    box.fill("Keep the evening clinic in Acton.")
    expect(page.locator(".field__counter")).to_contain_text("characters remaining")
    assert_no_axe_violations(page)

    # Save and come back later: a private link by email.
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_label("Email address")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Email address").fill("resume@example.org")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="We have emailed you a link")).to_be_visible()
    assert_no_axe_violations(page)
    link = re.search(r"https?://\S+(/response/resume/\S+/)", mail.outbox[-1].body).group(1)

    # Resume in a fresh browser (new cookies), as if on another device.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    other.goto(link)
    expect(other.get_by_text("Section 2 of 3")).to_be_visible()
    assert other.get_by_label("What else should we know?").input_value() == (
        "Keep the evening clinic in Acton."
    )
    other.get_by_role("button", name="Save and continue").click()

    # About you.
    expect(other.get_by_text("Section 3 of 3")).to_be_visible()
    assert_no_axe_violations(other)
    other.get_by_label("NHS staff").check()
    other.get_by_role("group", name="May we quote what you wrote").get_by_label("Yes").check()
    other.get_by_label("Your name").fill("Pat Example")
    other.get_by_label("Your email address").fill("pat@example.org")
    other.get_by_label("Email me when you publish what you heard and what you decided").check()
    other.get_by_role("button", name="Check your answers").click()

    # Check answers and send.
    expect(
        other.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    expect(other.get_by_text("Keep the evening clinic in Acton.")).to_be_visible()
    expect(other.get_by_text("Yes, to pat@example.org")).to_be_visible()
    assert_no_axe_violations(other)
    other.get_by_role("button", name="Send my response").click()
    expect(
        other.get_by_role("heading", name="Thank you: your response has been sent")
    ).to_be_visible()
    assert_no_axe_violations(other)
    response = Response.objects.get()
    assert response.status == "submitted"
    assert response.consent_to_outcome_email is True
    assert response.respondent_email == "pat@example.org"
    assert response.reference in other.locator(".feedback-reference").inner_text()
    receipt = mail.outbox[-1]
    assert receipt.to == ["pat@example.org"] and response.reference in receipt.subject
    # The receipt gives the reference but never echoes free text (it could carry anything).
    assert response.reference in receipt.body
    assert "Keep the evening clinic in Acton." not in receipt.body

    # Going back and sending again stores nothing new.
    other.go_back()
    other.reload()
    assert Response.objects.count() == 1

    # Optional equality questions, stored apart.
    other.goto(f"/respond/{slug}/sent/")
    other.get_by_role("link", name="Answer the equality questions").click()
    expect(other.get_by_role("group", name="What is your sex?")).to_be_visible()
    assert_no_axe_violations(other)
    other.get_by_role("group", name="What is your sex?").get_by_label("Prefer not to say").check()
    other.get_by_role("button", name="Send equality answers").click()
    expect(other.get_by_text("stored separately")).to_be_visible()
    assert_no_axe_violations(other)
    assert EqualityMonitoring.objects.get().sex == "prefer_not"

    # Withdraw with the private link from the receipt.
    withdraw = re.search(r"https?://\S+(/response/withdraw/\S+/)", receipt.body).group(1)
    other.goto(withdraw)
    assert_no_axe_violations(other)
    other.get_by_role("button", name="Withdraw my response").click()
    expect(other.get_by_role("heading", name="Your response has been withdrawn")).to_be_visible()
    assert_no_axe_violations(other)
    response.refresh_from_db()
    assert response.status == "withdrawn" and not response.answers.exists()
    assert (response.respondent_email, response.consent_to_outcome_email) == ("", False)
    context.close()


def test_closed_consultation_shows_an_accessible_page_not_a_form(page, site_with_home):
    now = timezone.now()
    closed = make_consultation(
        site_with_home.root_page, slug="closed-one", opens_in=-30, closes_in=-1
    )
    make_questionnaire(closed)
    assert closed.closes_at < now + timedelta(seconds=1)
    page.goto("/respond/closed-one/")
    expect(page.get_by_role("heading", name="This consultation has closed")).to_be_visible()
    assert page.locator("main form").count() == 0
    assert_no_axe_violations(page)


def test_double_click_on_send_stores_one_response(page, open_consultation):
    page.goto(f"/respond/{open_consultation.slug}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 3 of 3")).to_be_visible()
    page.get_by_label("Carer").check()
    page.get_by_role("group", name="May we quote what you wrote").get_by_label("No").check()
    page.get_by_role("button", name="Check your answers").click()
    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    page.get_by_role("button", name="Send my response").dblclick()
    page.wait_for_url("**/sent/")
    expect(
        page.get_by_role("heading", name="Thank you: your response has been sent")
    ).to_be_visible()
    assert Response.objects.filter(status="submitted").count() == 1


def test_check_answers_page_wraps_a_long_unbroken_answer_on_a_phone(page, open_consultation):
    """A pasted link has no spaces to wrap at: it must not push the page sideways (reflow)."""
    long_link = "https://example.org/leaflet?ref=" + "A1b2C3d4E5" * 40
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/respond/{open_consultation.slug}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 2 of 3")).to_be_visible()
    page.get_by_label("What else should we know?").fill(long_link)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 3 of 3")).to_be_visible()
    page.get_by_label("Carer").check()
    page.get_by_role("group", name="May we quote what you wrote").get_by_label("No").check()
    page.get_by_role("button", name="Check your answers").click()
    page.wait_for_url("**/check/")
    expect(page.get_by_text(long_link)).to_be_visible()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    assert_no_axe_violations(page)


def test_previous_looks_secondary_so_it_is_not_mistaken_for_save_and_continue(
    page, open_consultation
):
    page.goto(f"/respond/{open_consultation.slug}/")
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_text("Section 1 of 3")).to_be_visible()

    def background(name):
        button = page.get_by_role("button", name=name, exact=True)
        return button.evaluate("(el) => getComputedStyle(el).backgroundColor")

    assert background("Previous") != background("Save and continue")
    page.get_by_role("button", name="Previous", exact=True).hover()
    assert background("Previous") != background("Save and continue")
