"""The reports demo loader: skips cleanly, creates one report with one PDF, idempotent."""

import pytest

from feedback.reports import demo
from feedback.reports.models import CommitteeReport, ReportVersion
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


def test_demo_skips_without_the_mint_consultation(site_with_home):
    assert demo.load() is None
    assert not CommitteeReport.objects.exists()


def test_demo_creates_one_report_with_one_pdf_and_is_idempotent(site_with_home, monkeypatch):
    from feedback.reports import services

    class Rendered:
        content = b"%PDF-1.7 demo"
        page_count = 5

    monkeypatch.setattr(services, "render_report_pdf", lambda report, **kwargs: Rendered())
    make_consultation(slug=demo.MINT_SLUG)
    first = demo.load()
    demo.load()
    assert CommitteeReport.objects.count() == 1
    assert ReportVersion.objects.filter(report=first).count() == 1
    assert first.versions.get().status == ReportVersion.Status.SUCCEEDED
    assert [officer.name for officer in first.contact_officers.all()] == ["Casey Officer"]
