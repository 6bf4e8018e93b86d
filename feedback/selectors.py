"""Reads of questionnaires, responses and summaries; counts are computed in the database."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Locality
from consultations.selectors import locality_labels
from engage import access
from feedback import conditions, equality
from feedback.analysis import suppression
from feedback.analysis.language import ENGLISH, language_name
from feedback.models import (
    AWAITING_TRANSLATION,
    CAPACITIES_BY_AUDIENCE,
    Answer,
    Capacity,
    EqualityMonitoring,
    Question,
    Response,
    SafeguardingAlert,
)


class ProtectedRows(list):
    """Table rows after the suppression rule; `withheld` when no row may be printed at all."""

    withheld = False


def protected_rows(rows, *, total=None, additive=True, hide_zero=False):
    """Apply the one suppression rule (`feedback.analysis.suppression`) to table rows.

    `rows` are dicts with a "count"; each comes back with "status" (shown, small, withheld),
    "suppressed" (bool) and "display" (the number, "fewer than 5" or "withheld"), and with
    "count" and any "percentage" set to None when hidden. `total` is the number of people the
    table counts when it is published anywhere (default: the rows' sum); `additive` is False
    for tables whose rows do not add up to anything known (multiple-choice answers), where
    only small cells are hidden.
    """
    rows = [dict(row) for row in rows]
    counts = {index: row["count"] or 0 for index, row in enumerate(rows)}
    if additive:
        table = suppression.protect(counts, total=total, hide_zero=hide_zero)
    else:
        table = suppression.protect_each(counts, hide_zero=hide_zero)
    result = ProtectedRows()
    result.withheld = table.withheld
    for index, cell in table:
        row = rows[index]
        row["status"] = str(cell.status)
        row["suppressed"] = cell.hidden
        if cell.hidden:
            row["count"] = None
            row["display"] = gettext(cell.label)
            if "percentage" in row:
                row["percentage"] = None
        else:
            row["display"] = f"{cell.count:,}"
        result.append(row)
    return result


def _protected_cell(cell):
    """One figure of a protected cross-table, as the report prints it."""
    return {
        "count": None if cell.hidden else cell.count,
        "status": str(cell.status),
        "suppressed": cell.hidden,
        "display": gettext(cell.label) if cell.hidden else f"{cell.count:,}",
        "percentage": None,
    }


def protected_grid(counts, *, rows, columns, row_totals, column_totals=True, hide_zero=False):
    """Apply the one suppression rule to a cross-table (`suppression.protect_grid`): rows add
    up to `row_totals` (printed); the column totals and the grand total are printed too unless
    `column_totals` is False.

    Returns {"cells": {(row, column): cell}, "row_totals": {row: cell}, "column_totals":
    {column: cell}, "total": cell, "withheld": bool, "column_totals": bool, "left_out": rows
    that cannot be printed at all}; each cell is a dict with "count" (None when hidden),
    "status", "suppressed", "display" and "percentage" (None).
    """
    grid = suppression.protect_grid(
        counts,
        rows=rows,
        columns=columns,
        row_totals=row_totals,
        column_totals=column_totals,
        hide_zero=hide_zero,
    )
    return {
        "cells": {key: _protected_cell(cell) for key, cell in grid.cells.items()},
        "row_totals": {key: _protected_cell(cell) for key, cell in grid.row_totals.items()},
        "column_totals": {key: _protected_cell(cell) for key, cell in grid.column_totals.items()},
        "total": _protected_cell(grid.total),
        "withheld": grid.withheld,
        "column_totals_printed": grid.column_totals_printed,
        "left_out": set(grid.left_out),
    }


def suppressed_label():
    """What a group too small to show reads as ("fewer than 5"), translated."""
    return gettext(suppression.LABEL)


def table_withheld_note():
    """The sentence printed instead of a table too small to show at all, translated."""
    return gettext(suppression.TABLE_WITHHELD)


def suppression_note():
    """One sentence on the small-number rule, for a table's footnote or a method note."""
    return gettext(suppression.NOTE)


# Fields officers, themes and reports may break responses down by.
COUNTABLE_FIELDS = {
    "channel",
    "capacity",
    "team_or_service",
    "on_behalf_of_organisation",
    "organisation_name",
    "is_anonymous",
    "consent_to_quote",
    "safeguarding_flagged",
    "borough__name",
    "locality__name",
    "pcn__name",
    "event__title",
}


def capacities_expected(*, consultation):
    """The capacities a consultation's audience is meant to reach, as (value, label) pairs.

    Staff consultations expect staff groups, public ones residents, service users, carers and
    organisations, "staff and residents" both; an unknown audience expects every group.
    """
    expected = CAPACITIES_BY_AUDIENCE.get(consultation.audience)
    return [
        (value, label)
        for value, label in Capacity.choices
        if (value in expected if expected else value != Capacity.OTHER)
    ]


def submitted_responses(*, consultation):
    """Submitted (not draft, not withdrawn) responses to a consultation, newest first."""
    return (
        Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED)
        .select_related("borough", "locality", "pcn")
        .order_by("-submitted_at", "-pk")
    )


def free_text_answers(*, consultation):
    """Non-empty answers to text questions in submitted responses, with their response."""
    return (
        Answer.objects.filter(
            response__consultation=consultation,
            response__status=Response.Status.SUBMITTED,
            question__kind__in=Question.TEXT_KINDS,
        )
        .exclude(text="")
        .select_related("response", "question")
        .order_by("response__submitted_at", "response_id", "question__sort_order", "pk")
    )


def free_text_answer_count(*, consultation):
    """How many free-text answers with some text submitted responses have (from an index)."""
    return (
        Answer.objects.filter(
            question__in=questions_for(consultation=consultation)
            .filter(kind__in=Question.TEXT_KINDS)
            .values("pk")
        )
        .exclude(text="")
        .exclude(response__in=uncounted_responses(consultation=consultation))
        .count()
    )


def questions_for(*, consultation):
    """The questionnaire's questions in the order asked (section, then question)."""
    return Question.objects.filter(section__questionnaire__consultation=consultation).order_by(
        "section__sort_order", "section_id", "sort_order", "pk"
    )


# Fields counted together by `response_breakdowns` (one grouped query, one covering index).
BREAKDOWN_FIELDS = ("channel", "capacity", "borough__name", "locality__name")


def counted_responses(*, consultation):
    """Submitted responses to a consultation as an unordered queryset, for counting."""
    return Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED)


def uncounted_responses(*, consultation):
    """Ids of a consultation's responses that do not count (drafts and withdrawn), for NOT IN.

    Excluding these few is much cheaper than joining every answer to its response.
    """
    # Listed rather than "not submitted", so the database seeks each status in its index.
    statuses = [status for status in Response.Status.values if status != Response.Status.SUBMITTED]
    return Response.objects.filter(consultation=consultation, status__in=statuses).values("pk")


def _column(field):
    """The column to group by for a countable field: related names are grouped by their id."""
    relation, _sep, attribute = field.partition("__")
    if attribute:
        return relation, Response._meta.get_field(relation).related_model, attribute
    return field, None, None


def _label_rows(field, counts):
    """Rows ``{"value", "label", "count"}`` for one field from {raw value: count}, largest first
    and "Not given" last (it is not a group, however many left the field empty)."""
    column, related_model, attribute = _column(field)
    names = {}
    if related_model is not None:
        ids = [value for value in counts if value is not None]
        if related_model is Locality:
            # Localities of the same name in different boroughs stay apart: "North (Ealing)".
            names = locality_labels(ids=ids)
        else:
            names = dict(related_model.objects.filter(pk__in=ids).values_list("pk", attribute))
        merged = {}
        for value, count in counts.items():
            name = names.get(value)
            merged[name] = merged.get(name, 0) + count
        counts = merged
    labels = {}
    try:
        model_field = Response._meta.get_field(column)
        labels = {str(value): label for value, label in (model_field.choices or [])}
    except FieldDoesNotExist:
        pass
    result = []
    for value, count in counts.items():
        if value in (None, ""):
            label = str(_("Not given"))
        elif isinstance(value, bool):
            label = str(_("Yes") if value else _("No"))
        else:
            label = str(labels.get(str(value), value))
        result.append({"value": value, "label": label, "count": count})
    result.sort(key=lambda row: (row["value"] in (None, ""), -row["count"], str(row["value"])))
    return result


def response_counts_by(*, consultation, field):
    """Counts of submitted responses grouped by one field, largest first.

    Returns a list of ``{"value", "label", "count"}``; ``label`` is the human label for choice
    fields and "Not given" for empty values. Related fields (``borough__name``) are grouped by
    their id in the database and named afterwards, so no join is made per response.
    """
    if field not in COUNTABLE_FIELDS:
        raise ValueError(f"Cannot count responses by {field!r}.")
    column, _model, _attribute = _column(field)
    rows = (
        counted_responses(consultation=consultation)
        .values_list(column)
        .annotate(count=Count("pk"))
        .order_by()
    )
    return _label_rows(field, dict(rows))


def response_breakdowns(*, consultation, fields=BREAKDOWN_FIELDS):
    """``{field: rows}`` as `response_counts_by` gives, for several fields from one query.

    The database groups by all the fields at once (a few hundred groups at most: channels x
    capacities x places), read from one covering index; the totals per field are added up here.
    """
    for field in fields:
        if field not in COUNTABLE_FIELDS:
            raise ValueError(f"Cannot count responses by {field!r}.")
    columns = [_column(field)[0] for field in fields]
    rows = (
        counted_responses(consultation=consultation)
        .values_list(*columns)
        .annotate(count=Count("pk"))
        .order_by()
    )
    totals = {field: {} for field in fields}
    for *values, count in rows:
        for field, value in zip(fields, values, strict=True):
            totals[field][value] = totals[field].get(value, 0) + count
    return {field: _label_rows(field, totals[field]) for field in fields}


def _percentage(count, total):
    return round(100 * count / total, 1) if total else 0.0


def _chosen(choices):
    """The distinct options in a stored answer (a list; anything else counts as one option)."""
    if choices in (None, "", [], ()):
        return set()
    if not isinstance(choices, list | tuple):
        choices = [choices]
    return {str(choice) for choice in choices}


def _summarise(question, grouped, others):
    """One question's summary from its grouped answers.

    ``grouped`` maps each distinct list of choices to how many answers gave it; ``others``
    maps the same to how many of those also wrote an "other" answer.
    """
    options = question.options()
    counts = dict.fromkeys(options, 0)
    answered = other = 0
    for choices, count in grouped.items():
        chosen = _chosen(choices)
        if chosen:
            answered += count
        for option in chosen & counts.keys():
            counts[option] += count
    for choices, count in others.items():
        other += count
        if not _chosen(choices):
            answered += count  # only "other, please say" was given
    rows = [
        {
            "label": option,
            "count": counts[option],
            "percentage": _percentage(counts[option], answered),
        }
        for option in options
    ]
    if question.allow_other:
        rows.append(
            {"label": str(_("Other")), "count": other, "percentage": _percentage(other, answered)}
        )
    return {"question": question, "answered": answered, "options": rows}


def _grouped_choices(*, consultation, questions):
    """{question id: {choices: answers}} for submitted answers, grouped in the database.

    Answers are grouped by their whole list of choices (read from a covering index), so the
    database returns one row per distinct combination, however many answers there are.
    """
    rows = (
        Answer.objects.filter(question__in=questions)
        .exclude(response__in=uncounted_responses(consultation=consultation))
        .values_list("question_id", "choices")
        .annotate(count=Count("pk"))
        .order_by()
    )
    grouped = {}
    for question_id, choices, count in rows:
        key = tuple(choices) if isinstance(choices, list) else choices
        bucket = grouped.setdefault(question_id, {})
        bucket[key] = bucket.get(key, 0) + count
    return grouped


def _grouped_others(*, consultation, questions):
    """{question id: {choices: answers with "other" text}} for questions that allow other."""
    questions = [question for question in questions if question.allow_other]
    if not questions:
        return {}
    rows = (
        Answer.objects.filter(question__in=questions)
        .exclude(text="")
        .exclude(response__in=uncounted_responses(consultation=consultation))
        .values_list("question_id", "choices")
        .annotate(count=Count("pk"))
        .order_by()
    )
    grouped = {}
    for question_id, choices, count in rows:
        key = tuple(choices) if isinstance(choices, list) else choices
        bucket = grouped.setdefault(question_id, {})
        bucket[key] = bucket.get(key, 0) + count
    return grouped


def question_summary(*, question):
    """Counts and percentages for one closed question, computed with database aggregation.

    Percentages are of the submitted responses that answered the question (chose an option or
    wrote an "other" answer); for multiple choice they can add up to more than 100.
    """
    consultation = question.section.questionnaire.consultation_id
    grouped = _grouped_choices(consultation=consultation, questions=[question])
    others = _grouped_others(consultation=consultation, questions=[question])
    return _summarise(question, grouped.get(question.pk, {}), others.get(question.pk, {}))


def protected_options(summary):
    """A question summary's options under the suppression rule (for any table that prints
    them). A multiple-choice question's options overlap, so they add up to nothing known."""
    return protected_rows(
        summary["options"],
        total=summary["answered"],
        additive=summary["question"].kind != Question.Kind.MULTIPLE_CHOICE,
    )


def question_summaries(*, consultation):
    """A summary (options with count and percentage) for each closed question, in order.

    A fixed number of queries however many responses there are: one count, the questions,
    one grouped query for all the questions' choices and one for their "other" answers.
    A question asked only after some answers (skip logic) says so in "condition", and its
    "not_answered" counts only the people who were asked it.
    """
    total = counted_responses(consultation=consultation).count()
    questions = list(
        questions_for(consultation=consultation)
        .filter(kind__in=Question.CLOSED_KINDS)
        .select_related("section", "shown_if", "section__shown_if")
    )
    if not questions:
        return []
    # Controlling questions are closed, so their answers are grouped with the rest.
    grouped = _grouped_choices(consultation=consultation, questions=questions)
    others = _grouped_others(consultation=consultation, questions=questions)
    summaries = []
    for question in questions:
        summary = _summarise(question, grouped.get(question.pk, {}), others.get(question.pk, {}))
        rule = conditions.governing(question)
        asked = conditions.asked_count(rule, grouped.get(rule.shown_if_id, {})) if rule else total
        summary["condition"] = str(rule.condition_text) if rule else ""
        summary["asked"] = asked
        summary["not_answered"] = max(asked - summary["answered"], 0)
        summaries.append(summary)
    return summaries


def equality_summary(*, consultation):
    """Counts per equality category, with any group under 5 shown only as "fewer than 5".

    One grouped query per question, each read in order from its own (consultation, field)
    index. Returns ``{"total", "total_display", "questions": [{"field", "question", "rows"}]}``.
    """
    queryset = EqualityMonitoring.objects.filter(consultation=consultation)
    total = queryset.count()
    questions = []
    for field, (question_text, options) in equality.QUESTIONS.items():
        counts = (
            dict(
                queryset.filter(**{f"{field}__gt": ""})
                .values_list(field)
                .annotate(count=Count("*"))
                .order_by()
            )
            if total
            else {}
        )
        rows = [
            {"value": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in options
        ]
        rows.append(
            {
                "value": "",
                "label": str(_("Not answered")),
                "count": total - sum(counts.values()),
            }
        )
        # Every form answers every question (blank is "not answered"), so each table adds up
        # to the forms returned. Zeros are hidden too (as they always were for equality data):
        # they identify nobody, and they leave a reader unsure where a small group is.
        questions.append(
            {
                "field": field,
                "question": str(question_text),
                "rows": protected_rows(rows, total=total, hide_zero=True),
            }
        )
    small_total = suppression.is_small(total)  # none at all is said plainly
    return {
        "total": None if small_total else total,
        "total_display": suppressed_label() if small_total else str(total),
        "questions": questions,
    }


def controlling_questions(*, questionnaire_id, before_section=None):
    """The questions that may decide whether a question or section is asked (skip logic): the
    single-choice and yes/no questions of this questionnaire in sections before `before_section`.

    A section not saved yet is added last, so every saved section comes before it; the rule
    itself is `conditions.problems`.
    """
    from feedback.question_kinds import CONTROLLING_KINDS

    if questionnaire_id is None:
        return Question.objects.none()
    questions = Question.objects.filter(
        section__questionnaire_id=questionnaire_id, kind__in=CONTROLLING_KINDS
    )
    if before_section is not None and before_section.pk and before_section.sort_order is not None:
        questions = questions.filter(section__sort_order__lt=before_section.sort_order)
    return questions.select_related("section").order_by("section__sort_order", "sort_order", "pk")


def questionnaire_sections(*, consultation):
    """The sections of a consultation's questionnaire with their questions, in order."""
    from django.db.models import Prefetch

    from feedback.models import QuestionSection

    return list(
        QuestionSection.objects.filter(questionnaire__consultation=consultation)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("sort_order", "pk"))
        )
    )


def response_steps(*, response, sections):
    """(the section numbers this response is asked, in order, with the "about you" section
    last; ids of the questions it is asked), from its stored answers (see conditions)."""
    asked_sections, asked_questions = conditions.asked(
        sections, conditions.answers_by_question(response.answers.all())
    )
    numbers = [n for n, section in enumerate(sections, start=1) if section.pk in asked_sections]
    return [*numbers, len(sections) + 1], asked_questions


def response_answers_by_section(*, response, sections):
    """For a check-your-answers page: each section asked, with its number in the journey and
    (question, answer or None) for each question asked in it."""
    steps, asked = response_steps(response=response, sections=sections)
    answers = {answer.question_id: answer for answer in response.answers.all()}
    return [
        {
            "section": sections[number - 1],
            "number": number,
            "rows": [
                (question, answers.get(question.pk))
                for question in sections[number - 1].questions.all()
                if question.pk in asked
            ],
        }
        for number in steps[:-1]
    ]


def response_answers_in_order(*, response):
    """(question, answer or None) for each question the response was asked, in order.

    Questions its own answers skipped (see feedback.conditions) are left out.
    """
    answers = {answer.question_id: answer for answer in response.answers.all()}
    sections = questionnaire_sections(consultation=response.consultation)
    _sections, asked = conditions.asked(sections, conditions.answers_by_question(answers.values()))
    return [
        (question, answers.get(question.pk))
        for section in sections
        for question in section.questions.all()
        if question.pk in asked
    ]


def responses_visible_to(*, user):
    """Sent responses of the consultations the access policy lets this user see."""
    return access.filter_visible(Response.objects.exclude(status=Response.Status.DRAFT), user=user)


def workshop_notes_for(*, user, consultation):
    """The workshop notes of a consultation that `user` may correct or delete: every table's for
    Consultation editors, otherwise those they typed themselves. Oldest first, as typed."""
    notes = (
        Response.objects.filter(
            consultation=consultation,
            channel=Response.Channel.WORKSHOP,
            status=Response.Status.SUBMITTED,
        )
        .select_related("event", "entered_by")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "pk")
    )
    if access.is_consultation_editor(user):
        return notes
    return notes.filter(entered_by=user)


def response_neighbours(*, response, responses):
    """The responses just before and after `response` in `responses`, newest first as listed.

    Returns (newer, older); either is None at an end of the list. Two queries, whatever the
    list's length.
    """
    if response.submitted_at is None:
        return None, None
    sent = responses.exclude(submitted_at__isnull=True).exclude(pk=response.pk)
    when = response.submitted_at
    newer = (
        sent.filter(Q(submitted_at__gt=when) | Q(submitted_at=when, pk__gt=response.pk))
        .order_by("submitted_at", "pk")
        .only("pk", "reference")
        .first()
    )
    older = (
        sent.filter(Q(submitted_at__lt=when) | Q(submitted_at=when, pk__lt=response.pk))
        .order_by("-submitted_at", "-pk")
        .only("pk", "reference")
        .first()
    )
    return newer, older


def safeguarding_alerts_for_review():
    """Every alert, open ones first, then those already actioned; newest first within each."""
    return SafeguardingAlert.objects.select_related(
        "response__consultation", "actioned_by"
    ).order_by(
        # Status values sort "actioned" before "open" alphabetically, so rank them explicitly.
        Case(
            When(status=SafeguardingAlert.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-created_at",
        "-pk",
    )


# --- Languages and the translation queue -----------------------------------------------------

TRANSLATE_ANSWERS = "feedback.translate_answer"
NOT_DETECTED = "not_detected"


def awaiting_translation():
    """Free text in another language with no English rendering yet (a filter for answers)."""
    return AWAITING_TRANSLATION


def awaiting_translation_count(*, consultation):
    """How many submitted free-text answers wait for an English rendering (from an index,
    the way `free_text_answer_count` counts, so a large consultation costs no full scan)."""
    return (
        Answer.objects.filter(AWAITING_TRANSLATION)
        .filter(
            question__in=questions_for(consultation=consultation)
            .filter(kind__in=Question.TEXT_KINDS)
            .values("pk")
        )
        .exclude(response__in=uncounted_responses(consultation=consultation))
        .count()
    )


def answers_awaiting_translation(*, consultation):
    """The consultation's submitted free-text answers that wait for an English rendering."""
    return free_text_answers(consultation=consultation).filter(awaiting_translation())


def translation_queue(*, user, consultation=None, include_translated=False):
    """Answers in another language the access policy lets `user` translate, oldest first;
    only those still waiting unless `include_translated`."""
    answers = (
        Answer.objects.filter(
            response__status=Response.Status.SUBMITTED,
            question__kind__in=Question.TEXT_KINDS,
        )
        .exclude(text="")
        .exclude(language__in=["", ENGLISH])
    )
    if not include_translated:
        answers = answers.filter(text_in_english="")
    if consultation is not None:
        answers = answers.filter(response__consultation=consultation)
    answers = access.filter_visible(
        answers, user=user, perm=TRANSLATE_ANSWERS, path="response__consultation"
    )
    return answers.select_related("response__consultation", "question", "translated_by").order_by(
        "response__submitted_at", "pk"
    )


def answer_language_counts(*, consultation):
    """Rows ({value, label, count}) of the consultation's free-text answers per language, most
    first; answers not yet looked at read as "Not detected yet"."""
    # Read through the index of answers with text, the way `free_text_answer_count` counts.
    counts = (
        Answer.objects.filter(
            question__in=questions_for(consultation=consultation)
            .filter(kind__in=Question.TEXT_KINDS)
            .values("pk")
        )
        .exclude(text="")
        .exclude(response__in=uncounted_responses(consultation=consultation))
        .order_by()
        .values("language")
        .annotate(count=Count("pk"))
    )
    rows = [
        {
            "value": row["language"] or NOT_DETECTED,
            "label": language_name(row["language"]) if row["language"] else _("Not detected yet"),
            "count": row["count"],
        }
        for row in counts
    ]
    rows.sort(key=lambda row: (-row["count"], str(row["label"])))
    return rows
