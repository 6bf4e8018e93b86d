"""The OpenAPI schema validates, and every endpoint in it answers."""

import pytest
from django.core.management import call_command

from api import services
from engage import roles
from feedback.models import ConsultationAssignment
from feedback.roles import ensure_feedback_permissions

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert (
        "/api/v1/consultations/{id}/results/" in text
        or "/api/v1/consultations/{pk}/results/" in text
    )
    assert "/admin/api/" not in text  # Wagtail's own admin API is not ours to publish


def test_every_endpoint_in_the_schema_answers(client, published, event_index, make_user):
    from tests import factories

    event = factories.WorkshopEventPageFactory(parent=event_index, consultation=published)
    ensure_feedback_permissions()
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=published, user=analyst)
    _token, raw = services.token_create(user=analyst, name="Schema test")
    schema = client.get("/api/v1/schema/?format=json").json()
    fetched = []
    for path, operations in schema["paths"].items():
        assert set(operations) <= {"get", "parameters"}, path  # read-only everywhere
        pk = event.pk if path.startswith("/api/v1/events/") else published.pk
        url = (
            path.replace("{id}", str(pk))
            .replace("{pk}", str(pk))
            .replace("{kind}", "responses")
            .replace("{fmt}", "csv")
        )
        headers = {}
        if operations["get"].get("security") and "PersonalToken" in str(
            operations["get"]["security"]
        ):
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:300])
        fetched.append(path)
    assert len(fetched) >= 10


def test_documentation_page_uses_local_assets_only(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
