"""An officer goes from the Wagtail admin to a downloaded committee report, PDF and Word."""

import pytest
from playwright.sync_api import expect

from engage import roles
from engage.roles import ensure_groups
from feedback.models import ConsultationAssignment
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_generates_and_downloads_the_committee_report(page, site_with_home, make_user):
    ensure_groups()
    ensure_report_permissions()
    analyst = make_user("analyst@example.org", group=roles.ANALYSTS, password="a-long-password-1")
    report = report_create(consultation=make_consultation(), report_to="Health Scrutiny Committee")
    ConsultationAssignment.objects.create(consultation=report.consultation, user=analyst)

    sign_in(page, "analyst@example.org", "a-long-password-1")

    page.goto("/admin/")
    page.get_by_role("link", name="Committee reports").first.click()
    page.get_by_role("link", name=report.subject).first.click()
    page.get_by_role("link", name="PDF and Word versions").first.click()
    expect(page.get_by_text("No version has been generated yet.")).to_be_visible()

    generate = page.get_by_role("button", name="Generate PDF and Word")
    # The button's icon is icon sized: an unstyled one covered the button's label.
    icon = generate.locator("svg").bounding_box()
    assert icon["width"] <= 24 and icon["height"] <= 24

    # The test settings run the task inline, so the click waits for the PDF to be rendered.
    generate.click(timeout=120_000)
    link = page.get_by_role("link", name="Download version 1 (PDF)")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "committee-report-mint-test-v1.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    expect(page.get_by_text("Succeeded").first).to_be_visible()
    expect(page.get_by_role("link", name="Download version 1 (PDF)")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Word version 1 (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "committee-report-mint-test-v1.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read(2) == b"PK"  # a .docx is a zip file
