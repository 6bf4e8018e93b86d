"""Every event named in engage/audit.py is written where it happens, and the log can be searched."""

import ast
import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from engage import audit
from engage.models import AuditEvent
from feedback import services as feedback_services
from feedback.models import Question, Response
from feedback.reports import services as report_services
from feedback.themes import services as theme_services
from feedback.themes.models import Theme
from network.models import MemberProfile
from tests.consultations import builders
from tests.feedback.conftest import make_questionnaire

PROJECT = Path(settings.BASE_DIR)
SOURCE_APPS = ("engage", "home", "consultations", "feedback", "network", "privacy")


def _event_names():
    """The module-level names in engage/audit.py bound to an event string, e.g. THEME_CHANGE."""
    tree = ast.parse((PROJECT / "engage" / "audit.py").read_text())
    return {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.isupper()
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _writer_sources():
    for app in SOURCE_APPS:
        for path in (PROJECT / app).rglob("*.py"):
            if "migrations" in path.parts or path == PROJECT / "engage" / "audit.py":
                continue
            yield path, path.read_text()


def test_every_event_name_in_the_audit_module_has_a_writer():
    names = _event_names()
    assert "THEME_CHANGE" in names and "REPORT_GENERATE" in names  # the scan finds them
    sources = list(_writer_sources())
    unwritten = sorted(
        name
        for name in names
        if not any(
            re.search(rf"\baudit\.{name}\b|import[^\n]*\b{name}\b", text) for _, text in sources
        )
    )
    assert unwritten == [], f"audit event names that nothing writes: {unwritten}"


def test_every_event_name_has_a_label_for_wagtails_history():
    labelled = {action.removeprefix("engage.") for action in audit.WAGTAIL_LOG_ACTIONS}
    assert set(_event_names().values()) <= labelled


@pytest.fixture
def consultation(site_with_home):
    page = builders.consultation_create(
        builders.consultation_index_create(site_with_home.root_page), title="Crisis care"
    )
    make_questionnaire(page)
    return page


@pytest.mark.django_db
def test_a_response_entered_by_staff_is_a_recorded_change(consultation, make_user):
    officer = make_user("officer@example.org")
    question = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    response = feedback_services.response_create_offline(
        consultation=consultation,
        channel=Response.Channel.PAPER,
        entered_by=officer,
        values={question: {"text": "On paper.", "choices": [], "number": None}},
        about={"capacity": "resident"},
    )
    event = AuditEvent.objects.get(action=audit.RESPONSE_CHANGE)
    assert (event.user, event.object_id, event.consultation_id) == (
        officer,
        str(response.pk),
        consultation.pk,
    )


@pytest.mark.django_db
def test_withdrawing_a_response_is_recorded(consultation):
    response = Response.objects.create(
        consultation=consultation, status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )
    feedback_services.response_withdraw(token=response.withdraw_link_token())
    event = AuditEvent.objects.get(action=audit.RESPONSE_WITHDRAW)
    assert (event.object_id, event.consultation_id) == (str(response.pk), consultation.pk)


@pytest.mark.django_db
def test_theme_changes_are_recorded_with_their_consultation(consultation, make_user):
    analyst = make_user("analyst@example.org")
    theme = theme_services.theme_create(
        consultation=consultation, name="Waiting", user=analyst, keywords=["wait"]
    )
    theme_services.theme_update(
        theme=theme, user=analyst, name="Waiting times", description="", keywords=["wait"]
    )
    events = AuditEvent.objects.filter(action=audit.THEME_CHANGE).order_by("pk")
    assert [e.details["change"] for e in events] == ["wagtail.create", "themes.rename"]
    assert {e.consultation_id for e in events} == {consultation.pk}
    assert Theme.objects.get().name == "Waiting times"


@pytest.mark.django_db
def test_creating_a_report_and_generating_a_version_are_recorded(consultation, make_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    officer = make_user("officer@example.org")
    report = report_services.report_create(consultation=consultation, user=officer)
    report_services.version_request(report=report, user=officer)
    change = AuditEvent.objects.get(action=audit.REPORT_CHANGE)
    generate = AuditEvent.objects.get(action=audit.REPORT_GENERATE)
    assert (change.user, change.consultation_id) == (officer, consultation.pk)
    assert (generate.user, generate.details["version"]) == (officer, 1)


@pytest.mark.django_db
def test_opening_a_members_profile_and_the_finance_csv_are_recorded(client, make_user):
    admin = make_user("admin@example.org", superuser=True)
    member = MemberProfile.objects.create(
        user=make_user("morgan@example.org"), preferred_name="Morgan"
    )
    client.force_login(admin)
    assert client.get(f"/admin/network/members/inspect/{member.pk}/").status_code == 200
    assert client.get("/admin/network/claims/finance.csv").status_code == 200
    actions = list(
        AuditEvent.objects.filter(user=admin).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [audit.VIEW_PERSONAL_DATA, audit.EXPORT_PERSONAL_DATA]


@pytest.mark.django_db
def test_a_superuser_filters_the_log_by_person_consultation_and_date_and_exports_it(
    client, make_user, consultation
):
    admin = make_user("admin@example.org", superuser=True)
    alice, bob = make_user("alice@example.org"), make_user("bob@example.org")
    audit.audit_record(user=alice, action=audit.VIEW_PERSONAL_DATA, obj=consultation)
    old = audit.audit_record(user=alice, action=audit.EXPORT_PERSONAL_DATA)
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=40))
    audit.audit_record(user=bob, action=audit.THEME_CHANGE, consultation=consultation)
    client.force_login(admin)

    def listed(query):
        page = client.get(f"/admin/audit-log/?{query}")
        assert page.status_code == 200
        return sorted((e.actor, e.action) for e in page.context["object_list"])

    assert listed(f"user={alice.pk}") == [
        ("alice@example.org", "personal_data.export"),
        ("alice@example.org", "personal_data.view"),
    ]
    assert listed(f"consultation={consultation.pk}") == [
        ("alice@example.org", "personal_data.view"),
        ("bob@example.org", "theme.change"),
    ]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert listed(f"user={alice.pk}&occurred_at_from={since}") == [
        ("alice@example.org", "personal_data.view")
    ]

    export = client.get(f"/admin/audit-log/?export=csv&consultation={consultation.pk}")
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row["Actor"] if "Actor" in row else row["Who"] for row in rows) == [
        "alice@example.org",
        "bob@example.org",
    ]
