"""Officers' admin: questionnaire guard, visibility by assignment, summary, export, channels."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback.models import (
    Answer,
    ConsultationAssignment,
    Question,
    Questionnaire,
    Response,
    SafeguardingAlert,
)
from feedback.roles import ensure_feedback_permissions
from feedback.selectors import questions_for
from tests import factories
from tests.forms import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    ensure_feedback_permissions()


@pytest.fixture
def upload_for_import(client, consultation, make_user, roles, tmp_path, settings):
    """Sign in as an editor and upload CSV bytes to the import page; returns (url, page)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    url = reverse("feedback_admin:import", args=[consultation.pk])

    def upload(content):
        file = SimpleUploadedFile("r.csv", content, content_type="text/csv")
        return url, client.post(url, {"file": file})

    return upload


def submitted(consultation, text="Fine", **fields):
    response = factories.ResponseFactory(consultation=consultation, **fields)
    questions = list(questions_for(consultation=consultation))
    factories.AnswerFactory(response=response, question=questions[0], choices=["Agree"])
    factories.AnswerFactory(response=response, question=questions[3], text=text)
    return response


def management_form(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def questionnaire_post(questionnaire, *, kind_of_first=None, delete_first=False):
    data = {
        "consultation": questionnaire.consultation_id,
        "intro": "x",
        "equality_monitoring": "on",
    }
    sections = list(questionnaire.sections.order_by("sort_order"))
    data.update(management_form("sections", len(sections), len(sections)))
    for s_index, section in enumerate(sections):
        prefix = f"sections-{s_index}"
        data.update(
            {
                f"{prefix}-id": section.pk,
                f"{prefix}-ORDER": s_index + 1,
                f"{prefix}-title": section.title,
                f"{prefix}-intro": "",
            }
        )
        questions = list(section.questions.order_by("sort_order"))
        q_prefix = f"{prefix}-questions"
        data.update(management_form(q_prefix, len(questions), len(questions)))
        for q_index, question in enumerate(questions):
            p = f"{q_prefix}-{q_index}"
            kind = question.kind
            if s_index == 0 and q_index == 0 and kind_of_first:
                kind = kind_of_first
            data.update(
                {
                    f"{p}-id": question.pk,
                    f"{p}-ORDER": q_index + 1,
                    f"{p}-kind": kind,
                    f"{p}-text": question.text,
                    f"{p}-help_text": "",
                    f"{p}-choices": "\n".join(question.choices),
                }
            )
            if question.required:
                data[f"{p}-required"] = "on"
            if question.allow_other:
                data[f"{p}-allow_other"] = "on"
            if s_index == 0 and q_index == 0 and delete_first:
                data[f"{p}-DELETE"] = "on"
    return data


def test_editor_can_open_questionnaire_editor_with_nested_sections(
    client, consultation, make_user, roles
):
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    questionnaire = Questionnaire.objects.get(consultation=consultation)
    page = client.get(reverse("questionnaires:edit", args=[questionnaire.pk]))
    assert page.status_code == 200
    assert "Do you agree with place-based teams?" in page.content.decode()


def test_question_kind_can_change_before_any_response(client, consultation, make_user, roles):
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    questionnaire = Questionnaire.objects.get(consultation=consultation)
    page = client.post(
        reverse("questionnaires:edit", args=[questionnaire.pk]),
        questionnaire_post(questionnaire, kind_of_first="yes_no"),
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    assert questions_for(consultation=consultation).first().kind == "yes_no"


def test_changing_kind_or_removing_an_answered_question_is_refused(
    client, consultation, make_user, roles
):
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    submitted(consultation)
    questionnaire = Questionnaire.objects.get(consultation=consultation)
    url = reverse("questionnaires:edit", args=[questionnaire.pk])
    page = client.post(url, questionnaire_post(questionnaire, kind_of_first="yes_no"))
    assert page.status_code == 200
    assert "its type cannot change" in page.content.decode()
    assert questions_for(consultation=consultation).first().kind == "agreement"
    page = client.post(url, questionnaire_post(questionnaire, delete_first=True))
    assert "cannot be removed" in page.content.decode()
    assert questions_for(consultation=consultation).count() == 4


def test_analyst_sees_only_assigned_consultations(
    client, consultation, make_user, roles, site_with_home
):
    from tests.feedback.conftest import make_consultation, make_questionnaire

    other = make_consultation(site_with_home.root_page, slug="other", title="Other consultation")
    make_questionnaire(other)
    mine = submitted(consultation)
    theirs = submitted(other)
    analyst = make_user("analyst@example.org", group="Analysts")
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    client.force_login(analyst)
    listing = client.get(reverse("responses:index")).content.decode()
    assert mine.reference in listing and theirs.reference not in listing
    assert client.get(reverse("responses:inspect", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("feedback_admin:summary", args=[other.pk])).status_code == 404
    assert client.get(reverse("feedback_admin:summary", args=[consultation.pk])).status_code == 200


def test_analyst_never_sees_identity_of_anonymous_respondent(
    client, consultation, make_user, roles
):
    response = submitted(consultation, is_anonymous=True)
    analyst = make_user("analyst@example.org", group="Analysts")
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    client.force_login(analyst)
    page = client.get(reverse("responses:inspect", args=[response.pk])).content.decode()
    assert "Anonymous: no identity is stored" in page


def test_response_list_filters_by_channel_and_flag(client, consultation, make_user, roles):
    paper = submitted(consultation, channel="paper")
    online = submitted(consultation, channel="online", safeguarding_flagged=True)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.get(reverse("responses:index"), {"channel": "paper"}).content.decode()
    assert paper.reference in page and online.reference not in page
    page = client.get(reverse("responses:index"), {"safeguarding_flagged": "true"}).content.decode()
    assert online.reference in page and paper.reference not in page


def test_response_list_costs_the_same_queries_however_many_rows(
    client, consultation, make_user, roles
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations.models import Borough, Locality

    borough = Borough.objects.create(name="Ealing", slug="ealing")
    localities = [Locality.objects.create(borough=borough, name=f"Area {n}") for n in range(6)]
    submitted(consultation, borough=borough, locality=localities[0])
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    client.get(reverse("responses:index"))  # warm per-request caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("responses:index"))
    for locality in localities[1:]:
        submitted(consultation, borough=borough, locality=locality)
    with CaptureQueriesContext(connection) as six:
        page = client.get(reverse("responses:index"))
    assert "Area 5 (Ealing)" in page.content.decode()
    assert len(six) == len(one)


def test_summary_shows_counts_and_percentages(client, consultation, make_user, roles):
    for _ in range(5):
        submitted(consultation)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.get(reverse("feedback_admin:summary", args=[consultation.pk])).content.decode()
    assert "100.0%" in page and "5 submitted responses" in page


def test_summary_applies_the_suppression_rule_to_every_table(
    client, consultation, make_user, roles
):
    for _ in range(2):
        submitted(consultation)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.get(reverse("feedback_admin:summary", args=[consultation.pk])).content.decode()
    # Two responses: every count in the question and channel tables is "fewer than 5".
    assert "fewer than 5" in page
    assert "100.0%" not in page


def test_export_neutralises_formula_cells_in_csv_and_xlsx(client, consultation, make_user, roles):
    submitted(consultation, text='=HYPERLINK("http://evil.example")', team_or_service="+44 team")
    client.force_login(make_user("analyst@example.org", group="Analysts"))
    ConsultationAssignment.objects.create(
        consultation=consultation, user=make_user("x@example.org")
    )
    editor = make_user("editor@example.org", group="Consultation editors")
    client.force_login(editor)
    body = client.get(
        reverse("feedback_admin:export", args=[consultation.pk, "csv"])
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert (
        rows[1][rows[0].index("What else should we know?")] == '\'=HYPERLINK("http://evil.example")'
    )
    assert rows[1][rows[0].index("Team or service")] == "'+44 team"
    data = client.get(reverse("feedback_admin:export", args=[consultation.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(data)).active
    cells = {cell.value: cell for cell in sheet[2]}
    # XLSX stores it as a text cell, which never runs: no apostrophe needed.
    assert cells['=HYPERLINK("http://evil.example")'].data_type == "s"
    assert cells["+44 team"].data_type == "s"
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_xlsx_export_has_typed_cells_a_frozen_header_a_filter_and_readable_widths(
    client, consultation, make_user, roles
):
    from datetime import datetime

    response = submitted(
        consultation,
        text="- Worried about the bus\n- Parking",
        submitted_at=timezone.make_aware(datetime(2026, 3, 27, 9, 30)),
    )
    rating = questions_for(consultation=consultation)[2]
    Answer.objects.create(response=response, question=rating, number=4)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    data = client.get(reverse("feedback_admin:export", args=[consultation.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    submitted_at = row["Submitted at"]
    assert submitted_at.is_date and submitted_at.value == datetime(2026, 3, 27, 9, 30)
    assert row[rating.text].data_type == "n" and row[rating.text].value == 4
    note = row["What else should we know?"]
    assert note.data_type == "s" and note.value == "- Worried about the bus\n- Parking"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}2"
    assert sheet[1][0].font.b
    widths = {
        name: sheet.column_dimensions[cell.column_letter].width
        for name, cell in zip(header, sheet[1], strict=True)
    }
    assert widths["What else should we know?"] >= len("What else should we know?")
    assert widths["Reference"] < widths["What else should we know?"] <= 62
    # CSV keeps its neutralising prefix, and the same date as text.
    body = client.get(reverse("feedback_admin:export", args=[consultation.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("What else should we know?")].startswith("'- Worried")
    assert rows[1][rows[0].index("Submitted at")] == "2026-03-27 09:30"
    assert rows[1][rows[0].index(rating.text)] == "4"


def test_export_needs_permission(client, consultation, make_user, roles):
    client.force_login(make_user("facilitator@example.org", group="Facilitators"))
    page = client.get(reverse("feedback_admin:export", args=[consultation.pk, "csv"]))
    assert page.status_code in (302, 403)


def test_staff_enter_a_paper_response(client, consultation, make_user, roles):
    editor = make_user("editor@example.org", group="Consultation editors")
    client.force_login(editor)
    agree, matters, rate, free = questions_for(consultation=consultation)
    url = reverse("feedback_admin:enter", args=[consultation.pk])
    key = client.get(url).context["channel_form"]["submission_key"].value()
    start = {
        "channel-channel": "paper",
        **date_parts("channel-received_on", timezone.localdate()),
        "channel-submission_key": key,
    }
    page = client.post(url, start)
    assert page.status_code == 302
    # A double click on the first page starts one response.
    client.post(url, start)
    response = Response.objects.get()

    def section(number):
        return reverse("feedback_admin:enter_section", args=[consultation.pk, response.pk, number])

    assert page.url == section(1)
    client.post(section(1), {f"q_{agree.pk}": "Disagree"})
    client.post(section(2), {f"q_{free.pk}": "Posted to us by a carer."})
    client.post(section(3), {"capacity": "carer", "on_behalf_of_organisation": "no"})
    check = reverse("feedback_admin:enter_check", args=[consultation.pk, response.pk])
    client.post(check)
    # The check page sent again (a double click) stores the response once.
    again = client.post(check, follow=True)
    response = Response.objects.get()
    assert response.reference in str(list(again.context["messages"])[-1])
    assert (response.channel, response.entered_by, response.status) == (
        "paper",
        editor,
        "submitted",
    )
    assert response.received_on == timezone.localdate()
    assert response.answers.get(question=free).text == "Posted to us by a carer."


def test_facilitator_types_workshop_notes_for_their_event(client, consultation, make_user, roles):
    from datetime import timedelta

    facilitator = make_user("facilitator@example.org", group="Facilitators")
    now = timezone.now()
    event = factories.WorkshopEventPageFactory(
        parent=consultation,
        title="Acton workshop",
        slug="acton",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        consultation=consultation,
        capacity=30,
        venue_name="",
        publish=False,
    )
    event.facilitators.add(facilitator)
    event.save()
    free = list(questions_for(consultation=consultation))[3]
    client.force_login(facilitator)
    url = reverse("feedback_admin:workshop_notes", args=[consultation.pk])
    data = {
        "event": event.pk,
        "table_or_topic": "Table 2",
        "question": free.pk,
        "notes": "Travel is hard.",
        "submission_key": client.get(url).context["form"]["submission_key"].value(),
    }
    page = client.post(url, data)
    assert page.status_code == 302
    client.post(url, data)  # a double click stores the notes once: they count once
    notes = Response.objects.get()
    assert (notes.channel, notes.event_id, notes.table_or_topic) == (
        "workshop",
        event.pk,
        "Table 2",
    )
    assert notes.answers.get().text == "Travel is hard."


def test_facilitator_of_no_event_cannot_type_notes(client, consultation, make_user, roles):
    client.force_login(make_user("facilitator@example.org", group="Facilitators"))
    page = client.get(reverse("feedback_admin:workshop_notes", args=[consultation.pk]))
    assert page.status_code in (302, 403)


def test_safeguarding_lead_records_action(client, consultation, make_user, roles):
    response = submitted(consultation, text="I want to die")
    alert = SafeguardingAlert.objects.create(response=response, categories=["suicide"])
    lead = make_user("lead@example.org", group="Safeguarding leads")
    client.force_login(lead)
    assert (
        alert.response.reference
        in client.get(reverse("feedback_admin:safeguarding")).content.decode()
    )
    page = client.post(
        reverse("feedback_admin:safeguarding_review", args=[alert.pk]),
        {"action_taken": "Passed to the crisis team."},
    )
    assert page.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.actioned_by) == ("actioned", lead)


def test_safeguarding_action_never_overwrites_one_another_lead_recorded_meanwhile(
    client, consultation, make_user, roles
):
    alert = SafeguardingAlert.objects.create(
        response=submitted(consultation, text="I want to die"), categories=["suicide"]
    )
    first = make_user("first@example.org", group="Safeguarding leads")
    second = make_user("second@example.org", group="Safeguarding leads")
    url = reverse("feedback_admin:safeguarding_review", args=[alert.pk])
    client.force_login(second)
    seen = client.get(url).context["form"]["seen_actioned_at"].value()
    client.force_login(first)
    client.post(url, {"action_taken": "Called the crisis team.", "seen_actioned_at": ""})
    client.force_login(second)
    page = client.post(url, {"action_taken": "Emailed the GP.", "seen_actioned_at": seen})
    assert page.status_code == 409
    assert "Someone else recorded an action" in page.content.decode()
    assert "Emailed the GP." in page.content.decode()  # what they typed is kept
    alert.refresh_from_db()
    assert (alert.action_taken, alert.actioned_by) == ("Called the crisis team.", first)
    # Having read it, the second lead can update the action.
    again = client.post(
        url,
        {
            "action_taken": "Called the crisis team; emailed the GP.",
            "seen_actioned_at": page.context["form"]["seen_actioned_at"].value(),
        },
    )
    assert again.status_code == 302
    alert.refresh_from_db()
    assert alert.actioned_by == second


def test_safeguarding_queue_lists_open_alerts_before_actioned_ones(
    client, consultation, make_user, roles
):
    lead = make_user("lead@example.org", group="Safeguarding leads")
    waiting = SafeguardingAlert.objects.create(
        response=submitted(consultation, text="I want to die"), categories=["suicide"]
    )
    SafeguardingAlert.objects.create(
        response=submitted(consultation, text="I want to die"),
        categories=["suicide"],
        status=SafeguardingAlert.Status.ACTIONED,
        action_taken="Referred.",
        actioned_by=lead,
        actioned_at=timezone.now(),
    )
    client.force_login(lead)
    alerts = list(client.get(reverse("feedback_admin:safeguarding")).context["alerts"])
    assert alerts[0] == waiting


def test_safeguarding_queue_is_paginated_without_a_query_per_alert(
    client, consultation, make_user, roles
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from feedback.admin_views import ALERTS_PER_PAGE

    response = submitted(consultation, text="I want to die")
    SafeguardingAlert.objects.bulk_create(
        SafeguardingAlert(response=response, categories=["suicide"])
        for _ in range(ALERTS_PER_PAGE + 1)
    )
    client.force_login(make_user("lead@example.org", group="Safeguarding leads"))
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("feedback_admin:safeguarding"))
    assert len(first.context["alerts"]) == ALERTS_PER_PAGE
    assert len(queries) < 20
    second = client.get(reverse("feedback_admin:safeguarding"), {"p": 2})
    assert len(second.context["alerts"]) == 1
    assert "Page 2 of 2" in second.content.decode()


def test_analyst_cannot_open_the_safeguarding_queue(client, consultation, make_user, roles):
    client.force_login(make_user("analyst@example.org", group="Analysts"))
    assert client.get(reverse("feedback_admin:safeguarding")).status_code in (302, 403)


def write_csv(tmp_path, rows):
    path = tmp_path / "responses.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = [
    "Do you agree with place-based teams?",
    "Which matter most to you?",
    "What else should we know?",
    "capacity",
]


def test_import_command_imports_valid_file(consultation, tmp_path):
    path = write_csv(
        tmp_path,
        [
            HEADER,
            ["agree", "Travel; Continuity", "More staff", "Carer"],
            ["Disagree", "", "", "resident"],
        ],
    )
    call_command("import_responses", consultation.slug, str(path))
    responses = Response.objects.filter(channel="import")
    assert responses.count() == 2
    first = responses.get(capacity="carer")
    agree = questions_for(consultation=consultation).first()
    assert first.answers.get(question=agree).choices == ["Agree"]


def test_import_command_with_a_bad_row_imports_nothing_and_lists_rows(
    consultation, tmp_path, capsys
):
    path = write_csv(
        tmp_path, [HEADER, ["Agree", "", "", ""], ["Maybe", "", "", ""], ["", "", "", "alien"]]
    )
    with pytest.raises(CommandError, match="2 of 3 rows are invalid"):
        call_command("import_responses", consultation.slug, str(path))
    err = capsys.readouterr().err
    assert "Row 3:" in err and "'Maybe' is not one of the options" in err
    assert "Row 4:" in err and "required but empty" in err and "alien" in err
    assert Response.objects.count() == 0


def test_admin_import_maps_columns_then_imports(client, consultation, upload_for_import):
    url, page = upload_for_import(b"Agreement,Notes\nAgree,Good idea\nNope,\n")
    assert page.status_code == 200
    token = page.context["mapping_form"].initial["token"]
    agree, _, _, free = questions_for(consultation=consultation)
    mapping = {
        "token": token,
        "filename": "r.csv",
        "col_0": f"q:{agree.pk}",
        "col_1": f"q:{free.pk}",
    }
    page = client.post(url, mapping)
    assert "Row 3:" in page.content.decode()
    assert Response.objects.count() == 0


def test_admin_import_keeps_columns_apart_when_two_share_a_name(
    client, consultation, upload_for_import
):
    # Form tools often export several columns with the same heading, e.g. "Comments".
    url, page = upload_for_import(b"Comments,Comments\nAgree,More staff please\n")
    token = page.context["mapping_form"].initial["token"]
    agree, _, _, free = questions_for(consultation=consultation)
    page = client.post(
        url,
        {"token": token, "filename": "r.csv", "col_0": f"q:{agree.pk}", "col_1": f"q:{free.pk}"},
    )
    assert page.status_code == 302, page.content.decode()
    response = Response.objects.get(channel="import")
    assert response.answers.get(question=agree).choices == ["Agree"]
    assert response.answers.get(question=free).text == "More staff please"


def test_admin_import_refuses_two_columns_for_one_question(client, consultation, upload_for_import):
    url, page = upload_for_import(b"Agreement,Notes,More notes\nAgree,Good idea,Also this\n")
    token = page.context["mapping_form"].initial["token"]
    agree, _, _, free = questions_for(consultation=consultation)
    page = client.post(
        url,
        {
            "token": token,
            "filename": "r.csv",
            "col_0": f"q:{agree.pk}",
            "col_1": f"q:{free.pk}",
            "col_2": f"q:{free.pk}",
        },
    )
    assert page.status_code == 400
    assert (
        "More than one column goes to “What else should we know?” (“Notes”, “More notes”)"
        in page.content.decode()
    )
    assert Response.objects.count() == 0


def test_a_paper_response_form_key_from_another_consultation_is_refused_not_a_server_error(
    client, consultation, make_user, roles, site_with_home
):
    from tests.feedback.conftest import make_consultation

    other = make_consultation(site_with_home.root_page, slug="other", title="Other")
    taken = factories.ResponseFactory(consultation=other)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.post(
        reverse("feedback_admin:enter", args=[consultation.pk]),
        {
            "channel-channel": "paper",
            **date_parts("channel-received_on", timezone.localdate()),
            "channel-submission_key": str(taken.submission_key),
        },
    )
    assert page.status_code == 400
    assert "This form belongs to another consultation." in page.content.decode()
    assert consultation.responses.count() == 0


def test_admin_import_refuses_a_file_with_a_header_but_no_rows(upload_for_import):
    _url, page = upload_for_import(b"Agreement,Notes\n,\n")
    assert page.status_code == 200
    assert "mapping_form" not in page.context
    assert page.context["form"].errors["file"] == [
        "The file has a header row but no responses under it. Nothing was imported."
    ]
    assert "Imported 0 responses" not in page.content.decode()
    assert Response.objects.count() == 0


def test_import_command_and_service_refuse_a_file_with_a_header_but_no_rows(consultation, tmp_path):
    from feedback.importing import ImportFileError, import_responses

    path = write_csv(tmp_path, [HEADER])
    with pytest.raises(CommandError, match="header row but no responses"):
        call_command("import_responses", consultation.slug, str(path))
    with pytest.raises(ImportFileError, match="header row but no responses"):
        import_responses(consultation=consultation, header=HEADER, rows=[], mapping={})
    assert Response.objects.count() == 0


def test_export_in_an_unknown_format_is_not_found_not_permission_denied(
    client, consultation, make_user, roles
):
    from engage.models import AuditEvent

    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.get(reverse("feedback_admin:export", args=[consultation.pk, "pdf"]))
    assert page.status_code == 404
    assert not AuditEvent.objects.filter(action="personal_data.export").exists()


def test_response_list_links_each_reference_to_its_response(client, consultation, make_user, roles):
    response = submitted(consultation)
    analyst = make_user("analyst@example.org", group="Analysts")
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    client.force_login(analyst)
    listing = client.get(reverse("responses:index"), {"channel": "online"}).content.decode()
    inspect_url = reverse("responses:inspect", args=[response.pk])
    assert f'href="{inspect_url}?channel=online"' in listing


def test_response_inspect_links_to_its_neighbours_in_the_filtered_list(
    client, consultation, make_user, roles
):
    from datetime import timedelta

    now = timezone.now()
    oldest = submitted(consultation, channel="paper", submitted_at=now - timedelta(days=3))
    skipped = submitted(consultation, channel="online", submitted_at=now - timedelta(days=2))
    middle = submitted(consultation, channel="paper", submitted_at=now - timedelta(days=1))
    newest = submitted(consultation, channel="paper", submitted_at=now)
    client.force_login(make_user("editor@example.org", group="Consultation editors"))

    def inspect(response, query=""):
        url = reverse("responses:inspect", args=[response.pk]) + query
        return client.get(url).content.decode()

    page = inspect(middle, "?channel=paper")
    assert f'Previous (newer): <span class="reference-number">{newest.reference}</span>' in page
    assert f'Next (older): <span class="reference-number">{oldest.reference}</span>' in page
    assert reverse("responses:inspect", args=[oldest.pk]) + "?channel=paper" in page
    assert skipped.reference not in page
    # Without the filter the online response sits between them.
    assert f'Next (older): <span class="reference-number">{skipped.reference}</span>' in inspect(
        middle
    )
    # The ends of the list have one neighbour only.
    assert "Previous (newer)" not in inspect(newest, "?channel=paper")
    assert "Next (older)" not in inspect(oldest, "?channel=paper")


def test_response_neighbours_stay_within_what_the_analyst_may_see(
    client, consultation, make_user, roles, site_with_home
):
    from datetime import timedelta

    from tests.feedback.conftest import make_consultation, make_questionnaire

    other = make_consultation(site_with_home.root_page, slug="other", title="Other consultation")
    make_questionnaire(other)
    now = timezone.now()
    mine = submitted(consultation, submitted_at=now - timedelta(days=2))
    theirs = submitted(other, submitted_at=now - timedelta(days=1))
    analyst = make_user("analyst@example.org", group="Analysts")
    ConsultationAssignment.objects.create(consultation=consultation, user=analyst)
    client.force_login(analyst)
    page = client.get(reverse("responses:inspect", args=[mine.pk])).content.decode()
    assert theirs.reference not in page
    assert "Previous (newer)" not in page


@pytest.fixture
def workshop(consultation, make_user):
    """A workshop of the consultation with its facilitator, and a second facilitator."""
    from datetime import timedelta

    facilitator = make_user("facilitator@example.org", group="Facilitators")
    colleague = make_user("colleague@example.org", group="Facilitators")
    now = timezone.now()
    event = factories.WorkshopEventPageFactory(
        parent=consultation,
        title="Acton workshop",
        slug="acton",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        consultation=consultation,
        capacity=30,
        venue_name="",
        publish=False,
    )
    event.facilitators.add(facilitator, colleague)
    event.save()
    return {"event": event, "facilitator": facilitator, "colleague": colleague}


def _type_notes(client, consultation, event, question, table, notes):
    url = reverse("feedback_admin:workshop_notes", args=[consultation.pk])
    return client.post(
        url,
        {
            "event": event.pk,
            "table_or_topic": table,
            "question": question.pk,
            "notes": notes,
            "submission_key": client.get(url).context["form"]["submission_key"].value(),
        },
    )


def test_notes_form_keeps_its_workshop_and_question_after_a_save(
    client, consultation, roles, workshop
):
    free = list(questions_for(consultation=consultation))[3]
    client.force_login(workshop["facilitator"])
    saved = _type_notes(client, consultation, workshop["event"], free, "Table 1", "Buses.")
    assert saved.status_code == 302
    form = client.get(saved["Location"]).context["form"]
    assert form["event"].value() == workshop["event"].pk
    assert form["question"].value() == free.pk
    assert not form["table_or_topic"].value() and not form["notes"].value()


def test_facilitator_lists_corrects_and_deletes_only_their_own_notes(
    client, consultation, roles, workshop
):
    from engage.models import AuditEvent

    free = list(questions_for(consultation=consultation))[3]
    event = workshop["event"]
    client.force_login(workshop["colleague"])
    _type_notes(client, consultation, event, free, "Table 9", "Someone else's table.")
    theirs = Response.objects.get()
    client.force_login(workshop["facilitator"])
    _type_notes(client, consultation, event, free, "Table 1", "Buses are late.")
    mine = Response.objects.exclude(pk=theirs.pk).get()

    url = reverse("feedback_admin:workshop_notes", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert mine.reference in page and "Buses are late." in page
    assert theirs.reference not in page
    for name in ("workshop_notes_edit", "workshop_notes_delete"):
        assert (
            client.get(
                reverse(f"feedback_admin:{name}", args=[consultation.pk, theirs.pk])
            ).status_code
            == 404
        )

    edit = reverse("feedback_admin:workshop_notes_edit", args=[consultation.pk, mine.pk])
    form = client.get(edit).context["form"]
    assert (
        form["notes"].value() == "Buses are late." and form["table_or_topic"].value() == "Table 1"
    )
    other_question = Question.objects.create(
        section=free.section, sort_order=1, kind=Question.Kind.SHORT_TEXT, text="Anything else?"
    )
    changed = client.post(
        edit,
        {
            "event": event.pk,
            "table_or_topic": "Table 2",
            "question": other_question.pk,
            "notes": "Buses are late and full.",
            "submission_key": form["submission_key"].value(),
        },
    )
    assert changed.status_code == 302
    mine.refresh_from_db()
    assert mine.table_or_topic == "Table 2"
    answer = mine.answers.get()
    assert (answer.question_id, answer.text) == (other_question.pk, "Buses are late and full.")
    assert AuditEvent.objects.filter(
        object_id=str(mine.pk), details__change="workshop notes corrected"
    ).exists()

    delete = reverse("feedback_admin:workshop_notes_delete", args=[consultation.pk, mine.pk])
    assert "Yes, delete these notes" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Response.objects.filter(pk=mine.pk).exists()
    assert Response.objects.filter(pk=theirs.pk).exists()
    assert AuditEvent.objects.filter(
        object_id=str(mine.pk), details__change="workshop notes deleted"
    ).exists()


def test_notes_that_raised_a_safeguarding_alert_are_not_deleted(
    client, consultation, roles, workshop
):
    free = list(questions_for(consultation=consultation))[3]
    client.force_login(workshop["facilitator"])
    _type_notes(client, consultation, workshop["event"], free, "Table 3", "I want to die")
    notes = Response.objects.get()
    assert notes.safeguarding_alerts.exists()
    delete = reverse("feedback_admin:workshop_notes_delete", args=[consultation.pk, notes.pk])
    client.post(delete)
    assert Response.objects.filter(pk=notes.pk).exists()


def test_editor_sees_and_corrects_every_facilitators_notes(
    client, consultation, make_user, roles, workshop
):
    free = list(questions_for(consultation=consultation))[3]
    client.force_login(workshop["facilitator"])
    _type_notes(client, consultation, workshop["event"], free, "Table 1", "Buses.")
    notes = Response.objects.get()
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    page = client.get(reverse("feedback_admin:workshop_notes", args=[consultation.pk]))
    assert "facilitator@example.org" in page.content.decode()
    inspect = reverse("responses:inspect", args=[notes.pk])
    assert f'href="{inspect}"' in page.content.decode()
    edit = reverse("feedback_admin:workshop_notes_edit", args=[consultation.pk, notes.pk])
    assert client.get(edit).status_code == 200


def test_workshop_notes_list_costs_the_same_queries_however_many_notes(
    client, consultation, roles, workshop
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    free = list(questions_for(consultation=consultation))[3]
    client.force_login(workshop["facilitator"])
    url = reverse("feedback_admin:workshop_notes", args=[consultation.pk])
    _type_notes(client, consultation, workshop["event"], free, "Table 1", "Buses.")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 7):
        _type_notes(client, consultation, workshop["event"], free, f"Table {n}", "More buses.")
    with CaptureQueriesContext(connection) as six:
        page = client.get(url)
    assert page.content.decode().count("More buses.") == 5
    assert len(six.captured_queries) == len(one.captured_queries)
