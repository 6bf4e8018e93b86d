"""Every public consultation and event page passes axe (WCAG 2.2 AA) in Chromium."""

import pytest
from playwright.sync_api import expect

from consultations import demo
from consultations.models import ConsultationPage, EventIndexPage, WorkshopEventPage
from tests.e2e.a11y import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(site_with_home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    return site_with_home


def test_consultation_and_event_pages_have_no_axe_violations(page, demo_site):
    mint = ConsultationPage.objects.get(slug=demo.MINT_SLUG)
    closed = ConsultationPage.objects.get(slug="older-adults-drop-in-sessions")
    full = WorkshopEventPage.objects.get(slug="community-support-conversation-ealing")
    online = WorkshopEventPage.objects.get(slug="mint-online-session-all-localities")
    past = WorkshopEventPage.objects.get(slug="peer-support-workers-get-together")
    index_url = mint.get_parent().url
    paths = [
        "/",
        index_url,
        index_url + "?status=open&audience=staff&borough=hammersmith-fulham",
        index_url + "?status=forthcoming&topic=peer-support",  # the empty state
        mint.url,
        ConsultationPage.objects.get(slug=demo.COMMUNITY_SLUG).url,
        closed.url,
        EventIndexPage.objects.get().url,
        full.url,
        online.url,
        past.url,
        "/workshops/cancel/not-a-real-token/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status in (200, 404), path
        assert_no_axe_violations(page)


def test_listing_filters_work_without_javascript(browser, live_server, demo_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(ConsultationPage.objects.get(slug=demo.MINT_SLUG).get_parent().url)
    page.get_by_label("Who it is for").select_option("staff")
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Apply filters").click()
    assert "audience=staff" in page.url
    results = page.locator(".result__title").all_inner_texts()
    assert results == ["Mental health Integrated Network Teams (MINT) in Hammersmith & Fulham"]
    context.close()


def test_faq_accordion_opens_with_the_keyboard(page, demo_site):
    page.goto(ConsultationPage.objects.get(slug=demo.MINT_SLUG).url)
    question = page.locator("summary", has_text="Will my job change?")
    question.focus()
    page.keyboard.press("Enter")
    assert page.locator("details", has=question).get_attribute("open") is not None
    expect(page.get_by_text("discussed with you")).to_be_visible()
