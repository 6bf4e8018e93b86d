"""Values made safe to open in a spreadsheet: the one place CSV and XLSX exports neutralise cells.

A spreadsheet program runs a cell whose text starts with "=", "+", "-" or "@" (and, in some,
a tab or carriage return) as a formula, so text typed by the public, such as
``=HYPERLINK("http://evil.example", "Click")``, could run or leak data when an officer opens an
export ("CSV" or "formula" injection). Such text gets a leading apostrophe, which shows it as
plain text. Numbers are left as numbers: they are never formulas, and a negative number must
stay a number. HTML needs nothing: a spreadsheet shows it as the characters typed.
"""

from decimal import Decimal

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
    # openpyxl refuses most control characters (IllegalCharacterError): one in any answer
    # would make the whole export fail, for every officer.
    text = strip_control_characters(str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def spreadsheet_row(values):
    """`spreadsheet_cell` applied to every value of a row."""
    return [spreadsheet_cell(value) for value in values]
