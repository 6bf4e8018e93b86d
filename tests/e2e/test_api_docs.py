"""The API documentation page works in a real browser under the site's strict CSP, offline."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_documentation_renders_without_csp_violations_or_any_outside_request(
    page, live_server, site_with_home
):
    errors, outside = [], []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else outside.append(request.url)
        ),
    )
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    # Swagger UI marks each operation's path with data-path.
    expect(page.locator('[data-path="/api/v1/consultations/{id}/results/"]')).to_be_visible()
    expect(page.locator('[data-path="/api/v1/staff/consultations/"]')).to_be_visible()
    assert errors == []  # a CSP violation is reported as a console error
    assert outside == []  # Swagger UI's files are ours (drf-spectacular-sidecar), no CDN
