"""Who may change the open data licence: consultation editors and superusers, not analysts."""

import pytest

from api.models import OpenDataSettings
from api.roles import grant_role_permissions
from engage import roles

pytestmark = pytest.mark.django_db

URL = "/admin/settings/api/opendatasettings/{site}/"


@pytest.fixture
def form(site_with_home):
    grant_role_permissions()
    return URL.format(site=site_with_home.pk), {
        "licence_name": "Creative Commons Attribution 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "Contains data from the engage partnership.",
    }


def test_an_editor_changes_the_licence(client, make_user, form, site_with_home):
    url, data = form
    client.force_login(make_user("editor@example.org", group=roles.CONSULTATION_EDITORS))
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    assert OpenDataSettings.for_site(site_with_home).licence_name == data["licence_name"]


def test_an_analyst_cannot_change_the_licence(client, make_user, form, site_with_home):
    url, data = form
    client.force_login(make_user("analyst@example.org", group=roles.ANALYSTS))
    assert client.post(url, data).status_code in (302, 403)
    assert OpenDataSettings.for_site(site_with_home).licence_name != data["licence_name"]


def test_granting_twice_changes_nothing():
    first = {name: set(group.permissions.all()) for name, group in grant_role_permissions().items()}
    again = {name: set(group.permissions.all()) for name, group in grant_role_permissions().items()}
    assert first == again
    assert {p.codename for p in first[roles.CONSULTATION_EDITORS]} >= {"change_opendatasettings"}
