"""Cancel links: the column now holds sha256 of the token; link_key seeds new tokens."""

from django.db import migrations, models

import engage.tokens


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_role_permissions"),
    ]

    operations = [
        # Filled per row by 0005, then made unique and required by 0006.
        migrations.AddField(
            model_name="registration",
            name="link_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RenameField(
            model_name="registration", old_name="cancel_token", new_name="cancel_token_hash"
        ),
        migrations.AlterField(
            model_name="registration",
            name="cancel_token_hash",
            field=models.CharField(
                default=engage.tokens.placeholder_hash, editable=False, max_length=64, unique=True
            ),
        ),
    ]
