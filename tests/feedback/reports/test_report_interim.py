"""Interim reports say so on every page; who heads the report comes from the site settings."""

import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from consultations.models import Organisation
from feedback.reports.models import ReportVersion
from feedback.reports.rendering import render_report_html, render_report_pdf
from feedback.reports.services import report_create, report_settings, version_generate
from feedback.reports.word import render_report_docx
from feedback.themes.models import Theme
from home import demo as home_demo
from tests.feedback.reports.report_factories import make_consultation, make_responses

pytestmark = pytest.mark.django_db


def pdf_pages(content):
    """The text of each page of a PDF, as pdftotext lays it out."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return [page for page in result.stdout.decode("utf-8").split("\f") if page.strip()]


def squash(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def consultation(db):
    home_demo.load_pages()
    consultation = make_consultation()
    make_responses(consultation, [(12, {"capacity": "resident", "channel": "online"})])
    return consultation


def reopen(consultation, *, days=5):
    consultation.closes_at = timezone.now() + timedelta(days=days)
    consultation.save()


def test_an_open_consultation_gives_an_interim_report_on_every_page_with_closes(consultation):
    reopen(consultation)
    report = report_create(consultation=consultation)
    content = render_report_pdf(report).content
    pages = pdf_pages(content)
    assert len(pages) >= 2
    assert all("Interim / draft" in page for page in pages)
    text = squash(" ".join(pages))
    assert "Closes " in text and "Closed " not in text
    assert "responses are still coming in" in text


def test_themes_waiting_for_review_make_a_closed_consultation_interim(consultation):
    Theme.objects.create(consultation=consultation, name="Parking", status=Theme.Status.PROPOSED)
    report = report_create(consultation=consultation)
    text = squash(render_report_html(report))
    assert "Interim / draft" in text
    assert "1 theme is still waiting for an officer" in text
    assert "Closed" in text


def test_a_closed_reviewed_consultation_gives_a_final_report(consultation):
    Theme.objects.create(consultation=consultation, name="Parking", status=Theme.Status.ACCEPTED)
    report = report_create(consultation=consultation)
    assert "Interim / draft" not in render_report_html(report)
    version = version_generate(version_id=ReportVersion.objects.create(report=report, number=1).pk)
    assert version.status == ReportVersion.Status.SUCCEEDED and not version.is_draft


def test_an_interim_version_is_recorded_as_a_draft_and_its_word_file_says_so(consultation):
    reopen(consultation)
    report = report_create(consultation=consultation)
    version = version_generate(version_id=ReportVersion.objects.create(report=report, number=1).pk)
    assert version.is_draft
    document = Document(io.BytesIO(render_report_docx(report)))
    assert document.sections[0].header.paragraphs[0].text == "Interim / draft"


def test_the_council_heads_a_trust_consultation_report_not_the_trust(consultation):
    trust = Organisation.objects.create(name="Westway NHS Trust", kind=Organisation.Kind.NHS_TRUST)
    council = Organisation.objects.get(name="Example Borough Council")
    consultation.lead_organisation = trust
    consultation.save()
    consultation.partner_organisations.add(council)
    report = report_create(consultation=consultation)
    assert report.council_name == "Example Borough Council"


def test_report_header_defaults_come_from_the_site_settings(consultation):
    settings = report_settings(consultation=consultation)
    settings.council_name = "London Borough of Exampleton"
    settings.report_to = "Health and Wellbeing Board"
    settings.report_of = "Jo Smith, Assistant Director"
    settings.save()
    report = report_create(consultation=consultation)
    assert (report.council_name, report.report_to, report.report_of) == (
        "London Borough of Exampleton",
        "Health and Wellbeing Board",
        "Jo Smith, Assistant Director",
    )
    text = squash(render_report_html(report))
    assert "London Borough of Exampleton" in text and "Health and Wellbeing Board" in text


def test_a_report_with_no_responses_is_a_clear_empty_report(db):
    home_demo.load_pages()
    consultation = make_consultation(slug="nobody-came")
    report = report_create(consultation=consultation)
    rendered = render_report_pdf(report)
    text = squash(" ".join(pdf_pages(rendered.content)))
    assert rendered.page_count >= 1
    assert "No responses have been submitted." in text
