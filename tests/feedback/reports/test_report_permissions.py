"""Analysts reach only the reports of consultations they are assigned to; editors reach all."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from engage import roles
from feedback.models import ConsultationAssignment
from feedback.reports.models import CommitteeReport, ReportVersion
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db


def _version(report):
    """A generated version with a (tiny) stored PDF, without running WeasyPrint."""
    version = ReportVersion.objects.create(
        report=report, number=1, status=ReportVersion.Status.SUCCEEDED, page_count=1
    )
    version.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return version


@pytest.fixture
def reports(site_with_home):
    """A report on a consultation the analyst is assigned to, and one on another."""
    mine = report_create(
        consultation=make_consultation(slug="assigned-one", title="Assigned consultation"),
        subject="Report the analyst may see",
    )
    theirs = report_create(
        consultation=make_consultation(slug="other-one", title="Somebody else's consultation"),
        subject="Report on another consultation",
    )
    return {"mine": mine, "theirs": theirs, "mine_v": _version(mine), "theirs_v": _version(theirs)}


@pytest.fixture
def analyst(client, make_user, reports):
    ensure_report_permissions()
    user = make_user("analyst@example.org", group=roles.ANALYSTS)
    ConsultationAssignment.objects.create(consultation=reports["mine"].consultation, user=user)
    client.force_login(user)
    return user


def _form_data(consultation, subject):
    data = {
        "consultation": consultation.pk,
        "council_name": "Example Borough Council",
        "report_to": "Health Scrutiny Committee",
        "meeting_date": "2026-12-10",
        "subject": subject,
        "report_of": "Casey Officer",
        "responsible_director": "Dana Director",
        "summary": '{"blocks": [{"key": "a", "type": "unstyled", "text": "A summary.", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "values_heading": "Our values",
        "include_how_it_ran": "on",
    }
    for stream in ("recommendations", "values", "background_papers", "sections"):
        data[f"{stream}-count"] = "0"
    data["other_appendices-count"] = "0"
    return data


# (url name, argument: "report" or "version", method)
REPORT_URLS = [
    ("edit", "report", "get"),
    ("delete", "report", "get"),
    ("delete", "report", "post"),
    ("history", "report", "get"),
    ("usage", "report", "get"),
    ("preview", "report", "get"),
    ("versions", "report", "get"),
    ("generate", "report", "post"),
    ("download", "version", "get"),
    ("retry", "version", "post"),
]


def _url(name, kind, reports, whose):
    target = reports[f"{whose}_v"] if kind == "version" else reports[whose]
    return reverse(f"committee_reports:{name}", args=[target.pk])


@pytest.mark.parametrize(("name", "kind", "method"), REPORT_URLS)
def test_analyst_is_refused_every_view_of_a_report_on_an_unassigned_consultation(
    client, analyst, reports, name, kind, method
):
    response = getattr(client, method)(_url(name, kind, reports, "theirs"))
    assert response.status_code in (403, 404)
    assert CommitteeReport.objects.filter(pk=reports["theirs"].pk).exists()
    assert reports["theirs"].versions.count() == 1


@pytest.mark.parametrize(
    ("name", "kind"), [("edit", "report"), ("preview", "report"), ("versions", "report")]
)
def test_analyst_reaches_the_report_on_an_assigned_consultation(
    client, analyst, reports, name, kind
):
    assert client.get(_url(name, kind, reports, "mine")).status_code == 200


def test_analyst_downloads_a_version_of_an_assigned_report(client, analyst, reports):
    response = client.get(_url("download", "version", reports, "mine"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_list_and_filter_show_only_assigned_consultations(client, analyst, reports):
    page = client.get(reverse("committee_reports:index")).content.decode()
    assert "Report the analyst may see" in page
    assert "Report on another consultation" not in page
    assert "Somebody else&#x27;s consultation" not in page
    assert "Somebody else's consultation" not in page


def test_create_form_offers_only_assigned_consultations(client, analyst, reports):
    page = client.get(reverse("committee_reports:add")).content.decode()
    assert "Assigned consultation" in page
    assert "Somebody else" not in page


def test_analyst_cannot_create_a_report_on_an_unassigned_consultation(client, analyst, reports):
    data = _form_data(reports["theirs"].consultation, "Sneaky report")
    response = client.post(reverse("committee_reports:add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CommitteeReport.objects.filter(subject="Sneaky report").exists()


def test_analyst_cannot_move_a_report_to_an_unassigned_consultation(client, analyst, reports):
    report = reports["mine"]
    data = _form_data(reports["theirs"].consultation, report.subject)
    response = client.post(reverse("committee_reports:edit", args=[report.pk]), data)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.consultation_id != reports["theirs"].consultation_id


def test_analyst_creates_a_report_on_an_assigned_consultation(client, analyst, reports):
    data = _form_data(reports["mine"].consultation, "Allowed report")
    response = client.post(reverse("committee_reports:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CommitteeReport.objects.get(subject="Allowed report").created_by == analyst


def test_analyst_with_no_assignment_sees_no_reports_and_is_told_why(client, make_user, reports):
    ensure_report_permissions()
    client.force_login(make_user("new.analyst@example.org", group=roles.ANALYSTS))
    page = client.get(reverse("committee_reports:index")).content.decode()
    assert "Report the analyst may see" not in page
    assert "Report on another consultation" not in page
    form = client.get(reverse("committee_reports:add")).content.decode()
    assert "You are not assigned to any consultation yet" in form


def test_consultation_editor_reaches_every_report(client, make_user, reports):
    ensure_report_permissions()
    client.force_login(make_user("editor@example.org", group=roles.CONSULTATION_EDITORS))
    page = client.get(reverse("committee_reports:index")).content.decode()
    assert "Report the analyst may see" in page
    assert "Report on another consultation" in page
    for whose in ("mine", "theirs"):
        assert client.get(_url("versions", "report", reports, whose)).status_code == 200
        assert client.get(_url("download", "version", reports, whose)).status_code == 200


def test_editor_assigns_an_analyst_who_then_reaches_the_report(client, make_user, reports):
    ensure_report_permissions()
    analyst = make_user("later@example.org", group=roles.ANALYSTS)
    editor = make_user("editor@example.org", group=roles.CONSULTATION_EDITORS)
    client.force_login(editor)
    response = client.post(
        reverse("consultation_assignments:add"),
        {"consultation": reports["theirs"].consultation.pk, "user": analyst.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(analyst)
    assert client.get(_url("versions", "report", reports, "theirs")).status_code == 200
