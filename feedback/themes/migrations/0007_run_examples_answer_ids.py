"""Analysis runs keep the analysts' examples as answer ids, never the answers' words.

Runs stored [text, theme name, agrees]. Each text becomes the id of the answer it was read
from (an analyst's decision on that theme, on an answer with that text), or None when there is
no such answer any more (its response was withdrawn or erased), so no run keeps the words of a
response that was taken back. Counts per theme (the run-change records) are unchanged.
"""

from collections import defaultdict

from django.db import migrations

MANUAL = "manual"


def _texts_to_ids(apps, schema_editor):
    AnalysisRun = apps.get_model("themes", "AnalysisRun")
    AnswerTheme = apps.get_model("themes", "AnswerTheme")
    for run in AnalysisRun.objects.exclude(examples=[]).order_by("pk").iterator():
        if not any(isinstance(example[0], str) for example in run.examples):
            continue
        candidates = defaultdict(list)
        for answer_id, name, rejected, text in (
            AnswerTheme.objects.filter(theme__consultation_id=run.consultation_id, source=MANUAL)
            .order_by("answer_id")
            .values_list("answer_id", "theme__name", "is_rejected", "answer__text")
        ):
            candidates[(text, name, not rejected)].append(answer_id)
        examples = []
        for text, name, agrees in run.examples:
            if not isinstance(text, str):
                examples.append([text, name, agrees])
                continue
            ids = candidates.get((text, name, agrees))
            examples.append([ids.pop(0) if ids else None, name, agrees])
        run.examples = examples
        run.save(update_fields=["examples"])


def _ids_to_texts(apps, schema_editor):
    """Back to [text, theme name, agrees] for the answers still there; the rest are left out."""
    AnalysisRun = apps.get_model("themes", "AnalysisRun")
    Answer = apps.get_model("feedback", "Answer")
    for run in AnalysisRun.objects.exclude(examples=[]).order_by("pk").iterator():
        ids = {example[0] for example in run.examples if isinstance(example[0], int)}
        texts = dict(Answer.objects.filter(pk__in=ids).values_list("pk", "text"))
        run.examples = [
            [texts[answer_id], name, agrees]
            for answer_id, name, agrees in run.examples
            if answer_id in texts
        ]
        run.save(update_fields=["examples"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0013_questionnaire_translation"),
        ("themes", "0006_answer_evidence_and_stance"),
    ]

    operations = [migrations.RunPython(_texts_to_ids, _ids_to_texts)]
