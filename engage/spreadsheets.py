"""Values made safe to open in a spreadsheet: the one place CSV and XLSX exports neutralise cells.

A spreadsheet program runs a CSV cell whose text starts with "=", "+", "-" or "@" (and, in
some, a tab or carriage return) as a formula, so text typed by the public, such as
``=HYPERLINK("http://evil.example", "Click")``, could run or leak data when an officer opens an
export ("CSV" or "formula" injection). In CSV such text gets a leading apostrophe, which shows it
as plain text. XLSX cells carry their type: a cell stored as text is never run as a formula, so
XLSX needs no apostrophe and a bulleted note reads "- Worried", not "'- Worried". Numbers are
left as numbers: they are never formulas, and a negative number must stay a number. HTML needs
nothing: a spreadsheet shows it as the characters typed.
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from engage.text import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """Return `value` ready for a CSV row or an openpyxl sheet.

    None becomes "", True/False become "yes"/"no", numbers stay numbers, everything else
    becomes text without control characters, with an apostrophe in front when it would start a
    formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    # openpyxl refuses most control characters (IllegalCharacterError): one in any answer
    # would make the whole export fail, for every officer.
    text = strip_control_characters(str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def spreadsheet_row(values):
    """`spreadsheet_cell` applied to every value of a row."""
    return [spreadsheet_cell(value) for value in values]


def _local(moment):
    """A datetime in the site's time zone, without the zone (spreadsheets hold no zones)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
# Column widths, in characters: wide enough to read a heading, not so wide a note fills a screen.
MIN_WIDTH, MAX_WIDTH = 8, 60
# Widths are judged on the first rows only, so a large export is not read twice.
WIDTH_SAMPLE_ROWS = 200


def _xlsx_cell(sheet, value):
    """A typed write-only cell: dates as dates, numbers as numbers, everything else as text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool) or value is None:
        return spreadsheet_cell(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    cell = WriteOnlyCell(sheet, value=strip_control_characters(str(value)))
    # openpyxl reads text starting with "=" as a formula; stored as a string it is only text.
    cell.data_type = "s"
    return cell


def _width(value):
    if isinstance(value, datetime):
        return 16
    text = spreadsheet_cell(value)
    longest_line = max((len(line) for line in str(text).splitlines()), default=0)
    return longest_line


def xlsx_workbook(*, title, header, rows):
    """An XLSX file (bytes) of one sheet: a bold, frozen header with a filter, sensible column
    widths, and typed cells (see `_xlsx_cell`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = list(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, heading in enumerate(header, start=1):
        sample = [_width(row[index - 1]) for row in rows[:WIDTH_SAMPLE_ROWS]]
        width = max([len(str(heading)), *sample])
        sheet.column_dimensions[get_column_letter(index)].width = (
            min(max(width, MIN_WIDTH), MAX_WIDTH) + 2
        )
    sheet.freeze_panes = "A2"
    heading_cells = []
    for heading in header:
        cell = _xlsx_cell(sheet, str(heading))
        cell.font = Font(bold=True)
        heading_cells.append(cell)
    sheet.append(heading_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    last_column = get_column_letter(max(len(header), 1))
    sheet.auto_filter.ref = f"A1:{last_column}{len(rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
