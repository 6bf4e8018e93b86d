"""Open data downloads of a consultation's results: CSV, JSON, a data dictionary, a licence.

The figures are exactly those of the API's results (``selectors.consultation_results``): one
builder, so no download can differ from the API and give away a hidden count by subtraction.
"""

import csv
import io

from django.utils.translation import gettext_lazy as _

from engage.spreadsheets import spreadsheet_row

COLUMNS = [
    ("table", _("“responses”, “question” (a closed question’s options) or “theme”.")),
    ("question_number", _("The question’s number in the questionnaire (questions only).")),
    ("question", _("The question asked, or the theme’s name.")),
    ("label", _("The option chosen; “total” for the number of people in the table.")),
    (
        "count",
        _("How many people; empty when hidden by the small-number rule (see status)."),
    ),
    ("percentage", _("Share of the people who answered the question, 0-100 (options only).")),
    (
        "status",
        _(
            "“shown”; “small” for fewer than 5 people; “withheld” for a larger figure hidden "
            "so that a small one cannot be worked out."
        ),
    ),
    ("display", _("The count as printed: the number, “fewer than 5” or “withheld”.")),
    ("description", _("The theme’s description (themes only).")),
]


def data_dictionary():
    """[{column, description}] for the CSV download (the JSON uses the same names)."""
    return [{"column": name, "description": str(text)} for name, text in COLUMNS]


def result_rows(results):
    """The results as flat rows, one per published figure, in the CSV's columns."""
    responses = results["responses"]
    yield {
        "table": "responses",
        "label": "total",
        "count": responses["count"],
        "status": responses["status"],
        "display": responses["display"],
    }
    for question in results["questions"]:
        base = {"table": "question", "question_number": question["number"]}
        base["question"] = question["text"]
        yield {**base, "label": "total", **_count(question["answered"])}
        for option in question["options"]:
            yield {
                **base,
                "label": option["label"],
                "percentage": option["percentage"],
                **_count(option),
            }
    themes = results["themes"]
    for theme in themes["themes"]:
        yield {
            "table": "theme",
            "question": theme["name"],
            "label": "respondents",
            "count": theme["n"],
            "status": theme["n_status"],
            "display": theme["n_display"],
            "description": theme["description"],
        }
    if themes["themes"]:
        yield {"table": "theme", "label": "total", **_count(themes["respondents"])}


def _count(cell):
    return {"count": cell["count"], "status": cell["status"], "display": cell["display"]}


def results_csv(results):
    """The results as CSV text, with formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = [name for name, _text in COLUMNS]
    writer.writerow(names)
    for row in result_rows(results):
        writer.writerow(spreadsheet_row(["" if row.get(n) is None else row.get(n) for n in names]))
    return buffer.getvalue()


def data_dictionary_csv():
    """The data dictionary as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["column", "description"])
    for row in data_dictionary():
        writer.writerow([row["column"], row["description"]])
    return buffer.getvalue()
