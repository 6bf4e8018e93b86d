"""The site shell in a real browser: accessible home, login and signup pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/signup/", "/accessibility/", "/privacy/"]
)
def test_public_shell_pages_have_no_axe_violations(page, site_with_home, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert_no_axe_violations(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, site_with_home):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_signup_error_summary_lists_problems(page, site_with_home):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign Up").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert "There is a problem" in summary.inner_text()
    assert_no_axe_violations(page)


def test_axe_check_reports_an_unlabelled_field(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<input type="text"></main></body></html>'
    )
    from tests.e2e.a11y import axe_violations

    assert "label" in {violation["id"] for violation in axe_violations(page)}
    context.close()


def test_skip_link_focus_does_not_paint_the_main_content_in_the_focus_colour(page, site_with_home):
    page.goto("/")
    main_background = page.evaluate(
        "getComputedStyle(document.getElementById('main-content')).backgroundColor"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    focused_background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focused_background == main_background
    assert_no_axe_violations(page)
