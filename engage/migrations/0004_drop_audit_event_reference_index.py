"""Audit events are no longer in Wagtail's reference index: remove the rows already there."""

from django.db import migrations


def forget_audit_events(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    event_type = ContentType.objects.filter(app_label="engage", model="auditevent").first()
    if event_type is not None:
        ReferenceIndex.objects.filter(content_type=event_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("engage", "0003_audit_event"),
        ("wagtailcore", "0078_referenceindex"),
    ]

    operations = [
        migrations.RunPython(forget_audit_events, migrations.RunPython.noop, elidable=True),
    ]
