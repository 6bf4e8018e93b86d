"""Responses are no longer in Wagtail's reference index: remove the rows already there."""

from django.db import migrations


def forget_responses(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    response_type = ContentType.objects.filter(app_label="feedback", model="response").first()
    if response_type is not None:
        ReferenceIndex.objects.filter(content_type=response_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("feedback", "0007_response_by_id_index"),
        ("wagtailcore", "0078_referenceindex"),
    ]

    operations = [
        migrations.RunPython(forget_responses, migrations.RunPython.noop, elidable=True),
    ]
