"""Resume and withdraw links: the columns now hold sha256 of each token (see engage.tokens)."""

from django.db import migrations, models

import engage.tokens


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_response_consent_to_outcome_email"),
    ]

    operations = [
        migrations.RenameField(
            model_name="response", old_name="resume_token", new_name="resume_token_hash"
        ),
        migrations.RenameField(
            model_name="response", old_name="withdraw_token", new_name="withdraw_token_hash"
        ),
        migrations.AlterField(
            model_name="response",
            name="resume_token_hash",
            field=models.CharField(
                default=engage.tokens.placeholder_hash, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="withdraw_token_hash",
            field=models.CharField(
                default=engage.tokens.placeholder_hash, editable=False, max_length=64, unique=True
            ),
        ),
    ]
