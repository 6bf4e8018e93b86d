"""Give the staff role groups their permissions on questionnaires, responses and alerts."""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Consultation editors": [
        "add_questionnaire",
        "change_questionnaire",
        "delete_questionnaire",
        "view_questionnaire",
        "view_response",
        "change_response",
        "view_answer",
        "enter_offline_response",
        "enter_workshop_notes",
        "import_responses",
        "export_responses",
        "add_consultationassignment",
        "change_consultationassignment",
        "delete_consultationassignment",
        "view_consultationassignment",
    ],
    "Analysts": ["view_questionnaire", "view_response", "view_answer", "export_responses"],
    "Facilitators": ["enter_workshop_notes"],
    "Safeguarding leads": ["view_safeguardingalert", "change_safeguardingalert"],
}
CUSTOM_NAMES = {
    "enter_offline_response": "Can enter paper, email and phone responses",
    "enter_workshop_notes": "Can enter workshop table notes",
    "import_responses": "Can import responses from a file",
    "export_responses": "Can export responses",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            if codename in CUSTOM_NAMES:
                model, name = "response", CUSTOM_NAMES[codename]
            else:
                action, model = codename.split("_", 1)
                name = f"Can {action} {model}"
            content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("engage", "0002_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
