"""Checks for uploaded files: an allowed extension, a size limit, and contents that match.

A file's name can say anything, so the first bytes are compared with the signature of the
format its extension claims ("magic bytes"): a renamed executable or HTML page is refused.
Wagtail documents use this through ``DocumentForm`` (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE);
other upload forms (e.g. response imports) can call ``validate_upload`` in ``clean_<field>``.
"""

import os
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

PDF = b"%PDF-"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word / Excel
ZIP = b"PK\x03\x04"
RTF = b"{\\rtf"
SNIFF_BYTES = 8192
DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# Signatures that must never be accepted as text, whatever the extension says.
BINARY_SIGNATURES = (PDF, OLE2, ZIP, b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
# HTML served from our domain could run script; refuse it dressed up as text.
HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")

OOXML_MAIN_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def _read_head(file):
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(position)
    return head


def _zip_names(file):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return None, b""
    finally:
        file.seek(0)
    return names, mimetype.strip()


def _looks_like_text(head):
    if b"\x00" in head or head.startswith(BINARY_SIGNATURES):
        return False
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(HTML_MARKERS) or b"<script" in lowered:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text; else try cp1252,
        # which is what spreadsheets exported on Windows often use.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def content_matches_extension(file, extension):
    """True when the file's first bytes fit the format its extension names."""
    head = _read_head(file)
    extension = extension.lower()
    if extension == "pdf":
        # Some generators put a few bytes before the header; PDF readers accept up to 1 KB.
        return PDF in head[:1024]
    if extension in {"doc", "xls", "ppt"}:
        return head.startswith(OLE2)
    if extension == "rtf":
        return head.startswith(RTF)
    if extension in OOXML_MAIN_PART:
        if not head.startswith(ZIP):
            return False
        names, _mimetype = _zip_names(file)
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(name.startswith(OOXML_MAIN_PART[extension]) for name in names)
        )
    if extension in ODF_MIMETYPES:
        if not head.startswith(ZIP):
            return False
        names, mimetype = _zip_names(file)
        return bool(names) and mimetype == ODF_MIMETYPES[extension]
    if extension in {"txt", "csv"}:
        return _looks_like_text(head)
    return False  # an extension we have no signature for is not accepted


def max_upload_size():
    """The largest upload accepted, in bytes (settings.ENGAGE_MAX_UPLOAD_SIZE)."""
    return getattr(settings, "ENGAGE_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def validate_upload(file, *, allowed_extensions=None, max_size=None):
    """Raise ValidationError unless the upload is small enough, allowed and what it claims.

    ``allowed_extensions`` defaults to settings.WAGTAILDOCS_EXTENSIONS.
    """
    if file is None:
        return
    allowed = [
        extension.lower()
        for extension in (allowed_extensions or getattr(settings, "WAGTAILDOCS_EXTENSIONS", []))
    ]
    max_size = max_upload_size() if max_size is None else max_size
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or "?", "allowed": ", ".join(allowed)},
        )
    if file.size is not None and file.size > max_size:
        raise ValidationError(
            _("The file is %(size)s; the largest file you can upload is %(max)s."),
            code="file_size",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_size)},
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if not content_matches_extension(file, extension):
        raise ValidationError(
            _(
                "The file’s contents do not match its “.%(extension)s” name. "
                "Save it again in that format and upload it again."
            ),
            code="file_content",
            params={"extension": extension},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the size and content checks above."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_upload(file)
        return file


class UploadField(forms.FileField):
    """A form file field that applies ``validate_upload`` (for other apps' upload forms)."""

    def __init__(self, *args, allowed_extensions=None, max_size=None, **kwargs):
        self.allowed_extensions = allowed_extensions
        self.max_size = max_size
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            validate_upload(
                file, allowed_extensions=self.allowed_extensions, max_size=self.max_size
            )
        return file
