"""Staff entry of a paper, email or phone response passes axe (WCAG 2.2 AA) on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engage import roles
from feedback.models import Response
from feedback.roles import ensure_feedback_permissions
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.conftest import make_conditional_questionnaire, make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_entry_pages_pass_axe_from_start_to_saved(page, site_with_home, make_user):
    ensure_feedback_permissions()  # a transactional test starts with the groups emptied
    consultation = make_consultation(site_with_home.root_page, title="Community mental health")
    questions = make_conditional_questionnaire(consultation)
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    sign_in(page, "editor@example.org", "a-long-password-1")

    # How it was received: first empty, then sent with nothing chosen (the error state).
    page.goto(f"/admin/feedback/{consultation.pk}/enter/")
    expect(page.get_by_role("button", name="Start typing it in")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start typing it in").click()
    expect(page.get_by_role("alert").filter(has_text="Please correct the errors")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("radio", name="Paper").check()
    # The GOV.UK date input: day, month and year in a group named by its legend. A date that
    # does not exist is refused with its own message, and what was typed stays to be corrected.
    received = page.get_by_role("group", name="Date received")
    received.get_by_label("Day").fill("31")
    received.get_by_label("Month").fill("2")
    received.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start typing it in").click()
    expect(page.get_by_text("Enter a real date, for example 27 3 2026")).to_be_visible()
    expect(received.get_by_label("Day")).to_have_value("31")
    expect(received.get_by_label("Day")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    yesterday = timezone.localdate() - timedelta(days=1)
    received.get_by_label("Day").fill(str(yesterday.day))
    received.get_by_label("Month").fill(str(yesterday.month))
    received.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_role("button", name="Start typing it in").click()

    # Each section a page, skipping as the online form does.
    expect(page.get_by_text("Section 1 of 3")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("group", name=questions["uses"].text).get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Section 2 of 4")).to_be_visible()
    expect(page.get_by_text(questions["how_often"].text)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("radio", name="Daily").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text(questions["daily"].text)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label(questions["daily"].text).fill("Later opening hours.")
    page.get_by_role("button", name="Save and continue").click()

    # About the respondent, then the check page, then saved.
    expect(page.get_by_role("button", name="Check the response")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("radio", name="Carer", exact=True).check()
    page.get_by_role("radio", name="No, for myself").check()
    page.get_by_role("button", name="Check the response").click()
    expect(page.get_by_role("button", name="Save response")).to_be_visible()
    expect(page.get_by_text("Later opening hours.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("saved", exact=False).first).to_be_visible()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED and response.channel == "paper"
    assert response.received_on == yesterday
    assert_no_axe_violations(page)

    # Correcting the saved response: the same pages, with the correction warning.
    page.goto(f"/admin/feedback/{consultation.pk}/enter/{response.pk}/1/")
    expect(page.get_by_role("status").filter(has_text="already saved")).to_be_visible()
    assert_no_axe_violations(page)

    # How and when it was received, corrected from the check page: a future date is refused.
    page.goto(f"/admin/feedback/{consultation.pk}/enter/{response.pk}/check/")
    page.get_by_role("link", name="Change how and when it was received").click()
    received = page.get_by_role("group", name="Date received")
    expect(received.get_by_label("Day")).to_have_value(str(yesterday.day))
    assert_no_axe_violations(page)
    tomorrow = timezone.localdate() + timedelta(days=1)
    received.get_by_label("Day").fill(str(tomorrow.day))
    received.get_by_label("Month").fill(str(tomorrow.month))
    received.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_role("button", name="Save and go back to the check page").click()
    expect(page.get_by_text("The date must be today or in the past.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("radio", name="Email").check()
    received.get_by_label("Day").fill(str(yesterday.day))
    received.get_by_label("Month").fill(str(yesterday.month))
    received.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_role("button", name="Save and go back to the check page").click()
    expect(page.get_by_text("saved and logged", exact=False)).to_be_visible()
    response.refresh_from_db()
    assert response.channel == "email" and response.received_on == yesterday


def test_a_consultation_not_open_yet_says_when_entry_opens_and_passes_axe(
    page, site_with_home, make_user
):
    ensure_feedback_permissions()
    later = make_consultation(
        site_with_home.root_page, slug="later", title="Carers' support", opens_in=10, closes_in=40
    )
    make_conditional_questionnaire(later)
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    sign_in(page, "editor@example.org", "a-long-password-1")
    opens = timezone.localtime(later.opens_at).strftime("%-d %B %Y")

    page.goto("/admin/feedback/")
    row = page.get_by_role("row").filter(has_text="Carers' support")
    expect(row.get_by_text(f"can be entered from {opens}, when it opens")).to_be_visible()
    expect(row.get_by_role("link", name="Enter a paper, email or phone response")).to_have_count(0)
    assert_no_axe_violations(page)

    page.goto(f"/admin/feedback/{later.pk}/enter/")
    notice = page.get_by_role("status").filter(has_text="This consultation opens on")
    expect(notice).to_contain_text(f"This consultation opens on {opens}.")
    expect(page.get_by_role("button", name="Start typing it in")).to_have_count(0)
    assert_no_axe_violations(page)
