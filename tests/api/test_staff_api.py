"""The staff export API: personal tokens, their scope, revocation, audit and streamed exports."""

import csv
import io
import json
import re

import pytest

from api import services
from api.models import ExportToken
from engage import audit, roles, tokens
from engage.models import AuditEvent
from feedback.models import Answer, ConsultationAssignment
from feedback.roles import ensure_feedback_permissions
from tests import factories
from tests.api.conftest import make_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user, published, index):
    """An analyst assigned to `published` only, and another consultation with responses."""
    ensure_feedback_permissions()
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=published, user=analyst)
    other = factories.ConsultationPageFactory(parent=index, title="Not assigned")
    make_results(other, agree=6, disagree=0, theme_sizes=(5,))
    token, raw = services.token_create(user=analyst, name="Analysis server")
    return {"analyst": analyst, "other": other, "token": token, "raw": raw}


def _get(client, url, raw):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _export(page, kind="responses", fmt="csv"):
    return f"/api/v1/staff/consultations/{page.pk}/{kind}.{fmt}"


def test_token_lists_and_exports_only_the_consultations_its_owner_may_see(client, staff, published):
    listing = _get(client, "/api/v1/staff/consultations/", staff["raw"])
    assert [item["id"] for item in listing.json()] == [published.pk]
    refused = _get(client, _export(staff["other"]), staff["raw"])
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert _get(client, _export(published), staff["raw"]).status_code == 200


def test_scope_is_asked_on_every_use_so_a_removed_assignment_takes_effect_at_once(
    client, staff, published
):
    assert _get(client, _export(published), staff["raw"]).status_code == 200
    ConsultationAssignment.objects.filter(user=staff["analyst"]).delete()
    assert _get(client, _export(published), staff["raw"]).status_code == 404
    assert _get(client, "/api/v1/staff/consultations/", staff["raw"]).json() == []


def test_revoked_invalid_missing_and_malformed_tokens_are_refused_with_401(
    client, staff, published
):
    url = _export(published)
    services.token_revoke(token=staff["token"], user=staff["analyst"])
    for header in (
        f"Bearer {staff['raw']}",
        "Bearer engage_not-a-real-token",
        f"Token {staff['raw']}",
        "Bearer ",
    ):
        response = client.get(url, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["code"] == "authentication_failed"
        assert response["WWW-Authenticate"] == "Bearer"
    assert client.get(url).json()["code"] == "not_authenticated"
    refused = AuditEvent.objects.filter(action=services.TOKEN_REFUSED)
    assert refused.count() == 1
    assert refused.get().user == staff["analyst"]


def test_a_signed_in_session_is_not_enough_without_a_token(client, staff, published):
    client.force_login(staff["analyst"])
    assert client.get(_export(published)).status_code == 401


def test_a_deactivated_owner_s_token_stops_working(client, staff, published):
    staff["analyst"].is_active = False
    staff["analyst"].save()
    assert _get(client, _export(published), staff["raw"]).status_code == 401


def test_only_the_hash_of_a_token_is_stored(staff):
    stored = ExportToken.objects.get()
    assert stored.token_hash == tokens.token_hash(staff["raw"])
    assert staff["raw"] not in json.dumps(list(ExportToken.objects.values()), default=str)


def test_every_token_use_is_in_the_audit_log_and_exports_as_personal_data_exports(
    client, staff, published
):
    _get(client, "/api/v1/staff/consultations/", staff["raw"])
    _get(client, _export(published, "theme-tags", "json"), staff["raw"])
    _get(client, _export(staff["other"]), staff["raw"])  # refused: out of scope
    uses = AuditEvent.objects.filter(action=services.TOKEN_USE).order_by("pk")
    assert [event.details["path"] for event in uses] == [
        "/api/v1/staff/consultations/",
        _export(published, "theme-tags", "json"),
        _export(staff["other"]),
    ]
    assert all(event.user == staff["analyst"] for event in uses)
    assert [event.details["allowed"] for event in uses[1:]] == [True, False]
    export = AuditEvent.objects.get(action=audit.EXPORT_PERSONAL_DATA)
    assert export.consultation_id == published.pk
    assert export.details["what"] == "theme-tags"
    assert export.details["token"] == staff["token"].prefix
    assert ExportToken.objects.get().last_used_at is not None


def test_responses_stream_as_csv_without_names_or_emails(client, staff, published):
    response = _get(client, _export(published), staff["raw"])
    assert response.streaming
    assert response["Cache-Control"] == "no-store"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    submitted = Answer.objects.filter(
        response__consultation=published, response__status="submitted"
    )
    assert len(rows) == submitted.count() == 30
    assert {row["text"] for row in rows if row["text"]} == {
        f"Private words number {number}" for number in range(15)
    }
    assert "Secret Person" not in text
    assert "@example.org" not in text


def test_responses_and_theme_tags_stream_as_json(client, staff, published):
    body = json.loads(
        b"".join(_get(client, _export(published, fmt="json"), staff["raw"]).streaming_content)
    )
    assert body["consultation"] == published.pk
    assert len(body["rows"]) == 30
    tags = json.loads(
        b"".join(
            _get(client, _export(published, "theme-tags", "json"), staff["raw"]).streaming_content
        )
    )
    assert sorted(row["theme_name"] for row in tags["rows"]) == ["Theme 0"] * 8 + ["Theme 1"] * 2


def test_the_stream_is_written_in_pages_of_rows(client, staff, published, monkeypatch):
    from api import staff as staff_api

    monkeypatch.setattr(staff_api, "ROWS_PER_CHUNK", 7)
    response = _get(client, _export(published), staff["raw"])
    chunks = list(response.streaming_content)
    assert len(chunks) == 5  # 30 rows: four pages of 7, then the last 2 (with the header)
    assert b"".join(chunks).decode().count("\n") == 31


def test_unknown_export_kind_or_format_is_404(client, staff, published):
    assert _get(client, _export(published, "emails"), staff["raw"]).status_code == 404
    assert _get(client, _export(published, fmt="xlsx"), staff["raw"]).status_code == 404


# --- the admin page where staff make and revoke their tokens -----------------------------------


def test_staff_make_a_token_in_the_admin_and_see_it_once(client, staff):
    client.force_login(staff["analyst"])
    page = client.post("/admin/api-tokens/", {"name": "Monthly export"})
    assert page.status_code == 200
    raw = re.search(r"<code data-api-token>([^<]+)</code>", page.content.decode()).group(1)
    made = ExportToken.objects.get(name="Monthly export")
    assert made.token_hash == tokens.token_hash(raw)
    assert "no-store" in page["Cache-Control"]
    again = client.get("/admin/api-tokens/").content.decode()
    assert raw not in again
    assert made.prefix in again


def test_staff_revoke_their_own_token_but_not_someone_else_s(client, staff, make_user):
    editor = make_user("editor@example.org", group=roles.CONSULTATION_EDITORS)
    theirs, _raw = services.token_create(user=editor, name="Editor's")
    client.force_login(staff["analyst"])
    assert client.post(f"/admin/api-tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    response = client.post(f"/admin/api-tokens/{staff['token'].pk}/revoke/")
    assert response.status_code == 302
    staff["token"].refresh_from_db()
    assert not staff["token"].is_active
    assert AuditEvent.objects.filter(action=services.TOKEN_REVOKE).count() == 1


def test_staff_who_may_not_export_cannot_make_tokens(client, make_user):
    facilitator = make_user("facilitator@example.org", group=roles.FACILITATORS)
    client.force_login(facilitator)
    assert client.post("/admin/api-tokens/", {"name": "Try"}).status_code in (302, 403)
    assert not ExportToken.objects.exists()
