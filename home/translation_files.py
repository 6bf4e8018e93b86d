"""Translators' PO files, uploaded in the admin: checked whole before anything is saved.

wagtail-localize imports a PO file string by string and keeps a string whose links or tags are
broken (flagging it for later), and fails with a server error when the page has gone or the file
has no translation id. Here a file is refused with a message saying why, and is imported in one
transaction only when every string in it is sound.
"""

import re
from dataclasses import dataclass

import polib
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail_localize.models import Translation
from wagtail_localize.strings import StringValue, extract_ids

# Placeholders a translation must keep exactly: %(name)s, %s and {name}.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|\{[A-Za-z_][A-Za-z0-9_]*\}")
TRANSLATION_ID = "X-WagtailLocalize-TranslationID"
# Shown for at most this many broken strings; the count says how many more.
ERRORS_SHOWN = 5


class TranslationFileError(Exception):
    """A PO file that cannot be imported; the message says why, for the translator."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    translation: Translation
    strings: int


def translation_for_upload(*, translation_id):
    """The translation a file is uploaded to, with its source and target still there."""
    translation = (
        Translation.objects.select_related("source", "target_locale")
        .filter(pk=translation_id)
        .first()
    )
    gone = _(
        "This translation no longer exists: the page or item it was for has been deleted. "
        "Nothing was imported."
    )
    if translation is None:
        raise TranslationFileError(gone)
    try:
        translation.source.get_source_instance()
        translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise TranslationFileError(gone) from error
    return translation


def po_file_read(content):
    """A polib file from uploaded bytes (never from a file name the upload might contain)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TranslationFileError(_("The file is not a PO file in UTF-8.")) from error
    if not text.strip():
        raise TranslationFileError(_("The file is empty."))
    if "\n" not in text.strip():
        # polib reads a one-line argument naming an existing file *as a file name*: an upload
        # saying "/etc/passwd" must not be read from disk.
        raise TranslationFileError(_("The file is not a valid PO file."))
    try:
        return polib.pofile(text)
    except (OSError, ValueError) as error:
        raise TranslationFileError(_("The file is not a valid PO file.")) from error


def _string_problem(msgid, msgstr):
    """Why a translated string cannot be used, or None."""
    try:
        StringValue.from_translated_html(msgstr)
    except ValueError as error:
        return str(error)
    source_ids, translated_ids = extract_ids(msgid), extract_ids(msgstr)
    if source_ids != translated_ids:
        return _("its links must keep the ids %(expected)s (found %(found)s)") % {
            "expected": ", ".join(sorted(source_ids)) or "-",
            "found": ", ".join(sorted(translated_ids)) or "-",
        }
    return placeholder_problem(msgid, msgstr)


def placeholder_problem(msgid, msgstr):
    """Why a translation's placeholders differ from its source's, or None."""
    if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr)):
        return _("its placeholders must be %(expected)s (found %(found)s)") % {
            "expected": " ".join(sorted(PLACEHOLDER.findall(msgid))) or "-",
            "found": " ".join(sorted(PLACEHOLDER.findall(msgstr))) or "-",
        }
    return None


def line_problem(entry, problem):
    """“Line 12 (“Read our plan first.”): <problem>.” for a PO entry."""
    return _("Line %(line)s (“%(text)s”): %(problem)s.") % {
        "line": entry.linenum,
        "text": entry.msgid[:60],
        "problem": problem,
    }


def refusal_message(problems):
    """“Nothing was imported.” and the first few problems, with how many more there are."""
    shown = problems[:ERRORS_SHOWN]
    more = len(problems) - len(shown)
    message = _("Nothing was imported. ") + " ".join(shown)
    if more:
        message += " " + _("And %(count)s more.") % {"count": more}
    return message


def po_file_problems(*, translation, po):
    """Every reason a PO file cannot be imported into a translation (empty when it can)."""
    file_id = po.metadata.get(TRANSLATION_ID)
    if not file_id:
        return [
            _(
                "The file does not say which translation it belongs to (no %(header)s line): "
                "download the PO file again from this translation."
            )
            % {"header": TRANSLATION_ID}
        ]
    if file_id != str(translation.uuid):
        return [
            _(
                "The file was made for another translation (or for a page that has since been "
                "deleted): download the PO file again from this translation."
            )
        ]
    problems = []
    for entry in po:
        if not entry.msgstr:
            continue
        problem = _string_problem(entry.msgid, entry.msgstr)
        if problem:
            problems.append(line_problem(entry, problem))
    return problems


def po_file_import(*, translation, content, user):
    """Import an uploaded PO file into a translation: every string or none.

    Raises TranslationFileError, with everything wrong with the file, when any string is
    broken; nothing is saved then.
    """
    po = po_file_read(content)
    problems = po_file_problems(translation=translation, po=po)
    if problems:
        raise TranslationFileError(refusal_message(problems))
    with transaction.atomic():
        translation.import_po(po, user=user, tool_name="PO File")
    return ImportResult(translation=translation, strings=sum(1 for entry in po if entry.msgstr))
