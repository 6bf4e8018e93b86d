"""Control characters and import bombs: stripped at input, refused clearly, exports keep working."""

import csv
import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from feedback import importing
from feedback.models import Answer, Response
from feedback.roles import ensure_feedback_permissions
from feedback.selectors import questions_for
from feedback.tasks import IMPORT_UPLOADS, delete_abandoned_imports

pytestmark = pytest.mark.django_db
CONTROL = "Bad\x01 news\x1b[31m in red\x00"
# What can already be stored: PostgreSQL refuses NUL in text, SQLite keeps it.
STORED_CONTROL = CONTROL.replace("\x00", "")


@pytest.fixture
def editor_client(client, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_feedback_permissions()
    client.force_login(make_user("editor@example.org", group="Consultation editors"))
    return client


def _submitted_with(consultation, text):
    response = Response.objects.create(
        consultation=consultation,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        team_or_service=text,
    )
    question = questions_for(consultation=consultation)[3]
    Answer.objects.create(response=response, question=question, text=text)
    return response


def test_a_control_character_in_an_answer_leaves_csv_and_xlsx_exports_working(
    editor_client, consultation
):
    # Stored before input was cleaned (or by any other way in): the export must still work.
    _submitted_with(consultation, STORED_CONTROL)
    data = editor_client.get(reverse("feedback_admin:export", args=[consultation.pk, "xlsx"]))
    assert data.status_code == 200
    values = [cell.value for cell in load_workbook(io.BytesIO(data.content)).active[2]]
    assert "Bad news[31m in red" in values
    body = editor_client.get(reverse("feedback_admin:export", args=[consultation.pk, "csv"]))
    assert body.status_code == 200
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert "Bad news[31m in red" in rows[1]


def test_control_characters_are_stripped_from_a_typed_paper_response(editor_client, consultation):
    free = questions_for(consultation=consultation)[3]
    page = editor_client.get(reverse("feedback_admin:enter", args=[consultation.pk]))
    form = page.context["form"]
    data = {
        name: field.initial() if callable(field.initial) else (field.initial or "")
        for name, field in form.fields.items()
    }
    data.update({"capacity": "resident", f"q_{free.pk}": CONTROL})
    from feedback.forms import OfflineResponseForm

    bound = OfflineResponseForm(data)
    bound.is_valid()
    assert all(
        "\x01" not in str(value) and "\x1b" not in str(value)
        for value in bound.cleaned_data.values()
    )


def test_imported_cells_lose_their_control_characters():
    header, rows = importing.read_table(f"Notes\n{CONTROL}\n".encode(), "r.csv")
    assert rows == [["Bad news[31m in red"]]


def _xlsx(columns, rows=1):
    workbook = Workbook()
    sheet = workbook.active
    for row in range(rows + 1):
        sheet.cell(row=row + 1, column=columns, value="x")
        sheet.cell(row=row + 1, column=1, value="a")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_thousands_of_columns_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(importing.ImportFileError, match="more than 200 columns"):
        importing.read_table(_xlsx(16_384), "bomb.xlsx")
    assert time.monotonic() - started < 5


def test_a_csv_with_thousands_of_columns_is_refused():
    wide = ",".join(["x"] * 20_000).encode()
    with pytest.raises(importing.ImportFileError, match="more than 200 columns"):
        importing.read_table(wide + b"\n" + wide + b"\n", "wide.csv")


@pytest.mark.parametrize("size", [importing.MAX_CELL_CHARACTERS + 1, 200 * 1024])
def test_a_huge_cell_is_refused_with_a_message_not_a_server_error(size):
    content = b"Notes\n" + b"x" * size + b"\n"
    with pytest.raises(importing.ImportFileError):
        importing.read_table(content, "big.csv")


def test_the_upload_page_says_why_a_huge_cell_is_refused(editor_client, consultation):
    url = reverse("feedback_admin:import", args=[consultation.pk])
    file = SimpleUploadedFile("big.csv", b"Notes\n" + b"x" * 200 * 1024 + b"\n")
    page = editor_client.post(url, {"file": file})
    assert page.status_code == 200
    assert "not a readable CSV file" in page.content.decode()
    assert (
        not default_storage.exists(IMPORT_UPLOADS) or not default_storage.listdir(IMPORT_UPLOADS)[1]
    )


def test_abandoned_import_uploads_are_deleted_after_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save(f"{IMPORT_UPLOADS}/old", ContentFile(b"a,b\n"))
    new = default_storage.save(f"{IMPORT_UPLOADS}/new", ContentFile(b"a,b\n"))
    day_ago = (timezone.now() - timedelta(days=1, minutes=5)).timestamp()
    os.utime(default_storage.path(old), (day_ago, day_ago))
    assert delete_abandoned_imports.call() == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
