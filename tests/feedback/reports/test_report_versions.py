"""Generating PDF versions: every attempt kept, failures recorded, crashed runs re-runnable."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from feedback.reports import services
from feedback.reports.models import ReportVersion
from feedback.reports.services import report_create, version_generate, version_request
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(site_with_home, make_user):
    return report_create(consultation=make_consultation(), user=make_user("maker@example.org"))


def test_generate_stores_a_pdf_with_page_count_and_who(report, make_user):
    officer = make_user("officer@example.org")
    version = version_request(report=report, user=officer)
    assert version.status == ReportVersion.Status.SUCCEEDED
    assert version.number == 1
    assert version.generated_by == officer
    assert version.generated_at is not None
    assert version.page_count >= 2
    with version.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with version.docx.open("rb") as handle:
        assert handle.read(2) == b"PK"  # the Word version, a zip file
    assert version.docx.name.endswith(".docx")


def test_every_generation_is_kept_with_increasing_numbers(report, monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)
    first = version_request(report=report)
    second = version_request(report=report)
    assert (first.number, second.number) == (1, 2)
    assert report.versions.count() == 2
    assert first.pdf.name != second.pdf.name


def test_failure_records_the_error_and_keeps_the_previous_version(report, monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)
    good = version_request(report=report)

    def broken(*args, **kwargs):
        raise RuntimeError("the font cache is unreadable")

    monkeypatch.setattr(services, "render_report_pdf", broken)
    failed = version_request(report=report)
    assert failed.status == ReportVersion.Status.FAILED
    assert "the font cache is unreadable" in failed.error
    assert not failed.pdf
    good.refresh_from_db()
    assert good.status == ReportVersion.Status.SUCCEEDED and good.pdf
    assert report.latest_succeeded_version() == good


def test_a_version_left_running_by_a_killed_worker_has_no_file_and_can_be_rerun(
    report, monkeypatch
):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)
    # A worker took the version, then died before writing anything.
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        status=ReportVersion.Status.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
    )
    assert not version.pdf and version.page_count is None
    assert services.version_is_stale(version)
    assert services.version_retry(version=version)
    assert version.status == ReportVersion.Status.SUCCEEDED
    assert version.pdf and version.page_count == 3


def test_running_a_succeeded_version_again_changes_nothing(report, monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)
    version = version_request(report=report)
    name = version.pdf.name
    again = version_generate(version_id=version.pk)
    assert again.pdf.name == name
    assert report.versions.count() == 1


def test_a_failure_while_storing_the_file_leaves_no_file_on_the_version(report, monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)

    def full_disk(self, name, content, max_length=None):
        raise OSError("No space left on device")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage.save", full_disk)
    version = version_request(report=report)
    assert version.status == ReportVersion.Status.FAILED
    assert "No space left" in version.error
    assert not version.pdf


class _FakeRendered:
    content = b"%PDF-1.7 fake"
    page_count = 3


def _fake_render(report, *, now=None, context=None):
    return _FakeRendered()


def test_a_word_failure_fails_the_version_and_leaves_no_pdf_behind(
    report, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)

    def broken(*args, **kwargs):
        raise ValueError("the Word template is missing")

    monkeypatch.setattr(services, "render_report_docx", broken)
    version = version_request(report=report)
    assert version.status == ReportVersion.Status.FAILED
    assert "the Word template is missing" in version.error
    assert not version.pdf and not version.docx
    assert list(Path(tmp_path).rglob("committee-report-*")) == []


def test_a_version_queued_longer_than_the_staleness_limit_can_be_retried(report, monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", _fake_render)
    # Queued, then its task was lost (the worker's queue was cleared).
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.QUEUED
    )
    ReportVersion.objects.filter(pk=version.pk).update(
        queued_at=timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    )
    version.refresh_from_db()
    assert services.version_is_stale(version) and services.version_can_retry(version)

    assert services.version_retry(version=version)
    assert version.status == ReportVersion.Status.SUCCEEDED and version.pdf


def test_a_version_queued_before_queued_at_was_kept_is_stale_by_its_request_time(report):
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.QUEUED
    )
    assert version.queued_at is None
    later = version.requested_at + services.STALE_AFTER + timedelta(minutes=1)
    assert services.version_is_stale(version, now=later)
    assert not services.version_is_stale(version, now=version.requested_at)


def test_a_version_queued_within_the_staleness_limit_is_not_retried(report):
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.QUEUED, queued_at=timezone.now()
    )
    assert not services.version_is_stale(version) and not services.version_can_retry(version)
    assert not services.version_retry(version=version)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.QUEUED
