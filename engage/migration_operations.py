"""Operations shared by the project's migrations."""

from django.db import migrations


def forget_in_reference_index(app_label, model_name):
    """A data migration step that removes one model's rows from Wagtail's reference index
    (for models taken out of it with `add_to_reference_index = False` on their viewset)."""

    def forget(apps, schema_editor):
        content_type = (
            apps.get_model("contenttypes", "ContentType")
            .objects.filter(app_label=app_label, model=model_name)
            .first()
        )
        if content_type is not None:
            reference_index = apps.get_model("wagtailcore", "ReferenceIndex")
            reference_index.objects.filter(content_type=content_type).delete()

    return migrations.RunPython(forget, migrations.RunPython.noop, elidable=True)
