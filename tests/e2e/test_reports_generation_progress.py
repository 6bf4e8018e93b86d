"""An officer watches a report version being generated; the download appears without a refresh."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engage import roles
from engage.roles import ensure_groups
from feedback.models import ConsultationAssignment
from feedback.reports.models import ReportVersion
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create, version_generate
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_download_appears_when_the_worker_finishes_without_a_refresh(
    page, site_with_home, make_user
):
    ensure_groups()
    ensure_report_permissions()
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS, password="a-long-password-1")
    report = report_create(consultation=make_consultation(), report_to="Health Scrutiny Committee")
    ConsultationAssignment.objects.create(consultation=report.consultation, user=analyst)
    # A version the worker has not started yet (the test settings run tasks inline).
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.QUEUED, queued_at=timezone.now()
    )

    sign_in(page, "analyst@example.org", "a-long-password-1")
    page.goto(f"/admin/committee-reports/{report.pk}/versions/")
    status = page.get_by_role("status").filter(has_text="Version 1")
    expect(status).to_contain_text("Version 1 is queued")
    expect(page.locator("progress")).to_be_visible()
    assert_no_axe_violations(page)
    page.evaluate("window.notReloaded = true")

    version_generate(version_id=version.pk)  # what the worker does

    expect(status).to_contain_text("Version 1 is ready.", timeout=20_000)
    expect(page.locator("progress")).to_have_count(0)
    link = status.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "committee-report-mint-test-v1.pdf"
    assert_no_axe_violations(page)
