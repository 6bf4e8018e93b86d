"""Give Consultation editors and Analysts their permissions on themes and analysis runs."""

from django.db import migrations

CODENAMES = [
    "view_theme",
    "add_theme",
    "change_theme",
    "delete_theme",
    "view_answertheme",
    "change_answertheme",
    "view_analysisrun",
    "add_analysisrun",
]
GROUPS = ["Consultation editors", "Analysts"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name in GROUPS:
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in CODENAMES:
            action, model = codename.split("_", 1)
            content_type, _ = ContentType.objects.get_or_create(app_label="themes", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0001_initial"),
        ("engage", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
