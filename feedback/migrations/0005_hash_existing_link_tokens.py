"""Replace each stored resume and withdraw token with its sha256, so emailed links still work.

Forward: every token that is not already a hash (or the retention task's ``expired-`` marker)
becomes ``sha256(token)``; a link that arrives is hashed and looked up, so old links open as
before. Backward: rows whose hash is of a token derived by ``engage.tokens`` get that token back
(links sent since this migration keep working after a rollback); tokens from before it cannot be
recovered from their hashes, so those links stop working after a rollback.
"""

from django.db import migrations

from engage import tokens

FIELDS = {"resume_token_hash": "feedback.resume", "withdraw_token_hash": "feedback.withdraw"}
EXPIRED = "expired-"


def _rows(Response):
    return Response.objects.only("pk", "submission_key", *FIELDS).order_by("pk").iterator(2000)


def _save(Response, batch):
    if batch:
        Response.objects.bulk_update(batch, list(FIELDS), batch_size=500)
    return []


def hash_tokens(apps, schema_editor):
    Response = apps.get_model("feedback", "Response")
    batch = []
    for row in _rows(Response):
        changed = False
        for name in FIELDS:
            value = getattr(row, name)
            if value.startswith(EXPIRED) or tokens.is_hash(value):
                continue
            setattr(row, name, tokens.token_hash(value))
            changed = True
        if changed:
            batch.append(row)
        if len(batch) >= 2000:
            batch = _save(Response, batch)
    _save(Response, batch)


def restore_derived_tokens(apps, schema_editor):
    Response = apps.get_model("feedback", "Response")
    batch = []
    for row in _rows(Response):
        changed = False
        for name, purpose in FIELDS.items():
            token = tokens.link_token(purpose, row.submission_key, getattr(row, name))
            if token:
                setattr(row, name, token)
                changed = True
        if changed:
            batch.append(row)
        if len(batch) >= 2000:
            batch = _save(Response, batch)
    _save(Response, batch)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_response_link_token_hashes"),
    ]

    operations = [migrations.RunPython(hash_tokens, restore_derived_tokens, elidable=True)]
