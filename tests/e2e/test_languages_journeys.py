"""In Chromium: the language switcher, Arabic (right to left) and Polish, from a consultation
page through the respond journey to the receipt, with axe on every page and language.

Buttons and fields are found by their markup, not their words: the interface text is
translated separately (locale/), and the test holds whichever words a language has.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Locale

from feedback.models import Response
from feedback.selectors import questions_for
from tests.e2e.a11y import assert_no_axe_violations
from tests.feedback.conftest import make_consultation, make_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_consultation(site_with_home):
    consultation = make_consultation(
        site_with_home.root_page, slug="community-support", title="Community support"
    )
    make_questionnaire(consultation)
    index = consultation.get_parent().specific
    index.save_revision().publish()
    return consultation


@pytest.fixture
def arabic_consultation(open_consultation):
    """The consultation page (and its parents) translated into Arabic."""
    arabic = open_consultation.copy_for_translation(
        Locale.objects.get(language_code="ar"), copy_parents=True
    )
    arabic.title = "دعم المجتمع"
    arabic.save_revision().publish()
    # Parents not yet translated come as aliases of the English ones (live, like them).
    assert all(ancestor.alias_of_id for ancestor in arabic.get_ancestors()[1:])
    return arabic


# The questionnaire's own words, as a translator's PO file gives them ("Rate the current service"
# and the second section are left in English).
QUESTIONNAIRE_WORDS = {
    "pl": {
        "Do you agree with place-based teams?": "Czy zgadzasz się na zespoły działające lokalnie?",
        "Travel": "Dojazd",
    },
    "ar": {
        "Do you agree with place-based teams?": "هل توافق على الفرق المحلية؟",
        "Travel": "التنقّل",
    },
}


@pytest.fixture
def translated_questionnaire(open_consultation):
    """The questionnaire's words in Polish and Arabic, imported from filled-in PO files."""
    from feedback.demo_languages import questionnaire_translate

    questionnaire = open_consultation.questionnaire
    questionnaire_translate(questionnaire, QUESTIONNAIRE_WORDS)
    return questionnaire


def respond_from_switcher(page, consultation, *, language, text):
    """Open the English page, choose a language in the switcher, respond, and send; the
    questions are read in the language where the questionnaire is translated."""
    page.goto(consultation.get_url())
    switcher = page.locator("nav.language-switcher")
    switcher.locator(f'a[hreflang="{language}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)
    page.locator(f'main a[href^="/{language}/respond/"]').first.click()
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()

    agree, matters, _rate, free = list(questions_for(consultation=consultation))
    expect(page.locator(f'input[name="q_{agree.pk}"][value="Agree"]')).to_be_visible()
    assert f"/{language}/respond/" in page.url
    words = QUESTIONNAIRE_WORDS[language]
    expect(page.locator("main legend").first).to_contain_text(
        words["Do you agree with place-based teams?"]
    )
    expect(page.locator(f'label:has(input[name="q_{matters.pk}"][value="Travel"])')).to_have_text(
        words["Travel"]
    )
    # Not translated: shown in English, marked as English.
    expect(page.locator('main legend span[lang="en-GB"][dir="ltr"]').last).to_have_text(
        "Rate the current service"
    )
    assert_no_axe_violations(page)
    page.locator(f'input[name="q_{agree.pk}"][value="Agree"]').check()
    page.locator(f'input[name="q_{matters.pk}"][value="Travel"]').check()
    page.locator("button[name=action][value=next]").click()
    page.locator(f'textarea[name="q_{free.pk}"]').fill(text)
    # The character counter speaks the page's language, with its plural forms.
    counter = {"pl": r"^Został(o|y)? Ci [\d\u00a0 ]+ znak(i|ów)?$", "ar": r"^يتبقى لديك"}
    expect(page.locator(".field__counter")).to_have_text(re.compile(counter[language]))
    assert_no_axe_violations(page)
    page.locator("button[name=action][value=next]").click()
    page.locator('input[name="capacity"][value="resident"]').check()
    page.locator('input[name="on_behalf_of_organisation"][value="no"]').check()
    page.locator('input[name="consent_to_quote"][value="yes"]').check()
    assert_no_axe_violations(page)
    page.locator("button[name=action][value=next]").click()
    expect(page.get_by_text(text)).to_be_visible()
    assert_no_axe_violations(page)
    page.locator('input[name="receipt_email"]').fill(f"{language}@example.org")
    page.locator("main form:has(input[name=receipt_email]) button[type=submit]").click()
    expect(page.locator(".feedback-reference")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)
    return page.locator(".feedback-reference").inner_text()


def test_arabic_journey_right_to_left_from_switcher_to_receipt(
    page, open_consultation, arabic_consultation, translated_questionnaire
):
    text = "أحتاج إلى مترجم في المواعيد."
    reference = respond_from_switcher(page, open_consultation, language="ar", text=text)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    response = Response.objects.get(reference=reference)
    assert response.language == "ar" and response.consultation_id == open_consultation.pk
    assert response.answers.get(text=text).language == "ar"
    assert mail.outbox[-1].to == ["ar@example.org"] and reference in mail.outbox[-1].subject
    # The choice is remembered: the front page now opens in Arabic.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.url.endswith("/ar/")


def test_polish_journey_from_switcher_to_receipt_with_english_fallback(
    page, open_consultation, translated_questionnaire
):
    text = "Proszę o wizyty wieczorem, bo pracuję do osiemnastej."
    reference = respond_from_switcher(page, open_consultation, language="pl", text=text)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    response = Response.objects.get(reference=reference)
    assert response.language == "pl" and response.answers.get(text=text).language == "pl"
    # Read in Polish, stored as the English options on the one set of questions.
    matters = questions_for(consultation=open_consultation)[1]
    assert response.answers.get(question=matters).choices == ["Travel"]
    assert reference in mail.outbox[-1].subject


def test_untranslated_page_in_polish_says_it_is_shown_in_english(page, open_consultation):
    page.goto(open_consultation.get_url())
    page.locator('nav.language-switcher a[hreflang="pl"]').click()
    note = page.locator(".language-fallback")
    expect(note).to_be_visible()
    expect(page.locator('main div[lang="en-GB"]')).to_contain_text("Community support")
    current = page.locator("nav.language-switcher a[aria-current]")
    expect(current).to_have_attribute("hreflang", "pl")


@pytest.mark.parametrize("language", ["en", "pl", "pa", "ar"])
def test_public_pages_have_no_axe_violations_in_each_language(
    page, arabic_consultation, open_consultation, language
):
    prefix = "" if language == "en" else f"/{language}"
    index = open_consultation.get_parent()
    for path in ["/", index.url, open_consultation.url, f"/respond/{open_consultation.slug}/"]:
        url = prefix + path
        response = page.goto(url)
        assert response.status == 200, url
        expect(page.locator("html")).to_have_attribute(
            "lang", "en-GB" if language == "en" else language
        )
        assert_no_axe_violations(page)


def test_unknown_language_in_the_url_is_a_page_not_found(page, open_consultation):
    response = page.goto(f"/xx{open_consultation.url}")
    assert response.status == 404
    assert_no_axe_violations(page)
