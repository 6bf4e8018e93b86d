"""Public pages in Arabic (right to left) and Polish in Chromium: lang, dir and axe-core.

Pages with a language in their address are visited under /ar/ and /pl/; sign-in and network
pages, which have one address, follow the language remembered by the switcher (the language
cookie), which the visitor here has already chosen.
"""

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from feedback.models import Response
from home.languages import path_in_language
from tests.consultations import builders
from tests.e2e.a11y import assert_no_axe_violations
from tests.feedback.conftest import make_consultation, make_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)

DIRECTION = {"ar": "rtl", "pl": "ltr"}


@pytest.fixture
def public_pages(site_with_home):
    consultation = make_consultation(site_with_home.root_page, slug="mint-languages")
    make_questionnaire(consultation)
    events = builders.event_index_create(site_with_home.root_page)
    event = builders.event_create(events, title="Drop-in workshop", capacity=10)
    return {
        "home": "/",
        "consultation": consultation.url,
        "respond start": f"/respond/{consultation.slug}/",
        "workshops": events.url,
        "workshop": event.url,
        "join the network": "/network/join/",
        "sign in": "/accounts/login/",
        "not found": "/no-such-page-here/",
    }


def _reading_in(browser, live_server, language):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.mark.parametrize("language", ["ar", "pl"])
def test_public_pages_have_lang_dir_and_no_axe_violations(
    browser, live_server, public_pages, language
):
    context, page = _reading_in(browser, live_server, language)
    try:
        for name, path in public_pages.items():
            response = page.goto(path_in_language(path, language, from_code="en"))
            assert response.status == (404 if name == "not found" else 200), name
            html = page.locator("html")
            assert html.get_attribute("lang") == language, name
            assert html.get_attribute("dir") == DIRECTION[language], name
            assert_no_axe_violations(page)
    finally:
        context.close()


def test_arabic_pages_are_laid_out_right_to_left(browser, live_server, public_pages):
    context, page = _reading_in(browser, live_server, "ar")
    try:
        page.goto(path_in_language(public_pages["respond start"], "ar", from_code="en"))
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # The heading starts at the right-hand edge of the content column.
        box = page.locator("main h1").bounding_box()
        main = page.locator("main").bounding_box()
        assert main["x"] + main["width"] - (box["x"] + box["width"]) < 40
    finally:
        context.close()


JOURNEY = {
    "ar": {
        "start": "ابدأ الآن",
        "section": "القسم {} من 3",
        "continue": "احفظ وتابع",
        "problem": "هناك مشكلة",
        "agree": "أوافق",
        "nhs staff": "موظفو NHS",
        "quote group": "هل تسمح لنا باقتباس",
        "yes": "نعم",
        "email": "بريدك الإلكتروني",
        "check": "راجع إجاباتك",
        "check heading": "راجع إجاباتك قبل إرسالها",
        "send": "أرسل ردّي",
        "sent heading": "شكرًا لك، لقد أُرسل ردّك",
        "subject": "ردّك على ",
        "reference": "رقمك المرجعي هو {}",
    },
    "pl": {
        "start": "Rozpocznij",
        "section": "Część {} z 3",
        "continue": "Zapisz i przejdź dalej",
        "problem": "Wystąpił problem",
        "agree": "Zgadzam się",
        "nhs staff": "Pracownicy NHS",
        "quote group": "Czy możemy anonimowo zacytować",
        "yes": "Tak",
        "email": "Twój adres e-mail",
        "check": "Sprawdź odpowiedzi",
        "check heading": "Sprawdź odpowiedzi przed wysłaniem",
        "send": "Wyślij moją odpowiedź",
        "sent heading": "Dziękujemy! Twoja odpowiedź została wysłana",
        "subject": "Twoja odpowiedź w konsultacji ",
        "reference": "Twój numer referencyjny to {}",
    },
}


@pytest.mark.parametrize("language", ["ar", "pl"])
def test_the_respond_journey_from_start_to_receipt_in_the_readers_language(
    browser, live_server, public_pages, language
):
    words = JOURNEY[language]
    context, page = _reading_in(browser, live_server, language)
    try:
        page.goto(path_in_language(public_pages["respond start"], language, from_code="en"))
        page.get_by_role("button", name=words["start"]).click()
        expect(page.get_by_text(words["section"].format(1))).to_be_visible()
        page.get_by_role("button", name=words["continue"]).click()
        expect(page.locator("[data-error-summary]")).to_contain_text(words["problem"])
        assert_no_axe_violations(page)
        page.get_by_label(words["agree"], exact=True).check()
        page.get_by_label("Travel").check()
        page.get_by_role("button", name=words["continue"]).click()
        expect(page.get_by_text(words["section"].format(2))).to_be_visible()
        page.get_by_role("button", name=words["continue"]).click()
        expect(page.get_by_text(words["section"].format(3))).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_label(words["nhs staff"]).check()
        page.get_by_role("group", name=words["quote group"]).get_by_label(
            words["yes"], exact=True
        ).check()
        page.get_by_label(words["email"]).fill("reader@example.org")
        page.get_by_role("button", name=words["check"], exact=True).click()
        expect(page.get_by_role("heading", name=words["check heading"])).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_role("button", name=words["send"]).click()
        expect(page.get_by_role("heading", name=words["sent heading"])).to_be_visible()
        assert page.locator("html").get_attribute("dir") == DIRECTION[language]
        assert_no_axe_violations(page)

        stored = Response.objects.get()
        assert stored.status == "submitted"
        assert ["Agree"] in [a.choices for a in stored.answers.all()], "stored as in English"
        receipt = mail.outbox[-1]
        assert receipt.to == ["reader@example.org"]
        assert receipt.subject.startswith(words["subject"])
        assert stored.reference in receipt.subject
        assert words["reference"].format(stored.reference) in receipt.body
    finally:
        context.close()
