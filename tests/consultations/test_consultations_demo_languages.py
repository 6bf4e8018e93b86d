"""The demo's residents' engagement in Polish, Punjabi and Arabic, with answers written in them."""

import pytest
from wagtail.models import Locale

from consultations import demo_languages as page_demo
from feedback import demo as feedback_demo
from feedback import demo_languages as response_demo
from feedback.models import Response
from feedback.selectors import answers_awaiting_translation
from tests.feedback.conftest import make_consultation

pytestmark = pytest.mark.django_db

TITLES = {
    "pl": "Wsparcie psychiczne blisko domu: zaprojektuj je z nami",
    "pa": "ਭਾਈਚਾਰੇ ਵਿੱਚ ਮਾਨਸਿਕ ਸਿਹਤ ਸਹਾਇਤਾ: ਇਸਨੂੰ ਬਣਾਉਣ ਵਿੱਚ ਸਾਡੀ ਮਦਦ ਕਰੋ",
    "ar": "دعم الصحة النفسية في المجتمع: ساعدنا في تصميمه",
}


def test_residents_engagement_is_translated_and_answered_in_three_languages(client, site_with_home):
    residents = make_consultation(
        site_with_home.root_page,
        slug=feedback_demo.RESIDENTS_SLUG,
        title="Community mental health support: help us design it",
        summary=(
            "How should mental health support near where you live work? We want residents, "
            "service users, carers and peer support workers to shape it with us."
        ),
    )
    feedback_demo.load()
    for _run in range(2):  # running the demo again changes nothing
        page_demo.load()
        response_demo.load()
    for code, title in TITLES.items():
        translated = residents.get_translation(Locale.objects.get(language_code=code)).specific
        assert translated.live and translated.title == title
        assert translated.summary != residents.summary
        response = client.get(translated.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert title in html and "not yet available" not in html
    written = Response.objects.filter(consultation=residents).exclude(language="")
    assert (
        sorted(written.values_list("language", flat=True)) == ["ar"] * 3 + ["pa"] * 3 + ["pl"] * 3
    )
    # Their free text waits for an English rendering; their closed answers count with the rest.
    queued = {answer.language for answer in answers_awaiting_translation(consultation=residents)}
    assert {"pl", "pa", "ar"} <= queued
    # The questionnaire's own words are translated too, every one of them.
    from feedback import questionnaire_translations as qt

    for code, name, translated_count, total in qt.translation_progress(
        questionnaire=residents.questionnaire
    ):
        assert translated_count == total, (code, name, translated_count, total)
    start = client.get(f"/pl/respond/{residents.slug}/").content.decode()
    assert "Powiedz nam, co pomaga, a co można poprawić." in start


def test_the_workshops_list_is_translated_and_still_lists_the_events(client, site_with_home):
    from tests.consultations import builders

    residents = make_consultation(
        site_with_home.root_page, slug=feedback_demo.RESIDENTS_SLUG, title="Community support"
    )
    workshops = builders.event_index_create(
        site_with_home.root_page,
        title="Workshops",
        slug="workshops-and-events",
        intro=(
            "<p>Come and talk to us in person or online. Every workshop is free; tell us what "
            "you need to take part when you register.</p>"
        ),
    )
    builders.event_create(workshops, title="Evening drop-in", consultation=residents)
    page_demo.load()
    polish = workshops.get_translation(Locale.objects.get(language_code="pl")).specific
    assert polish.live and polish.title == "Warsztaty"
    html = client.get(polish.url).content.decode()
    assert "Wszystkie warsztaty są bezpłatne" in html
    assert "Evening drop-in" in html  # the events are listed from the English tree
