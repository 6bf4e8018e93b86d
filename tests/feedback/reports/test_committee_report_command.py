"""`manage.py committee_report`: the same report from the command line, with clear errors."""

import pytest
from django.core.management import call_command

from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


def test_command_writes_pdf_and_html_using_the_latest_report(site_with_home, tmp_path):
    consultation = make_consultation(slug="cli-consultation")
    report_create(consultation=consultation, report_to="Cabinet", subject="Teams near you")
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    call_command("committee_report", "cli-consultation", output=str(pdf), html=str(html))
    assert pdf.read_bytes().startswith(b"%PDF-")
    page = html.read_text()
    assert "Cabinet" in page and "Teams near you" in page
    assert not list(tmp_path.glob(".*partial"))


def test_command_uses_sensible_defaults_without_a_report(site_with_home, tmp_path):
    make_consultation(slug="no-report-yet")
    html = tmp_path / "report.html"
    call_command(
        "committee_report", "no-report-yet", output=str(tmp_path / "r.pdf"), html=str(html)
    )
    page = html.read_text()
    assert "For the Committee to note and comment on the report." in page
    assert "Casey Officer" in page  # the consultation's contact officer


def test_unknown_slug_is_a_one_line_error_with_exit_code_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("committee_report", "no-such-consultation", output=str(tmp_path / "r.pdf"))
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert error.strip().count("\n") == 0
    assert "no consultation with the slug 'no-such-consultation'" in error
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("target", ["/proc/nope/report.pdf", "{tmp}"])
def test_unwritable_path_is_a_one_line_error_with_exit_code_2(
    site_with_home, tmp_path, capsys, target
):
    make_consultation(slug="cli-two")
    with pytest.raises(SystemExit) as exit_info:
        call_command("committee_report", "cli-two", output=target.format(tmp=tmp_path))
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("committee_report: error: cannot write to")
    assert error.strip().count("\n") == 0


def test_command_also_writes_a_word_version(site_with_home, tmp_path):
    from docx import Document

    consultation = make_consultation(slug="word-consultation")
    report_create(
        consultation=consultation,
        report_to="Cabinet",
        sections=[("section", {"title": "Background", "body": "<p>One.</p><p>Two.</p>"})],
    )
    target = tmp_path / "report.docx"
    call_command(
        "committee_report", "word-consultation", output=str(tmp_path / "r.pdf"), docx=str(target)
    )
    document = Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in [
        "Summary",
        "Recommendations",
        "Wards Affected",
        "Contact Officer(s)",
        "1. Background",
        "List of Appendices",
        "A1. How the consultation ran",
    ]:
        assert heading in headings
    texts = [p.text for p in document.paragraphs]
    assert "1.2\tTwo." in texts
    assert document.core_properties.language == "en-GB"
    assert document.tables  # the header block, workshops and so on as real tables
