"""The site's languages as Wagtail locales: English (was "en-gb") plus Polish, Punjabi, Arabic.

Existing pages keep their locale row, which becomes "en"; the other three are created empty.
"""

from django.db import migrations

RENAMED = {"en-gb": "en"}
ADDED = ["pl", "pa", "ar"]


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for old, new in RENAMED.items():
        if not Locale.objects.filter(language_code=new).exists():
            Locale.objects.filter(language_code=old).update(language_code=new)
    if not Locale.objects.filter(language_code="en").exists():
        Locale.objects.create(language_code="en")
    for code in ADDED:
        Locale.objects.get_or_create(language_code=code)


def backwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Only the locales nothing uses yet go; one with translated pages stays (PROTECT).
    for code in ADDED:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None and not apps.get_model("wagtailcore", "Page").objects.filter(
            locale=locale
        ).exists():
            locale.delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, backwards)]
