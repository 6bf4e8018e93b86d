"""Facilitators' admin views: who sees which registrations, attendance, and the CSV export."""

import csv
import io

import pytest

from consultations import services
from consultations.models import Registration
from engage import roles
from tests.consultations.builders import registration_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_with_people(make_event):
    event = make_event(capacity=1)
    services.registration_create(
        event=event,
        **registration_fields(
            name='=HYPERLINK("http://evil.example")',
            email="a@example.org",
            access_needs=["bsl", "other"],
            access_other="Support worker comes too",
        ),
    )
    services.registration_create(event=event, **registration_fields(email="b@example.org"))
    return event


def login(client, make_user, email, group=None, superuser=False):
    user = make_user(email, group=group, superuser=superuser)
    client.force_login(user)
    return user


def test_facilitator_sees_registrations_with_access_needs_for_their_event(
    client, make_user, event_with_people
):
    user = login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    event_with_people.facilitators.add(user)
    event_with_people.save()  # parental many-to-many changes are written on save
    response = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "British Sign Language interpreter" in html
    assert "Something else: Support worker comes too" in html
    assert "On the waiting list" in html


def test_facilitator_cannot_see_someone_elses_event(client, make_user, event_with_people):
    login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    assert client.get("/admin/workshop-registrations/").context["events"].count() == 0
    response = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/")
    assert response.status_code == 404
    export = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/export.csv")
    assert export.status_code == 404


def test_editor_sees_every_event(client, make_user, event_with_people):
    login(client, make_user, "e@example.org", group=roles.CONSULTATION_EDITORS)
    response = client.get("/admin/workshop-registrations/")
    assert list(response.context["events"]) == [event_with_people]


def test_staff_without_the_role_are_refused(client, make_user, event_with_people):
    login(client, make_user, "a@example.org", group=roles.ANALYSTS)
    # Wagtail's admin turns a permission denial into a redirect to its dashboard.
    for url in [
        "/admin/workshop-registrations/",
        f"/admin/workshop-registrations/{event_with_people.pk}/export.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_facilitator_marks_attendance_for_confirmed_people(client, make_user, event_with_people):
    user = login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    event_with_people.facilitators.add(user)
    event_with_people.save()  # parental many-to-many changes are written on save
    confirmed = Registration.objects.get(status="confirmed")
    waiting = Registration.objects.get(status="waitlisted")
    response = client.post(
        f"/admin/workshop-registrations/{event_with_people.pk}/",
        {f"attended-{confirmed.pk}": "yes", f"attended-{waiting.pk}": "yes"},
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.attended is True
    assert waiting.attended is None
    client.post(
        f"/admin/workshop-registrations/{event_with_people.pk}/",
        {f"attended-{confirmed.pk}": "no"},
    )
    confirmed.refresh_from_db()
    assert confirmed.attended is False


def test_csv_export_lists_everyone_and_neutralises_formulas(client, make_user, event_with_people):
    login(client, make_user, "e@example.org", group=roles.CONSULTATION_EDITORS)
    response = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
    assert "British Sign Language interpreter" in rows[1][5]
    assert rows[2][3] == "On the waiting list"
    assert rows[2][4] == "1"


def test_role_groups_have_the_permissions_they_need(db):
    from django.contrib.auth.models import Group

    from consultations.permissions import grant_role_permissions

    grant_role_permissions()
    facilitators = Group.objects.get(name=roles.FACILITATORS)
    editors = Group.objects.get(name=roles.CONSULTATION_EDITORS)
    assert {"view_registration", "change_registration"} <= set(
        facilitators.permissions.values_list("codename", flat=True)
    )
    assert "view_all_registrations" not in set(
        facilitators.permissions.values_list("codename", flat=True)
    )
    assert {"add_borough", "change_topic", "view_all_registrations"} <= set(
        editors.permissions.values_list("codename", flat=True)
    )
    assert editors.collection_permissions.filter(permission__codename="add_document").exists()


def test_snippets_are_registered_in_the_admin(client, make_user, db):
    login(client, make_user, "admin@example.org", superuser=True)
    for model in [
        "borough",
        "locality",
        "primarycarenetwork",
        "ward",
        "organisation",
        "contactofficer",
        "topic",
    ]:
        response = client.get(f"/admin/snippets/consultations/{model}/")
        assert response.status_code == 200, model


def test_edit_page_links_to_the_events_registrations(client, make_user, event_with_people):
    login(client, make_user, "admin@example.org", superuser=True)
    html = client.get(f"/admin/pages/{event_with_people.pk}/edit/").content.decode()
    assert f"/admin/workshop-registrations/{event_with_people.pk}/" in html


def test_event_registrations_page_has_the_event_title_as_its_h1(
    client, make_user, event_with_people
):
    user = login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    event_with_people.facilitators.add(user)
    event_with_people.save()
    response = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/")
    html = response.content.decode()
    h1 = html[html.index("<h1") : html.index("</h1>")]
    assert f"Registrations: {event_with_people.title}" in h1
