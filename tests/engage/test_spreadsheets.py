"""The one function that makes exported cells safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from engage.spreadsheets import FORMULA_PREFIXES, spreadsheet_cell, spreadsheet_row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("=1+1", "'=1+1"),
        ("+44 1632 960000", "'+44 1632 960000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Jo Example", "Jo Example"),
        ("a = b", "a = b"),
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ("", ""),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (3, 3),
        (-1, -1),
        (2.5, 2.5),
        (Decimal("-12.50"), Decimal("-12.50")),
        (gettext_lazy("Yes"), "Yes"),
    ],
)
def test_spreadsheet_cell(value, expected):
    assert spreadsheet_cell(value) == expected


def test_text_never_starts_a_formula_whatever_it_starts_with():
    for prefix in FORMULA_PREFIXES:
        cell = spreadsheet_cell(prefix + "cmd|' /C calc'!A0")
        assert isinstance(cell, str)
        assert not cell.startswith(FORMULA_PREFIXES)


def test_a_row_written_as_csv_keeps_numbers_and_quotes_formulas():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(spreadsheet_row(["=1+1", Decimal("-4.20"), None, 7]))
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1+1", "-4.20", "", "7"]


def test_a_row_in_an_xlsx_sheet_has_no_formula_cells():
    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    workbook.active.append(spreadsheet_row(['=HYPERLINK("http://evil.example")', "@A1", 3]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [cell.data_type for cell in cells] == ["s", "s", "n"]
    assert cells[0].value == '\'=HYPERLINK("http://evil.example")'


def test_xlsx_workbook_types_its_cells_and_never_writes_a_formula():
    from datetime import date, datetime

    from openpyxl import load_workbook

    from engage.spreadsheets import xlsx_workbook

    data = xlsx_workbook(
        title="Sheet",
        header=["Text", "Formula-like", "When", "Day", "Count", "Money", "Flag", "Empty"],
        rows=[
            [
                "- Worried",
                "=1+1",
                datetime(2026, 3, 27, 9, 0),
                date(2026, 3, 27),
                3,
                Decimal("-4.20"),
                True,
                None,
            ]
        ],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    cells = sheet[2]
    assert [cell.data_type for cell in cells[:2]] == ["s", "s"]
    assert [cell.value for cell in cells[:2]] == ["- Worried", "=1+1"]
    assert cells[2].is_date and cells[2].value == datetime(2026, 3, 27, 9, 0)
    assert cells[3].is_date and cells[3].value.date() == date(2026, 3, 27)
    assert cells[4].value == 3 and cells[5].value == -4.2
    assert cells[6].value == "yes"
    assert cells[7].value is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H2"
