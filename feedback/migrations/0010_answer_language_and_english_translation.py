"""Answers: the detected language, an English translation and who typed it; who may translate."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Analysts and editors work the "needs translation" queue (feedback/roles.py says the same).
TRANSLATING_GROUPS = ["Consultation editors", "Analysts"]


def grant_translate(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model="answer")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="translate_answer",
        defaults={"name": "Can type the English translation of an answer"},
    )
    for name in TRANSLATING_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0009_question_skip_logic_and_consent_to_quote_unanswered'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='answer',
            options={'permissions': [('translate_answer', 'Can type the English translation of an answer')], 'verbose_name': 'answer'},
        ),
        migrations.AddField(
            model_name='answer',
            name='language',
            field=models.CharField(blank=True, default='', max_length=12, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='answer',
            name='text_in_english',
            field=models.TextField(blank=True, max_length=10000, verbose_name='English translation'),
        ),
        migrations.AddField(
            model_name='answer',
            name='translated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='answer',
            name='translated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(grant_translate, migrations.RunPython.noop),
    ]
