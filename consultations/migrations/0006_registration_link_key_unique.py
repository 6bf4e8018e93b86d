"""Every registration now has its own link key (filled by 0005): make it unique and required."""

from django.db import migrations, models
import uuid


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_hash_existing_cancel_tokens"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="link_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
