"""The committee report admin: who may use it, preview, generate and download."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from engage import roles
from feedback.models import ConsultationAssignment
from feedback.reports.models import CommitteeReport, ReportVersion
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import (
    agreement_question,
    make_consultation,
    make_responses,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(site_with_home):
    return report_create(consultation=make_consultation(), report_to="Cabinet")


@pytest.fixture
def analyst(client, make_user, report):
    """An analyst assigned to the report's consultation."""
    ensure_report_permissions()
    user = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=report.consultation, user=user)
    client.force_login(user)
    return user


def test_analyst_sees_reports_in_the_admin_list(client, analyst, report):
    response = client.get(reverse("committee_reports:index"))
    assert response.status_code == 200
    assert report.subject in response.content.decode()


def test_analyst_creates_a_report_and_is_recorded_as_its_author(client, analyst, site_with_home):
    consultation = make_consultation(slug="new-one")
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    data = {
        "consultation": consultation.pk,
        "council_name": "Example Borough Council",
        "report_to": "Health Scrutiny Committee",
        "meeting_date": "2026-12-10",
        "subject": "New teams",
        "report_of": "Casey Officer",
        "responsible_director": "Dana Director",
        "summary": '{"blocks": [{"key": "a", "type": "unstyled", "text": "A summary.", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "values_heading": "Our values",
        "include_how_it_ran": "on",
        "include_method": "on",
    }
    for stream in ("recommendations", "values", "background_papers", "sections"):
        data[f"{stream}-count"] = "0"
    data["other_appendices-count"] = "0"
    response = client.post(reverse("committee_reports:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = CommitteeReport.objects.get(subject="New teams")
    assert report.created_by == analyst
    assert report.included_parts() == ["how_it_ran", "method"]


def test_preview_is_the_report_as_html(client, analyst, report):
    response = client.get(reverse("committee_reports:preview", args=[report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en-GB">' in page
    assert "Appendix 1: Consultation summary" in page


def test_generate_then_download_the_pdf(client, analyst, report):
    response = client.post(reverse("committee_reports:generate", args=[report.pk]))
    assert response.status_code == 302
    version = report.versions.get()
    assert version.status == ReportVersion.Status.SUCCEEDED
    assert version.generated_by == analyst
    listing = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert "Download version 1 (PDF)" in listing
    download = client.get(reverse("committee_reports:download", args=[version.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "committee-report-mint-test-v1.pdf" in download["Content-Disposition"]


def test_generate_needs_post(client, analyst, report):
    response = client.get(reverse("committee_reports:generate", args=[report.pk]))
    assert response.status_code == 405
    assert not report.versions.exists()


@pytest.mark.parametrize("group", [None, roles.FACILITATORS])
def test_people_without_report_permissions_are_kept_out(client, make_user, report, group):
    ensure_report_permissions()
    user = make_user("someone@example.org", group=group)
    client.force_login(user)
    for name, method in [
        ("preview", client.get),
        ("versions", client.get),
        ("generate", client.post),
    ]:
        response = method(reverse(f"committee_reports:{name}", args=[report.pk]))
        assert response.status_code in (302, 403), name
    assert not report.versions.exists()


def test_each_version_has_a_word_file_with_the_same_figures(client, analyst, report):
    question = agreement_question(report.consultation)
    make_responses(report.consultation, [(7, {"capacity": "resident"})], question=question)
    assert client.post(reverse("committee_reports:generate", args=[report.pk])).status_code == 302
    version = report.versions.get()
    listing = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert "Download Word version 1 (.docx)" in listing

    download = client.get(reverse("committee_reports:download_word", args=[version.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "committee-report-mint-test-v1.docx" in download["Content-Disposition"]
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in (report.subject, "Summary", "Recommendations", "Wards Affected"):
        assert heading in headings
    assert "A1. How the consultation ran" in headings
    assert "A3. Results of the closed questions" in headings
    cells = {
        row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows
    }
    assert cells["Responses submitted"] == "7"


def test_a_version_made_before_word_files_were_kept_says_so(client, analyst, report):
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.SUCCEEDED, page_count=1
    )
    version.pdf.save("old.pdf", ContentFile(b"%PDF-1.7 old"), save=True)
    listing = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert "Download version 1 (PDF)" in listing
    assert "Generate a new version to get one." in listing
    response = client.get(reverse("committee_reports:download_word", args=[version.pk]))
    assert response.status_code == 404


def test_retrying_a_failed_version_says_what_happened(client, analyst, report):
    failed = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.FAILED, error="the font cache"
    )
    listing = client.get(reverse("committee_reports:versions", args=[report.pk]))
    assert "Try version 1 again" in listing.content.decode()

    page = client.post(reverse("committee_reports:retry", args=[failed.pk]), follow=True)

    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == ["Version 1 is ready."]
    failed.refresh_from_db()
    assert failed.status == ReportVersion.Status.SUCCEEDED
    assert "Version 1 is ready." in page.content.decode()


def test_a_stuck_queued_version_offers_a_retry_and_a_fresh_one_does_not(client, analyst, report):
    from datetime import timedelta

    from django.utils import timezone

    from feedback.reports.services import STALE_AFTER

    long_ago = timezone.now() - STALE_AFTER - timedelta(minutes=1)
    stuck = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.QUEUED, queued_at=long_ago
    )
    fresh = ReportVersion.objects.create(
        report=report, number=2, status=ReportVersion.Status.QUEUED, queued_at=timezone.now()
    )
    listing = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert "Try version 1 again" in listing
    assert "Try version 2 again" not in listing

    page = client.post(reverse("committee_reports:retry", args=[fresh.pk]), follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        "Version 2 was not tried again: it is queued. Only a failed version, or one stuck for "
        "more than 15 minutes, can be retried."
    ]
    fresh.refresh_from_db()
    assert fresh.status == ReportVersion.Status.QUEUED

    page = client.post(reverse("committee_reports:retry", args=[stuck.pk]), follow=True)
    assert [str(m) for m in page.context["messages"]] == ["Version 1 is ready."]
    stuck.refresh_from_db()
    assert stuck.status == ReportVersion.Status.SUCCEEDED
