"""Staff screens in the browser, with axe: an analyst walks the responses, a facilitator types,
corrects and deletes workshop notes, adds a walk-in and records hybrid attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations import services as registration_services
from consultations.models import Registration, WorkshopEventPage
from consultations.roles import grant_role_permissions
from engage import roles
from feedback.models import Answer, ConsultationAssignment, Question, Response
from feedback.roles import ensure_feedback_permissions
from tests.consultations import builders
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.conftest import make_consultation, make_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-password-1"


@pytest.fixture
def consultation(site_with_home):
    ensure_feedback_permissions()  # a transactional test starts with the groups emptied
    grant_role_permissions()
    consultation = make_consultation(site_with_home.root_page, title="Community mental health")
    make_questionnaire(consultation)
    return consultation


def test_analyst_opens_a_response_from_the_list_and_walks_to_the_next(
    page, consultation, make_user
):
    free = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    now = timezone.now()
    older, newer = [
        Response.objects.create(
            consultation=consultation,
            status=Response.Status.SUBMITTED,
            submitted_at=now - timedelta(hours=hours),
            is_anonymous=True,
        )
        for hours in (2, 1)
    ]
    for response, text in ((older, "Older answer."), (newer, "Newer answer.")):
        Answer.objects.create(response=response, question=free, text=text)
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS, password=PASSWORD)
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    sign_in(page, "analyst@example.org", PASSWORD)

    page.goto("/admin/responses/")
    page.get_by_role("link", name=newer.reference).click()
    expect(page.get_by_text("Newer answer.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Next (older): {older.reference}").click()
    expect(page.get_by_text("Older answer.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Previous (newer): {newer.reference}")).to_be_visible()


def test_facilitator_types_corrects_and_deletes_workshop_notes(page, consultation, make_user):
    facilitator = make_user("facilitator@example.org", group=roles.FACILITATORS, password=PASSWORD)
    now = timezone.now()
    event = WorkshopEventPage(
        title="Acton workshop",
        slug="acton",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        consultation=consultation,
    )
    consultation.add_child(instance=event)
    event.facilitators.add(facilitator)
    event.save()
    sign_in(page, "facilitator@example.org", PASSWORD)

    page.goto(f"/admin/feedback/{consultation.pk}/workshop-notes/")
    page.get_by_label("Workshop").select_option(label="Acton workshop")
    page.get_by_label("Table or discussion topic").fill("Table 1")
    page.get_by_label("Question the notes answer").select_option(label="What else should we know?")
    page.locator("textarea[name=notes]").fill("- Buses are late")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes for Table 1 saved")).to_be_visible()
    # Ready for the next table: same workshop and question, empty notes.
    expect(page.get_by_label("Workshop")).to_have_value(str(event.pk))
    expect(page.locator("textarea[name=notes]")).to_have_value("")
    expect(page.get_by_role("cell", name="- Buses are late")).to_be_visible()
    assert_no_axe_violations(page)

    reference = Response.objects.get().reference
    page.get_by_role("link", name=f"Correct notes {reference}").click()
    expect(page.locator("textarea[name=notes]")).to_have_value("- Buses are late")
    assert_no_axe_violations(page)
    page.locator("textarea[name=notes]").fill("- Buses are late and full")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("cell", name="- Buses are late and full")).to_be_visible()

    page.get_by_role("link", name=f"Delete notes {reference}").click()
    expect(page.get_by_role("button", name="Yes, delete these notes")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, delete these notes").click()
    expect(page.get_by_text("No notes yet.")).to_be_visible()
    assert not Response.objects.exists()


def test_facilitator_adds_a_walk_in_and_records_hybrid_attendance(page, site_with_home, make_user):
    grant_role_permissions()
    event = builders.event_create(
        builders.event_index_create(site_with_home.root_page), capacity=1, format="hybrid"
    )
    registration_services.registration_create(
        event=event, **builders.registration_fields(name="Jo Example", email="jo@example.org")
    )
    facilitator = make_user("facilitator@example.org", group=roles.FACILITATORS, password=PASSWORD)
    event.facilitators.add(facilitator)
    event.save()
    # It started an hour ago (registration takes no places once an event has started).
    now = timezone.now()
    WorkshopEventPage.objects.filter(pk=event.pk).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    sign_in(page, "facilitator@example.org", PASSWORD)

    page.goto(f"/admin/workshop-registrations/{event.pk}/")
    assert_no_axe_violations(page)
    page.get_by_label("Did Jo Example come?").select_option(label="Came online")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()

    page.get_by_role("link", name="Add a walk-in").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add walk-in").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("Sam Walker")
    page.get_by_label("Taking part as").select_option(label="Carer")
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Add walk-in").click()
    expect(page.get_by_text("Sam Walker added as a walk-in.")).to_be_visible()
    expect(page.get_by_role("cell", name="Sam Walker", exact=True)).to_be_visible()

    jo = Registration.objects.get(name="Jo Example")
    assert (jo.attended, jo.attended_as) == (True, "online")
    walk_in = Registration.objects.get(name="Sam Walker")
    assert (walk_in.is_walk_in, walk_in.attended_as, walk_in.email) == (True, "in_person", "")
