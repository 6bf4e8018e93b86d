"""Uploaded documents and images are checked for type, size and contents."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from engage.uploads import validate_upload

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX_BYTES = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT_BYTES = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", PDF_BYTES),
        ("summary.docx", DOCX_BYTES),
        ("figures.xlsx", XLSX_BYTES),
        ("notes.odt", ODT_BYTES),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}"),
        ("answers.csv", "name,answer\nA,Café très bien\n".encode()),
        ("readme.txt", b"Plain words only.\n"),
    ],
)
def test_validate_upload_accepts_files_whose_contents_match_their_extension(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("program.exe", b"MZ\x90\x00", "file_type"),
        ("page.html", b"<html></html>", "file_type"),
        ("fake.pdf", b"MZ\x90\x00 this is an executable", "file_content"),
        ("fake.docx", PDF_BYTES, "file_content"),
        ("zip-not-office.docx", _zip({"evil.sh": "rm -rf /"}), "file_content"),
        ("fake.xlsx", DOCX_BYTES, "file_content"),
        ("fake.odt", _zip({"mimetype": "application/zip"}), "file_content"),
        ("page.txt", b"<!DOCTYPE html><script>alert(1)</script>", "file_content"),
        ("binary.csv", b"\x00\x01\x02\x03", "file_content"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_validate_upload_refuses_wrong_types_and_disguised_contents(name, content, code):
    with pytest.raises(ValidationError) as raised:
        validate_upload(SimpleUploadedFile(name, content))
    assert raised.value.code == code


def test_validate_upload_refuses_files_over_the_size_limit(settings):
    settings.ENGAGE_MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError) as raised:
        validate_upload(big)
    assert raised.value.code == "file_size"
    assert "1.0\xa0KB" in raised.value.messages[0]


@pytest.mark.django_db
def test_admin_document_upload_rejects_a_disguised_file_and_stores_nothing(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Proposal",
            "file": SimpleUploadedFile("proposal.pdf", b"MZ\x90\x00 not a pdf"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_admin_document_upload_accepts_a_real_pdf(client, make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Proposal",
            "file": SimpleUploadedFile("proposal.pdf", PDF_BYTES),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Proposal"


@pytest.mark.django_db
def test_admin_multiple_document_upload_rejects_a_disguised_file(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("proposal.docx", PDF_BYTES), "collection": 1},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_admin_image_upload_rejects_text_named_as_an_image(client, make_user):
    client.force_login(make_user("admin@example.org", superuser=True))
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Logo",
            "file": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
