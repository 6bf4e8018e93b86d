"""Error pages under DEBUG=False are the site's own, branded, with a way back home."""

import pytest
from django.test import Client

from home.models import BrandingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def branded(site_with_home):
    branding = BrandingSettings.for_site(site_with_home)
    branding.organisation_name = "Riverside Partnership"
    branding.save()
    return site_with_home


def _assert_branded_with_way_back(response, heading):
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "| Riverside Partnership</title>" in html
    assert 'class="site-header__name">Riverside Partnership<' in html
    assert '<a href="/">Go to the home page</a>' in html


def test_unknown_address_gives_the_branded_not_found_page(client, branded):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    _assert_branded_with_way_back(response, "Page not found")
    assert "check it is correct" in response.content.decode()


@pytest.mark.urls("tests.engage.error_urls")
def test_permission_denied_gives_the_branded_forbidden_page(client, branded):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    _assert_branded_with_way_back(response, "You cannot see this page")
    assert "/accounts/login/?next=/test-forbidden/" in response.content.decode()


@pytest.mark.urls("tests.engage.error_urls")
def test_bad_request_gives_the_branded_bad_request_page(client, branded):
    response = client.get("/test-bad-request/")
    assert response.status_code == 400
    _assert_branded_with_way_back(response, "Sorry, we could not understand that request")


def test_form_sent_without_its_csrf_token_gives_the_branded_timed_out_page(branded):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    _assert_branded_with_way_back(response, "Your form has timed out")
    assert "Nothing you sent has been saved" in response.content.decode()
