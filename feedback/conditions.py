"""Skip logic: the one rule for whether a question or a section is asked of a respondent.

A question or a section may carry a condition: "ask only when the answer to an earlier
single-choice or yes/no question is one of these options" (`shown_if` and
`shown_if_answers` on `Question` and `QuestionSection`). The rule, here and nowhere else:

- something without a condition is asked when its section is;
- something with a condition is asked when its controlling question was itself asked and
  its answer is one of the options given.

Answers to questions that were not asked are never stored and never required, so a
response's stored answers are enough to work out what it was asked.
"""

from django.utils.translation import gettext_lazy as _

from feedback.question_kinds import kind_of


def has_condition(item):
    """True when a question or section is asked only after some answers."""
    return bool(item.shown_if_id and item.shown_if_answers)


def is_met(item, answers):
    """Whether a question's or section's own condition holds, given {question id: choices}.

    Only the item's own condition: whether its controlling question was asked is decided by
    `asked_question_ids`, which passes only the answers of questions that were asked.
    """
    if not has_condition(item):
        return True
    given = answers.get(item.shown_if_id) or []
    return bool(set(given) & set(item.shown_if_answers))


def asked(sections, answers):
    """(ids of the sections asked, ids of the questions asked) for these answers.

    `sections` are in order with their questions (prefetched); `answers` maps question id
    to the list of chosen options. A question hidden by an earlier answer hides in turn
    whatever depends on it, even if a stale answer to it is passed in.
    """
    effective = {}
    section_ids, question_ids = set(), set()
    for section in sections:
        if not is_met(section, effective):
            continue
        questions = list(section.questions.all())
        shown = [question for question in questions if is_met(question, effective)]
        if questions and not shown:
            continue  # every question on the page is skipped: so is the page
        section_ids.add(section.pk)
        for question in shown:
            question_ids.add(question.pk)
            if question.pk in answers:
                effective[question.pk] = answers[question.pk]
    return section_ids, question_ids


def governing(question):
    """The question or section whose condition decides whether a question is asked, or None.

    A question's own condition comes first, then its section's.
    """
    if has_condition(question):
        return question
    if has_condition(question.section):
        return question.section
    return None


def asked_count(item, grouped_choices):
    """How many people were asked something with a condition, from its controlling question's
    answers grouped as {tuple of choices: count}: only asked questions' answers are stored."""
    wanted = set(item.shown_if_answers)
    return sum(count for choices, count in grouped_choices.items() if set(choices or ()) & wanted)


def answers_by_question(answers):
    """{question id: chosen options} from Answer rows, as `asked` takes them."""
    return {answer.question_id: list(answer.choices or []) for answer in answers}


def describe(item, controller=None):
    """“Asked only of people who answered ‘Yes’ to ‘Do you use the clinic?’”, or ""."""
    if not has_condition(item):
        return ""
    controller = controller or item.shown_if
    options = [f"“{option}”" for option in item.shown_if_answers]
    joined = (
        options[0]
        if len(options) == 1
        else _("%(first)s or %(last)s")
        % {
            "first": ", ".join(options[:-1]),
            "last": options[-1],
        }
    )
    return _("Asked only of people who answered %(options)s to “%(question)s”") % {
        "options": joined,
        "question": controller.text,
    }


def problems(*, controller, values, own_section, own_questionnaire_id):
    """What is wrong with a condition, as {field: message}; empty when it is sound.

    `own_section` is the section the item is in (for a section: itself), so the controlling
    question must come from an earlier section of the same questionnaire.
    """
    errors = {}
    if controller is None:
        if values:
            errors["shown_if"] = _("Choose the question whose answer decides this.")
        return errors
    if not values:
        errors["shown_if_answers"] = _("Give the answers, one per line, that mean it is asked.")
    if not kind_of(controller).can_control:
        errors["shown_if"] = _("Only a single-choice or yes/no question can decide this.")
        return errors
    their_section = controller.section
    if own_questionnaire_id is not None and their_section.questionnaire_id != own_questionnaire_id:
        errors["shown_if"] = _("Choose a question from this questionnaire.")
        return errors
    if own_section is not None and (
        their_section.pk == own_section.pk
        or (
            own_section.sort_order is not None
            and their_section.sort_order is not None
            and their_section.sort_order >= own_section.sort_order
        )
    ):
        errors["shown_if"] = _("Choose a question from an earlier section.")
    unknown = [value for value in values if value not in kind_of(controller).options(controller)]
    if unknown:
        errors["shown_if_answers"] = _("These are not options of that question: %(values)s") % {
            "values": ", ".join(f"“{value}”" for value in unknown)
        }
    return errors
