"""A task worker's warm-up loads the report renderer, so the first report is not the slow one."""

import sys

import pytest

from feedback.reports import rendering
from feedback.reports.models import ReportVersion
from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


def test_warm_up_sets_up_weasyprint_fonts_and_python_docx_for_this_thread(monkeypatch):
    monkeypatch.setattr(rendering._weasyprint, "setup", None, raising=False)
    rendering.warm_up()
    from weasyprint.text.fonts import FontConfiguration

    setup = rendering._weasyprint.setup
    assert isinstance(setup[1], FontConfiguration)
    # The report that follows reuses what the warm-up made.
    assert rendering._weasyprint_setup() is setup
    assert "docx" in sys.modules


def test_warm_up_renders_the_latest_report_without_storing_a_version(site_with_home, monkeypatch):
    report = report_create(consultation=make_consultation())
    rendered = []
    real_render = rendering.render_report_pdf

    def spy(report, **kwargs):
        rendered.append(report.pk)
        return real_render(report, **kwargs)

    monkeypatch.setattr(rendering, "render_report_pdf", spy)
    rendering.warm_up()
    assert rendered == [report.pk]
    assert not ReportVersion.objects.filter(report=report).exists()
