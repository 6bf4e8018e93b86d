"""Sentences with a link inside are translated whole, with the link kept where it belongs."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from tests.consultations import builders

pytestmark = pytest.mark.django_db


def _render(template, rf, language, **context):
    request = rf.get("/private/page/")
    request.user = AnonymousUser()
    with translation.override(language):
        return render_to_string(template, context, request=request)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", '<a href="/accounts/login/?next=/private/page/">Sign in</a> if you have an account'),
        ("pl", '<a href="/accounts/login/?next=/private/page/">Zaloguj się</a>, jeśli masz konto'),
        ("ar", '<a href="/accounts/login/?next=/private/page/">سجّل الدخول</a> إن كان لديك'),
    ],
)
def test_the_forbidden_page_offers_sign_in_in_one_translated_sentence(
    rf, site_with_home, language, sentence
):
    html = _render("403.html", rf, language)
    assert sentence in html


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", '<a href="{url}">Register again</a> if your plans change.'),
        ("pl", 'Jeśli Twoje plany się zmienią, <a href="{url}">zarejestruj się ponownie</a>.'),
        ("pa", 'ਜੇ ਤੁਹਾਡੀ ਯੋਜਨਾ ਬਦਲ ਜਾਵੇ ਤਾਂ <a href="{url}">ਦੁਬਾਰਾ ਰਜਿਸਟਰ ਕਰੋ</a>।'),
    ],
)
def test_a_cancelled_registration_links_to_registering_again(
    rf, site_with_home, language, sentence
):
    index = builders.event_index_create(site_with_home.root_page)
    event = builders.event_create(index, title="Drop-in")
    html = _render(
        "consultations/registration_cancel.html", rf, language, cancelled=True, event=event
    )
    assert sentence.format(url=event.url) in html
