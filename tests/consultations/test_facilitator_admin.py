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


@pytest.fixture
def todays_hybrid_event(make_event):
    """A hybrid workshop that started an hour ago, with one place, already taken."""
    from datetime import timedelta

    from django.utils import timezone

    event = make_event(capacity=1, format="hybrid")
    services.registration_create(event=event, **registration_fields(email="a@example.org"))
    now = timezone.now()
    type(event).objects.filter(pk=event.pk).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    event.refresh_from_db()
    return event


def _facilitating(client, make_user, event):
    user = login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    event.facilitators.add(user)
    event.save()  # parental many-to-many changes are written on save
    return user


def test_facilitator_records_in_person_or_online_attendance_at_a_hybrid_event(
    client, make_user, todays_hybrid_event
):
    _facilitating(client, make_user, todays_hybrid_event)
    url = f"/admin/workshop-registrations/{todays_hybrid_event.pk}/"
    registration = Registration.objects.get()
    page = client.get(url).content.decode()
    assert "Came in person" in page and "Came online" in page
    client.post(url, {f"attended-{registration.pk}": "online"})
    registration.refresh_from_db()
    assert (registration.attended, registration.attended_as) == (True, "online")
    assert 'value="online" selected' in client.get(url).content.decode()
    client.post(url, {f"attended-{registration.pk}": "no"})
    registration.refresh_from_db()
    assert (registration.attended, registration.attended_as) == (False, "")
    client.post(url, {f"attended-{registration.pk}": "in_person"})
    export = client.get(f"{url}export.csv").content.decode("utf-8-sig")
    assert "Yes: In person" in export


def test_an_in_person_event_asks_only_whether_people_came(client, make_user, event_with_people):
    _facilitating(client, make_user, event_with_people)
    page = client.get(f"/admin/workshop-registrations/{event_with_people.pk}/").content.decode()
    assert "Came in person" not in page and ">Came<" in page


def test_facilitator_adds_a_walk_in_without_an_email_beyond_capacity(
    client, make_user, todays_hybrid_event, mailoutbox
):
    _facilitating(client, make_user, todays_hybrid_event)
    event_url = f"/admin/workshop-registrations/{todays_hybrid_event.pk}/"
    assert "Add a walk-in" in client.get(event_url).content.decode()
    url = f"{event_url}walk-in/"
    for name in ("Sam Walker", "Alex Walker"):
        response = client.post(
            url,
            {
                "walk_in-name": name,
                "walk_in-email": "",
                "walk_in-capacity_type": "carer",
                "walk_in-attended_as": "in_person",
            },
        )
        assert response.status_code == 302
    walk_ins = Registration.objects.filter(is_walk_in=True).order_by("pk")
    assert [w.name for w in walk_ins] == ["Sam Walker", "Alex Walker"]
    assert all(
        (w.status, w.attended, w.attended_as, w.email) == ("confirmed", True, "in_person", "")
        for w in walk_ins
    )
    assert mailoutbox == []  # they are in the room: no confirmation email
    assert services.reminders_due().filter(is_walk_in=True).count() == 0
    page = client.get(event_url).content.decode()
    assert "Sam Walker" in page and "(walk-in)" in page


def test_a_walk_in_at_a_hybrid_event_must_say_how_they_take_part(
    client, make_user, todays_hybrid_event
):
    _facilitating(client, make_user, todays_hybrid_event)
    response = client.post(
        f"/admin/workshop-registrations/{todays_hybrid_event.pk}/walk-in/",
        {"walk_in-name": "Sam Walker", "walk_in-capacity_type": "carer"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(is_walk_in=True).exists()


def test_a_walk_in_whose_email_is_registered_is_told_to_mark_attendance(
    client, make_user, todays_hybrid_event
):
    _facilitating(client, make_user, todays_hybrid_event)
    response = client.post(
        f"/admin/workshop-registrations/{todays_hybrid_event.pk}/walk-in/",
        {
            "walk_in-name": "Jo Again",
            "walk_in-email": "A@example.org",
            "walk_in-capacity_type": "resident",
            "walk_in-attended_as": "online",
        },
    )
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_walk_ins_wait_for_the_day_of_the_event(client, make_user, event_with_people):
    _facilitating(client, make_user, event_with_people)  # a week from now
    url = f"/admin/workshop-registrations/{event_with_people.pk}/"
    assert "Add a walk-in" not in client.get(url).content.decode()
    response = client.post(
        f"{url}walk-in/", {"walk_in-name": "Early Bird", "walk_in-capacity_type": "resident"}
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(is_walk_in=True).exists()


def test_walk_ins_only_at_events_the_facilitator_facilitates(client, make_user, make_event):
    login(client, make_user, "f@example.org", group=roles.FACILITATORS)
    other = make_event()
    response = client.get(f"/admin/workshop-registrations/{other.pk}/walk-in/")
    assert response.status_code == 404
