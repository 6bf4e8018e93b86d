"""When the database cannot be reached people get a clear 503 "try again" page, not a 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_error_in_a_view_gives_a_503_try_again_page(client, site_with_home, error):
    with mock.patch(
        "wagtail.models.Site.find_for_request", side_effect=error("connection refused")
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "<h1>Sorry, the service is unavailable</h1>" in body
    assert "has not been saved" in body
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_database_error_outside_a_view_is_caught_by_the_error_handler(client, site_with_home):
    client.raise_request_exception = False
    with mock.patch(
        "engage.middleware.StaffMFARequiredMiddleware.__call__",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_plain_500_page(client, site_with_home):
    client.raise_request_exception = False
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=ValueError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "problem with the service" in response.content.decode()
