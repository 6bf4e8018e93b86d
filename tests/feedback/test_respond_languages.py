"""The respond journey and its receipt in Arabic (right to left) and Polish.

The journey's language is the one in its address (`/ar/respond/...`, `/pl/respond/...`), where the
language switcher sends the visitor; English has no prefix (docs/languages.md).
"""

import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse as django_reverse
from django.utils import translation

from feedback.models import Answer, Response
from feedback.selectors import questions_for

pytestmark = pytest.mark.django_db


def _in(language):
    """`reverse` for the journey in ``language``: its URLs carry that language's prefix."""

    def reverse(name, args):
        with translation.override(language):
            return django_reverse(name, args=args)

    return reverse


def _walk(client, consultation, language, django_capture_on_commit_callbacks, headers=None):
    """Start, answer every section and send, with a receipt; returns the pages seen."""
    slug = consultation.slug
    reverse = _in(language)
    headers = headers or {}
    pages = {"start": client.get(reverse("feedback:respond", args=[slug]), **headers)}
    client.post(
        reverse("feedback:respond", args=[slug]), {"start_key": str(uuid.uuid4())}, **headers
    )
    agree, matters, rate, free = questions_for(consultation=consultation)
    section = lambda n: reverse("feedback:respond_section", args=[slug, n])  # noqa: E731
    pages["error"] = client.post(section(1), {}, **headers)
    pages["section"] = client.get(section(1), **headers)
    client.post(
        section(1),
        {f"q_{agree.pk}": "Agree", f"q_{matters.pk}": ["Travel"], f"q_{rate.pk}": "4"},
        **headers,
    )
    client.post(section(2), {f"q_{free.pk}": "Keep the crisis line open."}, **headers)
    client.post(
        section(3),
        {
            "capacity": "nhs_staff",
            "on_behalf_of_organisation": "no",
            "consent_to_quote": "yes",
            "respondent_email": "reader@example.org",
        },
        **headers,
    )
    check_url = reverse("feedback:respond_check", args=[slug])
    pages["check"] = client.get(check_url, **headers)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(check_url, {"receipt_email": "reader@example.org"}, **headers)
    assert sent.status_code == 302, sent.content.decode()[:500]
    pages["done"] = client.get(reverse("feedback:respond_done", args=[slug]), **headers)
    return {name: page.content.decode() for name, page in pages.items()}


def test_the_respond_journey_and_receipt_are_in_arabic_right_to_left(
    client, consultation, django_capture_on_commit_callbacks
):
    pages = _walk(client, consultation, "ar", django_capture_on_commit_callbacks)

    for name, html in pages.items():
        assert '<html lang="ar" dir="rtl">' in html, name
        assert "انتقل إلى المحتوى الرئيسي" in html, name  # the skip link
    assert "ابدأ الآن" in pages["start"]
    assert "هناك مشكلة" in pages["error"]
    # The message is Arabic; the question is the editor's English until the page is translated.
    assert "اختر إجابة عن «Do you agree with place-based teams?»" in pages["error"]
    # The option reads in Arabic; the value sent stays the English one.
    assert "أوافق" in pages["section"] and 'value="Agree"' in pages["section"]
    assert "راجع إجاباتك قبل إرسالها" in pages["check"]
    assert "أوافق" in pages["check"]
    assert "شكرًا لك، لقد أُرسل ردّك" in pages["done"]

    [receipt] = mail.outbox
    stored = Response.objects.get()
    assert receipt.subject.startswith("ردّك على ")
    assert stored.reference in receipt.subject
    assert "شكرًا لمشاركتك في" in receipt.body
    assert f"رقمك المرجعي هو {stored.reference}" in receipt.body
    assert "(إجابتك المكتوبة، لا نكررها في هذه الرسالة)" in receipt.body
    assert "أوافق" in receipt.body


def test_answers_given_in_arabic_are_stored_as_the_same_options_as_in_english(
    client, consultation, django_capture_on_commit_callbacks
):
    _walk(client, consultation, "ar", django_capture_on_commit_callbacks)
    agree = questions_for(consultation=consultation)[0]
    # Stored in English, so that it counts with the English answers.
    assert Answer.objects.get(question=agree).choices == ["Agree"]


def test_the_respond_journey_and_receipt_are_in_polish(
    client, consultation, django_capture_on_commit_callbacks
):
    pages = _walk(client, consultation, "pl", django_capture_on_commit_callbacks)

    for name, html in pages.items():
        assert '<html lang="pl" dir="ltr">' in html, name
    assert "Rozpocznij" in pages["start"]
    assert "Ankieta ma 3 części, każda na osobnej stronie." in pages["start"]
    assert "Wystąpił problem" in pages["error"]
    assert "Sprawdź odpowiedzi przed wysłaniem" in pages["check"]
    assert "Wyślij moją odpowiedź" in pages["check"]
    assert "Zgadzam się" in pages["check"]
    assert "Dziękujemy! Twoja odpowiedź została wysłana" in pages["done"]
    [receipt] = mail.outbox
    assert receipt.subject.startswith("Twoja odpowiedź w konsultacji ")
    assert "Twój numer referencyjny to" in receipt.body
    assert "Zgadzam się" in receipt.body


def test_without_a_prefix_the_journey_stays_in_english_whatever_the_browser_asks(
    client, consultation, django_capture_on_commit_callbacks
):
    # An English address is English, even for a browser that prefers Arabic.
    headers = {"HTTP_ACCEPT_LANGUAGE": "ar"}
    pages = _walk(client, consultation, "en", django_capture_on_commit_callbacks, headers)
    assert '<html lang="en-GB" dir="ltr">' in pages["start"]
    assert "Start now" in pages["start"]
    assert "Thank you: your response has been sent" in pages["done"]
    assert mail.outbox[0].subject.startswith("Your response to ")


def test_an_unknown_language_cookie_falls_back_to_english(client, consultation):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-klingon"
    page = client.get(django_reverse("feedback:respond", args=[consultation.slug]))
    assert page.status_code == 200
    assert '<html lang="en-GB" dir="ltr">' in page.content.decode()


def _html_part(message):
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


# What the receipt says in each language, in the text part and in the HTML part alike; none of
# the English wording may be left in either.
RECEIPT_WORDING = {
    "pl": {
        "html": '<html lang="pl" dir="ltr">',
        "heading": "Dziękujemy za udział w konsultacji „",
        "reference": "Twój numer referencyjny to",
        "withdraw": "Jeśli zmienisz zdanie",
    },
    "ar": {
        "html": '<html lang="ar" dir="rtl">',
        "heading": "شكرًا لمشاركتك في «",
        "reference": "رقمك المرجعي هو",
        "withdraw": "إذا غيّرت رأيك",
    },
}
RECEIPT_ENGLISH = (
    "Thank you for responding",
    "Your reference number is",
    "What you answered",
    "If you change your mind",
    "Withdraw my response",
)


@pytest.mark.parametrize("language", ["pl", "ar"])
def test_the_receipts_html_part_is_in_the_same_language_as_its_text_part(
    client, consultation, django_capture_on_commit_callbacks, language
):
    _walk(client, consultation, language, django_capture_on_commit_callbacks)

    [receipt] = mail.outbox
    html = _html_part(receipt)
    wording = RECEIPT_WORDING[language]
    assert wording["html"] in html
    for part in (receipt.body, html):
        assert wording["heading"] in part
        assert wording["reference"] in part
        assert wording["withdraw"] in part
        for english in RECEIPT_ENGLISH:
            assert english not in part, english
    assert (
        f'<h1 style="font-size:28px; line-height:1.25; margin:0 0 20px;">{wording["heading"]}'
        in html
    )


def _breadcrumb(html):
    import re

    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None
    return re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1))


def test_the_journey_names_the_consultation_in_the_visitors_language(client, consultation):
    from tests.home.test_languages import translate

    start = _in("pl")("feedback:respond", [consultation.slug])
    english_url = consultation.url
    # Not translated: the English title, marked as English, linking to the page under /pl/.
    (home_attrs, _home), (page_attrs, title) = _breadcrumb(client.get(start).content.decode())
    assert home_attrs == 'href="/pl/"'
    assert title == consultation.title
    assert page_attrs == f'href="/pl{english_url}" lang="en-GB" dir="ltr"'

    polish = translate(consultation, "pl", title="Lepsza opieka blisko domu")
    html = client.get(start).content.decode()
    (_home_attrs, _home), (page_attrs, title) = _breadcrumb(html)
    assert (page_attrs, title) == (f'href="{polish.url}"', "Lepsza opieka blisko domu")
    assert "Lepsza opieka blisko domu | " in html.split("</title>")[0]
    assert '<p class="meta">Lepsza opieka blisko domu</p>' in html
