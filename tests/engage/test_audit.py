"""The audit log: recording events, mirroring to Wagtail's history, superuser-only listing."""

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

from engage import audit
from engage.models import AuditEvent


@pytest.mark.django_db
def test_audit_record_stores_who_what_and_which_object(make_user, site_with_home):
    officer = make_user("officer@example.org")
    page = site_with_home.root_page.specific
    event = audit.audit_record(
        user=officer, action=audit.EXPORT_PERSONAL_DATA, obj=page, details={"format": "csv"}
    )
    event.refresh_from_db()
    assert event.user == officer
    assert event.actor == "officer@example.org"
    assert event.action == "personal_data.export"
    assert event.object_type == "home.homepage"
    assert event.object_id == str(page.pk)
    assert event.details == {"format": "csv"}


@pytest.mark.django_db
def test_audit_record_mirrors_known_actions_into_the_objects_wagtail_history(
    make_user, site_with_home
):
    officer = make_user("officer@example.org")
    page = site_with_home.root_page
    audit.audit_record(user=officer, action=audit.VIEW_PERSONAL_DATA, obj=page)
    entry = PageLogEntry.objects.get(page=page, action="engage.personal_data.view")
    assert entry.user == officer


@pytest.mark.django_db
def test_audit_record_works_without_a_user_or_object(django_user_model):
    event = audit.audit_record(user=None, action=audit.RETENTION_APPLIED, details={"n": 3})
    assert event.actor == ""
    assert event.user is None
    assert event.object_type == ""
    assert not ModelLogEntry.objects.exists()


@pytest.mark.django_db
def test_audit_record_keeps_the_actor_after_the_account_is_deleted(make_user):
    officer = make_user("gone@example.org")
    event = audit.audit_record(user=officer, action=audit.VIEW_PERSONAL_DATA, obj=officer)
    officer.delete()
    event.refresh_from_db()
    assert event.user is None
    assert event.actor == "gone@example.org"


@pytest.mark.django_db
def test_audit_log_listing_is_for_superusers_only(client, make_user):
    audit.audit_record(user=None, action="retention.applied", details={"responses": 2})
    editor = make_user("editor@example.org", group="Consultation editors")
    client.force_login(editor)
    assert client.get("/admin/audit-log/").status_code in (302, 403)
    admin = make_user("admin@example.org", superuser=True)
    client.force_login(admin)
    response = client.get("/admin/audit-log/")
    assert response.status_code == 200
    assert b"retention.applied" in response.content


@pytest.mark.django_db
def test_audit_log_cannot_be_edited_or_deleted_even_by_superusers(client, make_user):
    event = audit.audit_record(user=None, action="retention.applied")
    client.force_login(make_user("admin@example.org", superuser=True))
    assert client.get("/admin/audit-log/new/").status_code in (302, 403)
    assert client.get(f"/admin/audit-log/edit/{event.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/audit-log/delete/{event.pk}/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert client.get(f"/admin/audit-log/inspect/{event.pk}/").status_code == 200


@pytest.mark.django_db
def test_viewing_and_exporting_workshop_registrations_is_audited(client, make_user, site_with_home):
    from tests.consultations import builders

    events = builders.event_index_create(site_with_home.root_page)
    event = builders.event_create(events, title="Drop-in workshop", capacity=5)
    editor = make_user("editor@example.org", group="Consultation editors")
    client.force_login(editor)
    assert client.get(f"/admin/workshop-registrations/{event.pk}/").status_code == 200
    assert client.get(f"/admin/workshop-registrations/{event.pk}/export.csv").status_code == 200
    actions = list(
        AuditEvent.objects.filter(user=editor, object_id=str(event.pk))
        .order_by("occurred_at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["personal_data.view", "personal_data.export"]
