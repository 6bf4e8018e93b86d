"""The data protection screen: only for the permission, and bad input changes nothing."""

import json

import pytest

from engage.models import AuditEvent
from feedback.models import Response
from privacy.models import DataRequest
from tests.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db
URL = "/admin/data-protection/"


def _refused(page):
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard."""
    return page.status_code == 403 or (page.status_code == 302 and page["Location"] == "/admin/")


def test_staff_without_the_permission_are_refused(client, make_user, person):
    client.force_login(make_user("analyst@example.org", group="Analysts"))
    assert _refused(client.get(URL))
    assert _refused(client.post(URL, {"email": EMAIL, "reason": "curious"}))
    assert _refused(client.post(f"{URL}erase/", {"email": EMAIL, "reason": "x", "confirm": "on"}))
    assert not DataRequest.objects.exists()
    assert Response.objects.get(pk=person["response"].pk).status == Response.Status.SUBMITTED


def test_the_address_is_never_in_a_url_and_the_search_shows_what_is_held(client, officer, person):
    client.force_login(officer)
    assert client.get(URL, {"email": EMAIL}).status_code == 200  # a GET never searches
    assert not DataRequest.objects.exists()
    page = client.post(URL, {"email": EMAIL, "reason": "SAR ref DP-1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert person["response"].reference in html
    assert "Equality monitoring answers are not included" in html
    assert "someone@example.org" not in html


def test_a_search_without_a_reason_is_refused_with_a_message(client, officer, person):
    client.force_login(officer)
    page = client.post(URL, {"email": EMAIL, "reason": " "})
    assert page.status_code == 400
    assert "Say why" in page.content.decode()
    assert not DataRequest.objects.exists() and not AuditEvent.objects.exists()


def test_export_downloads_a_file_that_is_never_cached(client, officer, person):
    client.force_login(officer)
    download = client.post(
        f"{URL}export/json/", {"export-email": EMAIL, "export-reason": "SAR ref DP-1"}
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in download["Cache-Control"]
    assert json.loads(download.content)["email"] == EMAIL.lower()


def test_erasure_asks_first_and_then_erases(client, officer, person):
    client.force_login(officer)
    data = {"email": EMAIL, "reason": "Erasure by letter"}
    review = client.post(f"{URL}erase/", {**data, "stage": "review"})
    assert review.status_code == 200
    assert "This cannot be undone" in review.content.decode()
    unticked = client.post(f"{URL}erase/", {**data, "stage": "confirm"})
    assert unticked.status_code == 400
    assert Response.objects.get(pk=person["response"].pk).status == Response.Status.SUBMITTED
    done = client.post(f"{URL}erase/", {**data, "stage": "confirm", "confirm": "on"}, follow=True)
    assert "Erased: 1 responses" in done.content.decode()
    again = client.post(f"{URL}erase/", {**data, "stage": "confirm", "confirm": "on"}, follow=True)
    assert "already erased" in again.content.decode()
    assert DataRequest.objects.filter(kind="erasure").count() == 1


def test_the_permission_can_be_given_to_a_group_in_wagtails_group_editor(client, make_user):
    from django.contrib.auth.models import Group

    client.force_login(make_user("admin@example.org", superuser=True))
    group = Group.objects.create(name="Information governance")
    page = client.get(f"/admin/groups/edit/{group.pk}/")
    assert page.status_code == 200
    assert "Data protection: find, export and erase a person" in page.content.decode()
