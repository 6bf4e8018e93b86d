"""Give Analysts and Consultation editors their permissions on committee reports."""

from django.db import migrations

REPORT_PERMISSIONS = [
    "add_committeereport",
    "change_committeereport",
    "delete_committeereport",
    "view_committeereport",
    "add_reportversion",
    "view_reportversion",
]
GROUPS = ["Analysts", "Consultation editors"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for codename in REPORT_PERMISSIONS:
        action, model = codename.split("_", 1)
        content_type, _ = ContentType.objects.get_or_create(app_label="reports", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
        )
        permissions.append(permission)
    for group_name in GROUPS:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("engage", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
