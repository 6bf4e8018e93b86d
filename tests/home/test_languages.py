"""Pages by language: English URLs as before, /pl/ /pa/ /ar/ trees, the fallback, the switcher."""

import re
import socket

import pytest
from django.conf import settings
from wagtail.models import Locale

from tests.consultations import builders


def translate(page, code, **fields):
    """Publish a translation of a page (and of its parents where missing) with new fields."""
    locale = Locale.objects.get(language_code=code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def consultation(site_with_home):
    index = builders.consultation_index_create(
        site_with_home.root_page, title="Consultations", slug="consultations"
    )
    return builders.consultation_create(index, title="Better mental health", slug="mental-health")


@pytest.fixture
def polish_translation(consultation):
    for ancestor in consultation.get_ancestors()[1:]:
        if ancestor.get_translation_or_none(Locale.objects.get(language_code="pl")) is None:
            translate(ancestor.specific, "pl")
    return translate(consultation, "pl", title="Lepsze zdrowie psychiczne")


def test_english_urls_are_unchanged_and_marked_british_english(client, consultation):
    response = client.get("/consultations/mental-health/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" dir="ltr">' in html
    assert "Better mental health" in html
    assert "not yet available" not in html


def test_switcher_names_each_language_in_itself_and_marks_the_current_one(client, consultation):
    html = client.get("/consultations/mental-health/").content.decode()
    nav = re.search(r'<nav class="language-switcher" aria-label="Language">(.*?)</nav>', html, re.S)
    assert nav is not None
    links = re.findall(r"<a [^>]*>[^<]*</a>", nav.group(1))
    assert len(links) == len(settings.LANGUAGES)
    english, polish, punjabi, arabic = links
    assert 'aria-current="true"' in english and 'lang="en-GB"' in english
    assert "aria-current" not in polish
    assert 'lang="pl" hreflang="pl"' in polish and ">Polski<" in polish
    assert 'lang="pa"' in punjabi and "ਪੰਜਾਬੀ" in punjabi
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic and "العربية" in arabic
    # Untranslated: the Polish link keeps the visitor on the same page, in Polish.
    assert "next=/pl/consultations/mental-health/" in polish


def test_untranslated_page_falls_back_to_english_with_a_note(client, consultation):
    response = client.get("/pl/consultations/mental-health/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl" dir="ltr">' in html
    # The note is in the visitor's language (locale/pl).
    assert "Ta strona nie jest jeszcze dostępna w języku: Polski." in html
    assert "Better mental health" in html
    # The English content is marked as English inside the Polish page.
    assert '<div lang="en-GB" dir="ltr">' in html


def test_arabic_pages_are_right_to_left(client, consultation):
    html = client.get("/ar/consultations/mental-health/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize(
    "path", ["/xx/consultations/mental-health/", "/pl/no-such-page/", "/de/", "/ar/xx/"]
)
def test_unknown_language_or_page_is_not_found(client, consultation, path):
    assert client.get(path).status_code == 404


def test_translated_page_is_served_in_its_language_with_alternates(
    client, consultation, polish_translation
):
    response = client.get("/pl/consultations/mental-health/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lepsze zdrowie psychiczne" in html
    assert "nie jest jeszcze dostępna" not in html
    assert (
        '<link rel="alternate" hreflang="pl" href="http://testserver/pl/consultations/mental-health/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="http://testserver/consultations/mental-health/">' in html
    )
    assert 'hreflang="en-GB" href="http://testserver/consultations/mental-health/"' in html
    # No alternate for a language the page is not translated into.
    assert 'rel="alternate" hreflang="ar"' not in html


def _menu_links(html):
    nav = re.search(r'<nav class="site-nav" aria-label="[^"]*">(.*?)</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<li><a (href="[^"]*"[^>]*)>([^<]*)</a></li>', nav.group(1))


def test_main_menu_is_in_the_visitors_language(client, consultation):
    from home.models import StandardPage

    index = consultation.get_parent().specific
    index.show_in_menus = True
    index.save_revision().publish()
    home = index.get_parent().specific
    home.add_child(
        instance=StandardPage(title="Get involved", slug="get-involved", show_in_menus=True)
    )
    translate(home, "pl", title="Strona główna")
    translate(index, "pl", title="Konsultacje")

    english = _menu_links(client.get("/consultations/mental-health/").content.decode())
    assert [title for _attrs, title in english] == [home.title, "Consultations", "Get involved"]
    assert 'href="/consultations/" aria-current="page"' in english[1][0]

    polish = _menu_links(client.get("/pl/consultations/mental-health/").content.decode())
    (home_attrs, home_title), (index_attrs, index_title), (other_attrs, other_title) = polish
    assert (home_title, index_title) == ("Strona główna", "Konsultacje")
    assert home_attrs == 'href="/pl/"'  # the home item is not "current" on every Polish page
    assert index_attrs == 'href="/pl/consultations/" aria-current="page"'
    # Not translated: the English title, marked as English, under the Polish prefix (served
    # with the "not yet available" note), so the visitor stays in Polish.
    assert other_title == "Get involved"
    assert other_attrs == 'href="/pl/get-involved/" lang="en-GB" dir="ltr"'


def test_translated_slug_is_reached_from_the_english_path(client, consultation, polish_translation):
    polish_translation.slug = "zdrowie-psychiczne"
    polish_translation.save_revision().publish()
    response = client.get("/pl/consultations/mental-health/")
    assert response.status_code == 302
    assert response["Location"] == "/pl/consultations/zdrowie-psychiczne/"
    english = client.get("/consultations/mental-health/").content.decode()
    assert "next=/pl/consultations/zdrowie-psychiczne/" in english


def test_choosing_a_language_is_remembered_and_the_front_page_follows_it(client, consultation):
    response = client.get("/language/pl/", {"next": "/pl/consultations/mental-health/"})
    assert response.status_code == 302
    assert response["Location"] == "/pl/consultations/mental-health/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/pl/"
    # Choosing English again forgets the choice.
    response = client.get("/language/en/", {"next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert client.get("/").status_code == 200


def test_choosing_a_language_never_sends_the_visitor_to_another_site(client, consultation):
    response = client.get("/language/ar/", {"next": "https://evil.example/"})
    assert response["Location"] == "/ar/"


def test_choosing_an_unknown_language_is_not_found_and_sets_nothing(client, consultation):
    response = client.get("/language/xx/", {"next": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_respond_journey_urls_take_the_language_prefix(client, consultation):
    from django.urls import reverse
    from django.utils import translation

    assert reverse("feedback:respond", args=["mental-health"]) == "/respond/mental-health/"
    with translation.override("ar"):
        assert reverse("feedback:respond", args=["mental-health"]) == "/ar/respond/mental-health/"


def test_sitemap_lists_every_language(client, consultation, polish_translation):
    xml = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>http://[^/<]+/consultations/mental-health/</loc>", xml)
    assert re.search(r"<loc>http://[^/<]+/pl/consultations/mental-health/</loc>", xml)


def test_existing_locales_are_the_four_site_languages(db):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {"en", "pl", "pa", "ar"}


def _refuse(*args, **kwargs):
    raise AssertionError("the network was touched")


def test_pages_in_every_language_are_served_with_sockets_blocked(
    client, consultation, polish_translation, monkeypatch
):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    for path in [
        "/consultations/mental-health/",
        "/pl/consultations/mental-health/",
        "/pa/consultations/mental-health/",
        "/ar/consultations/mental-health/",
        "/sitemap.xml",
    ]:
        assert client.get(path).status_code == 200, path


def test_one_address_pages_follow_the_remembered_choice_and_prefixed_ones_their_address(
    client, site_with_home
):
    # Sign in has one address in every language: the switcher's remembered choice decides.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    sign_in = client.get("/accounts/login/").content.decode()
    assert '<html lang="pl" dir="ltr">' in sign_in
    # Its switcher keeps the visitor on the same address and remembers the new choice.
    assert 'href="/language/ar/?next=/accounts/login/"' in sign_in
    # A page whose address carries the language follows the address, whatever the cookie.
    assert '<html lang="en-GB"' in client.get("/no-such-page/").content.decode()
    # An unknown or staff choice changes nothing.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="en-GB" dir="ltr">' in client.get("/accounts/login/").content.decode()
