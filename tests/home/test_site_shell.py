"""The public site shell: home page, branding, navigation and the demo loader."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import BrandingSettings, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_has_language_skip_link_and_footer_links(client, site_with_home):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" dir="ltr">' in html
    assert 'href="#main-content"' in html
    assert "Accessibility statement" in html
    assert "Privacy notice" in html


def test_home_page_shows_empty_states_when_nothing_is_open(client, site_with_home):
    html = client.get("/").content.decode()
    assert "Nothing is open for comment at the moment" in html
    assert "No workshops are planned at the moment" in html


def test_brand_colour_from_site_settings_is_served_as_css(client, site_with_home):
    branding = BrandingSettings.for_site(site_with_home)
    branding.primary_colour = "#330072"
    branding.save()
    response = client.get("/brand.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #330072" in response.content.decode()


def test_brand_colour_rejects_anything_but_a_hex_colour(site_with_home):
    from django.core.exceptions import ValidationError

    branding = BrandingSettings.for_site(site_with_home)
    branding.primary_colour = "red;} body{display:none"
    with pytest.raises(ValidationError):
        branding.full_clean()


def test_organisation_name_from_settings_appears_in_header_and_title(client, site_with_home):
    branding = BrandingSettings.for_site(site_with_home)
    branding.organisation_name = "Riverside Partnership"
    branding.save()
    html = client.get("/").content.decode()
    assert "| Riverside Partnership</title>" in html
    assert 'class="site-header__name">Riverside Partnership<' in html


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo")
    counts = (Page.objects.count(), User.objects.count(), Site.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), User.objects.count(), Site.objects.count()) == counts
    # One home page per language (the demo translates it), the English one at the site's root.
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "ar",
        "en",
        "pa",
        "pl",
    ]
    assert Site.objects.get().root_page.locale.language_code == "en"
    assert StandardPage.objects.filter(slug__in=["accessibility", "privacy"]).count() == 2


def test_public_pages_send_a_strict_content_security_policy(client, site_with_home):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_demo_accessibility_statement_has_status_dates_and_how_to_report_a_problem(client, db):
    from home import demo

    demo.load_pages()
    html = client.get("/accessibility/").content.decode()
    assert "Compliance status" in html
    assert "partially compliant with the Web Content Accessibility Guidelines" in html
    assert "This statement was prepared on 2 March 2026." in html
    assert "It was last reviewed on 6 December 2026." in html
    assert "Reporting accessibility problems with this website" in html
    assert "Enforcement procedure" in html
