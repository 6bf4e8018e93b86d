"""Exporting responses to CSV and XLSX, with formula-like cells neutralised."""

import csv
import io

from django.utils.translation import gettext as _

from engage.spreadsheets import spreadsheet_row, xlsx_workbook
from feedback import conditions
from feedback.selectors import questionnaire_sections, questions_for, submitted_responses


def export_rows(*, consultation):
    """Header and one row per submitted response: about-you fields, then one column per question.

    Identity columns are always empty for anonymous responses (nothing is stored). A question
    the response's own answers skipped reads "(not asked)", not empty (see feedback.conditions).
    """
    questions = list(questions_for(consultation=consultation))
    sections = questionnaire_sections(consultation=consultation)
    not_asked = _("(not asked)")
    header = [
        "Reference",
        "Channel",
        "Submitted at",
        "Responding as",
        "Team or service",
        "On behalf of organisation",
        "Borough",
        "Locality",
        "PCN",
        "Consent to quote",
        "Anonymous",
        "Name",
        "Email",
        "Workshop",
        "Table or topic",
        "Demo data",
        *[question.text for question in questions],
    ]
    yield header
    responses = (
        submitted_responses(consultation=consultation)
        .select_related("event")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    for response in responses.iterator(chunk_size=500):
        stored = list(response.answers.all())
        answers = {answer.question_id: _answer_value(answer) for answer in stored}
        _sections, asked = conditions.asked(sections, conditions.answers_by_question(stored))
        yield [
            response.reference,
            response.get_channel_display(),
            response.submitted_at,
            response.get_capacity_display(),
            response.team_or_service,
            response.organisation_name if response.on_behalf_of_organisation else "",
            response.borough.name if response.borough else "",
            response.locality.name if response.locality else "",
            response.pcn.name if response.pcn else "",
            response.consent_to_quote,
            response.is_anonymous,
            "" if response.is_anonymous else response.respondent_name,
            "" if response.is_anonymous else response.respondent_email,
            response.event.title if response.event else "",
            response.table_or_topic,
            response.is_demo,
            *[
                answers.get(question.pk, "") if question.pk in asked else not_asked
                for question in questions
            ],
        ]


def _answer_value(answer):
    """A number answered on its own stays a number; anything else is the answer as read."""
    if answer.number is not None and not answer.choices and not answer.text:
        return answer.number
    return answer.display


def export_csv(*, consultation):
    """The export as CSV text (UTF-8 with a byte order mark so Excel reads accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in export_rows(consultation=consultation):
        writer.writerow(spreadsheet_row(row))
    return buffer.getvalue()


def export_xlsx(*, consultation):
    """The export as XLSX bytes: typed cells, and text stored as text, never as a formula."""
    rows = export_rows(consultation=consultation)
    return xlsx_workbook(title="Responses", header=next(rows), rows=rows)
