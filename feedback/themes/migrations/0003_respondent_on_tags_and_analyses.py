"""Copy each answer's response onto its tags and analysis, and index them for counting.

The response is filled in from the answer for existing rows before the column becomes
required, so no tag or analysis is lost.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_responses(apps, schema_editor):
    """Fill the new response column from each row's answer (one UPDATE per table)."""
    Answer = apps.get_model("feedback", "Answer")
    response_of_answer = Subquery(
        Answer.objects.filter(pk=OuterRef("answer_id")).values("response_id")[:1]
    )
    for model_name in ("AnswerTheme", "AnswerAnalysis"):
        model = apps.get_model("themes", model_name)
        model.objects.filter(response__isnull=True).update(response=response_of_answer)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0006_report_aggregate_indexes"),
        ("themes", "0002_group_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="answeranalysis",
            name="response",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="feedback.response",
            ),
        ),
        migrations.AddField(
            model_name="answertheme",
            name="response",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="feedback.response",
            ),
        ),
        migrations.RunPython(copy_responses, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="answeranalysis",
            name="response",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="feedback.response",
            ),
        ),
        migrations.AlterField(
            model_name="answertheme",
            name="response",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="feedback.response",
            ),
        ),
        migrations.RemoveIndex(
            model_name="answeranalysis",
            name="themes_answ_consult_27edbe_idx",
        ),
        migrations.RemoveIndex(
            model_name="answertheme",
            name="themes_answ_theme_i_d4ea97_idx",
        ),
        migrations.AddIndex(
            model_name="answeranalysis",
            index=models.Index(
                fields=[
                    "consultation",
                    "non_answer",
                    "campaign_group",
                    "is_campaign_representative",
                    "response",
                ],
                name="analysis_counted_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="answeranalysis",
            index=models.Index(
                fields=[
                    "answer",
                    "non_answer",
                    "campaign_group",
                    "is_campaign_representative",
                    "polarity",
                ],
                name="analysis_answer_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="answertheme",
            index=models.Index(
                fields=["theme", "is_rejected", "response", "answer"],
                name="answertheme_count_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="answertheme",
            index=models.Index(
                fields=["theme", "is_rejected", "-score", "answer"],
                name="answertheme_best_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="answertheme",
            index=models.Index(fields=["theme", "source"], name="answertheme_source_idx"),
        ),
    ]
