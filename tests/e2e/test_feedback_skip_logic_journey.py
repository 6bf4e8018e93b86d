"""A questionnaire with skip logic walked in Chromium, with axe on every page."""

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, Response
from tests.e2e.a11y import assert_no_axe_violations
from tests.feedback.conftest import make_conditional_questionnaire, make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clinic(site_with_home):
    consultation = make_consultation(site_with_home.root_page, slug="clinic-e2e")
    return consultation, make_conditional_questionnaire(consultation)


def _continue(page):
    page.get_by_role("button", name="Save and continue").click()


def test_skip_logic_journey_asks_only_what_earlier_answers_call_for(page, clinic):
    consultation, questions = clinic
    slug = consultation.slug
    page.goto(f"/respond/{slug}/")
    page.get_by_role("button", name="Start now").click()

    # Section 1: "Yes" to the clinic question brings in the clinic's section.
    expect(page.get_by_text("Section 1 of 3")).to_be_visible()  # the clinic is not yet asked
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="Do you use the clinic?").get_by_label("Yes").check()
    _continue(page)
    expect(page.get_by_role("heading", name="The clinic")).to_be_visible()
    expect(page.get_by_text("Section 2 of 4")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Daily").check()
    _continue(page)

    # Section 3 asks the follow-up for daily visitors; the counter never goes negative.
    expect(page.get_by_label("What would make daily visits easier?")).to_be_visible()
    box = page.get_by_label("What else should we know?")
    box.fill("x" * 10_050)
    counter = page.locator(".field__counter")
    expect(counter).to_have_text("You have 50 characters too many")
    assert "-" not in counter.inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("What would make daily visits easier?").fill("A bench by the door")
    _continue(page)
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Your answer must be 10,000 characters or fewer"
    )
    assert_no_axe_violations(page)
    page.get_by_label("What else should we know?").fill("Keep the evening clinic.")
    expect(page.locator(".field__counter")).to_have_text("You have 9,976 characters remaining")

    # Go back to the start and answer "No": the clinic's section and its follow-up go.
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_role("heading", name="The clinic")).to_be_visible()
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_text("Section 1 of 4")).to_be_visible()
    page.get_by_role("group", name="Do you use the clinic?").get_by_label("No").check()
    _continue(page)
    expect(page.get_by_role("heading", name="Your views")).to_be_visible()
    expect(page.get_by_text("Section 2 of 3")).to_be_visible()
    expect(page.get_by_label("What would make daily visits easier?")).to_have_count(0)
    assert not Answer.objects.filter(
        question__in=[questions["how_often"], questions["daily"]]
    ).exists()
    _continue(page)

    # Straight to "check answers" before "about you": it will not send, and says where to go.
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    quote = page.get_by_role("group", name="May we quote what you wrote")
    expect(quote.get_by_label("Yes")).not_to_be_checked()
    expect(quote.get_by_label("No")).not_to_be_checked()
    page.goto(f"/respond/{slug}/check/")
    expect(page.get_by_text("Some required questions are not answered")).to_be_visible()
    assert "How often do you go?" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text("Please answer the questions marked as required.")).to_be_visible()
    assert Response.objects.get().status == Response.Status.DRAFT
    page.get_by_role("link", name="Answer “In what capacity are you responding?”").click()
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    assert page.url.endswith("#id_capacity_0")

    page.get_by_label("Carer").check()
    page.get_by_role("group", name="May we quote what you wrote").get_by_label("No").check()
    page.get_by_role("button", name="Check your answers").click()
    expect(
        page.get_by_role("heading", name="Check your answers before sending them")
    ).to_be_visible()
    expect(page.get_by_text("Some required questions are not answered")).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send my response").click()
    expect(
        page.get_by_role("heading", name="Thank you: your response has been sent")
    ).to_be_visible()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.consent_to_quote is False
    answered = set(response.answers.values_list("question_id", flat=True))
    assert questions["uses"].pk in answered
    assert not answered & {questions["how_often"].pk, questions["daily"].pk}
