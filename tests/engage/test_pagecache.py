"""The shared cache of public pages: anonymous repeats come from it; nothing personal goes in."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consultations.permissions import grant_page_permissions
from engage import pagecache
from home.models import BrandingSettings
from tests.consultations import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pages(site_with_home):
    home = site_with_home.root_page
    consultations = builders.consultation_index_create(home)
    events = builders.event_index_create(home)
    grant_page_permissions(pages=[consultations, events])
    return {
        "consultation": builders.consultation_create(consultations, title="Library hours"),
        "event": builders.event_create(events, title="Drop-in workshop", capacity=10),
        "index": consultations,
    }


def _cache_header(response):
    return response.get(pagecache.CACHE_HEADER)


def test_an_anonymous_second_request_is_served_from_the_cache(client, pages):
    url = pages["consultation"].url
    first = client.get(url)
    assert first.status_code == 200
    assert _cache_header(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert _cache_header(second) == "hit"
    assert second.content == first.content
    assert len(queries) == 0, "a cached page needs no database query"
    # The headers that protect visitors come with the cached copy too.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("target", ["consultation", "index"])
def test_publishing_a_page_changes_what_the_next_request_sees(client, pages, target):
    consultation = pages["consultation"]
    url = pages[target].url
    client.get(url)
    assert _cache_header(client.get(url)) == "hit"

    consultation.title = "Library opening hours (revised)"
    consultation.save_revision().publish()

    response = client.get(url)
    assert _cache_header(response) == "miss"
    assert "Library opening hours (revised)" in response.content.decode()


def test_unpublishing_a_page_takes_it_off_at_once(client, pages):
    url = pages["consultation"].url
    client.get(url)
    assert _cache_header(client.get(url)) == "hit"
    pages["consultation"].unpublish()
    assert client.get(url).status_code == 404


def test_changing_a_setting_shown_on_every_page_clears_the_cache(client, pages, site_with_home):
    client.get("/")
    assert _cache_header(client.get("/")) == "hit"
    branding = BrandingSettings.for_site(site_with_home)
    branding.organisation_name = "Riverside Partnership"
    branding.save()
    assert "Riverside Partnership" in client.get("/").content.decode()


def test_adding_a_questionnaire_shows_the_respond_button_at_once(client, pages):
    from tests.feedback.conftest import make_questionnaire

    url = pages["consultation"].url
    client.get(url)
    assert _cache_header(client.get(url)) == "hit"
    assert "Respond to this consultation" not in client.get(url).content.decode()
    make_questionnaire(pages["consultation"])
    assert "Respond to this consultation" in client.get(url).content.decode()


def test_a_signed_in_person_is_never_served_or_stored_in_the_cache(client, pages, make_user):
    url = pages["consultation"].url
    client.get(url)  # an anonymous copy is now cached
    client.force_login(make_user("reader@example.org"))
    for _ in range(2):
        response = client.get(url)
        assert _cache_header(response) is None
        assert "Sign out" in response.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)
    assert _cache_header(anonymous) == "hit"
    assert "Sign out" not in anonymous.content.decode()
    assert "reader@example.org" not in anonymous.content.decode()


def test_a_page_with_a_form_is_never_cached(pages):
    url = pages["event"].url
    for _ in range(2):
        response = Client().get(url)  # a new visitor each time, without a CSRF cookie
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert _cache_header(response) is None


def test_a_waiting_message_bypasses_the_cache(client, pages, rf):
    url = pages["consultation"].url
    client.get(url)
    storage = CookieStorage(rf.get(url))
    client.cookies["messages"] = storage._encode([Message(messages.SUCCESS, "You are registered.")])
    page = client.get(url)
    assert _cache_header(page) is None
    assert "You are registered." in page.content.decode()


def test_query_strings_and_other_views_are_not_cached(client, pages):
    url = pages["index"].url + "?page=1"
    for _ in range(2):
        assert _cache_header(client.get(url)) is None
    for _ in range(2):
        assert _cache_header(client.get("/healthz")) is None


def test_the_cache_can_be_switched_off(client, pages, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    url = pages["consultation"].url
    for _ in range(2):
        assert _cache_header(client.get(url)) is None


def test_the_menu_is_shared_until_a_page_is_published(client, pages, site_with_home):
    from home.models import StandardPage

    client.get(pages["consultation"].url)
    with CaptureQueriesContext(connection) as queries:
        client.get(pages["event"].url)  # not cacheable itself: it has a form
    assert not [q for q in queries.captured_queries if '"show_in_menus" = ' in q["sql"]]
    page = site_with_home.root_page.add_child(
        instance=StandardPage(title="Get support now", slug="support", show_in_menus=True)
    )
    page.save_revision().publish()
    assert "Get support now" in client.get(pages["event"].url).content.decode()


def test_a_page_cached_in_one_language_is_never_replayed_in_another(client, pages, settings):
    url = pages["consultation"].url
    polish = client.get(f"/pl{url}")
    assert _cache_header(polish) == "miss"
    assert '<html lang="pl" dir="ltr">' in polish.content.decode()

    # The English address is English, even for a browser that prefers Polish.
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="pl")
    assert _cache_header(english) == "miss", "the Polish copy must not be served in English"
    assert '<html lang="en-GB" dir="ltr">' in english.content.decode()

    arabic_reader = Client()
    arabic_reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = arabic_reader.get(f"/ar{url}")
    assert _cache_header(arabic) == "miss"
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()

    assert _cache_header(client.get(f"/pl{url}")) == "hit"
