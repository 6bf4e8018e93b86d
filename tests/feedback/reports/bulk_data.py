"""Many responses with every kind of data a committee report shows, created in bulk.

Used by the report speed benchmark (`bench/report_speed.py`, 100,000 responses) and by the
test that the number of queries does not grow with the number of responses. Each response has
an agreement answer, a multiple-choice answer, a free-text answer that has been analysed and
tagged with one or two of six accepted themes, and an equality monitoring form.
"""

from dataclasses import dataclass, field
from datetime import timedelta

THEMES = [
    ("Waiting times", ["waiting list", "long wait"]),
    ("Continuity of care", ["same worker", "continuity"]),
    ("Travel and access", ["bus route", "parking"]),
    ("Being listened to", ["listen", "heard"]),
    ("Crisis support", ["crisis line", "out of hours"]),
    ("Staffing", ["more staff", "caseload"]),
]
TEXTS = [
    "The waiting list is far too long and I had a long wait for a first appointment.",
    "Seeing the same worker each time gave me continuity and made a real difference.",
    "The bus route to the clinic is poor and there is no parking nearby.",
    "Staff listen and I felt heard for the first time.",
    "The crisis line out of hours needs more people answering it.",
    "Teams need more staff; every caseload is too big.",
]
CHANNELS = ["online", "online", "online", "paper", "email", "workshop"]


@dataclass
class BulkConsultation:
    """A consultation ready for bulk responses: its places, questions and themes."""

    consultation: object
    borough: object
    localities: list
    questions: list
    themes: list = field(default_factory=list)


def make_consultation(slug, title):
    """A closed consultation with a borough and two localities, three questions (agreement,
    multiple choice, free text), six accepted themes and a finished analysis run."""
    from django.utils import timezone

    from consultations.models import Borough, Locality
    from feedback.models import Question, Questionnaire, QuestionSection
    from feedback.themes.models import AnalysisRun, Theme
    from tests.feedback.reports.report_factories import make_consultation as build

    consultation = build(slug=slug, title=title)
    borough = Borough.objects.get(slug="exampleton")
    localities = list(Locality.objects.filter(borough=borough).order_by("name"))
    questionnaire = Questionnaire.objects.create(consultation=consultation)
    section = QuestionSection.objects.create(questionnaire=questionnaire, title="The proposal")
    questions = [
        Question.objects.create(
            section=section, sort_order=0, kind=Question.Kind.AGREEMENT, text="Do you agree?"
        ),
        Question.objects.create(
            section=section,
            sort_order=1,
            kind=Question.Kind.MULTIPLE_CHOICE,
            text="What matters most?",
            choices=["Waiting times", "Continuity", "Travel", "Being heard"],
        ),
        Question.objects.create(
            section=section,
            sort_order=2,
            kind=Question.Kind.LONG_TEXT,
            text="What could be better?",
        ),
    ]
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.save()
    themes = [
        Theme.objects.create(
            consultation=consultation, name=name, keywords=keywords, key_phrases=keywords
        )
        for name, keywords in THEMES
    ]
    AnalysisRun.objects.create(
        consultation=consultation,
        status=AnalysisRun.Status.SUCCEEDED,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    return BulkConsultation(consultation, borough, localities, questions, themes)


def _equality_values(number):
    """Varied equality answers: every question answered by most people."""
    from feedback import equality

    values = {}
    for offset, (name, (_question, options)) in enumerate(equality.QUESTIONS.items()):
        choice = (number // (offset + 1) + offset) % (len(options) + 1)
        values[name] = options[choice][0] if choice < len(options) else ""
    return values


def add_responses(data, *, count, start=0, batch=5000):
    """Bulk-create `count` submitted responses numbered from `start`, with their answers,
    analyses, theme tags and equality forms, in one transaction (as an import would)."""
    from django.db import transaction

    with transaction.atomic():
        made = 0
        while made < count:
            size = min(batch, count - made)
            _add_batch(data, first=start + made, size=size)
            made += size


def _add_batch(data, *, first, size):
    from django.utils import timezone

    from feedback.models import Answer, Capacity, EqualityMonitoring, Response
    from feedback.themes.models import AnswerAnalysis, AnswerTheme

    capacities = [value for value, _label in Capacity.choices]
    agreement = data.questions[0].options()
    multiple = data.questions[1].options()
    now = timezone.now()
    numbers = range(first, first + size)
    responses = [
        Response(
            consultation=data.consultation,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            channel=CHANNELS[number % len(CHANNELS)],
            capacity=capacities[number % len(capacities)],
            borough=data.borough,
            locality=data.localities[number % len(data.localities)],
            organisation_name="Exampleton Wellbeing Network" if number % 5000 == 0 else "",
            # About half consent to be quoted, in every theme.
            consent_to_quote=(number // len(THEMES)) % 2 == 0,
        )
        for number in numbers
    ]
    Response.objects.bulk_create(responses)
    closed, free_text = [], []
    for number, response in zip(numbers, responses, strict=True):
        closed.append(
            Answer(
                response=response,
                question=data.questions[0],
                choices=[agreement[number % len(agreement)]],
            )
        )
        closed.append(
            Answer(
                response=response,
                question=data.questions[1],
                choices=multiple[: 1 + number % len(multiple)],
            )
        )
        free_text.append(
            Answer(
                response=response,
                question=data.questions[2],
                text=f"{TEXTS[number % len(TEXTS)]} ({number})",
            )
        )
    Answer.objects.bulk_create(closed)
    Answer.objects.bulk_create(free_text)
    analyses, tags = [], []
    for number, answer in zip(numbers, free_text, strict=True):
        main = number % len(THEMES)
        polarity = ((number // len(THEMES)) * 7 % 21 - 10) / 10
        sentiment = "positive" if polarity > 0.05 else "negative" if polarity < -0.05 else "neutral"
        analyses.append(
            AnswerAnalysis(
                answer=answer,
                response_id=answer.response_id,
                consultation=data.consultation,
                sentiment=sentiment,
                polarity=polarity,
                key_phrases=THEMES[main][1] + [f"phrase {number % 50}"],
                redacted_text=answer.text,
                non_answer=number % 20 == 19,
                analysed_text_hash=str(number),
            )
        )
        tags.append(
            AnswerTheme(
                answer=answer,
                response_id=answer.response_id,
                theme=data.themes[main],
                score=0.5 + (number % 10) / 20,
            )
        )
        if number % 2:
            other = data.themes[(main + 1 + number % 3) % len(data.themes)]
            tags.append(
                AnswerTheme(answer=answer, response_id=answer.response_id, theme=other, score=0.3)
            )
    AnswerAnalysis.objects.bulk_create(analyses)
    AnswerTheme.objects.bulk_create(tags)
    EqualityMonitoring.objects.bulk_create(
        [
            EqualityMonitoring(
                consultation=data.consultation,
                submitted_month=now.date().replace(day=1),
                **_equality_values(number),
            )
            for number in numbers
        ]
    )
