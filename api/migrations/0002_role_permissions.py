"""Let Consultation editors change the open data licence."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now so we can grant them.
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    from api.roles import grant_role_permissions

    grant_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("engage", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
