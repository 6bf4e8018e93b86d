"""Importing responses from CSV or XLSX: read, map columns, validate every row, then store all.

A file with any bad row imports nothing; each bad row is reported with its number (as a
spreadsheet shows it: the header is row 1) and the reason.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from consultations.models import Borough, Locality, PrimaryCareNetwork
from engage import audit
from engage.audit import audit_record
from engage.text import strip_control_characters
from feedback import conditions
from feedback.models import Capacity
from feedback.question_kinds import FREE_TEXT_MAX_LENGTH, kind_of
from feedback.selectors import questionnaire_sections, questions_for
from feedback.services import response_create_offline

MAX_ROWS = 20_000
# Bounds on the work a file can ask for: a 3 KB workbook can declare 16,384 columns.
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 2 * FREE_TEXT_MAX_LENGTH
IGNORE = ""
TRUE_WORDS = {"yes", "y", "true", "1", "on"}
FALSE_WORDS = {"no", "n", "false", "0", "off", ""}

# Targets other than questions: the "about you" fields a column can fill.
ABOUT_TARGETS = {
    "capacity": _("Responding as (capacity)"),
    "team_or_service": _("Team or service"),
    "organisation_name": _("Organisation (on behalf of)"),
    "borough": _("Borough"),
    "locality": _("Locality"),
    "pcn": _("PCN"),
    "consent_to_quote": _("Consent to quote (yes/no)"),
    "is_anonymous": _("Anonymous (yes/no)"),
    "respondent_name": _("Name"),
    "respondent_email": _("Email"),
    "submitted_at": _("Date received"),
}


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, no header, too many rows)."""


def _no_rows_error():
    """A file with a header and nothing under it: refused, as importing 0 is not a success."""
    return ImportFileError(
        _("The file has a header row but no responses under it. Nothing was imported.")
    )


@dataclass
class ImportResult:
    """The outcome of validating (and, if clean, storing) a file."""

    rows: int = 0
    errors: list = field(default_factory=list)  # (row number, message)
    created: list = field(default_factory=list)

    @property
    def ok(self):
        """True when every row was valid."""
        return not self.errors


def _xlsx_rows(data):
    """The first sheet's rows, streamed (read-only) and cut at MAX_COLUMNS + 1 cells."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the same problem
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_column or 0) > MAX_COLUMNS:  # as the sheet declares it
            raise ImportFileError(
                _("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS}
            )
        # Ask for no more columns than we accept, whatever the sheet declares.
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as error:  # e.g. a field over the csv module's 128 KB limit
        raise ImportFileError(
            _("The file is not a readable CSV file: %(error)s") % {"error": error}
        ) from error


def _bounded(rows):
    """Rows without control characters and blank rows, refused past the limits."""
    table = []
    for row in rows:
        if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise ImportFileError(
                _("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS}
            )
        row = [strip_control_characters(cell) for cell in row[:MAX_COLUMNS]]
        if not any(cell.strip() for cell in row):
            continue
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in row):
            raise ImportFileError(
                _("Row %(row)s has a cell longer than %(max)s characters.")
                % {"row": len(table) + 1, "max": MAX_CELL_CHARACTERS}
            )
        table.append(row)
        if len(table) > MAX_ROWS + 1:
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return table


def read_table(uploaded, name):
    """Return (header, rows) from a CSV or XLSX file; cells are strings, within the limits."""
    data = uploaded.read() if hasattr(uploaded, "read") else uploaded
    rows = _xlsx_rows(data) if name.lower().endswith(".xlsx") else _csv_rows(data)
    table = _bounded(rows)
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) == 1:
        raise _no_rows_error()
    return _unique_names([cell.strip() for cell in table[0]]), table[1:]


def _unique_names(header):
    """Column names made unique, since columns are mapped by name: a repeated name (often
    "Comments" or "Other" in form exports) gets its column number, e.g. "Comments (column 3)"."""
    counts = {}
    for name in header:
        counts[name] = counts.get(name, 0) + 1
    seen = set()
    unique = []
    for number, name in enumerate(header, start=1):
        if counts[name] > 1 and name in seen:
            name = f"{name} ({_('column %(n)s') % {'n': number}})".strip()
        seen.add(name)
        unique.append(name)
    return unique


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_choices(consultation):
    """[(target, label)] a column can be mapped to: questions, then about-you fields."""
    choices = [(IGNORE, _("Do not import"))]
    choices += [(f"q:{q.pk}", q.text) for q in questions_for(consultation=consultation)]
    choices += [(name, str(label)) for name, label in ABOUT_TARGETS.items()]
    return choices


def guess_mapping(header, consultation):
    """Map each column whose name matches a question's text or a field name/label."""
    by_text = {}
    for value, label in target_choices(consultation):
        if value:
            by_text[str(label).strip().lower()] = value
            by_text[value.lower()] = value
    return {column: by_text.get(column.strip().lower(), IGNORE) for column in header}


def _bool(value):
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("'%(value)s' is not yes or no") % {"value": value})


def _match(value, options):
    lookup = {option.lower(): option for option in options}
    return lookup.get(value.strip().lower())


class _Validator:
    def __init__(self, consultation, mapping):
        self.questions = {f"q:{q.pk}": q for q in questions_for(consultation=consultation)}
        self.sections = questionnaire_sections(consultation=consultation)
        self.mapping = {column: target for column, target in mapping.items() if target}
        unknown = set(self.mapping.values()) - set(self.questions) - set(ABOUT_TARGETS)
        if unknown:
            raise ImportFileError(_("Unknown column targets: %(t)s") % {"t": ", ".join(unknown)})
        columns_by_target = {}
        for column, target in self.mapping.items():
            columns_by_target.setdefault(target, []).append(column)
        for target, columns in columns_by_target.items():
            if len(columns) > 1:
                # One column's values would silently replace the other's.
                raise ImportFileError(
                    _(
                        "More than one column goes to “%(target)s” (%(columns)s): "
                        "choose one of them."
                    )
                    % {
                        "columns": ", ".join(f"“{column}”" for column in columns),
                        "target": self._label(target),
                    }
                )
        self.boroughs = {b.name.lower(): b for b in Borough.objects.all()}
        self.localities = {loc.name.lower(): loc for loc in Locality.objects.all()}
        self.pcns = {p.name.lower(): p for p in PrimaryCareNetwork.objects.all()}
        self.capacities = {}
        for value, label in Capacity.choices:
            self.capacities[value] = value
            self.capacities[str(label).lower()] = value

    def _label(self, target):
        if target in self.questions:
            return self.questions[target].text
        return str(ABOUT_TARGETS[target])

    def row(self, cells, header):
        values, about, problems = {}, {"is_anonymous": True}, []
        for index, column in enumerate(header):
            target = self.mapping.get(column)
            if not target:
                continue
            raw = cells[index].strip() if index < len(cells) else ""
            try:
                if target in self.questions:
                    question = self.questions[target]
                    values[question] = self.answer(question, raw)
                else:
                    self.about(target, raw, about)
            except ValueError as error:
                problems.append(f"{column}: {error}")
        given = {
            question.pk: answer["choices"]
            for question, answer in values.items()
            if answer["text"] or answer["choices"]
        }
        _sections, asked = conditions.asked(self.sections, given)
        for question in self.questions.values():
            if question.pk not in asked:
                # Skipped by the row's own answers: an answer here was never asked for.
                if question.pk in given:
                    problems.append(
                        _("'%(q)s' is answered but not asked (%(rule)s)")
                        % {
                            "q": question.text,
                            "rule": conditions.describe(question)
                            or conditions.describe(question.section),
                        }
                    )
                continue
            if question.required and question.pk not in given:
                problems.append(_("'%(q)s' is required but empty") % {"q": question.text})
        if about.get("respondent_name") or about.get("respondent_email"):
            about.setdefault("is_anonymous", False)
        return values, about, problems

    def answer(self, question, raw):
        return kind_of(question).answer_from_cell(question, raw)

    def about(self, target, raw, about):
        if target == "capacity":
            if raw:
                value = self.capacities.get(raw.lower())
                if value is None:
                    raise ValueError(_("'%(v)s' is not a known capacity") % {"v": raw[:80]})
                about["capacity"] = value
        elif target in ("borough", "locality", "pcn"):
            if raw:
                table = {"borough": self.boroughs, "locality": self.localities, "pcn": self.pcns}
                found = table[target].get(raw.lower())
                if found is None:
                    raise ValueError(
                        _("'%(v)s' is not a known %(t)s") % {"v": raw[:80], "t": target}
                    )
                about[target] = found
        elif target == "consent_to_quote":
            # An empty cell is no answer, not "no" (see Response.consent_to_quote).
            about[target] = _bool(raw) if raw.strip() else None
        elif target == "is_anonymous":
            about[target] = _bool(raw)
        elif target == "organisation_name":
            about["organisation_name"] = raw[:200]
            about["on_behalf_of_organisation"] = bool(raw)
        elif target == "submitted_at":
            if raw:
                moment = parse_datetime(raw)
                if moment is None:
                    day = parse_date(raw[:10])
                    if day is None:
                        raise ValueError(
                            _("'%(v)s' is not a date (use YYYY-MM-DD)") % {"v": raw[:40]}
                        )
                    moment = datetime(day.year, day.month, day.day, 12)
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                about["submitted_at"] = moment
        elif target == "respondent_email":
            if raw and ("@" not in raw or len(raw) > 254):
                raise ValueError(_("'%(v)s' is not an email address") % {"v": raw[:80]})
            about["respondent_email"] = raw
            if raw:
                about["is_anonymous"] = False
        elif target == "respondent_name":
            about["respondent_name"] = raw[:150]
            if raw:
                about["is_anonymous"] = False
        else:  # team_or_service
            about[target] = raw[:200]


def import_responses(*, consultation, header, rows, mapping, entered_by=None, commit=True):
    """Validate every row; store them all only if every row is valid."""
    if not rows:
        # An empty import is not a success: the file is probably not the one meant.
        raise _no_rows_error()
    validator = _Validator(consultation, mapping)
    result = ImportResult(rows=len(rows))
    parsed = []
    for number, cells in enumerate(rows, start=2):
        values, about, problems = validator.row(cells, header)
        if problems:
            result.errors.append((number, "; ".join(problems)))
        parsed.append((values, about))
    if result.errors or not commit:
        return result
    with transaction.atomic():
        for values, about in parsed:
            result.created.append(
                response_create_offline(
                    consultation=consultation,
                    channel="import",
                    entered_by=entered_by,
                    values=values,
                    about=about,
                    received_on=(about.get("submitted_at") or timezone.now()).date(),
                    audited=False,
                )
            )
        audit_record(
            user=entered_by,
            action=audit.RESPONSE_CHANGE,
            obj=consultation,
            details={"change": "imported", "responses": len(result.created)},
            mirror=False,
        )
    return result
