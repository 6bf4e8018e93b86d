"""The PDF applies the report's stylesheets parsed once, and the interim page box only when
the report is interim."""

import pytest
import weasyprint

from feedback.reports import rendering
from feedback.reports.rendering import render_report_html, render_report_pdf
from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import make_consultation, make_responses
from tests.feedback.reports.test_report_interim import pdf_pages, reopen

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(site_with_home):
    consultation = make_consultation()
    make_responses(consultation, [(12, {"capacity": "resident", "channel": "online"})])
    return report_create(consultation=consultation)


@pytest.fixture
def parsed(monkeypatch):
    """Counts the stylesheets WeasyPrint parses, starting from none kept."""
    monkeypatch.setattr(rendering._weasyprint, "stylesheets", {}, raising=False)
    made = []
    real = weasyprint.CSS

    def counting(*args, **kwargs):
        made.append(kwargs.get("string", "")[:40])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", counting)
    return made


def test_the_stylesheet_is_parsed_once_for_many_reports_and_still_applied(report, parsed):
    first = render_report_pdf(report)
    second = render_report_pdf(report)
    assert len(parsed) == 1
    assert first.page_count == second.page_count >= 2
    # Still styled: the running header (set from the stylesheet) heads page 2.
    assert "Example Borough Council" in pdf_pages(second.content)[1]
    # The preview keeps its own inline stylesheet.
    assert "<style>" in render_report_html(report)


def test_only_an_interim_report_gets_the_interim_page_box(report, parsed):
    final_pages = pdf_pages(render_report_pdf(report).content)
    assert not any("Interim / draft" in page for page in final_pages)
    assert len(parsed) == 1

    reopen(report.consultation)
    report.refresh_from_db()
    interim_pages = pdf_pages(render_report_pdf(report).content)
    assert all("Interim / draft" in page for page in interim_pages)
    assert len(parsed) == 2
    assert "@top-center" in render_report_html(report)
