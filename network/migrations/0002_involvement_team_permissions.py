"""Give the Involvement team the network permissions it needs."""

from django.db import migrations

PERMISSIONS = [
    ("memberprofile", "member profile", ["view"]),
    ("expressionofinterest", "expression of interest", ["view", "change"]),
    ("involvementrecord", "involvement record", ["view", "add", "change"]),
    ("expensetype", "expense type", ["view", "add", "change", "delete"]),
    ("paymentrates", "involvement payment rates", ["view", "change"]),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name="Involvement team")
    for model, verbose_name, actions in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="network", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Involvement team").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="network")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("engage", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
