"""Audit events are no longer in Wagtail's reference index: remove the rows already there."""

from django.db import migrations

from engage.migration_operations import forget_in_reference_index


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("engage", "0003_audit_event"),
        ("wagtailcore", "0078_referenceindex"),
    ]

    operations = [forget_in_reference_index("engage", "auditevent")]
