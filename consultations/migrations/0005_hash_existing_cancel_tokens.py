"""Give each registration a link key and replace its cancel token with the token's sha256.

Forward: every token that is not already a hash (or the retention task's ``expired-`` marker)
becomes ``sha256(token)``, so cancel links already emailed still work. Backward: rows whose
hash is of a token derived from their link key get that token back (links sent since this
migration keep working after a rollback); older tokens cannot be recovered from their hashes.
"""

import uuid

from django.db import migrations

from engage import tokens

PURPOSE = "consultations.cancel"
EXPIRED = "expired-"


def hash_tokens(apps, schema_editor):
    Registration = apps.get_model("consultations", "Registration")
    batch = []
    rows = Registration.objects.only("pk", "link_key", "cancel_token_hash").order_by("pk")
    for row in rows.iterator(2000):
        if row.link_key is None:
            row.link_key = uuid.uuid4()
        value = row.cancel_token_hash
        if not (value.startswith(EXPIRED) or tokens.is_hash(value)):
            row.cancel_token_hash = tokens.token_hash(value)
        batch.append(row)
        if len(batch) >= 2000:
            Registration.objects.bulk_update(batch, ["link_key", "cancel_token_hash"], 500)
            batch = []
    if batch:
        Registration.objects.bulk_update(batch, ["link_key", "cancel_token_hash"], 500)


def restore_derived_tokens(apps, schema_editor):
    Registration = apps.get_model("consultations", "Registration")
    batch = []
    rows = Registration.objects.only("pk", "link_key", "cancel_token_hash").order_by("pk")
    for row in rows.iterator(2000):
        token = tokens.link_token(PURPOSE, row.link_key, row.cancel_token_hash)
        if token:
            row.cancel_token_hash = token
            batch.append(row)
        if len(batch) >= 2000:
            Registration.objects.bulk_update(batch, ["cancel_token_hash"], 500)
            batch = []
    if batch:
        Registration.objects.bulk_update(batch, ["cancel_token_hash"], 500)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_registration_link_token_hash"),
    ]

    operations = [migrations.RunPython(hash_tokens, restore_derived_tokens, elidable=True)]
