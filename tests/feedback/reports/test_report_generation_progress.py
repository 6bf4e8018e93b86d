"""Generating a version you can watch: the versions page follows it without a manual refresh."""

import pytest
from django.urls import reverse
from django.utils import timezone

from engage import roles
from feedback.models import ConsultationAssignment
from feedback.reports.models import ReportVersion
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create, version_generate
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(site_with_home):
    return report_create(consultation=make_consultation(), report_to="Cabinet")


@pytest.fixture
def analyst(client, make_user, report):
    ensure_report_permissions()
    user = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=report.consultation, user=user)
    client.force_login(user)
    return user


@pytest.fixture
def queued(report, analyst):
    return ReportVersion.objects.create(
        report=report,
        number=1,
        status=ReportVersion.Status.QUEUED,
        queued_at=timezone.now(),
        generated_by=analyst,
    )


def test_status_follows_a_version_from_queued_to_ready_with_its_download(client, report, queued):
    url = reverse("committee_reports:versions_status", args=[report.pk])
    waiting = client.get(url).json()
    assert waiting["in_progress"] is True
    assert "Version 1 is queued" in waiting["status"]
    assert "<progress" in waiting["panel"]

    ReportVersion.objects.filter(pk=queued.pk).update(status=ReportVersion.Status.RUNNING)
    assert "Version 1 is being generated" in client.get(url).json()["status"]

    version_generate(version_id=queued.pk)
    ready = client.get(url).json()
    assert ready["in_progress"] is False
    download = reverse("committee_reports:download", args=[queued.pk])
    assert "Version 1 is ready." in ready["status"]
    assert f'href="{download}"' in ready["status"]
    assert f'href="{download}"' in ready["panel"]
    assert "<progress" not in ready["panel"]


def test_page_in_progress_has_a_live_status_a_script_and_a_no_script_refresh(
    client, report, queued
):
    page = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert 'role="status" aria-live="polite"' in page
    assert "Version 1 is queued" in page
    assert "js/report-versions.js" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "data-report-versions-active" in page


def test_page_with_nothing_in_progress_does_not_refresh_itself(client, report, queued):
    version_generate(version_id=queued.pk)
    page = client.get(reverse("committee_reports:versions", args=[report.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "data-report-versions-active" not in page
    assert "Version 1 is ready." in page
