"""People without admin access who open an admin address get a page, never a redirect loop."""

import pytest

from engage import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/network/interests/", "/admin/responses/"])
def test_a_signed_in_member_sent_away_from_the_admin_sees_the_sign_in_page(client, make_user, path):
    client.force_login(make_user("member@example.org"))
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "You do not have permission to access the admin" in response.content.decode()


def test_staff_without_a_permission_are_sent_to_the_dashboard(client, make_user):
    client.force_login(make_user("facilitator@example.org", group=roles.FACILITATORS))
    response = client.get("/admin/network/claims/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/", 302)]


@pytest.mark.django_db
def test_wagtails_deliberate_error_page_is_not_found(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    client.raise_request_exception = False
    assert client.get("/admin/failwhale/").status_code == 404
