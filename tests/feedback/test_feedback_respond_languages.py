"""The respond journey in Polish and Arabic: one response, the same questions, counted together."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from feedback.models import Answer, Response
from feedback.selectors import question_summary, questions_for

pytestmark = pytest.mark.django_db


def url(name, consultation, *args, language):
    with translation.override(language):
        return reverse(f"feedback:{name}", args=[consultation.slug, *args])


def respond(client, consultation, *, language, agree, free_text, email):
    """Go through the whole journey under a language's URLs; return the stored response."""
    started = client.post(
        url("respond", consultation, language=language), {"start_key": uuid.uuid4()}
    )
    assert started.status_code == 302
    assert started.url == url("respond_section", consultation, 1, language=language)
    agree_q, matters, rate, free = list(questions_for(consultation=consultation))
    client.post(
        url("respond_section", consultation, 1, language=language),
        {f"q_{agree_q.pk}": agree, f"q_{matters.pk}": ["Travel"], f"q_{rate.pk}": "4"},
    )
    client.post(
        url("respond_section", consultation, 2, language=language), {f"q_{free.pk}": free_text}
    )
    about = client.post(
        url("respond_section", consultation, 3, language=language),
        {"capacity": "resident", "on_behalf_of_organisation": "no", "consent_to_quote": "yes"},
    )
    assert about.url == url("respond_check", consultation, language=language)
    sent = client.post(
        url("respond_check", consultation, language=language), {"receipt_email": email}
    )
    assert sent.status_code == 302
    assert sent.url.startswith(url("respond_done", consultation, language=language))
    client.cookies.clear()
    return Response.objects.get(answers__text=free_text)


def test_answers_in_any_language_share_one_questionnaire_and_count_together(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        english = respond(
            client,
            consultation,
            language="en",
            agree="Agree",
            free_text="Keep the crisis line open.",
            email="en@example.org",
        )
        polish = respond(
            client,
            consultation,
            language="pl",
            agree="Agree",
            free_text="Proszę o dłuższe godziny otwarcia przychodni.",
            email="pl@example.org",
        )
        arabic = respond(
            client,
            consultation,
            language="ar",
            agree="Agree",
            free_text="نحتاج إلى مترجم في المواعيد.",
            email="ar@example.org",
        )
    assert [english.language, polish.language, arabic.language] == ["en", "pl", "ar"]
    assert {r.status for r in (english, polish, arabic)} == {"submitted"}
    # Every answer points at the one set of questions, whatever the language.
    questions = set(questions_for(consultation=consultation))
    assert {answer.question for answer in Answer.objects.all()} == questions
    agree_question = list(questions_for(consultation=consultation))[0]
    counts = {
        row["label"]: row["count"] for row in question_summary(question=agree_question)["options"]
    }
    assert counts["Agree"] == 3
    # The free text is detected as written, so the Polish and Arabic answers await translation.
    languages = dict(
        Answer.objects.exclude(language="").values_list("response__language", "language")
    )
    assert languages["pl"] == "pl" and languages["ar"] == "ar"
    assert len(mail.outbox) == 3


def test_arabic_journey_pages_are_right_to_left(client, consultation):
    page = client.get(url("respond", consultation, language="ar"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    # The switcher offers the same step in each language.
    assert f"next={url('respond', consultation, language='pl')}" in html


def test_translated_consultation_page_sends_people_to_the_one_questionnaire(client, consultation):
    polish = consultation.copy_for_translation(
        Locale.objects.get(language_code="pl"), copy_parents=True
    )
    polish.title = "Konsultacja testowa"
    polish.save_revision().publish()
    html = client.get(polish.get_url()).content.decode()
    assert "Konsultacja testowa" in html
    assert f'href="{url("respond", consultation, language="pl")}"' in html
    # The journey starts from the English page even when a translation keeps its slug.
    assert client.get(url("respond", consultation, language="pl")).status_code == 200
