"""The feedback admin pages officers use pass axe (WCAG 2.2 AA): responses, a response, exports."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engage import roles
from feedback.models import Answer, Question, Response, SafeguardingAlert
from feedback.roles import ensure_feedback_permissions
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.conftest import make_consultation, make_questionnaire

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def responses(site_with_home):
    ensure_feedback_permissions()  # a transactional test starts with the groups emptied
    consultation = make_consultation(site_with_home.root_page, title="Community mental health")
    make_questionnaire(consultation)
    questions = {
        question.kind: question
        for question in Question.objects.filter(section__questionnaire__consultation=consultation)
    }
    made = []
    for number, (name, text) in enumerate(
        [("Jo Example", "Waiting times are too long."), ("", "More evening appointments.")]
    ):
        response = Response.objects.create(
            consultation=consultation,
            status=Response.Status.SUBMITTED,
            submitted_at=timezone.now(),
            respondent_name=name,
            respondent_email="jo@example.org" if name else "",
            is_anonymous=not name,
            capacity=Response.Capacity.RESIDENT,
            consent_to_quote=bool(number),
        )
        Answer.objects.create(
            response=response, question=questions[Question.Kind.AGREEMENT], text="Agree"
        )
        Answer.objects.create(
            response=response, question=questions[Question.Kind.LONG_TEXT], text=text
        )
        made.append(response)
    alert = SafeguardingAlert.objects.create(response=made[0], categories=["harm"])
    return {"consultation": consultation, "responses": made, "alert": alert}


def test_feedback_admin_pages_pass_axe(page, responses, make_user):
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    sign_in(page, "editor@example.org", "a-long-password-1")
    consultation = responses["consultation"]

    # The response list, with its filters.
    page.goto("/admin/responses/")
    expect(page.get_by_role("heading", name="Responses").first).to_be_visible()
    expect(page.get_by_text(responses["responses"][0].reference)).to_be_visible()
    assert_no_axe_violations(page)

    # One response, with the respondent's details and answers.
    page.goto(f"/admin/responses/inspect/{responses['responses'][0].pk}/")
    expect(page.get_by_text("Waiting times are too long.")).to_be_visible()
    assert_no_axe_violations(page)

    # The exports: the consultations overview and a summary, each with CSV and XLSX links.
    page.goto("/admin/feedback/")
    expect(page.get_by_role("link", name="Export CSV").first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/admin/feedback/{consultation.pk}/summary/")
    expect(page.get_by_role("link", name="Export XLSX")).to_be_visible()
    assert_no_axe_violations(page)


def test_safeguarding_pages_pass_axe(page, responses, make_user):
    make_user("lead@example.org", group=roles.SAFEGUARDING_LEADS, password="a-long-password-1")
    sign_in(page, "lead@example.org", "a-long-password-1")

    page.goto("/admin/feedback/safeguarding/")
    expect(page.get_by_text(responses["responses"][0].reference).first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/admin/feedback/safeguarding/{responses['alert'].pk}/")
    expect(page.get_by_label("Action taken")).to_be_visible()
    assert_no_axe_violations(page)


def test_questionnaire_translations_page_passes_axe_with_a_refused_upload(
    page, responses, make_user, tmp_path
):
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    sign_in(page, "editor@example.org", "a-long-password-1")
    questionnaire = responses["consultation"].questionnaire

    page.goto(f"/admin/questionnaires/{questionnaire.pk}/translations/")
    expect(page.get_by_role("link", name="Download the PO file for Polski")).to_be_visible()
    assert_no_axe_violations(page)

    broken = tmp_path / "pl.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Language: pl\\n"\n', encoding="utf-8")
    page.get_by_label("Language").select_option("pl")
    page.get_by_label("PO file").set_input_files(str(broken))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("does not say which questionnaire")).to_be_visible()
    assert_no_axe_violations(page)
