"""Create the "Data protection officers" group, able to use the admin and handle requests."""

from django.db import migrations

GROUP = "Data protection officers"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    request_type, _ = ContentType.objects.get_or_create(app_label="privacy", model="datarequest")
    handle, _ = Permission.objects.get_or_create(
        content_type=request_type,
        codename="handle_data_requests",
        defaults={"name": "Data protection: find, export and erase a person's data"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(access_admin, handle)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_data_request"),
        ("engage", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, remove)]
